// Reading activities: by id, an account's timeline, filtered lists, the account digest and the daily work report 日工作报表.
import { z } from 'zod';
import type { Actor } from '../../core/actor';
import { AppError, isAppError } from '../../core/errors';
import { parseWith } from '../../core/validation';
import { allOf, where } from '../../storage/filter';
import { decodeContinuation, encodeContinuation } from '../../storage/paging';
import type { Page, PageRequest, Stored } from '../../storage/repository';
import type { AccountsService } from '../accounts';
import { activityTypes, localDate, type Activity } from './activity.schema';
import type { ActivityFilters, DailyReport, FollowUp } from './activities.service';
import type { ActivityDigest } from './activity-digest';
import { invalid } from './activity-input';
import type { ActivityLists } from './activity-lists';
import { toStoredActivity, type ActivityRow, type ActivityStore } from './activity.store';
import { datesBetween, instantWindow, invertedTicks, invertedTicksOf, timeZoneSchema } from './activity-time';

export interface ReadDeps {
  store: ActivityStore;
  /** The plugin's views (activity.views.ts), read once this process's applies of the tenant are done. */
  lists: ActivityLists;
  accounts: AccountsService;
}

/** The account card shows this many recent activities. */
export const shownRecent = 5;

/** The account digest: what the account card and "no contact for too long" need, from its views: a count and two short lists. */
export interface AccountDigest {
  recent: ActivityDigest[];
  openFollowUps: FollowUp[];
  activityCount: number;
  openFollowUpCount: number;
  lastActivityAt?: string;
}

/** An author's list reads the author's day rows over at most a month, bounding one request's read. */
export const maxAuthorRangeDays = 31;

const filtersSchema = z.strictObject({
  accountId: z.uuid().optional(),
  authorId: z.string().min(1).max(128).optional(),
  type: z.enum(activityTypes).optional(),
  from: localDate.optional(),
  to: localDate.optional(),
});

/** An author's list is assembled from day rows, so its token (storage's opaque format) holds the offset into it. */
const encodeOffset = (offset: number) => encodeContinuation({ after: [String(offset)] });
function decodeOffset(token: string | undefined): number {
  const continuation = decodeContinuation(token);
  if (continuation === undefined) return 0;
  const offset = continuation.after?.length === 1 && !continuation.service ? continuation.after[0]! : '';
  if (!/^\d{1,9}$/.test(offset)) throw new AppError('INVALID_CONTINUATION', {}, { reason: 'not an offset into this list' });
  return Number(offset);
}

const asActivity = toStoredActivity;
const asPage = (page: Page<ActivityRow>): Page<Activity> => ({
  items: page.items.map(asActivity),
  continuationToken: page.continuationToken,
});

