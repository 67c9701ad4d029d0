// The due queue's work: cards held through quiet hours go out (within the day's cap), and each recipient's digest lines become one card, grouped by rule.
import { DateTime } from 'luxon';
import { adaptiveCard, clip, heading, paragraph, plain, type AdaptiveCard, type CardElement } from '../../cards/adaptive-card';
import { forEachLimited } from '../../core/concurrency';
import type { Notifier } from '../../core/notifier';
import type { AlertDelivery, Reader } from './alert-delivery';
import { notifyTarget } from './alert-delivery';
import { previewLine, type Reading } from './describe';
import { changeAlert, type Alert, type Ledger } from './ledger.store';
import { recipientKey, type Queued, type QueueStore } from './queue.store';
import type { Rule } from './rule.schema';

/** Queue rows taken per run; the rest wait for the next minute. */
const perRun = 1000;
/** Lines a digest shows per rule, and in all, to stay well inside a card's size. */
const perRule = 8;
const perDigest = 40;

export interface DigestDeps {
  queue: QueueStore;
  ledger: Ledger;
  notify: Notifier;
  delivery: AlertDelivery;
  rule(tenantId: string, ruleId: string): Promise<Rule | undefined>;
  reading(tenantId: string, reader: Reader): Promise<Reading>;
  subjectLink(alert: Alert): string;
}

export function digestCard(
  groups: { rule: Rule; alerts: Alert[] }[],
  reading: Reading,
  date: string,
  link: (alert: Alert) => string,
): AdaptiveCard {
  const { t } = reading;
  const count = groups.reduce((sum, group) => sum + group.alerts.length, 0);
  const body: CardElement[] = [
    heading(t('alerts.digest.title', { date })),
    paragraph(t('alerts.digest.summary', { count }), { isSubtle: true, spacing: 'None' }),
  ];
  let shown = 0;
  for (const { rule, alerts } of groups) {
    body.push(
      paragraph(`**${plain(clip(rule.name, 80))}** · ${t(`alerts.condition.${rule.condition}.name`)} (${alerts.length})`, {
        separator: true,
      }),
    );
    const room = Math.max(0, Math.min(perRule, perDigest - shown));
    for (const alert of alerts.slice(0, room)) {
      body.push({
        type: 'Container',
        spacing: 'Small',
        selectAction: { type: 'Action.OpenUrl', url: link(alert), title: t('alerts.action.open') },
        items: [
          paragraph(`${plain(clip(alert.title, 80))} — ${plain(previewLine(alert.condition, alert.facts, alert.amount, reading))}`, {
            size: 'Small',
          }),
        ],
      });
    }
    shown += Math.min(room, alerts.length);
    if (alerts.length > room)
      body.push(paragraph(t('alerts.digest.more', { count: alerts.length - room }), { isSubtle: true, size: 'Small', spacing: 'None' }));
  }
  return adaptiveCard(body);
}

export function createDigestRun(deps: DigestDeps) {
  const { queue, ledger } = deps;

  async function load(tenantId: string, item: Queued): Promise<{ alert: Alert; rule: Rule } | undefined> {
    const [stored, rule] = await Promise.all([ledger.get(tenantId, item.alert), deps.rule(tenantId, item.alert.ruleId)]);
    if (!stored || !rule || stored.value.state === 'resolved' || stored.value.state === 'snoozed') return undefined;
    return { alert: stored.value, rule };
  }

  /** Sends a card held through quiet hours (or folds it into the digest past the cap); true when it went out. */
  async function heldCard(tenantId: string, item: Queued, now: Date): Promise<boolean> {
    const found = await load(tenantId, item);
    if (!found || found.alert.state === 'acknowledged') return false;
    const sent = await deps.delivery.sendOrFold(tenantId, found.alert, found.rule, item.recipient, item, now);
    if (!sent) return false;
    await changeAlert(ledger, tenantId, item.alert, (current) =>
      current.deliveries.some((one) => one.id === sent.id)
        ? undefined
        : { ...current, deliveries: [...current.deliveries, sent].slice(-60) },
    );
    return true;
  }

  async function digest(tenantId: string, items: Queued[]): Promise<boolean> {
    const first = items[0]!;
    const loaded = (await Promise.all(items.map((item) => load(tenantId, item)))).filter((found) => found !== undefined);
    if (loaded.length === 0) return false;
    const groups = new Map<string, { rule: Rule; alerts: Alert[] }>();
    for (const { alert, rule } of loaded) {
      const group = groups.get(rule.id) ?? { rule, alerts: [] };
      group.alerts.push(alert);
      groups.set(rule.id, group);
    }
    const reading = await deps.reading(tenantId, first);
    const date = DateTime.fromISO(first.dueAt, { zone: first.timeZone }).toISODate()!;
    const card = digestCard([...groups.values()], reading, date, deps.subjectLink);
    await deps.notify.send({
      tenantId,
      to: notifyTarget(first.recipient),
      card,
      text: reading.t('alerts.digest.text', { count: loaded.length, date }),
      dedupeKey: `digest|${recipientKey(first.recipient)}|${first.dueAt}`,
    });
    return true;
  }

  /** Sends what is due for one tenant; returns the cards and digests sent. */
  return async (tenantId: string, now: Date): Promise<{ cards: number; digests: number }> => {
    const due = await queue.due(tenantId, now, perRun);
    const byRecipient = new Map<string, Queued[]>();
    for (const item of due) byRecipient.set(recipientKey(item.recipient), [...(byRecipient.get(recipientKey(item.recipient)) ?? []), item]);
    let cards = 0;
    let digests = 0;
    await forEachLimited([...byRecipient.values()], 8, async (items) => {
      for (const item of items.filter((one) => one.mode === 'card')) {
        if (await heldCard(tenantId, item, now)) cards += 1;
      }
      const lines = items.filter((one) => one.mode === 'digest');
      if (lines.length > 0 && (await digest(tenantId, lines))) digests += 1;
    });
    await queue.remove(tenantId, due);
    return { cards, digests };
  };
}
