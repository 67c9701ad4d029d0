// Delivery records: every proactive send, its recipient, status, attempts and the activity it became in Teams.
//
// PK [tenant, 'delivery']. RK ['r', id] where the id starts with the inverted creation time, so a tenant's deliveries
// list newest first; RK ['k', plugin, hash of the dedupe key] marks a deduplicated send and names its delivery. The two
// are created in one transaction, so of any number of sends with one key exactly one creates the delivery.
import { createHash, randomBytes } from 'node:crypto';
import type { TableClient, TransactionAction } from '@azure/data-tables';
import { z } from 'zod';
import { deliveryErrorCodes, deliveryStatuses, type DeliveryStatus } from '../src/core/notifier';
import { fromEntity, toEntity, type Row } from '../src/storage/entity-codec';
import { allOf, where, type ODataFilter } from '../src/storage/filter';
import { composeKey } from '../src/storage/keys';
import { Repository, transactionGroups, type Page, type Stored } from '../src/storage/repository';
import { statusOf, toAppError } from '../src/storage/storage-errors';
import { storedReferenceSchema } from './conversation-reference.store';

export const deliveryRowSchema = z.object({
  id: z.string(),
  tenantId: z.string(),
  pluginId: z.string(),
  recipientKind: z.enum(['user', 'channel']),
  userId: z.string().optional(),
  teamId: z.string().optional(),
  channelId: z.string().optional(),
  managerOf: z.string().optional(),
  status: z.enum(deliveryStatuses),
  attempts: z.number().int(),
  lastErrorCode: z.enum(deliveryErrorCodes).optional(),
  lastError: z.string().optional(),
  /** The card still to deliver; dropped once delivered (an update sends its own card). */
  card: z.record(z.string(), z.unknown()).optional(),
  text: z.string().optional(),
  /** Where the card went, for updates in place. */
  reference: storedReferenceSchema.optional(),
  conversationId: z.string().optional(),
  activityId: z.string().optional(),
  updates: z.number().int(),
  /** The process driving the delivery; another takes it over only once it is overdue. */
  worker: z.string().optional(),
  createdAt: z.string(),
  updatedAt: z.string(),
  deliveredAt: z.string().optional(),
  nextAttemptAt: z.string().optional(),
});
export type DeliveryRow = z.infer<typeof deliveryRowSchema>;

const dedupeRowSchema = z.object({ deliveryId: z.string() });
const partition = ['delivery'];
const recordRange = { rowKeyFrom: 'r|', rowKeyBefore: 'r}' } as const;
const openFilter = where`status eq ${'pending'} or status eq ${'retrying'}`;
const newestMs = 9_999_999_999_999;

/** A new delivery's id: newest first in key order, unique by its random tail. */
export function newDeliveryRowId(at: Date): string {
  return `${String(newestMs - at.getTime()).padStart(13, '0')}-${randomBytes(6).toString('hex')}`;
}

/** Row ids of deliveries created at or after `at` sort before this one. */
const rowIdBefore = (at: Date) => `${String(newestMs - at.getTime()).padStart(13, '0')}.`;

/** A delivery to record, and the key that makes a second send of it return the first. */
export interface NewDelivery {
  row: DeliveryRow;
  dedupeKey?: string;
}
type Created = { stored: Stored<DeliveryRow>; created: boolean };

export interface DeliveryStore {
  /** Creates the delivery; with a dedupe key, returns the existing delivery instead when the key was used before. */
  create(row: DeliveryRow, dedupeKey?: string): Promise<Created>;
  /** Creates deliveries of one tenant together, each as `create` would; the results in the order given. */
  createAll(items: readonly NewDelivery[]): Promise<Created[]>;
  get(tenantId: string, id: string): Promise<Stored<DeliveryRow> | undefined>;
  /** ETag-checked; a row changed meanwhile is CONFLICT. */
  replace(row: DeliveryRow, etag: string): Promise<Stored<DeliveryRow>>;
  list(tenantId: string, request: { status?: DeliveryStatus; pageSize: number; continuationToken?: string }): Promise<Page<DeliveryRow>>;
  /** Pending and retrying deliveries of the tenant created since `since` that match `filter`. */
  openSince(tenantId: string, since: Date, filter: ODataFilter): AsyncIterable<Stored<DeliveryRow>>;
  /** Pending and retrying deliveries of every tenant; read once at start-up, never on a request path. */
  openEverywhere(): AsyncIterable<Stored<DeliveryRow>>;
}

