// The repository base: tenant-scoped keys, zod-parsed rows, ETag-checked writes with their events, paging and batched transactions.
import type { TableClient, TableEntityResult, TransactionAction } from '@azure/data-tables';
import type { z } from 'zod';
import { AppError, isAppError } from '../core/errors';
import type { EventSubmitter, NewEvent } from '../core/events';
import { parseWith } from '../core/validation';
import { fromEntity, toEntity, type Row } from './entity-codec';
import { allOf, where, type ODataFilter } from './filter';
import { composeKey } from './keys';
import { clientOf, nameOf, partitionKeyOf, partitionRange, type TableRef } from './logical-table';
import { isEventRow } from './outbox-rows';
import { queryPage } from './paging';
import { toAppError } from './storage-errors';

/** Where a row lives: the tenant, the partition inside it, and the row key parts. */
export interface RowAddress {
  tenantId: string;
  partition: readonly string[];
  row: readonly string[];
}

/** A record as stored, with the ETag that a later update must present. */
export interface Stored<T> {
  value: T;
  etag: string;
}

export interface PageRequest {
  /** 1 to 1,000 (Azure's page limit). */
  pageSize?: number;
  /** A token a page of the same list gave out (opaque: paging.ts); anything else is INVALID_CONTINUATION. */
  continuationToken?: string;
  where?: ODataFilter;
  /** Row keys from (inclusive) and before (exclusive), in key order, e.g. a name prefix range. */
  rowKeyFrom?: string;
  rowKeyBefore?: string;
}

export interface Page<T> {
  items: Stored<T>[];
  continuationToken?: string;
}

export type RowChange<T> =
  | { kind: 'create'; row: readonly string[]; value: T }
  | { kind: 'replace'; row: readonly string[]; value: T; etag: string }
  | { kind: 'upsert'; row: readonly string[]; value: T }
  | { kind: 'delete'; row: readonly string[] };

/** The events a write publishes, made by the plugin's outbox (`PluginContext.outbox`): stored in the write's own transaction. */
export interface Publishing {
  outbox: EventSubmitter;
  events: readonly NewEvent[];
}

/** A change and the events it publishes. */
export type PublishedChange<T> = RowChange<T> & { events?: readonly NewEvent[] };

/** A write with its events stored: the new ETags by (encoded) row key, and the events' release or withdrawal (see Submitted). */
export interface Published {
  etags: Map<string, string>;
  release(): void;
  withdraw(): Promise<void>;
}

/** Azure takes at most 100 operations and 4 MiB in one entity-group transaction. */
export const transactionLimits = { operations: 100, bytes: 4 * 1024 * 1024 - 64 * 1024 } as const;

/**
 * Stores one kind of record in a plugin's logical table (`ctx.table(name)`), or in a core table of its own.
 * @example const accounts = new Repository(ctx.table('Accounts'), 'account', accountSchema, ['tags']);
 */
export class Repository<S extends z.ZodObject> {
  private readonly jsonFields: ReadonlySet<string>;
  /** The physical table the rows are in. */
  readonly client: TableClient;

  constructor(
    readonly table: TableRef,
    readonly entity: string,
    readonly schema: S,
    jsonFields: readonly (keyof z.infer<S> & string)[] = [],
  ) {
    this.jsonFields = new Set(jsonFields);
    this.client = clientOf(table);
  }

  /** The PartitionKey of a partition of this repository's table: the tenant id first, then the logical table's name. */
  partitionKey(tenantId: string, partition: readonly string[]): string {
    return partitionKeyOf(this.table, tenantId, partition);
  }

  async get(address: RowAddress): Promise<Stored<z.infer<S>> | undefined> {
    const { partitionKey, rowKey } = this.keys(address);
    try {
      return this.stored(await this.client.getEntity<Row>(partitionKey, rowKey));
    } catch (error) {
      const mapped = toAppError(error, this.context(address));
      if (isAppError(mapped, 'NOT_FOUND')) return undefined;
      throw mapped;
    }
  }

