// Conditions on accounts 客户 and their follow-ups: a key account nobody contacted for N days, a churn signal from recency and frequency, a follow-up overdue.
import { DateTime } from 'luxon';
import { isAppError } from '../../../core/errors';
import type { ActivitiesService } from '../../activities';
import type { PeopleService } from '../../people';
import type { Finding } from '../finding';
import { contactsIn, weekOf, type Pulse, type PulseStore } from '../pulse.store';
import type { Thresholds } from '../rule.schema';
import { allPages, dayMs, daysBetween, readOnce, type Condition, type Evaluation } from './condition';

const pageSize = 1000;
const tiers = ['key', 'other'] as const;

function accountFinding(pulse: Pulse, facts: Finding['facts']): Finding {
  return {
    subject: { kind: 'account', id: pulse.accountId },
    period: pulse.lastContactAt,
    title: pulse.name,
    accountId: pulse.accountId,
    accountName: pulse.name,
    ownerId: pulse.ownerId,
    ownerName: pulse.ownerName,
    ...(pulse.team ? { teamName: pulse.team } : {}),
    keyAccount: pulse.keyAccount,
    facts: { lastContactAt: pulse.lastContactAt, ...facts },
  };
}

/** The churn signal: quiet for `quietDays`, and the last window's contacts fell by `dropPercent` % from the one before. */
export function churnFacts(pulse: Pulse, thresholds: Thresholds<'churn-signal'>, now: Date): Finding['facts'] | undefined {
  const quietDays = daysBetween(pulse.lastContactAt, now);
  if (quietDays < thresholds.quietDays) return undefined;
  const weeks = Math.max(2, Math.round(thresholds.windowDays / 7));
  const week = weekOf(now);
  const recent = contactsIn(pulse, week, weeks);
  const previous = contactsIn(pulse, week - weeks, weeks);
  if (previous < thresholds.minPrevious || recent > previous * (1 - thresholds.dropPercent / 100)) return undefined;
  return { quietDays, recent, previous, dropPercent: Math.round((1 - recent / previous) * 100), windowDays: weeks * 7 };
}

export function accountConditions(deps: { pulse: PulseStore; activities: ActivitiesService; people: PeopleService }) {
  const { pulse, activities, people } = deps;
  const quiet = (evaluation: Evaluation, tier: (typeof tiers)[number], days: number) =>
    allPages(
      (token) =>
        pulse.quietSince(evaluation.tenantId, tier, new Date(evaluation.now.getTime() - days * dayMs).toISOString(), {
          pageSize,
          continuationToken: token,
        }),
      evaluation.signal,
    );

  const quietFacts = (found: Pulse, days: number, now: Date) => {
    const quietDays = daysBetween(found.lastContactAt, now);
    return found.keyAccount && quietDays >= days ? { quietDays } : undefined;
  };

  const keyAccountQuiet: Condition<'key-account-quiet'> = {
    id: 'key-account-quiet',
    subject: 'account',
    kind: 'standing',
    fields: [{ name: 'days', kind: 'days', min: 1, max: 730 }],
    async *sweep(evaluation, { days }) {
      for await (const found of quiet(evaluation, 'key', days)) {
        const facts = quietFacts(found, days, evaluation.now);
        if (facts) yield accountFinding(found, facts);
      }
    },
    async check(evaluation, { days }, id) {
      const found = await readOnce(evaluation, `pulse:${id}`, () => pulse.get(evaluation.tenantId, id));
      const facts = found && quietFacts(found, days, evaluation.now);
      return found && facts ? accountFinding(found, facts) : undefined;
    },
  };

  const churnSignal: Condition<'churn-signal'> = {
    id: 'churn-signal',
    subject: 'account',
    kind: 'standing',
    fields: [
      { name: 'quietDays', kind: 'days', min: 7, max: 365 },
      { name: 'windowDays', kind: 'days', min: 14, max: 182 },
      { name: 'dropPercent', kind: 'percent', min: 10, max: 100 },
      { name: 'minPrevious', kind: 'count', min: 1, max: 1000 },
    ],
    async *sweep(evaluation, thresholds) {
      for (const tier of tiers)
        for await (const found of quiet(evaluation, tier, thresholds.quietDays)) {
          const facts = churnFacts(found, thresholds, evaluation.now);
          if (facts) yield accountFinding(found, facts);
        }
    },
    async check(evaluation, thresholds, id) {
      const found = await readOnce(evaluation, `pulse:${id}`, () => pulse.get(evaluation.tenantId, id));
      const facts = found && churnFacts(found, thresholds, evaluation.now);
      return found && facts ? accountFinding(found, facts) : undefined;
    },
  };

  /** The last follow-up date that is overdue by `overdueDays` today. */
  const lastOverdue = (evaluation: Evaluation, overdueDays: number) =>
    DateTime.fromJSDate(evaluation.now, { zone: evaluation.timeZone })
      .minus({ days: overdueDays + 1 })
      .toISODate()!;
  const followUpFinding = (
    evaluation: Evaluation,
    item: { activityId: string; accountId: string; accountName: string; subject: string; followUpOn: string; nextStep?: string },
    owner: { ownerId: string; ownerName: string },
  ): Finding => ({
    subject: { kind: 'follow-up', id: item.activityId },
    period: item.followUpOn,
    title: item.subject,
    accountId: item.accountId,
    accountName: item.accountName,
    ...owner,
    facts: {
      dueOn: item.followUpOn,
      daysLate: daysBetween(`${item.followUpOn}T00:00:00Z`, new Date(`${lastOverdue(evaluation, -1)}T00:00:00Z`)),
      ...(item.nextStep ? { nextStep: item.nextStep } : {}),
    },
  });

  const followUpOverdue: Condition<'follow-up-overdue'> = {
    id: 'follow-up-overdue',
    subject: 'follow-up',
    kind: 'standing',
    fields: [{ name: 'overdueDays', kind: 'days', min: 0, max: 365 }],
    async *sweep(evaluation, { overdueDays }) {
      const through = lastOverdue(evaluation, overdueDays);
      const everyone = allPages(
        (token) => people.everyone(evaluation.tenantId, { pageSize: 200, continuationToken: token }),
        evaluation.signal,
      );
      for await (const { value: person } of everyone) {
        for (const item of await activities.followUpsOf(evaluation.tenantId, person.userId, through))
          yield followUpFinding(evaluation, item, { ownerId: person.userId, ownerName: person.displayName });
      }
    },
    async check(evaluation, { overdueDays }, id) {
      try {
        const { value } = await activities.getActivity(evaluation.tenantId, id);
        if (!value.followUpOn || value.followUpDone || value.followUpOn > lastOverdue(evaluation, overdueDays)) return undefined;
        const accountName = (await pulse.get(evaluation.tenantId, value.accountId))?.name ?? '';
        const item = { ...value, activityId: value.id, accountName, followUpOn: value.followUpOn };
        return followUpFinding(evaluation, item, { ownerId: value.authorId, ownerName: value.authorName });
      } catch (error) {
        if (isAppError(error, 'NOT_FOUND')) return undefined;
        throw error;
      }
    },
  };

  return [followUpOverdue, keyAccountQuiet, churnSignal] as const;
}
