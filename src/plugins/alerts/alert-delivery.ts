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
      const dueAt = nextDigest(now, reader.timeZone, rule.cadence.digestAt, rule.quietHours).toISOString();
      await queue.add(tenantId, {
        mode: 'digest',
        dueAt,
        recipient,
        alert: refOf(alert),
        locale: reader.locale,
        timeZone: reader.timeZone,
      });
      return undefined;
    }
    const { card, text } = await deps.render(tenantId, alert, rule, reader);
    const key = recipientKey(recipient);
    // One card per alert, wake-up and recipient, however often this runs.
    const id = await notify.send({
      tenantId,
      to: notifyTarget(recipient),
      card,
      text,
      dedupeKey: `${refOf(alert).ruleId}|${refOf(alert).subject}|${alert.period}|${alert.wakes}|${key}`,
    });
    return { id, to: key, locale: reader.locale };
  }

  return {
    sendOrFold,

    /** Sends or queues the alert for every recipient of its rule. */
    async deliver(tenantId: string, alert: Alert, rule: Rule, now: Date): Promise<Outcome> {
      const outcome: Outcome = { sent: [], deferred: 0 };
      for (const recipient of recipientsOf(alert, rule)) {
        const reader = await deps.readerOf(tenantId, recipient, rule);
        if (rule.cadence.mode === 'digest') {
          const dueAt = nextDigest(now, reader.timeZone, rule.cadence.digestAt, rule.quietHours).toISOString();
          await queue.add(tenantId, {
            mode: 'digest',
            dueAt,
            recipient,
            alert: refOf(alert),
            locale: reader.locale,
            timeZone: reader.timeZone,
          });
          outcome.deferred += 1;
        } else if (inQuietHours(now, reader.timeZone, rule.quietHours)) {
          const dueAt = quietEnd(now, reader.timeZone, rule.quietHours).toISOString();
          await queue.add(tenantId, {
            mode: 'card',
            dueAt,
            recipient,
            alert: refOf(alert),
            locale: reader.locale,
            timeZone: reader.timeZone,
          });
          outcome.deferred += 1;
        } else {
          const sent = await sendOrFold(tenantId, alert, rule, recipient, reader, now);
          if (sent) outcome.sent.push(sent);
          else outcome.deferred += 1;
        }
      }
      return outcome;
    },
  };
}

export type AlertDelivery = ReturnType<typeof createAlertDelivery>;