export function createActivityReads({ store, lists, accounts }: ReadDeps) {
  async function getActivity(tenantId: string, id: string): Promise<Stored<Activity>> {
    const found = await store.find(tenantId, id);
    if (!found?.record) throw new AppError('NOT_FOUND', { entity: 'activity', id });
    return asActivity(found.record);
  }

  async function timeline(tenantId: string, accountId: string, request: PageRequest): Promise<Page<Activity>> {
    await accounts.getAccount(tenantId, accountId);
    return asPage(await store.page(tenantId, accountId, { pageSize: request.pageSize, continuationToken: request.continuationToken }));
  }

  /** Inside one account partition: the row-key range narrows by time, the filter checks local dates, type and author. */
  async function accountActivities(
    tenantId: string,
    filters: z.infer<typeof filtersSchema> & { accountId: string },
    request: PageRequest,
  ): Promise<Page<Activity>> {
    await accounts.getAccount(tenantId, filters.accountId);
    const { from, to, type, authorId } = filters;
    const window = from && to ? instantWindow(from, to) : undefined;
    const conditions = [
      type === undefined ? undefined : where`type eq ${type}`,
      authorId === undefined ? undefined : where`authorId eq ${authorId}`,
      from === undefined ? undefined : where`localDate ge ${from}`,
      to === undefined ? undefined : where`localDate le ${to}`,
    ];
    const page = await store.page(tenantId, filters.accountId, {
      pageSize: request.pageSize,
      continuationToken: request.continuationToken,
      where: conditions.some(Boolean) ? allOf(...conditions) : undefined,
      rowKeyFrom: window && invertedTicks(window.latestMs),
      rowKeyBefore: window && invertedTicks(window.earliestMs - 1),
    });
    return asPage(page);
  }

  /** From the author's day rows: one range read, then one point read per activity on the page. */
  async function authorActivities(
    tenantId: string,
    filters: { authorId: string; from: string; to: string; type?: Activity['type'] },
    request: PageRequest,
  ): Promise<Page<Activity>> {
    const days = datesBetween(filters.from, filters.to);
    if (days.length > maxAuthorRangeDays)
      throw invalid('to', `an author's activities can be listed for at most ${maxAuthorRangeDays} days at a time`);
    const digests = (await lists.between(tenantId, filters.authorId, filters.from, filters.to))
      .filter((digest) => filters.type === undefined || digest.type === filters.type)
      .sort((a, b) => Date.parse(b.occurredAt) - Date.parse(a.occurredAt) || a.id.localeCompare(b.id));
    const offset = decodeOffset(request.continuationToken);
    const pageSize = Math.min(Math.max(request.pageSize ?? 50, 1), 1000);
    const slice = digests.slice(offset, offset + pageSize);
    const rows = await Promise.all(slice.map((digest) => readDigested(tenantId, digest)));
    const items = rows.filter((row): row is Stored<Activity> => row !== undefined);
    return { items, continuationToken: offset + pageSize < digests.length ? encodeOffset(offset + pageSize) : undefined };
  }

  /** A digest names the record's key (account and time), so one point read finds it unless it has moved since. */
  async function readDigested(tenantId: string, digest: ActivityDigest): Promise<Stored<Activity> | undefined> {
    const row = await store.getRecord(tenantId, digest.accountId, invertedTicksOf(digest.occurredAt), digest.id);
    if (row && !row.value.movedTo && !row.value.deletedAt) return asActivity(row);
    return getActivity(tenantId, digest.id).catch((error: unknown) => {
      if (isAppError(error, 'NOT_FOUND')) return undefined;
      throw error;
    });
  }

  return {
    getActivity,
    timeline,

    /**
     * Supported without scanning: `accountId` (with any of type, authorId, from/to) reads that account's partition;
     * `authorId` with `from` and `to` (at most a month, optional type) reads the author's day rows.
     * Anything else would scan every activity of the tenant and is refused.
     */
    async listActivities(tenantId: string, filters: ActivityFilters, request: PageRequest): Promise<Page<Activity>> {
      const parsed = parseWith(filtersSchema, filters);
      if ((parsed.from === undefined) !== (parsed.to === undefined)) throw invalid(parsed.from ? 'to' : 'from', 'from and to go together');
      if (parsed.from && parsed.to && parsed.from > parsed.to) throw invalid('to', 'must not be before from');
      const { accountId, authorId, from, to } = parsed;
      if (accountId) return accountActivities(tenantId, { ...parsed, accountId }, request);
      if (authorId && from && to) return authorActivities(tenantId, { authorId, from, to, type: parsed.type }, request);
      throw invalid(authorId ? 'from' : 'accountId', 'list activities by accountId, or by authorId with from and to');
    },

    followUpsOf(tenantId: string, authorId: string, date: string): Promise<FollowUp[]> {
      return lists.followUpsBy(tenantId, authorId, date);
    },

    async accountDigest(tenantId: string, accountId: string): Promise<AccountDigest> {
      const account = await lists.account(tenantId, accountId, shownRecent);
      return { ...account, lastActivityAt: account.recent[0]?.occurredAt };
    },

    /** Activities each author logged from `from` to `to` (local dates, inclusive), from their day counts: one range read per author. */
    async activityCounts(tenantId: string, authorIds: readonly string[], from: string, to: string): Promise<Record<string, number>> {
      const [first, last] = [parseWith(localDate, from), parseWith(localDate, to)];
      const counts = await Promise.all(
        authorIds.map(async (authorId) => [authorId, await lists.count(tenantId, authorId, first, last)] as const),
      );
      return Object.fromEntries(counts);
    },

    /** The actor's day (its counts and rows) and their open follow-ups due by `date`. */
    async dailyReport(actor: Actor, date: string, timeZone: string): Promise<DailyReport> {
      const day = parseWith(localDate, date);
      const zone = parseWith(timeZoneSchema, timeZone);
      const [activities, followUps] = await Promise.all([
        lists.day(actor.tenantId, actor.userId, day),
        lists.followUpsBy(actor.tenantId, actor.userId, day),
      ]);
      return {
        date: day,
        timeZone: zone,
        countsByType: activities.countsByType,
        activities: activities.items,
        followUpsDue: followUps.filter((followUp) => followUp.followUpOn === day),
        followUpsOverdue: followUps.filter((followUp) => followUp.followUpOn < day),
      };
    },
  };
}

export type ActivityReads = ReturnType<typeof createActivityReads>;
