// Bulk import of activities (seeding, migrations): the records, references and rollups logging them one by one would write, in far fewer requests.
import { z } from 'zod';
import type { Actor } from '../../core/actor';
import type { Clock } from '../../core/clock';
import { forEachLimited } from '../../core/concurrency';
import { isAppError } from '../../core/errors';
import { validationError } from '../../core/validation';
import { composeKey } from '../../storage/keys';
import { Repository, type RowAddress } from '../../storage/repository';
import { idInBucket, randomBucket } from '../../storage/buckets';
import type { LogicalTable } from '../../storage/logical-table';
import type { AccountsService } from '../accounts';
import type { Activity, NewActivity } from './activity.schema';
import type { FollowUp } from './activities.service';
import {
  activityDigestSchema,
  digestOf,
  followUpOf,
  followUpSchema,
  isOpenFollowUp,
  snapshotOf,
  type ActivityDigest,
  type Snapshot,
} from './activity-digest';
import { assertNotesFit, invalid, logInputSchema } from './activity-input';
import { shownRecent } from './activity-rollup-sync';
import {
  activityChanges,
  createRollupStore,
  rollupCaps,
  type AccountRollup,
  type DayRollup,
  type FollowUpRollup,
} from './activity-rollup.store';
import { activityRowSchema, createActivityStore, refBucketLength, type ActivityRow } from './activity.store';
import { activityTypes } from './activity.schema';
import { invertedTicksOf, localDateOf } from './activity-time';
import { lostRace, RollupRows } from '../../storage/rollup-rows';
import { appliedSchema as applied } from '../../storage/applied-changes';
import { mergeIntoList } from '../../storage/capped-list';

export interface ActivityImportDeps {
  /** The activities plugin's logical tables (`activityTables` in index.ts): records, references and rollups. */
  tables: { records: LogicalTable; refs: LogicalTable; rollups: LogicalTable };
  accounts: Pick<AccountsService, 'getAccount' | 'getContact'>;
  clock: Clock;
}

export interface ImportOptions {
  /** Account names by id when the caller has them, saving a point read per account. */
  accountNames?: ReadonlyMap<string, string>;
  /** The account of each contact, by contact id, when the caller has them (it just stored them), saving a point read per contact. */
  contactAccounts?: ReadonlyMap<string, string>;
  /** Accounts written at the same time (default 16). */
  concurrency?: number;
  /** Called after each account's activities and digest are stored, with the count stored so far. */
  onProgress?(stored: number): void;
}

// The rollup rows as activity-rollup.store.ts reads them; typed against its exported states so the two cannot drift apart.
const accountSchema: z.ZodType<AccountRollup, unknown> = z.object({
  applied,
  count: z.number().int(),
  recent: z.array(activityDigestSchema),
  openFollowUps: z.array(followUpSchema),
  openFollowUpCount: z.number().int(),
});
const daySchema: z.ZodType<DayRollup, unknown> = z.object({
  applied,
  countsByType: z.partialRecord(z.enum(activityTypes), z.number().int()),
  items: z.array(activityDigestSchema),
});
const followUpsSchema: z.ZodType<FollowUpRollup, unknown> = z.object({
  applied,
  openCount: z.number().int(),
  items: z.array(followUpSchema),
});
/** Accounts whose activities' references share a bucket, and so one transaction (of 100 at most: ten each). */
const accountsPerRefBucket = 10;
/** Rows an entity-group transaction may hold. */
const maxTransaction = 100;

// The same orders as the rollup store's lists, on a precomputed time so large merges do not parse dates per comparison.
type Timed<T> = { item: T; ms: number; id: string };
const newestFirst = <T>(a: Timed<T>, b: Timed<T>) => b.ms - a.ms || a.id.localeCompare(b.id);
const oldestFirst = <T>(a: Timed<T>, b: Timed<T>) => -newestFirst(a, b);
const earliestDue = (a: Timed<FollowUp>, b: Timed<FollowUp>) =>
  a.item.followUpOn.localeCompare(b.item.followUpOn) || a.id.localeCompare(b.id);
