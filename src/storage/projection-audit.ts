// Rebuilding a tenant's views from its records, and verifying them: each view recomputed in memory and compared with what is stored.
import type { AggregateState, Footprint, RowMark } from './projection-rows';
import {
  addShare,
  aggregateRow,
  aggregateSchema,
  canonical,
  emptyAggregate,
  footprintRow,
  footprintSchema,
  markOf,
  rowId,
  viewPartition,
} from './projection-rows';
import { where } from './filter';
import { composeKey, decodeKeyPart } from './keys';
import { partitionOf } from './logical-table';
import type { RegisteredView } from './projector';
import type { RowChange } from './repository';
import { decodeParts, encodeParts, partsRowSchema } from './rollup-rows';

/** One difference between a view as stored and as recomputed: `—` where a side has nothing. */
export interface Drift {
  view: string;
  key: string;
  expected: string;
  stored: string;
}

interface Snapshot {
  rows: Map<string, { mark: RowMark; value: string; raw: Record<string, unknown> }>;
  aggregates: Map<string, AggregateState>;
  footprints: Map<string, Footprint>;
}

const absent = '—';
const metadata = new Set(['partitionKey', 'rowKey', 'etag', 'timestamp']);

/** The view as its records make it now. */
async function recompute({ view }: RegisteredView, tenantId: string): Promise<Snapshot> {
  const snapshot: Snapshot = { rows: new Map(), aggregates: new Map(), footprints: new Map() };
  for await (const { id, version, record } of view.records(tenantId)) {
    const projection = view.derive(record);
    for (const row of projection.rows)
      snapshot.rows.set(rowId(row), { mark: markOf(row), value: canonical(row.value), raw: { ...row.value } });
    for (const [key, share] of Object.entries(projection.aggregates)) {
      const state = snapshot.aggregates.get(key) ?? emptyAggregate();
      addShare(state, share, 1);
      snapshot.aggregates.set(key, state);
    }
    snapshot.footprints.set(id, {
      version,
      rows: projection.rows.map(markOf),
      shares: { ...projection.aggregates } as Footprint['shares'],
    });
  }
  for (const [key, state] of snapshot.aggregates) if (Object.keys(state.counts).length === 0) snapshot.aggregates.delete(key);
  return snapshot;
}

/** The view as stored: its partition's footprints and aggregates, and every row in the partitions it owns. */
async function readStored({ view, store }: RegisteredView, tenantId: string): Promise<Snapshot> {
  const snapshot: Snapshot = { rows: new Map(), aggregates: new Map(), footprints: new Map() };
  const partitionKey = store.own.partitionKey(tenantId, viewPartition(view.id));
  for await (const entity of store.own.client.listEntities<Record<string, unknown>>({
    queryOptions: { filter: where`PartitionKey eq ${partitionKey}` },
  })) {
    const [kind, key = ''] = entity.rowKey!.split('|').map(decodeKeyPart);
    const parts = partsRowSchema.parse(Object.fromEntries(Object.entries(entity).filter(([name]) => /^(kind|p\d+)$/.test(name))));
    if (kind === 'f') snapshot.footprints.set(key, decodeParts(parts, footprintSchema));
    else if (kind === 'a') {
      const state = decodeParts(parts, aggregateSchema);
      if (Object.keys(state.counts).length > 0) snapshot.aggregates.set(key, state);
    }
  }
  for (const { table, partition } of view.owns) {
    const target = store.target(table);
    const prefix = target.partitionKey(tenantId, partition);
    const filter = where`(PartitionKey eq ${prefix}) or (PartitionKey ge ${`${prefix}|`} and PartitionKey lt ${`${prefix}}`})`;
    for await (const entity of target.client.listEntities<Record<string, unknown>>({ queryOptions: { filter } })) {
      const parts = partitionOf(target.table, entity.partitionKey!);
      if (parts.tenantId !== tenantId) continue;
      const raw = Object.fromEntries(Object.entries(entity).filter(([name]) => !metadata.has(name) && !name.startsWith('odata.')));
      const mark: RowMark = { table, partition: parts.partition, row: entity.rowKey!.split('|').map(decodeKeyPart), digest: '' };
      snapshot.rows.set(rowId(mark), { mark, value: canonical(raw), raw });
    }
  }
  return snapshot;
}

