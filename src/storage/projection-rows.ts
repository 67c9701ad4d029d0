// A view's stored state: per record its footprint (version applied, rows written, aggregate shares), the aggregate rows, and the derived rows themselves.
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { isAppError } from '../core/errors';
import type { AggregateShare, ProjectedRow, Projection } from '../core/projection';
import { composeKey } from './keys';
import { Repository, type RowChange } from './repository';
import { decodeParts, encodeParts, partsRowSchema } from './rollup-rows';
import type { TableRef } from './logical-table';

/** A derived row as a footprint remembers it: where it is, and a digest of what it holds. */
export interface RowMark {
  table: string;
  partition: string[];
  row: string[];
  digest: string;
}

/**
 * What a record last contributed to a view, and at which version of the record; `pending` names rows an apply under way
 * may have written before committing (its intent), so that if it dies, the next apply deletes those it does not keep.
 */
export interface Footprint {
  version: number;
  rows: RowMark[];
  shares: Record<string, AggregateShare>;
  pending?: RowMark[];
}

/** One aggregate row's state: the sum of every record's counts, and the latest labels. */
export interface AggregateState {
  counts: Record<string, number>;
  labels: Record<string, string>;
}

const shareSchema = z.object({ counts: z.record(z.string(), z.number()), labels: z.record(z.string(), z.string()).optional() });
const markSchema = z.object({ table: z.string(), partition: z.array(z.string()), row: z.array(z.string()), digest: z.string() });
export const footprintSchema = z.object({
  version: z.number().int(),
  rows: z.array(markSchema),
  shares: z.record(z.string(), shareSchema),
  pending: z.array(markSchema).optional(),
});
export const aggregateSchema = z.object({ counts: z.record(z.string(), z.number()), labels: z.record(z.string(), z.string()) });

/** The view's partition in its store: PK [tenant, 'view', viewId]; RK ['f', recordId] footprints, ['a', key] aggregates. */
export const viewPartition = (viewId: string) => ['view', viewId];
export const footprintRow = (recordId: string) => ['f', recordId];
export const aggregateRow = (key: string) => ['a', key];

/** Canonical JSON of a row's value (keys sorted), so equal values compare equal whatever their key order. */
export const canonical = (value: Readonly<Record<string, unknown>>): string =>
  JSON.stringify(Object.fromEntries(Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))));
export const digestOf = (value: Readonly<Record<string, unknown>>) =>
  createHash('sha1').update(canonical(value)).digest('base64url').slice(0, 12);
export const rowId = (mark: { table: string; partition: readonly string[]; row: readonly string[] }) =>
  JSON.stringify([mark.table, mark.partition, mark.row]);
export const markOf = (row: ProjectedRow): RowMark => ({
  table: row.table,
  partition: [...row.partition],
  row: [...row.row],
  digest: digestOf(row.value),
});

export const emptyProjection: Projection = { rows: [], aggregates: {} };
export const emptyAggregate = (): AggregateState => ({ counts: {}, labels: {} });

/** Adds `sign` × a share into an aggregate state in place; counts that reach zero are dropped. Exact: counts are integers. */
export function addShare(state: AggregateState, share: AggregateShare, sign: 1 | -1): void {
  for (const [name, count] of Object.entries(share.counts)) {
    const next = (state.counts[name] ?? 0) + sign * count;
    if (next === 0) delete state.counts[name];
    else state.counts[name] = next;
  }
  if (sign > 0) Object.assign(state.labels, share.labels ?? {});
}

const looseRow = z.looseObject({});

