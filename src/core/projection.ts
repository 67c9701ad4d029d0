// Derived views as plugins declare them: what a record contributes to a view (rows of its own, shares of aggregates), and the projector that keeps them.
//
// A view is derived from one kind of record. Its `derive` is a pure function of the record's current state; the
// projector (src/storage/projector.ts) applies it whenever a write of the record publishes the view's `source` event,
// keeping per record what it last contributed, so that applying a change again, late, or in any process never counts
// twice, and `npm run rebuild` / `npm run verify` can recompute a view from the records alone.

/** A row a record derives in one of its plugin's tables (a board card, a search key, a history line). */
export interface ProjectedRow {
  /** One of the view's `tables`. */
  table: string;
  partition: readonly string[];
  row: readonly string[];
  /** Flat properties; nested data is JSON text. */
  value: Readonly<Record<string, string | number | boolean>>;
}

/**
 * A record's share of one aggregate row: integer counts (money in minor units or exact parts, never rounded sums) and
 * labels shown with them (an owner's name), which the latest record to contribute sets.
 */
export interface AggregateShare {
  counts: Readonly<Record<string, number>>;
  labels?: Readonly<Record<string, string>>;
}

/** What one record contributes to a view. */
export interface Projection {
  rows: readonly ProjectedRow[];
  /** By aggregate key (any string; `figures|all`, `month|owner:u1|2025-06`). */
  aggregates: Readonly<Record<string, AggregateShare>>;
}

/** A record as a view reads it, with the version its last write gave it. */
export interface VersionedRecord<R> {
  id: string;
  /** 1 for a new record (`firstVersion`), one more with every write. */
  version: number;
  record: R;
}

/** The version a record is created with. */
export const firstVersion = 1;

/**
 * A derived view, declared by a plugin in `PluginParts.views`.
 * @example { id: 'pipeline.search', source: 'opportunity.changed', store: table('PipelineViews'),
 *            tables: { search: table('PipelineSearch') }, owns: [{ table: 'search', partition: ['title'] }],
 *            load: (tenantId, id) => readDeal(tenantId, id), records: (tenantId) => everyDeal(tenantId),
 *            derive: (deal) => ({ rows: searchRowsOf(deal), aggregates: {} }) }
 */
export interface ViewDefinition<R = unknown, Table = unknown> {
  /** `<plugin>.<view>`, unique in the plugin set: what `npm run rebuild -- --view` names. */
  id: string;
  /** The event type a write of the record publishes (carrying the record's id and new version). */
  source: string;
  /** The table (or shards) keeping the view's footprints and aggregate rows, one partition per tenant. */
  store: Table;
  /** The tables its rows go to, by the names `ProjectedRow.table` uses. */
  tables: Readonly<Record<string, Table>>;
  /** The partitions (by prefix) the view's rows own in its tables: rebuild removes rows there that no record derives. */
  owns: readonly { table: string; partition: readonly string[] }[];
  /** The record as it is now; undefined once it is gone (its contribution is then taken away). */
  load(tenantId: string, recordId: string): Promise<VersionedRecord<R> | undefined>;
  /** Every record of the tenant: for rebuild and verify, never a request path. */
  records(tenantId: string): AsyncIterable<VersionedRecord<R>>;
  /** The record's rows and aggregate shares; a pure function of the record. */
  derive(record: R): Projection;
}

/** What a plugin sees of the projector: reads wait on it to see this process's own writes. */
export interface ProjectionReads {
  /** Resolves once every change of the tenant this process was applying to its views when called is applied (or failed). */
  settled(tenantId: string): Promise<void>;
  /**
   * Whether some view of `source` derives rows or shares from `record`. A new record that none does needs no change
   * published: no view has anything to apply (an account whose name has no pinyin).
   */
  derivesFrom(source: string, record: unknown): boolean;
}

/** The projector as the plugin host needs it (src/storage/projector.ts implements it). */
export interface Projections extends ProjectionReads {
  /** Registers a plugin's views; refuses an id registered twice. */
  register(pluginId: string, views: readonly ViewDefinition[]): void;
  /** The event types views are derived from: the projector handles each as the subscriber `projector`. */
  sources(): string[];
  /** Applies the change an event names to every view of its source; rejects with a deferral when another process holds the views. */
  handle(event: { type: string; tenantId: string; recordId: string; version: number }): Promise<void>;
  /** Resolves once every apply this process started is done. */
  idle(): Promise<void>;
  /**
   * Stops taking changes: what is queued is applied for a few seconds more, the rest (and whatever arrives from then
   * on) is deferred to the outbox's sweeper, which delivers it to whichever process runs next. Resolves once idle.
   */
  stop(): Promise<void>;
}

/** The subscriber name under which the projector takes events. */
export const projectorSubscriber = 'projector';

/**
 * Thrown by a handler that cannot take an event now but will soon (another process holds the work): the outbox
 * delivers it again shortly, without counting a failure.
 */
export class EventDeferred extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'EventDeferred';
  }
}

export const isDeferral = (error: unknown): error is EventDeferred => error instanceof EventDeferred;