  async getOrThrow(address: RowAddress): Promise<Stored<z.infer<S>>> {
    const found = await this.get(address);
    if (!found) throw new AppError('NOT_FOUND', this.context(address));
    return found;
  }

  /** Creates the row, with the events it publishes in the same transaction; an existing one is ALREADY_EXISTS, never overwritten. */
  async create(address: RowAddress, value: z.infer<S>, publishing?: Publishing): Promise<Stored<z.infer<S>>> {
    const { partitionKey, rowKey } = this.keys(address);
    const checked = this.validate(value);
    if (this.wanted(publishing).length > 0)
      return { value: checked, etag: await this.publishOne(address, { kind: 'create', row: address.row, value: checked }, publishing!) };
    const response = await this.guard(address, () => this.client.createEntity(toEntity(partitionKey, rowKey, checked, this.jsonFields)));
    return { value: checked, etag: response.etag ?? '' };
  }

  /** Replaces the row only if it still has `etag` (otherwise CONFLICT, so no update is ever lost), with the events it publishes. */
  async replace(address: RowAddress, value: z.infer<S>, etag: string, publishing?: Publishing): Promise<Stored<z.infer<S>>> {
    const { partitionKey, rowKey } = this.keys(address);
    const checked = this.validate(value);
    if (this.wanted(publishing).length > 0)
      return {
        value: checked,
        etag: await this.publishOne(address, { kind: 'replace', row: address.row, value: checked, etag }, publishing!),
      };
    const entity = toEntity(partitionKey, rowKey, checked, this.jsonFields);
    const response = await this.guard(address, () => this.client.updateEntity(entity, 'Replace', { etag }));
    return { value: checked, etag: response.etag ?? '' };
  }

  /** For rows whose last writer rightly wins (caches, idempotent markers); records use `replace`. */
  async upsert(address: RowAddress, value: z.infer<S>): Promise<Stored<z.infer<S>>> {
    const { partitionKey, rowKey } = this.keys(address);
    const checked = this.validate(value);
    const response = await this.guard(address, () =>
      this.client.upsertEntity(toEntity(partitionKey, rowKey, checked, this.jsonFields), 'Replace'),
    );
    return { value: checked, etag: response.etag ?? '' };
  }

  /** Deletes the row; with `etag`, only that version. A missing row is NOT_FOUND. */
  async delete(address: RowAddress, etag?: string): Promise<void> {
    const { partitionKey, rowKey } = this.keys(address);
    await this.guard(address, () => this.client.deleteEntity(partitionKey, rowKey, etag ? { etag } : undefined));
  }

  /** One page of a partition, in row-key order. Never leaves the partition, so never the tenant. */
  async page(tenantId: string, partition: readonly string[], request: PageRequest = {}): Promise<Page<z.infer<S>>> {
    const partitionKey = this.partitionKey(tenantId, partition);
    return this.query(where`PartitionKey eq ${partitionKey}`, request, partition);
  }

  /**
   * One page over every partition below `partition` in one tenant (all buckets of a record kind), or with
   * `nextPartPrefix` those whose next part starts with it: one range query, in partition then row-key order. Never
   * leaves the tenant, nor the logical table.
   * @example await accounts.pageBelow(tenantId, ['account'], { pageSize: 50, continuationToken })
   */
  async pageBelow(
    tenantId: string,
    partition: readonly string[],
    request: PageRequest = {},
    nextPartPrefix?: string,
  ): Promise<Page<z.infer<S>>> {
    const { from, before } = partitionRange(this.table, tenantId, partition, nextPartPrefix);
    return this.query(where`PartitionKey ge ${from} and PartitionKey lt ${before}`, request, partition);
  }