/** The stores a view writes: its own partition of footprints and aggregates, and its row tables. */
export function createViewStore(store: TableRef, tables: Readonly<Record<string, TableRef>>) {
  const own = new Repository(store, 'record', partsRowSchema);
  const targets = new Map(Object.entries(tables).map(([name, table]) => [name, new Repository(table, 'record', looseRow)]));
  const target = (name: string) => {
    const found = targets.get(name);
    if (!found) throw new Error(`A view wrote rows to table "${name}", which it does not declare in its tables`);
    return found;
  };

  return {
    own,
    target,
    async footprint(tenantId: string, viewId: string, recordId: string): Promise<{ value: Footprint; etag: string } | undefined> {
      const stored = await own.get({ tenantId, partition: viewPartition(viewId), row: footprintRow(recordId) });
      return stored && { value: decodeParts(stored.value, footprintSchema), etag: stored.etag };
    },
    async aggregate(tenantId: string, viewId: string, key: string): Promise<{ value: AggregateState; etag: string } | undefined> {
      const stored = await own.get({ tenantId, partition: viewPartition(viewId), row: aggregateRow(key) });
      return stored && { value: decodeParts(stored.value, aggregateSchema), etag: stored.etag };
    },
    /** The footprint's write: ETag-checked over the one read, or a create when there was none. Never a delete (see aggregateChange). */
    footprintChange: (recordId: string, footprint: Footprint, etag: string | undefined): RowChange<PartsRow> =>
      changeOf(footprintRow(recordId), encodeParts('footprint', footprint), etag),
    /** An aggregate row's write; an emptied row stays (empty) rather than being deleted, as a delete cannot be ETag-checked here. */
    aggregateChange: (key: string, state: AggregateState, etag: string | undefined): RowChange<PartsRow> =>
      changeOf(aggregateRow(key), encodeParts('aggregate', state), etag),

    /**
     * Upserts `rows` and deletes the rows at `gone`, a transaction per partition and hundred rows; a row already gone
     * is left gone. Idempotent: writing the same again changes nothing.
     */
    async writeRows(tenantId: string, rows: readonly ProjectedRow[], gone: readonly RowMark[]): Promise<void> {
      const groups = new Map<string, { table: string; partition: readonly string[]; changes: RowChange<Record<string, unknown>>[] }>();
      const group = (table: string, partition: readonly string[]) => {
        const key = JSON.stringify([table, partition]);
        const found = groups.get(key) ?? { table, partition, changes: [] };
        groups.set(key, found);
        return found.changes;
      };
      // One operation per row in a transaction: a row both written and given up (by two records) is written.
      const upserts = new Map(rows.map((row) => [rowId(row), row]));
      const deletes = new Map(gone.filter((mark) => !upserts.has(rowId(mark))).map((mark) => [rowId(mark), mark]));
      for (const row of upserts.values()) group(row.table, row.partition).push({ kind: 'upsert', row: row.row, value: { ...row.value } });
      for (const mark of deletes.values()) group(mark.table, mark.partition).push({ kind: 'delete', row: mark.row });
      await Promise.all(
        [...groups.values()].map(async ({ table, partition, changes }) => {
          const repository = target(table);
          try {
            await repository.transact(tenantId, partition, changes);
          } catch (error) {
            if (!isAppError(error, 'NOT_FOUND')) throw error;
            // A row to delete was gone already (applied before): the changes go one by one, a missing row left missing.
            for (const change of changes) {
              if (change.kind !== 'delete')
                await repository.upsert({ tenantId, partition, row: change.row }, (change as { value: Record<string, unknown> }).value);
              else
                await repository.delete({ tenantId, partition, row: change.row }).catch((missing: unknown) => {
                  if (!isAppError(missing, 'NOT_FOUND')) throw missing;
                });
            }
          }
        }),
      );
    },
  };
}

export type ViewStore = ReturnType<typeof createViewStore>;

type PartsRow = z.infer<typeof partsRowSchema>;

/** A create, or a replace only if the row still has `etag`. */
const changeOf = <T>(row: string[], value: T, etag: string | undefined): RowChange<T> =>
  etag ? { kind: 'replace', row, value, etag } : { kind: 'create', row, value };

/** The encoded key of a row of the view's partition, as `Repository.transact` reports ETags. */
export const encodedRow = (row: readonly string[]) => composeKey(row);

/**
 * Reads a view's aggregate rows, for the plugin's reads of its own views (after `projections.settled`).
 * @example const funnel = createAggregateReader(table('PipelineViews'), 'pipeline.funnel'); const { counts } = await funnel.read(tenantId, 'figures|all');
 * const june = await days.range(tenantId, 'day|rep-1|2026-06-01', 'day|rep-1|2026-06-30~');
 */
export function createAggregateReader(store: TableRef, viewId: string) {
  const views = createViewStore(store, {});
  return {
    async read(tenantId: string, key: string): Promise<AggregateState> {
      return (await views.aggregate(tenantId, viewId, key))?.value ?? emptyAggregate();
    },
    /**
     * The aggregate rows whose keys run from `from` (inclusive) to `before` (exclusive), in key order: one range read
     * of the view's partition, for keys that sort by what they name (`day|<author>|<YYYY-MM-DD>`).
     */
    async range(tenantId: string, from: string, before: string): Promise<AggregateState[]> {
      const found: AggregateState[] = [];
      let continuationToken: string | undefined;
      do {
        const page = await views.own.page(tenantId, viewPartition(viewId), {
          rowKeyFrom: encodedRow(aggregateRow(from)),
          rowKeyBefore: encodedRow(aggregateRow(before)),
          pageSize: 1000,
          continuationToken,
        });
        for (const { value } of page.items) found.push(decodeParts(value, aggregateSchema));
        continuationToken = page.continuationToken;
      } while (continuationToken);
      return found;
    },
  };
}