/** A footprint's shares as text with every object's keys sorted, so a share's key order (counts, labels) is no drift. */
const sharesText = (shares: Footprint['shares']): string =>
  JSON.stringify(shares, (_key, value: unknown) =>
    value && typeof value === 'object' && !Array.isArray(value)
      ? Object.fromEntries(Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : value,
  );

/** Compares a view as stored with its recomputation: every row, aggregate and footprint that differs. */
export async function verifyView(entry: RegisteredView, tenantId: string): Promise<Drift[]> {
  const [expected, stored] = await Promise.all([recompute(entry, tenantId), readStored(entry, tenantId)]);
  const drift: Drift[] = [];
  const id = entry.view.id;
  const compare = <T>(kind: string, left: Map<string, T>, right: Map<string, T>, show: (value: T) => string) => {
    for (const key of new Set([...left.keys(), ...right.keys()])) {
      const a = left.has(key) ? show(left.get(key)!) : absent;
      const b = right.has(key) ? show(right.get(key)!) : absent;
      if (a !== b) drift.push({ view: id, key: `${kind} ${key}`, expected: a, stored: b });
    }
  };
  compare('row', expected.rows, stored.rows, (row) => row.value);
  compare('aggregate', expected.aggregates, stored.aggregates, (state) => canonical(state.counts));
  // A footprint that contributes nothing (a closed deal's board footprint, a gone record's) is as good as none.
  const contributing = (footprints: Map<string, Footprint>) =>
    new Map(
      [...footprints].filter(
        ([, footprint]) => footprint.rows.length + Object.keys(footprint.shares).length + (footprint.pending?.length ?? 0) > 0,
      ),
    );
  compare(
    'footprint',
    contributing(expected.footprints),
    contributing(stored.footprints),
    (footprint) => `v${footprint.version} ${sharesText(footprint.shares)}`,
  );
  return drift;
}

/** Replaces a view's stored rows, aggregates and footprints with its recomputation, removing what no record derives. */
export async function rebuildView(entry: RegisteredView, tenantId: string): Promise<{ written: number; removed: number }> {
  const { view, store } = entry;
  const [expected, stored] = await Promise.all([recompute(entry, tenantId), readStored(entry, tenantId)]);
  let written = 0;
  let removed = 0;
  const upserts = [...expected.rows.values()].filter((row) => stored.rows.get(rowId(row.mark))?.value !== row.value);
  const orphans = [...stored.rows.values()].filter((row) => !expected.rows.has(rowId(row.mark)));
  await store.writeRows(
    tenantId,
    upserts.map(({ mark, raw }) => ({ table: mark.table, partition: mark.partition, row: mark.row, value: raw as Record<string, string> })),
    orphans.map((row) => row.mark),
  );
  written += upserts.length;
  removed += orphans.length;
  const changes: RowChange<never>[] = [];
  for (const [key, state] of expected.aggregates)
    changes.push({ kind: 'upsert', row: aggregateRow(key), value: encodeParts('aggregate', state) as never });
  for (const [recordId, footprint] of expected.footprints)
    changes.push({ kind: 'upsert', row: footprintRow(recordId), value: encodeParts('footprint', footprint) as never });
  const storedKeys = await storedViewRows(entry, tenantId);
  const keep = new Set(changes.map((change) => composeKey(change.row)));
  for (const row of storedKeys) if (!keep.has(composeKey(row))) changes.push({ kind: 'delete', row });
  written += changes.filter((change) => change.kind === 'upsert').length;
  removed += changes.filter((change) => change.kind === 'delete').length;
  await store.own.transact(tenantId, viewPartition(view.id), changes);
  return { written, removed };
}

/** Every row key of the view's own partition. */
async function storedViewRows({ view, store }: RegisteredView, tenantId: string): Promise<string[][]> {
  const keys: string[][] = [];
  const partitionKey = store.own.partitionKey(tenantId, viewPartition(view.id));
  for await (const entity of store.own.client.listEntities({
    queryOptions: { filter: where`PartitionKey eq ${partitionKey}`, select: ['RowKey'] },
  }))
    keys.push(entity.rowKey!.split('|').map(decodeKeyPart));
  return keys;
}