  private async query(partitions: ODataFilter, request: PageRequest, partition: readonly string[]): Promise<Page<z.infer<S>>> {
    const filter = allOf(
      partitions,
      request.rowKeyFrom === undefined ? undefined : where`RowKey ge ${request.rowKeyFrom}`,
      request.rowKeyBefore === undefined ? undefined : where`RowKey lt ${request.rowKeyBefore}`,
      request.where,
    );
    const page = await queryPage(this.client, filter, request, { entity: this.entity, id: partition.join('/') || nameOf(this.table) });
    // A partition of records may hold their events for a moment (outbox-rows.ts): they are not records.
    return {
      items: page.rows.filter((row) => !isEventRow(row.rowKey)).map((row) => this.stored(row)),
      continuationToken: page.continuationToken,
    };
  }

  /**
   * Writes changes to one partition as transactions of at most 100 operations; each transaction is atomic, and with
   * `atomic` the changes must fit in one, so that they are written all or none. Returns the new ETag of every written
   * row, by its (encoded) row key.
   */
  async transact(
    tenantId: string,
    partition: readonly string[],
    changes: readonly RowChange<z.infer<S>>[],
    options: { atomic?: boolean } = {},
  ): Promise<Map<string, string>> {
    const partitionKey = this.partitionKey(tenantId, partition);
    const actions = changes.map((change) => this.action(partitionKey, change));
    const etags = new Map<string, string>();
    const chunks = transactionChunks(actions);
    if (options.atomic && chunks.length > 1)
      throw new Error(`${changes.length} ${this.entity} changes do not fit in one transaction, as an atomic write needs`);
    for (const chunk of chunks) {
      const response = await this.guard({ tenantId, partition, row: [chunk[0]![1].rowKey] }, () => this.client.submitTransaction(chunk));
      // Sub-responses come in the order of the operations; an update's carries no RowKey, only its ETag.
      response.subResponses.forEach((sub, i) => {
        if (sub.etag) etags.set(chunk[i]![1].rowKey!, sub.etag);
      });
    }
    return etags;
  }

  /**
   * Writes changes to one partition and the events they publish in one transaction (at most 100 operations in all,
   * events counted), then delivers the events, unless `hold` keeps them until `release()` (a writer that may still undo
   * the write calls `withdraw()` first). Events no plugin handles are not stored; without any, it is `transact`.
   * @example const { etags } = await records.publish(ctx.outbox, tenantId, partition, [{ kind: 'create', row: [id], value, events: [created] }])
   */
  async publish(
    outbox: EventSubmitter,
    tenantId: string,
    partition: readonly string[],
    changes: readonly PublishedChange<z.infer<S>>[],
    options: { hold?: boolean } = {},
  ): Promise<Published> {
    const events = changes.flatMap((change) => change.events ?? []).filter((event) => outbox.delivers(event.type));
    if (events.length === 0) {
      const only = changes.length === 1 ? changes[0]! : undefined;
      const etags =
        only && only.kind !== 'delete' ? await this.writeOne(tenantId, partition, only) : await this.transact(tenantId, partition, changes);
      return { etags, release() {}, async withdraw() {} };
    }
    if (changes.length + events.length > transactionLimits.operations)
      throw new Error(
        `A write with events is one transaction: ${changes.length} changes and ${events.length} events are more than ${transactionLimits.operations} operations`,
      );
    const partitionKey = this.partitionKey(tenantId, partition);
    const actions = changes.map((change) => this.action(partitionKey, change));
    const submitted = await this.guard({ tenantId, partition, row: changes[0]!.row }, () =>
      outbox.submit(this.client, actions, events, { hold: true }),
    );
    const etags = new Map<string, string>();
    // Sub-responses come in the order of the operations, the record's first.
    actions.forEach((action, i) => {
      const etag = submitted.response.subResponses[i]?.etag;
      if (etag) etags.set(action[1].rowKey, etag);
    });
    if (!options.hold) submitted.release();
    return { etags, release: () => submitted.release(), withdraw: () => submitted.withdraw() };
  }

  private wanted(publishing: Publishing | undefined): readonly NewEvent[] {
    return publishing?.events.filter((event) => publishing.outbox.delivers(event.type)) ?? [];
  }