export function createDeliveryStore(table: TableClient): DeliveryStore {
  const records = new Repository(table, 'record', deliveryRowSchema, ['card', 'reference']);
  const dedupeMarks = new Repository(table, 'record', dedupeRowSchema);
  const jsonFields = new Set(['card', 'reference']);
  const address = (tenantId: string, id: string) => ({ tenantId, partition, row: ['r', id] });

  const markOf = (row: DeliveryRow, dedupeKey: string) => ({
    tenantId: row.tenantId,
    partition,
    row: ['k', row.pluginId, createHash('sha256').update(dedupeKey).digest('hex').slice(0, 40)],
  });

  /** A new delivery's writes: its dedupe mark first when it has a key, then its record (the record's is the last ETag). */
  function actionsOf({ row, dedupeKey }: NewDelivery): TransactionAction[] {
    const partitionKey = records.partitionKey(row.tenantId, partition);
    const record: TransactionAction = [
      'create',
      toEntity(partitionKey, composeKey(['r', row.id]), deliveryRowSchema.parse(row), jsonFields),
    ];
    if (dedupeKey === undefined) return [record];
    return [['create', toEntity(partitionKey, composeKey(markOf(row, dedupeKey).row), { deliveryId: row.id }, new Set())], record];
  }

  async function createDeduplicated(row: DeliveryRow, dedupeKey: string) {
    try {
      const response = await table.submitTransaction(actionsOf({ row, dedupeKey }));
      return { stored: { value: row, etag: response.subResponses[1]?.etag ?? '' }, created: true };
    } catch (error) {
      if (statusOf(error) !== 409) throw toAppError(error, { entity: 'record', id: row.id });
    }
    const { deliveryId } = (await dedupeMarks.getOrThrow(markOf(row, dedupeKey))).value;
    return { stored: await records.getOrThrow(address(row.tenantId, deliveryId)), created: false };
  }

  async function create(row: DeliveryRow, dedupeKey?: string) {
    if (dedupeKey !== undefined) return createDeduplicated(row, dedupeKey);
    return { stored: await records.create(address(row.tenantId, row.id), row), created: true };
  }

  /** New deliveries of one tenant in transactions that each keep a delivery's mark with its record, all or none of each. */
  async function createAll(items: readonly NewDelivery[]): Promise<Created[]> {
    const created: Created[] = [];
    // A key twice in one call: the first goes in a transaction, the repeat then finds it.
    const firsts = items.filter(
      (item, i) => item.dedupeKey === undefined || items.findIndex((other) => other.dedupeKey === item.dedupeKey) === i,
    );
    const actions = firsts.map(actionsOf);
    for (const group of transactionGroups(actions)) {
      const chunk = group.map((i) => firsts[i]!);
      try {
        const response = await table.submitTransaction(group.flatMap((i) => actions[i]!));
        let at = 0;
        for (const item of chunk) {
          at += item.dedupeKey === undefined ? 1 : 2;
          created.push({ stored: { value: item.row, etag: response.subResponses[at - 1]?.etag ?? '' }, created: true });
        }
      } catch (error) {
        // A key used before (a repeated send, or another process's): each on its own finds its delivery.
        if (statusOf(error) !== 409) throw toAppError(error, { entity: 'record', id: chunk[0]!.row.id });
        for (const item of chunk) created.push(await create(item.row, item.dedupeKey));
      }
    }
    const byRow = new Map(firsts.map((item, i) => [item, created[i]!]));
    return Promise.all(items.map(async (item) => byRow.get(item) ?? (await create(item.row, item.dedupeKey))));
  }

  async function* query(tables: TableClient, filter: string) {
    for await (const page of tables.listEntities<Row>({ queryOptions: { filter } }).byPage({ maxPageSize: 1000 })) {
      for (const entity of page) yield { value: fromEntity(entity, deliveryRowSchema, jsonFields), etag: entity.etag };
    }
  }

  return {
    create,
    createAll,
    get: (tenantId, id) => records.get(address(tenantId, id)),
    replace: (row, etag) => records.replace(address(row.tenantId, row.id), row, etag),
    list: (tenantId, request) =>
      records.page(tenantId, partition, {
        ...recordRange,
        pageSize: request.pageSize,
        continuationToken: request.continuationToken,
        ...(request.status ? { where: where`status eq ${request.status}` } : {}),
      }),
    async *openSince(tenantId, since, filter) {
      const partitionKey = records.partitionKey(tenantId, partition);
      const range = allOf(
        where`PartitionKey eq ${partitionKey}`,
        where`RowKey ge ${'r|'}`,
        where`RowKey lt ${composeKey(['r', rowIdBefore(since)])}`,
      );
      yield* query(table, allOf(range, openFilter, filter));
    },
    openEverywhere: () => query(table, allOf(openFilter, where`RowKey ge ${'r|'}`, where`RowKey lt ${'r}'}`)),
  };
}