const timedDigest = (d: ActivityDigest): Timed<ActivityDigest> => ({ item: d, ms: Date.parse(d.occurredAt), id: d.id });
const timedFollowUp = (f: FollowUp): Timed<FollowUp> => ({ item: f, ms: 0, id: f.activityId });

/** The capped list with `added` merged in, as the rollup store places items one by one, on precomputed times. */
const mergeList = <T>(
  list: Timed<T>[],
  added: Timed<T>[],
  order: (a: Timed<T>, b: Timed<T>) => number,
  totalBefore: number,
  cap: number,
): T[] => mergeIntoList(list, added, order, totalBefore, cap).map((timed) => timed.item);

/** A new activity's first change (version 1), as the rollup store records it. */
const remember = (state: { applied: string[] }, snapshots: Snapshot[]) =>
  activityChanges.added(
    state.applied,
    snapshots.map((s) => `${s.id}:1`),
  );

function addToAccount(state: AccountRollup, snapshots: Snapshot[]): AccountRollup {
  const open = snapshots.filter(isOpenFollowUp);
  return {
    applied: remember(state, snapshots),
    count: state.count + snapshots.length,
    recent: mergeList(
      state.recent.map(timedDigest),
      snapshots.map((s) => timedDigest(digestOf(s))),
      newestFirst,
      state.count,
      rollupCaps.recent,
    ),
    openFollowUps: mergeList(
      state.openFollowUps.map(timedFollowUp),
      open.map((s) => timedFollowUp(followUpOf(s))),
      earliestDue,
      state.openFollowUpCount,
      rollupCaps.accountFollowUps,
    ),
    openFollowUpCount: state.openFollowUpCount + open.length,
  };
}

function addToDay(state: DayRollup, snapshots: Snapshot[]): DayRollup {
  const countsByType = { ...state.countsByType };
  const totalBefore = Object.values(countsByType).reduce((sum, n) => sum + n, 0);
  for (const { type } of snapshots) countsByType[type] = (countsByType[type] ?? 0) + 1;
  const items = mergeList(
    state.items.map(timedDigest),
    snapshots.map((s) => timedDigest(digestOf(s))),
    oldestFirst,
    totalBefore,
    rollupCaps.day,
  );
  return { applied: remember(state, snapshots), countsByType, items };
}

function addToFollowUps(state: FollowUpRollup, open: (Snapshot & { followUpOn: string })[]): FollowUpRollup {
  const items = mergeList(
    state.items.map(timedFollowUp),
    open.map((s) => timedFollowUp(followUpOf(s))),
    earliestDue,
    state.openCount,
    rollupCaps.userFollowUps,
  );
  return { applied: remember(state, open), openCount: state.openCount + open.length, items };
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): [string, T[]][] {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const group = groups.get(key(item));
    if (group) group.push(item);
    else groups.set(key(item), [item]);
  }
  return [...groups];
}

/**
 * Imports activities authored by `actor` (source `import`): every input is checked before anything is written; then,
 * per account, the references, the records in one transaction per 100 and the account digest; last the author's
 * day rollups and open follow-ups, each row written once. The result is what logActivity called once per input gives.
 * A failure part-way throws, leaving the rollups of the accounts not yet reached without those activities.
 * @example await createActivityImport(deps).importActivities(rep, [{ accountId, type: 'visit', subject: 'Site visit', occurredAt }])
 */