  private async publishOne(address: RowAddress, change: PublishedChange<z.infer<S>>, publishing: Publishing): Promise<string> {
    const { etags } = await this.publish(publishing.outbox, address.tenantId, address.partition, [
      { ...change, events: publishing.events },
    ]);
    return etags.get(composeKey(address.row)) ?? '';
  }

  /** One change as the single request it is. */
  private async writeOne(
    tenantId: string,
    partition: readonly string[],
    change: Exclude<RowChange<z.infer<S>>, { kind: 'delete' }>,
  ): Promise<Map<string, string>> {
    const address = { tenantId, partition, row: change.row };
    const written =
      change.kind === 'create'
        ? await this.create(address, change.value)
        : change.kind === 'upsert'
          ? await this.upsert(address, change.value)
          : await this.replace(address, change.value, change.etag);
    return new Map([[composeKey(change.row), written.etag]]);
  }

  private action(partitionKey: string, change: RowChange<z.infer<S>>): TransactionAction {
    const rowKey = composeKey(change.row);
    if (change.kind === 'delete') return ['delete', { partitionKey, rowKey }];
    const entity = toEntity(partitionKey, rowKey, this.validate(change.value), this.jsonFields);
    if (change.kind === 'create') return ['create', entity];
    if (change.kind === 'upsert') return ['upsert', entity, 'Replace'];
    return ['update', entity, 'Replace', { etag: change.etag }];
  }

  /**
   * One change as an operation of an entity-group transaction, checked and encoded as `transact` would: for a
   * transaction that writes rows of several record kinds of one partition together (`transactKinds`).
   */
  transactionAction(
    tenantId: string,
    partition: readonly string[],
    change: RowChange<z.infer<S>>,
  ): { table: TableClient; partitionKey: string; action: TransactionAction } {
    const partitionKey = this.partitionKey(tenantId, partition);
    return { table: this.client, partitionKey, action: this.action(partitionKey, change) };
  }

  private keys(address: RowAddress) {
    return { partitionKey: this.partitionKey(address.tenantId, address.partition), rowKey: composeKey(address.row) };
  }

  private validate(value: z.infer<S>): z.infer<S> {
    return parseWith(this.schema, value);
  }

  private stored(row: TableEntityResult<Row>): Stored<z.infer<S>> {
    return { value: fromEntity(row, this.schema, this.jsonFields), etag: row.etag };
  }

  private context(address: RowAddress) {
    return { entity: this.entity, id: address.row.join('/') };
  }

  private async guard<R>(address: RowAddress, write: () => Promise<R>): Promise<R> {
    try {
      return await write();
    } catch (error) {
      throw toAppError(error, this.context(address));
    }
  }
}

/**
 * Splits groups of actions into transactions within Azure's operation and payload limits (UTF-16 upper bound), never
 * splitting a group (writes that must commit together): the indexes of the groups each transaction takes.
 */
export function transactionGroups(groups: readonly (readonly TransactionAction[])[]): number[][] {
  const transactions: number[][] = [];
  let current: number[] = [];
  let operations = 0;
  let bytes = 0;
  groups.forEach((group, i) => {
    const size = group.reduce((sum, action) => sum + 2 * JSON.stringify(action[1]).length, 0);
    if (current.length > 0 && (operations + group.length > transactionLimits.operations || bytes + size > transactionLimits.bytes)) {
      transactions.push(current);
      current = [];
      operations = 0;
      bytes = 0;
    }
    current.push(i);
    operations += group.length;
    bytes += size;
  });
  if (current.length > 0) transactions.push(current);
  return transactions;
}

/** Splits actions into transactions within Azure's operation and payload limits. */
export function transactionChunks(actions: readonly TransactionAction[]): TransactionAction[][] {
  return transactionGroups(actions.map((action) => [action])).map((indexes) => indexes.map((i) => actions[i]!));
}
