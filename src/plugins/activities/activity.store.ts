// Activity records in their account's timeline partition, newest first, and the by-id reference that finds them.
import { z } from 'zod';
import { isAppError } from '../../core/errors';
import type { EventSubmitter, NewEvent } from '../../core/events';
import { composeKey } from '../../storage/keys';
import { Repository, type Page, type PageRequest, type Publishing, type RowAddress, type Stored } from '../../storage/repository';
import { idBucket } from '../../storage/buckets';
import type { LogicalTable } from '../../storage/logical-table';
import { activitySchema, localDate, type Activity } from './activity.schema';
import { eventRowPrefix } from '../../storage/outbox-rows';

/**
 * A record row: the activity plus what its views need (`accountName`, `localDate`), a version counting its writes,
 * `movedTo` on the tombstone a date change leaves behind, and `deletedAt` on a deleted activity until its row goes.
 */
export const activityRowSchema = activitySchema.extend({
  accountName: z.string().max(200),
  localDate,
  version: z.number().int().min(1),
  movedTo: z
    .string()
    .regex(/^\d{15}$/)
    .optional(),
  deletedAt: z.iso.datetime().optional(),
});
export type ActivityRow = z.infer<typeof activityRowSchema>;

/** The reference by id; `occurredAt`/`createdAt` are the values first claimed, so a retried delivery writes the same record. */
const refSchema = z.strictObject({
  accountId: z.uuid(),
  ticks: z.string().regex(/^\d{15}$/),
  version: z.number().int().min(1),
  occurredAt: z.string(),
  createdAt: z.string(),
});
export type ActivityRef = z.infer<typeof refSchema>;

/** Tombstones are followed at most this far; a longer chain means the reference is being moved right now. */
const maxHops = 5;

export function toActivity(row: ActivityRow): Activity {
  const { accountName: _n, localDate: _d, version: _v, movedTo: _m, deletedAt: _x, ...activity } = row;
  return activity;
}

/**
 * The ETag clients see: the record's version, which only changes of the activity raise. Housekeeping writes (moving
 * to a new key) change the storage ETag but not this one, so a client's copy stays current.
 */
export const versionTag = (row: ActivityRow): string => `"v${row.version}"`;

export function toStoredActivity(row: Stored<ActivityRow>): Stored<Activity> {
  return { value: toActivity(row.value), etag: versionTag(row.value) };
}

/** Hex digits of an activity id that name its reference's partition: 4,096 partitions of a few hundred rows at most. */
export const refBucketLength = 3;
/** The reference partition of an activity id; a batch of ids made in one bucket is written in one transaction. */
export const refPartition = (id: string) => ['activity', idBucket(id, refBucketLength)];

