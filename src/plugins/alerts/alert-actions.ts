// What people do from an alert card: acknowledge, snooze, reassign (managers), log a follow-up or the retention message; every copy of the card then shows it.
import { DateTime } from 'luxon';
import { z } from 'zod';
import type { Actor } from '../../core/actor';
import type { Clock } from '../../core/clock';
import { isAppError } from '../../core/errors';
import { parseWith } from '../../core/validation';
import type { Notifier } from '../../core/notifier';
import type { BotReply, CardAction, TurnInput } from '../../core/plugin';
import type { ActivitiesService } from '../activities';
import type { PeopleService } from '../people';
import { recipientKey } from './queue.store';
import { alertInputs, alertVerbs } from './alert.card';
import type { AlertReading } from './alert-reading';
import { alertsErrors } from './alerts.errors';
import { alertRefSchema, changeAlert, refOf, withLog, type Alert, type AlertLogEntry, type Ledger } from './ledger.store';
import type { Rule } from './rule.schema';

const dayMs = 86_400_000;
const snoozeMaxDays = 90;

// Card data comes back from the client: user input, checked like any other.
const snoozeData = alertRefSchema.extend({ for: z.enum(['1d', '1w', 'date']) }).loose();
const refData = alertRefSchema.loose();
const date = z.iso.date();

export interface ActionDeps {
  ledger: Ledger;
  rule(tenantId: string, ruleId: string): Promise<Rule | undefined>;
  people: PeopleService;
  activities: ActivitiesService;
  notify: Notifier;
  reading: AlertReading;
  clock: Clock;
  refreshCards(tenantId: string, alert: Alert, rule: Rule): Promise<void>;
  remember(actor: Actor, turn: TurnInput): Promise<void>;
}