export function createActivityImport({ tables, accounts, clock }: ActivityImportDeps) {
  const store = createActivityStore({ records: tables.records, refs: tables.refs });
  const recordRows = new Repository(tables.records, 'activity', activityRowSchema, ['contactIds', 'pending']);
  const rollupRows = new RollupRows(tables.rollups, 'activity', 30);
  const rollupStore = createRollupStore(tables.rollups);

  async function accountNamesOf(tenantId: string, ids: string[], known: ReadonlyMap<string, string> | undefined, concurrency: number) {
    const names = new Map<string, string>();
    await forEachLimited(ids, concurrency, async (id) => {
      names.set(id, known?.get(id) ?? (await accounts.getAccount(tenantId, id)).value.name);
    });
    return names;
  }

  /** As logActivity checks them: every contact must exist and belong to the activity's account. */
  async function checkContacts(
    tenantId: string,
    records: ActivityRow[],
    concurrency: number,
    known: ReadonlyMap<string, string> | undefined,
  ): Promise<void> {
    const owners = new Map<string, string | undefined>();
    await forEachLimited([...new Set(records.flatMap((row) => row.contactIds))], concurrency, async (contactId) => {
      if (known?.has(contactId)) return void owners.set(contactId, known.get(contactId));
      const contact = await accounts.getContact(tenantId, contactId).catch((error: unknown) => {
        if (isAppError(error, 'NOT_FOUND')) return undefined;
        throw error;
      });
      owners.set(contactId, contact?.value.accountId);
    });
    records.forEach((row, index) => {
      for (const contactId of row.contactIds) {
        if (owners.get(contactId) !== row.accountId)
          throw invalid(`${index}.contactIds`, `contact ${contactId} is not a contact of account ${row.accountId}`);
      }
    });
  }

  /** The account digest, topped up from the timeline when earlier moves left its recent list short (as rollup sync does). */
  async function addToDigest(tenantId: string, accountId: string, snapshots: Snapshot[]): Promise<void> {
    const digest = await rollupRows.mutate(
      address(tenantId, ['account', accountId], ['digest']),
      'account',
      accountSchema,
      emptyAccount,
      (state) => addToAccount(state, snapshots),
    );
    if (digest.recent.length >= Math.min(shownRecent, digest.count)) return;
    const page = await store.page(tenantId, accountId, { pageSize: shownRecent * 2 });
    await rollupStore.refillRecent(
      tenantId,
      accountId,
      page.items.map(({ value }) => ({
        id: value.id,
        accountId,
        accountName: value.accountName,
        type: value.type,
        subject: value.subject,
        occurredAt: value.occurredAt,
      })),
    );
  }

  /**
   * The author's day rows and open follow-ups, all in the author's partition: read at once and written in one
   * transaction per hundred rows. Rows a live write changed in between are added to one by one, each read again.
   * When the author has no day rows in the import's dates (a new author), they are not read one by one.
   */
  async function addToAuthor(tenantId: string, userId: string, snapshots: Snapshot[], concurrency: number): Promise<void> {
    const author = ['author', userId];
    const open = snapshots.filter(isOpenFollowUp);
    const dates = snapshots.map((s) => s.localDate).sort();
    const daysStored =
      dates.length > 0 &&
      (await rollupRows.range(tenantId, author, composeKey(['day', dates[0]!]), `${composeKey(['day', dates.at(-1)!])}~`, daySchema))
        .length > 0;
    const rows = [
      ...groupBy(snapshots, (s) => s.localDate).map(([date, onDay]) => ({
        row: ['day', date],
        kind: 'day',
        schema: daySchema,
        empty: emptyDay,
        add: (state: DayRollup) => addToDay(state, onDay),
      })),
      ...(open.length > 0
        ? [
            {
              row: ['followUps'],
              kind: 'followUps',
              schema: followUpsSchema,
              empty: emptyFollowUps,
              add: (state: FollowUpRollup) => addToFollowUps(state, open),
            },
          ]
        : []),
    ] as { row: string[]; kind: string; schema: z.ZodType<unknown>; empty: () => unknown; add: (state: unknown) => unknown }[];
    for (let first = 0; first < rows.length; first += maxTransaction) {
      const chunk = rows.slice(first, first + maxTransaction);
      const current = await Promise.all(
        chunk.map(({ row, schema }) =>
          row[0] === 'day' && !daysStored ? undefined : rollupRows.read(address(tenantId, author, row), schema),
        ),
      );
      try {
        await rollupRows.commit(
          tenantId,
          author,
          chunk.map(({ row, kind, empty, add }, i) => ({ row, kind, state: add(current[i]?.state ?? empty()), etag: current[i]?.etag })),
        );
      } catch (error) {
        if (!lostRace(error)) throw error;
        await forEachLimited(chunk, concurrency, async ({ row, kind, schema, empty, add }) => {
          await rollupRows.mutate(address(tenantId, author, row), kind, schema, empty, add);
        });
      }
    }
  }

  return {
    async importActivities(actor: Actor, inputs: readonly NewActivity[], options: ImportOptions = {}): Promise<Activity[]> {
      const { tenantId } = actor;
      const concurrency = options.concurrency ?? 16;
      const fields = inputs.map((input, index) => {
        assertNotesFit(input);
        const parsed = logInputSchema.safeParse(input);
        if (!parsed.success)
          throw validationError(new z.ZodError(parsed.error.issues.map((issue) => ({ ...issue, path: [index, ...issue.path] }))));
        return parsed.data;
      });
      const names = await accountNamesOf(tenantId, [...new Set(fields.map((f) => f.accountId))], options.accountNames, concurrency);
      const now = clock.now().toISOString();
      // Accounts are taken ten at a time, each ten sharing one reference bucket: their references are one transaction.
      const buckets = new Map<string, string>();
      let bucket = '';
      const bucketOf = (accountId: string) => {
        if (!buckets.has(accountId)) {
          if (buckets.size % accountsPerRefBucket === 0) bucket = randomBucket(refBucketLength);
          buckets.set(accountId, bucket);
        }
        return buckets.get(accountId)!;
      };
      const records: ActivityRow[] = fields.map((f) => {
        const activity: Activity = {
          ...f,
          contactIds: [...new Set(f.contactIds)],
          id: idInBucket(bucketOf(f.accountId)),
          authorId: actor.userId,
          authorName: actor.displayName,
          source: 'import',
          createdAt: now,
          updatedAt: now,
        };
        return {
          ...activity,
          accountName: names.get(f.accountId)!,
          localDate: localDateOf(activity.occurredAt, activity.timeZone),
          version: 1,
        };
      });
      await checkContacts(tenantId, records, concurrency, options.contactAccounts);

      let stored = 0;
      const accountGroups = groupBy(records, (row) => row.accountId);
      const chunks = Array.from({ length: Math.ceil(accountGroups.length / accountsPerRefBucket) }, (_, i) =>
        accountGroups.slice(i * accountsPerRefBucket, (i + 1) * accountsPerRefBucket),
      );
      await forEachLimited(chunks, Math.max(1, Math.ceil(concurrency / accountsPerRefBucket)), async (chunk) => {
        // The references first, as logActivity claims them first: a reference without its record reads as not found.
        const rows = chunk.flatMap(([, group]) => group);
        await store.createRefs(
          tenantId,
          bucketOf(rows[0]!.accountId),
          rows.map((row) => ({
            id: row.id,
            ref: {
              accountId: row.accountId,
              ticks: invertedTicksOf(row.occurredAt),
              version: 1,
              occurredAt: row.occurredAt,
              createdAt: now,
            },
          })),
        );
        await Promise.all(
          chunk.map(async ([accountId, group]) => {
            await recordRows.transact(
              tenantId,
              ['account', accountId],
              group.map((row) => ({ kind: 'create' as const, row: [invertedTicksOf(row.occurredAt), row.id], value: row })),
            );
            await addToDigest(
              tenantId,
              accountId,
              group.map((row) => snapshotOf(row, row.accountName, row.localDate)),
            );
            stored += group.length;
            options.onProgress?.(stored);
          }),
        );
      });

      await addToAuthor(
        tenantId,
        actor.userId,
        records.map((row) => snapshotOf(row, row.accountName, row.localDate)),
        concurrency,
      );
      return records.map(({ accountName: _n, localDate: _d, version: _v, ...activity }) => activity);
    },
  };
}

const address = (tenantId: string, partition: string[], row: string[]): RowAddress => ({ tenantId, partition, row });
const emptyAccount = (): AccountRollup => ({ applied: [], count: 0, recent: [], openFollowUps: [], openFollowUpCount: 0 });
const emptyDay = (): DayRollup => ({ applied: [], countsByType: {}, items: [] });
const emptyFollowUps = (): FollowUpRollup => ({ applied: [], openCount: 0, items: [] });

export type ActivityImport = ReturnType<typeof createActivityImport>;
