// Getting an alert to its recipients: the owner, their manager, people and channels, each now, after their quiet hours, or in their digest once the day's cap is spent.
import { forEachLimited } from '../../core/concurrency';
import type { Locale } from '../../core/i18n';
import type { Notifier, NotifyRecipient } from '../../core/notifier';
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

  /** Queues a held item now, or adds it to `held` for the caller to queue with others. */
  const keep = async (tenantId: string, item: Queued, held?: Queued[]) => void (held ? held.push(item) : await queue.add(tenantId, item));

  /** The card now, under the day's cap; past the cap, a line of the next digest. */
  async function sendOrFold(
    tenantId: string,
    alert: Alert,
    rule: Rule,
    recipient: Recipient,
    reader: Reader,
    now: Date,
    held?: Queued[],
  ): Promise<Outcome['sent'][number] | undefined> {
    const allowed = await queue.take(tenantId, recipient, rule.id, localDateIn(now, reader.timeZone), rule.capPerDay);
    if (!allowed) {
      await keep(tenantId, heldItem(alert, rule, recipient, reader, now, 'digest'), held);
      return undefined;
    }
    const { card, text } = await deps.render(tenantId, alert, rule, reader);
    const key = recipientKey(recipient);
    const { ruleId, subject } = refOf(alert);
    // One card per alert, wake-up and recipient, however often this runs.
    const id = await notify.send({
      tenantId,
      to: notifyTarget(recipient),
      card,
      text,
      dedupeKey: `${ruleId}|${subject}|${alert.period}|${alert.wakes}|${key}`,
    });
    return { id, to: key, locale: reader.locale };
  }

  async function deliverOne(evaluation: DeliveryRun, alert: Alert, rule: Rule, held: Queued[]): Promise<Outcome> {
    const { tenantId, now } = evaluation;
    const outcome: Outcome = { sent: [], deferred: 0 };
    for (const recipient of recipientsOf(alert, rule)) {
      const reader = await readOnce(evaluation, `reader|${recipientKey(recipient)}|${rule.updatedBy}`, () =>
        deps.readerOf(tenantId, recipient, rule),
      );
      const mode = rule.cadence.mode === 'digest' ? 'digest' : inQuietHours(now, reader.timeZone, rule.quietHours) ? 'card' : undefined;
      const sent = mode ? undefined : await sendOrFold(tenantId, alert, rule, recipient, reader, now, held);
      if (mode) held.push(heldItem(alert, rule, recipient, reader, now, mode));
      if (sent) outcome.sent.push(sent);
      else outcome.deferred += 1;
    }
    return outcome;
  }

  return {
    sendOrFold,

    /**
     * Sends or holds each alert for every recipient of its rule (a digest rule and quiet hours hold it), `concurrency`
     * alerts at a time, and queues what it held together; an outcome per alert. Each reader is looked up once per
     * evaluation that keeps its reads.
     */
    async deliverAll(evaluation: DeliveryRun, alerts: readonly Alert[], rule: Rule, concurrency: number): Promise<Outcome[]> {
      const held: Queued[] = [];
      const outcomes: Outcome[] = [];
      await forEachLimited(alerts, concurrency, async (alert, i) => void (outcomes[i] = await deliverOne(evaluation, alert, rule, held)));
      await queue.addAll(evaluation.tenantId, held);
      return outcomes;
    },
  };
}

export type AlertDelivery = ReturnType<typeof createAlertDelivery>;
