// Getting an alert to its recipients: the owner, their manager, people and channels, each now, after their quiet hours, or in their digest once the day's cap is spent.
import { forEachLimited } from '../../core/concurrency';
import type { Locale } from '../../core/i18n';
import type { Notifier, NotifyRecipient, NotifyRequest } from '../../core/notifier';
import type { AdaptiveCard } from '../../cards/adaptive-card';
import { readOnce, type Evaluation } from './conditions/condition';
import { refOf, type Alert } from './ledger.store';
import { inQuietHours, localDateIn, nextDigest, quietEnd } from './local-times';
import { recipientKey, type Queued, type QueueStore, type Recipient } from './queue.store';
import type { Rule } from './rule.schema';

/** How a recipient reads: their language and zone (what they last used, else the tenant's zone and the rule's author's language). */
export interface Reader {
  locale: Locale;
  timeZone: string;
}

export interface DeliveryDeps {
  notify: Notifier;
  queue: QueueStore;
  readerOf(tenantId: string, recipient: Recipient, rule: Rule): Promise<Reader>;
  render(tenantId: string, alert: Alert, rule: Rule, reader: Reader): Promise<{ card: AdaptiveCard; text: string }>;
}

/** What a delivery runs under: the tenant, the moment, and the reads it may share. */
export type DeliveryRun = Pick<Evaluation, 'tenantId' | 'now' | 'reads'>;

export interface Outcome {
  sent: { id: string; to: string; locale: Locale }[];
  deferred: number;
}

/** Whom the rule sends this alert to, each once. */
export function recipientsOf(alert: Alert, rule: Rule): Recipient[] {
  const found: Recipient[] = [];
  if (rule.recipients.owner && alert.assigneeId) found.push({ kind: 'user', userId: alert.assigneeId });
  if (rule.recipients.manager && alert.managerId) found.push({ kind: 'user', userId: alert.managerId });
  for (const userId of rule.recipients.users) found.push({ kind: 'user', userId });
  for (const channel of rule.recipients.channels) found.push({ kind: 'channel', teamId: channel.teamId, channelId: channel.channelId });
  const keys = new Set<string>();
  return found.filter((recipient) => !keys.has(recipientKey(recipient)) && Boolean(keys.add(recipientKey(recipient))));
}

export const notifyTarget = (recipient: Recipient): NotifyRecipient =>
  recipient.kind === 'user' ? { user: recipient.userId } : { channel: { teamId: recipient.teamId, channelId: recipient.channelId } };

/** One card per alert, wake-up and recipient, however often a delivery runs. */
function dedupeKeyOf(alert: Alert, recipient: Recipient): string {
  const { ruleId, subject } = refOf(alert);
  return `${ruleId}|${subject}|${alert.period}|${alert.wakes}|${recipientKey(recipient)}`;
}

export function createAlertDelivery(deps: DeliveryDeps) {
  const { notify, queue } = deps;

  /** What holds the alert for the recipient: its card at the end of quiet hours, or a line of the next digest. */
  function heldItem(alert: Alert, rule: Rule, recipient: Recipient, reader: Reader, now: Date, mode: 'card' | 'digest'): Queued {
    const dueAt =
      mode === 'card'
        ? quietEnd(now, reader.timeZone, rule.quietHours)
        : nextDigest(now, reader.timeZone, rule.cadence.digestAt, rule.quietHours);
    return { mode, dueAt: dueAt.toISOString(), recipient, alert: refOf(alert), locale: reader.locale, timeZone: reader.timeZone };
  }

  /** A card held through quiet hours, now: sent under the day's cap; past the cap, a line of the next digest. */
  async function sendOrFold(
    tenantId: string,
    alert: Alert,
    rule: Rule,
    recipient: Recipient,
    reader: Reader,
    now: Date,
  ): Promise<Outcome['sent'][number] | undefined> {
    const allowed = await queue.take(tenantId, recipient, rule.id, localDateIn(now, reader.timeZone), rule.capPerDay);
    if (!allowed) {
      await queue.add(tenantId, heldItem(alert, rule, recipient, reader, now, 'digest'));
      return undefined;
    }
    const { card, text } = await deps.render(tenantId, alert, rule, reader);
    const id = await notify.send({ tenantId, to: notifyTarget(recipient), card, text, dedupeKey: dedupeKeyOf(alert, recipient) });
    return { id, to: recipientKey(recipient), locale: reader.locale };
  }

  const readerFor = (evaluation: DeliveryRun, recipient: Recipient, rule: Rule) =>
    readOnce(evaluation, `reader|${recipientKey(recipient)}|${rule.updatedBy}`, () => deps.readerOf(evaluation.tenantId, recipient, rule));

  return {
    sendOrFold,

    /**
     * Sends or holds alerts of one rule for every recipient (a digest rule and quiet hours hold them): the cards under
     * the day's caps, taken together, are recorded together; past a cap a card becomes a line of the next digest; what
     * is held is queued together. An outcome per alert. Each reader is looked up once per evaluation that keeps its reads.
     */
    async deliverAll(evaluation: DeliveryRun, alerts: readonly Alert[], rule: Rule, concurrency: number): Promise<Outcome[]> {
      const { tenantId, now } = evaluation;
      const outcomes: Outcome[] = alerts.map(() => ({ sent: [], deferred: 0 }));
      const held: Queued[] = [];
      const hold = (index: number, item: Queued) => {
        held.push(item);
        outcomes[index]!.deferred += 1;
      };
      const plans: { index: number; recipient: Recipient; reader: Reader }[][] = [];
      await forEachLimited(alerts, concurrency, async (alert, index) => {
        plans[index] = await Promise.all(
          recipientsOf(alert, rule).map(async (recipient) => ({ index, recipient, reader: await readerFor(evaluation, recipient, rule) })),
        );
      });
      const cards: { index: number; recipient: Recipient; reader: Reader }[] = [];
      for (const plan of plans.flat()) {
        const alert = alerts[plan.index]!;
        const mode =
          rule.cadence.mode === 'digest' ? 'digest' : inQuietHours(now, plan.reader.timeZone, rule.quietHours) ? 'card' : undefined;
        if (mode) hold(plan.index, heldItem(alert, rule, plan.recipient, plan.reader, now, mode));
        else cards.push(plan);
      }
      const wants = cards.map(({ recipient, reader }) => ({ recipient, localDate: localDateIn(now, reader.timeZone) }));
      const allowed = await queue.takeAll(tenantId, rule.id, rule.capPerDay, wants);
      const sending = cards.filter((plan, i) => {
        if (!allowed[i]) hold(plan.index, heldItem(alerts[plan.index]!, rule, plan.recipient, plan.reader, now, 'digest'));
        return allowed[i];
      });
      const requests: NotifyRequest[] = [];
      await forEachLimited(sending, concurrency, async ({ index, recipient, reader }, i) => {
        const { card, text } = await deps.render(tenantId, alerts[index]!, rule, reader);
        requests[i] = { tenantId, to: notifyTarget(recipient), card, text, dedupeKey: dedupeKeyOf(alerts[index]!, recipient) };
      });
      const ids = await notify.sendAll(requests);
      sending.forEach(({ index, recipient, reader }, i) =>
        outcomes[index]!.sent.push({ id: ids[i]!, to: recipientKey(recipient), locale: reader.locale }),
      );
      await queue.addAll(tenantId, held);
      return outcomes;
    },
  };
}

export type AlertDelivery = ReturnType<typeof createAlertDelivery>;
