// Reading the activities views: an account's counts, newest activities and open follow-ups; an author's days and follow-ups.
import type { z } from 'zod';
import type { ProjectionReads } from '../../core/projection';
import type { LogicalTable } from '../../storage/logical-table';
import { createAggregateReader } from '../../storage/projector';
import { Repository } from '../../storage/repository';
import type { ActivityType } from './activity.schema';
import type { FollowUp } from './activities.service';
import { activityDigestSchema, followUpSchema, type ActivityDigest } from './activity-digest';
import { accountKey, activityViewIds, dayKey, listPartitions } from './activity.views';

/** Rows one list read takes at most: past it a list shows its first rows, while counts stay exact. */
export const listCaps = { accountFollowUps: 50, day: 200, authorFollowUps: 100, authorRange: 1000 } as const;

/**
 * Every read waits for this process's applies of the tenant first (`settled`), so whoever just wrote an activity sees it.
 * @example const lists = createActivityLists({ views, lists: table('ActivityLists'), projections }); await lists.recent(tenantId, accountId, 5)
 */
export function createActivityLists(deps: { views: LogicalTable; lists: LogicalTable; projections: ProjectionReads }) {
  const { projections } = deps;
  const digests = new Repository(deps.lists, 'activity', activityDigestSchema);
  const followUps = new Repository(deps.lists, 'activity', followUpSchema);
  const accounts = createAggregateReader(deps.views, activityViewIds.account);
  const days = createAggregateReader(deps.views, activityViewIds.days);

  async function all<S extends z.ZodObject>(
    repository: Repository<S>,
    tenantId: string,
    partition: string[],
    range: { rowKeyFrom?: string; rowKeyBefore?: string },
    cap: number,
  ): Promise<z.infer<S>[]> {
    const items: z.infer<S>[] = [];
    let continuationToken: string | undefined;
    do {
      const page = await repository.page(tenantId, partition, {
        ...range,
        pageSize: Math.min(cap - items.length, 1000),
        continuationToken,
      });
      items.push(...page.items.map((item) => item.value));
      continuationToken = page.continuationToken;
    } while (continuationToken && items.length < cap);
    return items;
  }

  return {
    /** The account's counts, its `shown` newest activities and its open follow-ups, earliest due first. */
    async account(tenantId: string, accountId: string, shown: number) {
      await projections.settled(tenantId);
      const [counts, recent, open] = await Promise.all([
        accounts.read(tenantId, accountKey(accountId)),
        all(digests, tenantId, listPartitions.recent(accountId), {}, shown),
        all(followUps, tenantId, listPartitions.accountFollowUps(accountId), {}, listCaps.accountFollowUps),
      ]);
      return {
        activityCount: counts.counts.activities ?? 0,
        openFollowUpCount: counts.counts.openFollowUps ?? 0,
        recent: recent as ActivityDigest[],
        openFollowUps: open as FollowUp[],
      };
    },

    /** An author's activities by type on one local date, and the first of them in time order. */
    async day(tenantId: string, authorId: string, date: string) {
      await projections.settled(tenantId);
      const [counts, items] = await Promise.all([
        days.read(tenantId, dayKey(authorId, date)),
        all(digests, tenantId, listPartitions.author(authorId), { rowKeyFrom: date, rowKeyBefore: `${date}~` }, listCaps.day),
      ]);
      return { countsByType: counts.counts as Partial<Record<ActivityType, number>>, items: items as ActivityDigest[] };
    },

    /** An author's activities from `from` to `to` (local dates, inclusive), oldest first. */
    async between(tenantId: string, authorId: string, from: string, to: string): Promise<ActivityDigest[]> {
      await projections.settled(tenantId);
      const range = { rowKeyFrom: from, rowKeyBefore: `${to}~` };
      return (await all(digests, tenantId, listPartitions.author(authorId), range, listCaps.authorRange)) as ActivityDigest[];
    },

    /** How many activities an author logged from `from` to `to` (local dates, inclusive): one range read of the day counts. */
    async count(tenantId: string, authorId: string, from: string, to: string): Promise<number> {
      await projections.settled(tenantId);
      const states = await days.range(tenantId, dayKey(authorId, from), `${dayKey(authorId, to)}~`);
      return states.reduce((sum, state) => sum + Object.values(state.counts).reduce((n, count) => n + count, 0), 0);
    },

    /** An author's open follow-ups due on or before `date`, earliest first. */
    async followUpsBy(tenantId: string, authorId: string, date: string): Promise<FollowUp[]> {
      await projections.settled(tenantId);
      const range = { rowKeyBefore: `${date}~` };
      return (await all(followUps, tenantId, listPartitions.followUps(authorId), range, listCaps.authorFollowUps)) as FollowUp[];
    },
  };
}

export type ActivityLists = ReturnType<typeof createActivityLists>;
