// The activity rollups: per account (recent, open follow-ups, count), per author and local day, and per author's open follow-ups.
import type { LogicalTable } from '../../storage/logical-table';
import { z } from 'zod';
import { appliedChanges, appliedSchema as applied } from '../../storage/applied-changes';
import { placeInList } from '../../storage/capped-list';
import { composeKey } from '../../storage/keys';
import type { RowAddress } from '../../storage/repository';
import { activityTypes } from './activity.schema';
import {
  activityDigestSchema,
  digestOf,
  followUpOf,
  followUpSchema,
  isOpenFollowUp,
  type ActivityDigest,
  type RollupChange,
} from './activity-digest';
import type { FollowUp } from './activities.service';
import { RollupRows } from '../../storage/rollup-rows';

/**
 * Lists are capped so a row stays far below Azure's limits; counts stay exact beyond the cap.
 * A list holds the first items in its order (newest, earliest due); items past the cap are only counted.
 */
export const rollupCaps = { recent: 10, accountFollowUps: 50, day: 200, userFollowUps: 100 } as const;
/** Change ids each row remembers, so a change re-applied after a failure or by a racing delivery counts once. */
export const activityChanges = appliedChanges({ keep: 100 });

const accountRollupSchema = z.object({
  applied,
  count: z.number().int(),
  recent: z.array(activityDigestSchema),
  openFollowUps: z.array(followUpSchema),
  openFollowUpCount: z.number().int(),
});
export type AccountRollup = z.infer<typeof accountRollupSchema>;

const dayRollupSchema = z.object({
  applied,
  countsByType: z.partialRecord(z.enum(activityTypes), z.number().int()),
  items: z.array(activityDigestSchema),
});
export type DayRollup = z.infer<typeof dayRollupSchema>;

const followUpRollupSchema = z.object({ applied, openCount: z.number().int(), items: z.array(followUpSchema) });
export type FollowUpRollup = z.infer<typeof followUpRollupSchema>;

const emptyAccount = (): AccountRollup => ({ applied: [], count: 0, recent: [], openFollowUps: [], openFollowUpCount: 0 });
const emptyDay = (): DayRollup => ({ applied: [], countsByType: {}, items: [] });
const emptyFollowUps = (): FollowUpRollup => ({ applied: [], openCount: 0, items: [] });

const newestFirst = (a: ActivityDigest, b: ActivityDigest) =>
  Date.parse(b.occurredAt) - Date.parse(a.occurredAt) || a.id.localeCompare(b.id);
const oldestFirst = (a: ActivityDigest, b: ActivityDigest) => -newestFirst(a, b);
const earliestDue = (a: FollowUp, b: FollowUp) => a.followUpOn.localeCompare(b.followUpOn) || a.activityId.localeCompare(b.activityId);

