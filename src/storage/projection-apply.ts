// Applying records to one view: their rows written, then their aggregate deltas and footprints committed together, each record once per version.
import { AppError, isAppError } from '../core/errors';
import { firstVersion, type ProjectedRow, type Projection, type VersionedRecord, type ViewDefinition } from '../core/projection';
import { transactionLimits, type RowChange } from './repository';
import {
  addShare,
  emptyAggregate,
  emptyProjection,
  encodedRow,
  aggregateRow,
  footprintRow,
  markOf,
  rowId,
  viewPartition,
  type AggregateState,
  type Footprint,
  type RowMark,
  type ViewStore,
} from './projection-rows';
import { pause } from './rollup-rows';

/** A record's new state for the view: what it contributes now, over what its footprint says it contributed. */
interface Change {
  recordId: string;
  version: number;
  before?: { value: Footprint; etag: string };
  next: Projection;
}

const maxAttempts = 30;
/** Bytes an entity-group transaction may carry, less room for the envelope. */
const maxBytes = transactionLimits.bytes - 256 * 1024;

const isEmpty = (footprint: Footprint) => footprint.rows.length === 0 && Object.keys(footprint.shares).length === 0;
/**
 * A new record that adds nothing to the view (an account whose name has no pinyin): there is nothing to apply, nor to
 * read first, since no earlier version can have left rows or shares. Its footprint comes with its first write that adds.
 */
const addsNothingYet = (view: ViewDefinition, loaded: VersionedRecord<unknown> | undefined) => {
  if (!loaded || loaded.version !== firstVersion) return false;
  const next = view.derive(loaded.record);
  return next.rows.length === 0 && Object.keys(next.aggregates).length === 0;
};
const sameShare = (a: Footprint['shares'][string] | undefined, b: Projection['aggregates'][string] | undefined) =>
  JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/**
 * Brings the view up to `records` (as loaded now; undefined for one that is gone). Per record: skipped when its footprint
 * holds this version or a later one; otherwise its rows are upserted (and those it no longer derives deleted), then its
 * aggregate deltas (new shares minus old) and its footprint are committed in one transaction of the view's partition,
 * ETag-checked, so a repeated or concurrent apply never counts twice. A lost race reads again; the rows the loser wrote
 * for a record someone else got to first are put back to that record's footprint.
 * @example await applyToView(view, store, tenantId, new Map([[id, await view.load(tenantId, id)]]))
 */