export function alertCardActions(deps: ActionDeps): CardAction[] {
  const { ledger, people, reading, clock } = deps;

  async function teamOf(tenantId: string, alert: Alert) {
    const person = alert.assigneeId ?? alert.ownerId;
    const teams = (await people.teamsOf(tenantId)).filter(
      (team) =>
        (person && (team.memberIds.includes(person) || team.managerId === person)) ||
        (alert.teamId !== undefined && team.id === alert.teamId),
    );
    const ids = [...new Set(teams.flatMap((team) => [...team.memberIds, ...(team.managerId ? [team.managerId] : [])]))];
    const names = await people.teamNames(tenantId, ids);
    return {
      teams,
      assignees: [...names].map(([userId, name]) => ({ userId, name })).sort((a, b) => a.name.localeCompare(b.name)),
      managedBy: (actor: Actor) => actor.roles.includes('admin') || teams.some((team) => team.managerId === actor.userId),
    };
  }

  /** The card as this reader may use it: a manager of the team also gets reassigning. */
  async function cardFor(turn: TurnInput, alert: Alert, rule: Rule, notice?: string): Promise<BotReply> {
    const team = await teamOf(turn.actor.tenantId, alert);
    const assignees = team.managedBy(turn.actor) ? team.assignees : undefined;
    const reader = { locale: turn.locale, timeZone: turn.timeZone ?? reading.tenantZone(turn.actor.tenantId) };
    const { card } = await reading.render(turn.actor.tenantId, alert, rule, reader, {
      ...(assignees ? { assignees } : {}),
      ...(notice ? { notice } : {}),
    });
    return { card };
  }

  /**
   * Who may see and act on an alert: the people it names (owner, assignee, their manager, the rule's named recipients),
   * managers and admins, and, for a rule that posts to channels, anyone who reads them.
   */
  const mayAct = (actor: Actor, alert: Alert, rule: Rule) =>
    actor.roles.includes('manager') ||
    actor.roles.includes('admin') ||
    rule.recipients.channels.length > 0 ||
    [alert.ownerId, alert.assigneeId, alert.managerId, ...rule.recipients.users].includes(actor.userId);

  async function load(turn: TurnInput, data: unknown) {
    const ref = parseWith(refData, data);
    const stored = await ledger.get(turn.actor.tenantId, ref);
    const rule = stored && (await deps.rule(turn.actor.tenantId, ref.ruleId));
    if (!stored || !rule) throw alertsErrors.fail('UNKNOWN_ALERT');
    if (!mayAct(turn.actor, stored.value, rule)) throw alertsErrors.fail('ALERT_NOT_YOURS');
    return { ref: alertRefSchema.parse({ ruleId: ref.ruleId, subject: ref.subject, period: ref.period }), alert: stored.value, rule };
  }

  const entry = (turn: TurnInput, action: AlertLogEntry['action'], detail?: string): AlertLogEntry => ({
    at: clock.now().toISOString(),
    byUserId: turn.actor.userId,
    byName: turn.actor.displayName,
    action,
    ...(detail ? { detail } : {}),
  });

  /**
   * One action on an open alert: what it does outside the alert (a logged activity, a card to a new assignee), then its
   * change applied to the alert's latest version, every copy of the card refreshed and the clicked one answered. On a
   * resolved alert nothing changes: the card is answered as it stands, saying so.
   */
  function act(
    verb: string,
    prepare: (
      turn: TurnInput & { data: unknown },
      alert: Alert,
      data: Record<string, unknown>,
      rule: Rule,
    ) => Promise<(current: Alert) => Alert>,
  ): CardAction {
    return {
      verb,
      async run(turn) {
        await deps.remember(turn.actor, turn);
        const { ref, alert, rule } = await load(turn, turn.data);
        if (alert.state === 'resolved') return cardFor(turn, alert, rule, turn.t('alerts.card.replayed'));
        let change: (current: Alert) => Alert;
        try {
          change = await prepare(turn, alert, turn.data as Record<string, unknown>, rule);
        } catch (error) {
          // A refusal keeps the card, with the reason on top, so the person can try again from it.
          if (!isAppError(error)) throw error;
          return cardFor(turn, alert, rule, error.localisedMessage(turn.locale));
        }
        const stored = await changeAlert(ledger, turn.actor.tenantId, ref, (current) =>
          current.state === 'resolved' ? undefined : { ...change(current), updatedAt: clock.now().toISOString() },
        );
        if (stored.value.state === 'resolved') return cardFor(turn, stored.value, rule, turn.t('alerts.card.replayed'));
        await deps.refreshCards(turn.actor.tenantId, stored.value, rule);
        return cardFor(turn, stored.value, rule);
      },
    };
  }

  const zoneOf = (turn: TurnInput) => turn.timeZone ?? reading.tenantZone(turn.actor.tenantId);
  const input = (data: Record<string, unknown>, id: string) => (typeof data[id] === 'string' ? (data[id] as string).trim() : '');

  return [
    {
      verb: alertVerbs.refresh,
      async run(turn) {
        await deps.remember(turn.actor, turn);
        const { alert, rule } = await load(turn, turn.data);
        return cardFor(turn, alert, rule);
      },
    },
    act(alertVerbs.ack, async (turn) => (current) => withLog({ ...current, state: 'acknowledged' }, entry(turn, 'acknowledged'))),
    act(alertVerbs.snooze, async (turn, _alert, data) => {
      const choice = parseWith(snoozeData, data);
      const now = clock.now();
      let until: Date;
      if (choice.for === '1d') until = new Date(now.getTime() + dayMs);
      else if (choice.for === '1w') until = new Date(now.getTime() + 7 * dayMs);
      else {
        const day = date.safeParse(input(data, alertInputs.snoozeUntil));
        if (!day.success) throw alertsErrors.fail('SNOOZE_DATE_MISSING');
        until = DateTime.fromISO(day.data, { zone: zoneOf(turn) })
          .set({ hour: 9 })
          .toJSDate();
        if (until.getTime() <= now.getTime()) throw alertsErrors.fail('SNOOZE_IN_PAST', { until: day.data });
      }
      if (until.getTime() - now.getTime() > snoozeMaxDays * dayMs) throw alertsErrors.fail('SNOOZE_TOO_LONG');
      const snoozedUntil = until.toISOString();
      return (current) => withLog({ ...current, state: 'snoozed', snoozedUntil }, entry(turn, 'snoozed', snoozedUntil));
    }),
    act(alertVerbs.reassign, async (turn, alert, data, rule) => {
      const team = await teamOf(turn.actor.tenantId, alert);
      if (!team.managedBy(turn.actor)) throw alertsErrors.fail('REASSIGN_MANAGER_ONLY');
      const userId = input(data, alertInputs.assignee);
      const to = team.assignees.find((person) => person.userId === userId);
      if (!to) throw alertsErrors.fail('REASSIGN_OUTSIDE_TEAM', { team: team.teams.map((one) => one.name).join(', ') || '—' });
      const managerId = await people.managerOf(turn.actor.tenantId, to.userId);
      const logged = entry(turn, 'reassigned', to.userId);
      // A reassigned alert is the new assignee's to act on: open again if it was snoozed, with their manager.
      const reassign = (current: Alert): Alert => {
        const { managerId: _before, snoozedUntil: _snooze, ...rest } = current;
        const snooze = current.state === 'snoozed' || !current.snoozedUntil ? {} : { snoozedUntil: current.snoozedUntil };
        return withLog(
          {
            ...rest,
            ...snooze,
            state: current.state === 'snoozed' ? 'open' : current.state,
            assigneeId: to.userId,
            assigneeName: to.name,
            ...(managerId && managerId !== to.userId ? { managerId } : {}),
          },
          logged,
        );
      };
      const next = reassign(alert);
      // The new assignee gets the card in their own chat.
      const reader = await reading.readerOf(turn.actor.tenantId, { kind: 'user', userId: to.userId }, rule);
      const { card, text } = await reading.render(turn.actor.tenantId, next, rule, reader);
      const recipient = { kind: 'user' as const, userId: to.userId };
      const id = await deps.notify.send({
        tenantId: turn.actor.tenantId,
        to: { user: to.userId },
        card,
        text,
        dedupeKey: `${rule.id}|${refOf(alert).subject}|${alert.period}|reassigned|${next.log.length}|${recipientKey(recipient)}`,
      });
      await changeAlert(ledger, turn.actor.tenantId, refOf(alert), (current) =>
        current.deliveries.some((one) => one.id === id)
          ? undefined
          : { ...current, deliveries: [...current.deliveries, { id, to: recipientKey(recipient), locale: reader.locale }].slice(-60) },
      );
      return reassign;
    }),
    act(alertVerbs.followUp, async (turn, alert, data) => {
      const note = input(data, alertInputs.note).slice(0, 2000);
      if (note === '') throw alertsErrors.fail('FOLLOW_UP_NOTE_MISSING');
      const followUpOn = input(data, alertInputs.followUpOn);
      const next = followUpOn === '' ? undefined : parseWith(date, followUpOn);
      if (next && next < DateTime.fromJSDate(clock.now(), { zone: zoneOf(turn) }).toISODate()!)
        throw alertsErrors.fail('FOLLOW_UP_IN_PAST', { date: next });
      if (alert.accountId) {
        await deps.activities.logActivity(
          turn.actor,
          {
            accountId: alert.accountId,
            type: 'task',
            subject: turn.t('alerts.followUp.subject', { title: alert.title }).slice(0, 200),
            notes: note,
            occurredAt: clock.now().toISOString(),
            timeZone: zoneOf(turn),
            ...(next ? { followUpOn: next } : {}),
          },
          { source: 'card', ...(turn.activityId ? { idempotencyKey: `alert-follow-up:${turn.activityId}` } : {}) },
        );
      }
      if (alert.subjectKind === 'follow-up') await closeFollowUp(deps.activities, turn.actor, alert.subjectId);
      return (current) => withLog(current, entry(turn, 'followed-up'));
    }),
    act(alertVerbs.retention, async (turn, alert, data) => {
      const message = parseWith(z.string().trim().min(1).max(4000), input(data, alertInputs.message));
      if (alert.accountId)
        await deps.activities.logActivity(
          turn.actor,
          {
            accountId: alert.accountId,
            type: 'email',
            subject: turn.t('alerts.retention.subject', { account: alert.accountName ?? alert.title }).slice(0, 200),
            notes: message,
            occurredAt: clock.now().toISOString(),
            timeZone: zoneOf(turn),
          },
          { source: 'card', ...(turn.activityId ? { idempotencyKey: `alert-retention:${turn.activityId}` } : {}) },
        );
      return (current) => withLog(current, entry(turn, 'retention-logged'));
    }),
  ];
}

/** The overdue follow-up an alert was about is done once its follow-up is logged; its event resolves the alert. */
async function closeFollowUp(activities: ActivitiesService, actor: Actor, activityId: string): Promise<void> {
  try {
    const { value, etag } = await activities.getActivity(actor.tenantId, activityId);
    if (!value.followUpDone) await activities.updateActivity(actor, activityId, { followUpDone: true }, etag);
  } catch (error) {
    // Someone else's follow-up (OUT_OF_SCOPE) or one changed meanwhile (CONFLICT) stays as it is; the alert still records the follow-up.
    if (
      !isAppError(error, 'OUT_OF_SCOPE') &&
      !isAppError(error, 'CONFLICT') &&
      !isAppError(error, 'NOT_FOUND') &&
      !isAppError(error, 'FORBIDDEN')
    )
      throw error;
  }
}