export function createRollupStore(table: LogicalTable) {
  const rows = new RollupRows(table, 'activity', 30);
  const accountAddress = (tenantId: string, accountId: string): RowAddress => ({
    tenantId,
    partition: ['account', accountId],
    row: ['digest'],
  });
  const dayAddress = (tenantId: string, authorId: string, date: string): RowAddress => ({
    tenantId,
    partition: ['author', authorId],
    row: ['day', date],
  });
  const followUpAddress = (tenantId: string, authorId: string): RowAddress => ({
    tenantId,
    partition: ['author', authorId],
    row: ['followUps'],
  });

  function applyToAccount(tenantId: string, accountId: string, { changeId, from, to }: RollupChange) {
    return rows.mutate(
      accountAddress(tenantId, accountId),
      'account',
      accountRollupSchema,
      emptyAccount,
      activityChanges.once(changeId, (state) => {
        const id = (to ?? from)!.id;
        state.count += (to ? 1 : 0) - (from ? 1 : 0);
        state.openFollowUpCount += (isOpenFollowUp(to) ? 1 : 0) - (isOpenFollowUp(from) ? 1 : 0);
        state.recent = placeInList(
          state.recent.filter((d) => d.id !== id),
          to ? digestOf(to) : undefined,
          newestFirst,
          state.count,
          rollupCaps.recent,
        );
        const followUp = isOpenFollowUp(to) ? followUpOf(to) : undefined;
        state.openFollowUps = placeInList(
          state.openFollowUps.filter((f) => f.activityId !== id),
          followUp,
          earliestDue,
          state.openFollowUpCount,
          rollupCaps.accountFollowUps,
        );
      }),
    );
  }

  function applyToDay(tenantId: string, authorId: string, date: string, { changeId, from, to }: RollupChange) {
    return rows.mutate(
      dayAddress(tenantId, authorId, date),
      'day',
      dayRollupSchema,
      emptyDay,
      activityChanges.once(changeId, (state) => {
        const counts = state.countsByType;
        if (from?.localDate === date) {
          counts[from.type] = (counts[from.type] ?? 0) - 1;
          if (counts[from.type]! <= 0) delete counts[from.type];
          state.items = state.items.filter((d) => d.id !== from.id);
        }
        if (to?.localDate === date) {
          counts[to.type] = (counts[to.type] ?? 0) + 1;
          const total = Object.values(counts).reduce((sum, n) => sum + n, 0);
          state.items = placeInList(
            state.items.filter((d) => d.id !== to.id),
            digestOf(to),
            oldestFirst,
            total,
            rollupCaps.day,
          );
        }
      }),
    );
  }

  function applyToFollowUps(tenantId: string, authorId: string, { changeId, from, to }: RollupChange) {
    return rows.mutate(
      followUpAddress(tenantId, authorId),
      'followUps',
      followUpRollupSchema,
      emptyFollowUps,
      activityChanges.once(changeId, (state) => {
        const id = (to ?? from)!.id;
        state.openCount += (isOpenFollowUp(to) ? 1 : 0) - (isOpenFollowUp(from) ? 1 : 0);
        const followUp = isOpenFollowUp(to) ? followUpOf(to) : undefined;
        state.items = placeInList(
          state.items.filter((f) => f.activityId !== id),
          followUp,
          earliestDue,
          state.openCount,
          rollupCaps.userFollowUps,
        );
      }),
    );
  }

  return {
    /** Applies a change to every rollup it touches, in parallel; each rollup applies it at most once. Returns the account rollup. */
    async apply(tenantId: string, change: RollupChange): Promise<AccountRollup> {
      const subject = change.to ?? change.from;
      if (!subject) return emptyAccount();
      const days = new Set([change.from?.localDate, change.to?.localDate].filter((d): d is string => d !== undefined));
      const touchesFollowUps = isOpenFollowUp(change.from) || isOpenFollowUp(change.to);
      const [account] = await Promise.all([
        applyToAccount(tenantId, subject.accountId, change),
        ...[...days].map((date) => applyToDay(tenantId, subject.authorId, date, change)),
        touchesFollowUps ? applyToFollowUps(tenantId, subject.authorId, change) : undefined,
      ]);
      return account;
    },

    /** Merges digests read from the timeline into an account's recent list (after moves left it short). */
    refillRecent(tenantId: string, accountId: string, newest: ActivityDigest[]): Promise<AccountRollup> {
      return rows.mutate(accountAddress(tenantId, accountId), 'account', accountRollupSchema, emptyAccount, (state) => {
        const byId = new Map([...state.recent, ...newest].map((d) => [d.id, d]));
        state.recent = [...byId.values()].sort(newestFirst).slice(0, rollupCaps.recent);
        return state;
      });
    },

    /** How many activities an author logged per local day from `from` to `to` (inclusive): one range read of their day rows. */
    async dayCounts(tenantId: string, authorId: string, from: string, to: string): Promise<number> {
      const days = await rows.range(
        tenantId,
        ['author', authorId],
        composeKey(['day', from]),
        `${composeKey(['day', to])}~`,
        dayRollupSchema,
      );
      return days.reduce((sum, day) => sum + Object.values(day.countsByType).reduce((n, count) => n + (count ?? 0), 0), 0);
    },

    account: async (tenantId: string, accountId: string) =>
      (await rows.read(accountAddress(tenantId, accountId), accountRollupSchema))?.state ?? emptyAccount(),
    day: async (tenantId: string, authorId: string, date: string) =>
      (await rows.read(dayAddress(tenantId, authorId, date), dayRollupSchema))?.state ?? emptyDay(),
    followUps: async (tenantId: string, authorId: string) =>
      (await rows.read(followUpAddress(tenantId, authorId), followUpRollupSchema))?.state ?? emptyFollowUps(),
  };
}

export type RollupStore = ReturnType<typeof createRollupStore>;