export function createActivityStore(tables: { records: LogicalTable; refs: LogicalTable }) {
  const records = new Repository(tables.records, 'activity', activityRowSchema, ['contactIds']);
  const refs = new Repository(tables.refs, 'activity', refSchema);
  const partition = (accountId: string) => ['account', accountId];
  const recordAddress = (tenantId: string, accountId: string, ticks: string, id: string): RowAddress => ({
    tenantId,
    partition: partition(accountId),
    row: [ticks, id],
  });
  const refAddress = (tenantId: string, id: string): RowAddress => ({ tenantId, partition: refPartition(id), row: [id] });

  async function followFrom(tenantId: string, id: string, ref: ActivityRef): Promise<Stored<ActivityRow> | undefined> {
    let ticks = ref.ticks;
    for (let hop = 0; hop < maxHops; hop += 1) {
      const row = await records.get(recordAddress(tenantId, ref.accountId, ticks, id));
      if (row?.value.deletedAt) return undefined;
      if (!row?.value.movedTo) return row;
      ticks = row.value.movedTo;
    }
    return undefined;
  }

  return {
    /** Create-if-absent: ALREADY_EXISTS when the id (an idempotency claim) is taken. */
    createRef: (tenantId: string, id: string, ref: ActivityRef) => refs.create(refAddress(tenantId, id), ref),
    /** References of ids sharing one bucket, created in one transaction: all of them or, if one is taken, none. */
    createRefs: (tenantId: string, bucket: string, created: { id: string; ref: ActivityRef }[]) =>
      refs.transact(
        tenantId,
        refPartition(bucket),
        created.map(({ id, ref }) => ({ kind: 'create' as const, row: [id], value: ref })),
      ),
    getRef: (tenantId: string, id: string) => refs.get(refAddress(tenantId, id)),
    deleteRef: (tenantId: string, id: string) => refs.delete(refAddress(tenantId, id)),

    /** Points the reference at `ticks` unless a later version already moved it further. */
    async advanceRef(tenantId: string, id: string, ticks: string, version: number): Promise<void> {
      for (;;) {
        const ref = await refs.getOrThrow(refAddress(tenantId, id));
        if (ref.value.version >= version) return;
        try {
          await refs.replace(refAddress(tenantId, id), { ...ref.value, ticks, version }, ref.etag);
          return;
        } catch (error) {
          if (!isAppError(error, 'CONFLICT')) throw error;
        }
      }
    },

    /** Creates the record, with the events it publishes in the same transaction. */
    createRecord: (tenantId: string, ticks: string, row: ActivityRow, publishing?: Publishing) =>
      records.create(recordAddress(tenantId, row.accountId, ticks, row.id), row, publishing),
    /** Creates records of one account in one transaction, each with the events it publishes (at most 100 operations in all). */
    createRecords: (
      tenantId: string,
      accountId: string,
      rows: { ticks: string; row: ActivityRow; events: NewEvent[] }[],
      outbox: EventSubmitter,
    ) =>
      records.publish(
        outbox,
        tenantId,
        partition(accountId),
        rows.map(({ ticks, row, events }) => ({ kind: 'create' as const, row: [ticks, row.id], value: row, events })),
      ),
    getRecord: (tenantId: string, accountId: string, ticks: string, id: string) =>
      records.get(recordAddress(tenantId, accountId, ticks, id)),
    /** Replaces the record if it still has `etag`, with the events it publishes in the same transaction. */
    replaceRecord: (tenantId: string, ticks: string, row: ActivityRow, etag: string, publishing: Publishing) =>
      records.replace(recordAddress(tenantId, row.accountId, ticks, row.id), row, etag, publishing),

    /** The live record of an activity by id, following tombstones; a reference read mid-move is read once more. */
    async find(tenantId: string, id: string): Promise<{ ref: Stored<ActivityRef>; record: Stored<ActivityRow> | undefined } | undefined> {
      const ref = await refs.get(refAddress(tenantId, id));
      if (!ref) return undefined;
      const record = await followFrom(tenantId, id, ref.value);
      if (record) return { ref, record };
      const again = await refs.get(refAddress(tenantId, id));
      if (!again || again.value.ticks === ref.value.ticks) return { ref, record: undefined };
      return { ref: again, record: await followFrom(tenantId, id, again.value) };
    },

    /**
     * Moves a record to a new time key in one transaction with the events it publishes: the new row is created and the
     * old one, only if it still has `etag`, becomes a tombstone pointing at it. Readers holding the old key follow the tombstone.
     */
    async moveRecord(
      tenantId: string,
      fromTicks: string,
      current: Stored<ActivityRow>,
      toTicks: string,
      next: ActivityRow,
      publishing: Publishing,
    ): Promise<Stored<ActivityRow>> {
      const { etags } = await records.publish(publishing.outbox, tenantId, partition(next.accountId), [
        { kind: 'create', row: [toTicks, next.id], value: next, events: publishing.events },
        { kind: 'replace', row: [fromTicks, next.id], value: { ...current.value, movedTo: toTicks }, etag: current.etag },
      ]);
      return { value: next, etag: etags.get(composeKey([toTicks, next.id])) ?? '' };
    },

    /** Deletes a record's row (a tombstone, or a deleted activity's); one already gone is left gone. */
    async deleteTombstone(tenantId: string, accountId: string, ticks: string, id: string): Promise<void> {
      await records.delete(recordAddress(tenantId, accountId, ticks, id));
    },

    /** Every live activity of the tenant, account by account: for rebuilding and verifying its views, never a request path. */
    async *everyRecord(tenantId: string): AsyncIterable<ActivityRow> {
      let continuationToken: string | undefined;
      do {
        const page = await records.pageBelow(tenantId, ['account'], { pageSize: 1000, continuationToken });
        for (const { value } of page.items) if (!value.movedTo && !value.deletedAt) yield value;
        continuationToken = page.continuationToken;
      } while (continuationToken);
    },

    /** One page of an account's timeline, newest first; tombstones of moved and deleted activities are left out. */
    async page(tenantId: string, accountId: string, request: PageRequest): Promise<Page<ActivityRow>> {
      // Activity keys are digits: the timeline ends before the partition's waiting events, so a page never stops short on them.
      const before = request.rowKeyBefore !== undefined && request.rowKeyBefore < eventRowPrefix ? request.rowKeyBefore : eventRowPrefix;
      const page = await records.page(tenantId, partition(accountId), { ...request, rowKeyBefore: before });
      return { ...page, items: page.items.filter((item) => !item.value.movedTo && !item.value.deletedAt) };
    },
  };
}

export type ActivityStore = ReturnType<typeof createActivityStore>;
