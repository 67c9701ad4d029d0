// Getting an alert to its recipients: the owner, their manager, people and channels, each now, after their quiet hours, or in their digest once the day's cap is spent.
import type { Locale } from '../../core/i18n';
import type { Notifier, NotifyRecipient } from '../../core/notifier';
import type { AdaptiveCard } from '../../cards/adaptive-card';
import { refOf, type Alert } from './ledger.store';
import { inQuietHours, localDateIn, nextDigest, quietEnd } from './local-times';
import { recipientKey, type QueueStore, type Recipient } from './queue.store';
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

  /** Holds the alert for the recipient: as its card at the end of quiet hours, or as a line of the next digest. */
  async function hold(
    tenantId: string,
    alert: Alert,
    rule: Rule,
    recipient: Recipient,
    reader: Reader,
    now: Date,
    mode: 'card' | 'digest',
  ) {
    const dueAt =
      mode === 'card'
        ? quietEnd(now, reader.timeZone, rule.quietHours)
        : nextDigest(now, reader.timeZone, rule.cadence.digestAt, rule.quietHours);
    await queue.add(tenantId, {
      mode,
      dueAt: dueAt.toISOString(),
      recipient,
      alert: refOf(alert),
      locale: reader.locale,
      timeZone: reader.timeZone,
    });
  }

  /** The card now, under the day's cap; past the cap, a line of the next digest. */
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
      await hold(tenantId, alert, rule, recipient, reader, now, 'digest');
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

  return {
    sendOrFold,

    /** Sends or holds the alert for every recipient of its rule: a digest rule and quiet hours hold it. */
    async deliver(tenantId: string, alert: Alert, rule: Rule, now: Date): Promise<Outcome> {
      const outcome: Outcome = { sent: [], deferred: 0 };
      for (const recipient of recipientsOf(alert, rule)) {
        const reader = await deps.readerOf(tenantId, recipient, rule);
        const held = rule.cadence.mode === 'digest' ? 'digest' : inQuietHours(now, reader.timeZone, rule.quietHours) ? 'card' : undefined;
        const sent = held ? undefined : await sendOrFold(tenantId, alert, rule, recipient, reader, now);
        if (held) await hold(tenantId, alert, rule, recipient, reader, now, held);
        if (sent) outcome.sent.push(sent);
        else outcome.deferred += 1;
      }
      return outcome;
    },
  };
}

export type AlertDelivery = ReturnType<typeof createAlertDelivery>;
