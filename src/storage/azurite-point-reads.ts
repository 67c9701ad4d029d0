// A correction to the embedded Azurite: finding one entity by PartitionKey and RowKey reads the smaller of the two
// index ranges, not every row of its partition.
//
// Azurite finds the entity of every insert, update, merge, delete and point read with LokiJS's
// `findOne({ PartitionKey, RowKey })`, which takes the partition's rows from the PartitionKey index and compares the
// RowKey of each: every write to a partition of n rows costs n comparisons, and filling one partition costs n². An
// import whose names share their first characters puts all its claims in one partition (30,000 rows: most of the
// emulator's time went there). The RowKey index holds the same entity among the few rows with its RowKey.
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const storePath = require.resolve('azurite/dist/src/table/persistence/LokiTableMetadataStore.js');

/** LokiJS's `Collection.prototype.findOne` as the LokiJS Azurite 3.35.0 depends on ships it (SHA-256 of its source). */
const expectedFindOne = 'cc56ffa949c8da2f0540cd6b946afcd497df74876128b445d20e708d84e21327';

interface Row {
  PartitionKey?: unknown;
  RowKey?: unknown;
}
interface Collection {
  data: Row[];
  binaryIndices: Record<string, { values: number[]; dirty?: boolean } | undefined>;
  adaptiveBinaryIndices: boolean;
  cloneObjects: boolean;
  ensureIndex(property: string): void;
  calculateRange(op: '$eq', property: string, value: unknown): [number, number];
  findOne(query?: object): Row | null;
}
interface LokiModule {
  Collection: { prototype: Collection };
}
type Loki = LokiModule &
  (new (name: string) => { addCollection(name: string, options: object): Collection & { insert(row: object): void } });

/** Positions in `data` of the rows whose `property` LokiJS's index holds equal to `value`; undefined when the index cannot say. */
function indexRange(
  collection: Collection,
  property: 'PartitionKey' | 'RowKey',
  value: string,
): { values: number[]; from: number; to: number } | undefined {
  const index = collection.binaryIndices[property];
  if (!index) return undefined;
  // As LokiJS's own find does: an adaptive index is kept in order on every change, a lazy one is rebuilt when dirty.
  if (collection.adaptiveBinaryIndices !== true) collection.ensureIndex(property);
  const { values } = collection.binaryIndices[property]!;
  if (values.length !== collection.data.length) return undefined;
  const [from, to] = collection.calculateRange('$eq', property, value);
  return { values, from, to: to + 1 };
}

/** The entity with both keys, read through whichever index range is shorter; undefined when the indexes cannot answer. */
function findEntity(collection: Collection, partitionKey: string, rowKey: string): Row | null | undefined {
  const byPartition = indexRange(collection, 'PartitionKey', partitionKey);
  const byRow = byPartition && indexRange(collection, 'RowKey', rowKey);
  if (!byPartition || !byRow) return undefined;
  const { values, from, to } = byRow.to - byRow.from < byPartition.to - byPartition.from ? byRow : byPartition;
  for (let at = from; at < to; at += 1) {
    const row = collection.data[values[at]!]!;
    if (row.PartitionKey === partitionKey && row.RowKey === rowKey) return row;
  }
  return null;
}

/** A query that is exactly `{ PartitionKey, RowKey }` with text values: the one Azurite asks for an entity. */
function entityKeys(query: object | undefined): { partitionKey: string; rowKey: string } | undefined {
  if (!query) return undefined;
  const keys = Object.keys(query);
  const { PartitionKey, RowKey } = query as Row;
  if (keys.length !== 2 || typeof PartitionKey !== 'string' || typeof RowKey !== 'string') return undefined;
  return { partitionKey: PartitionKey, rowKey: RowKey };
}

/** Refuses to start if the corrected lookup does not find what LokiJS's own finds, keys of every kind included. */
function assertSameAnswers(Loki: Loki): void {
  const keys = ['', ' ', '0', '9', '10', '1e3', '1000', '-1', 'NaN', 'a', 'a b', "O'Brien", 'é', '关', '😀', '~'];
  const collection = new Loki('point-read-check').addCollection('rows', { indices: ['PartitionKey', 'RowKey'] });
  keys.forEach((partitionKey, p) =>
    keys.forEach((rowKey, r) => (p + r) % 3 !== 0 && collection.insert({ PartitionKey: partitionKey, RowKey: rowKey })),
  );
  for (const partitionKey of keys) {
    for (const rowKey of keys) {
      const expected = collection.data.find((row) => row.PartitionKey === partitionKey && row.RowKey === rowKey) ?? null;
      if (collection.findOne({ PartitionKey: partitionKey, RowKey: rowKey }) !== expected) {
        throw new Error(
          `LokiJS's indexes no longer find entities as src/storage/azurite-point-reads.ts expects ('${partitionKey}', '${rowKey}').`,
        );
      }
    }
  }
}

/** Installs the correction in the emulator's process; throws, and so stops the emulator from starting, if LokiJS is not the code it fits. */
export function fixPointReads(): void {
  const Loki = createRequire(storePath)('lokijs') as Loki;
  const prototype = Loki.Collection.prototype;
  const original = prototype.findOne;
  const found = createHash('sha256').update(original.toString()).digest('hex');
  if (found !== expectedFindOne) {
    throw new Error(
      `LokiJS's findOne is not the one src/storage/azurite-point-reads.ts corrects (source hash ${found}); Azurite or LokiJS was upgraded. Check whether the fix is still needed, and update or remove it.`,
    );
  }
  prototype.findOne = function findOne(this: Collection, query?: object) {
    const keys = entityKeys(query);
    // Rows are handed out as stored, as LokiJS does without cloning (Azurite's collections do not clone).
    const row = keys && !this.cloneObjects ? findEntity(this, keys.partitionKey, keys.rowKey) : undefined;
    return row === undefined ? original.call(this, query) : row;
  };
  assertSameAnswers(Loki);
}