export async function applyToView(
  view: ViewDefinition,
  store: ViewStore,
  tenantId: string,
  records: ReadonlyMap<string, VersionedRecord<unknown> | undefined>,
  reload: (recordId: string) => Promise<VersionedRecord<unknown> | undefined>,
): Promise<number> {
  const written = new Map<string, RowMark[]>();
  let current = new Map(records);
  for (let attempt = 0; ; attempt += 1) {
    const changes: Change[] = [];
    let stale = false;
    await Promise.all(
      [...current].map(async ([recordId, loaded]) => {
        if (addsNothingYet(view, loaded)) return;
        const before = await store.footprint(tenantId, view.id, recordId);
        const pending = before?.value.pending ?? [];
        if (before && loaded && loaded.version < before.value.version) stale = true;
        else if (before && pending.length === 0 && (loaded ? before.value.version >= loaded.version : isEmpty(before.value)))
          await putBack(recordId, before.value, loaded);
        else if (before || loaded)
          changes.push({
            recordId,
            version: loaded?.version ?? before!.value.version,
            before,
            next: loaded ? view.derive(loaded.record) : emptyProjection,
          });
      }),
    );
    try {
      // A record read before a write another apply already took: read again rather than take the view back.
      if (stale) throw new AppError('CONFLICT', { entity: 'record' }, { reason: 'a record changed while it was applied' });
      if (changes.length === 0) return 0;
      await declareRows(changes);
      // Every record's rows in one round: a batch's rows of one partition share its transactions.
      const upserts: ProjectedRow[] = [];
      const deletes: RowMark[] = [];
      for (const change of changes) {
        const pending = new Set((change.before?.value.pending ?? []).map(rowId));
        const old = new Map(
          [...(change.before?.value.rows ?? []), ...(change.before?.value.pending ?? [])].map((mark) => [rowId(mark), mark]),
        );
        const fresh = change.next.rows.filter((row) => old.get(rowId(row))?.digest !== markOf(row).digest || pending.has(rowId(row)));
        const kept = new Set(change.next.rows.map(rowId));
        written.set(change.recordId, [...(written.get(change.recordId) ?? []), ...fresh.map(markOf)]);
        upserts.push(...fresh);
        deletes.push(...[...old.values()].filter((mark) => !kept.has(rowId(mark))));
      }
      await store.writeRows(tenantId, upserts, deletes);
      await commit(changes);
      return changes.length;
    } catch (error) {
      if (!isAppError(error, 'CONFLICT', 'ALREADY_EXISTS')) throw error;
      if (attempt + 1 >= maxAttempts)
        throw new AppError(
          'CONFLICT',
          { entity: 'record' },
          { reason: `view ${view.id} still contended after ${maxAttempts} attempts` },
          { cause: error },
        );
      await pause(attempt);
      // Another apply got there first: the records are read again, so the next attempt derives from their state now.
      const reloaded = await Promise.all([...current.keys()].map(async (id) => [id, await reload(id)] as const));
      current = new Map(reloaded);
    }
  }

  /**
   * Before rows are written, each footprint names the rows about to be written that it does not hold yet (its intent),
   * ETag-checked: an apply that dies between its rows and its commit leaves them findable.
   */
  async function declareRows(changes: Change[]): Promise<void> {
    const declaring = changes.flatMap((change) => {
      const known = new Set(
        [...(change.before?.value.rows ?? []), ...(change.before?.value.pending ?? [])].map((mark) => `${rowId(mark)}${mark.digest}`),
      );
      const added = change.next.rows.map(markOf).filter((mark) => !known.has(`${rowId(mark)}${mark.digest}`));
      if (added.length === 0) return [];
      const base: Footprint = change.before?.value ?? { version: 0, rows: [], shares: {} };
      return [{ change, footprint: { ...base, pending: [...(base.pending ?? []), ...added] } }];
    });
    for (let first = 0; first < declaring.length; first += transactionLimits.operations) {
      const chunk = declaring.slice(first, first + transactionLimits.operations);
      const etags = await store.own.transact(
        tenantId,
        viewPartition(view.id),
        chunk.map(({ change, footprint }) => store.footprintChange(change.recordId, footprint, change.before?.etag)) as RowChange<never>[],
      );
      for (const { change, footprint } of chunk)
        change.before = { value: footprint, etag: etags.get(encodedRow(footprintRow(change.recordId)))! };
    }
  }

  /** After a lost race: rows this apply wrote that the winner's footprint does not hold go, and the winner's rows are written again. */
  async function putBack(recordId: string, footprint: Footprint, loaded: VersionedRecord<unknown> | undefined): Promise<void> {
    const mine = written.get(recordId);
    if (!mine || mine.length === 0) return;
    const theirs = new Set([...footprint.rows, ...(footprint.pending ?? [])].map(rowId));
    const derived = loaded && footprint.version === loaded.version ? view.derive(loaded.record).rows : [];
    await store.writeRows(
      tenantId,
      derived.filter((row) => theirs.has(rowId(row))),
      mine.filter((mark) => !theirs.has(rowId(mark))),
    );
    written.delete(recordId);
  }

  /** Commits the changes' aggregate deltas and footprints: one transaction per group that fits, each atomic. */
  async function commit(changes: readonly Change[]): Promise<void> {
    const aggregates = new Map<string, { state: AggregateState; etag?: string; loaded: boolean }>();
    for (const group of groups(changes)) {
      const keys = new Set(group.flatMap(touchedKeys));
      await Promise.all(
        [...keys]
          .filter((key) => !aggregates.has(key))
          .map(async (key) => {
            const stored = await store.aggregate(tenantId, view.id, key);
            aggregates.set(key, { state: stored?.value ?? emptyAggregate(), etag: stored?.etag, loaded: true });
          }),
      );
      for (const change of group) {
        for (const key of touchedKeys(change)) {
          const target = aggregates.get(key)!.state;
          const old = change.before?.value.shares[key];
          const share = change.next.aggregates[key];
          if (old) addShare(target, old, -1);
          if (share) addShare(target, share, 1);
        }
      }
      const rows: RowChange<never>[] = [
        ...group.map((change) =>
          store.footprintChange(
            change.recordId,
            { version: change.version, rows: change.next.rows.map(markOf), shares: { ...change.next.aggregates } as Footprint['shares'] },
            change.before?.etag,
          ),
        ),
        ...[...keys].map((key) => store.aggregateChange(key, aggregates.get(key)!.state, aggregates.get(key)!.etag)),
      ] as RowChange<never>[];
      const etags = await store.own.transact(tenantId, viewPartition(view.id), rows);
      for (const key of keys) aggregates.get(key)!.etag = etags.get(encodedRow(aggregateRow(key)));
      for (const change of group) {
        const etag = etags.get(encodedRow(footprintRow(change.recordId)));
        if (etag && change.before) change.before.etag = etag;
      }
    }
  }
}

/** The aggregate keys a change moves: those whose share differs between its footprint and its new projection. */
function touchedKeys(change: Change): string[] {
  const old = change.before?.value.shares ?? {};
  return [...new Set([...Object.keys(old), ...Object.keys(change.next.aggregates)])].filter(
    (key) => !sameShare(old[key], change.next.aggregates[key]),
  );
}

/** Splits changes into groups whose footprints and aggregate rows fit one transaction (100 operations, ~4 MiB). */
function groups(changes: readonly Change[]): Change[][] {
  const result: Change[][] = [];
  let current: Change[] = [];
  let keys = new Set<string>();
  let bytes = 0;
  for (const change of changes) {
    const adds = touchedKeys(change).filter((key) => !keys.has(key));
    const size = 2 * JSON.stringify(change.next).length + 64 * 1024 * adds.length;
    if (current.length > 0 && (current.length + 1 + keys.size + adds.length > transactionLimits.operations || bytes + size > maxBytes)) {
      result.push(current);
      current = [];
      keys = new Set();
      bytes = 0;
    }
    current.push(change);
    for (const key of touchedKeys(change)) keys.add(key);
    bytes += size;
  }
  if (current.length > 0) result.push(current);
  return result;
}
