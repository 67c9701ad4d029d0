// Corrections to the embedded Azurite, made in its own process before it starts: request bodies decode as UTF-8 across
// read chunks, an entity query bounded on PartitionKey reads only that part of the PartitionKey index, and finding one
// entity by its keys reads the shorter of its two index ranges (azurite-point-reads.ts), and a replace changes the row
// in place (azurite-replace.ts).
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fixPointReads } from './azurite-point-reads';
import { fixReplaceInPlace } from './azurite-replace';

const require = createRequire(import.meta.url);
const serializerPath = require.resolve('azurite/dist/src/table/generated/utils/serializer.js');
const storePath = require.resolve('azurite/dist/src/table/persistence/LokiTableMetadataStore.js');
const nodesPath = 'azurite/dist/src/table/persistence/QueryInterpreter/QueryNodes';

/** The functions replaced or wrapped here, as Azurite 3.35.0 ships them (SHA-256 of their source text). */
const expectedSources = {
  deserialize: '5fbaf36aab7d557c36dcb99088a8b968957526f00b3caf5ad277a37e46667ee7',
  queryTableEntities: 'd5292565c8b16cfdf653d6ab46f571168cf140dc4666357e9492562020e5fb47',
};
/** How Azurite reads a request body: each chunk decoded on its own, which splits a character that straddles two. */
const chunkwiseRead = `bodyStream.on("data", buffer => {
            segments.push(buffer);
        });
        bodyStream.on("error", reject);
        bodyStream.on("end", () => {
            const joined = segments.join("");`;

type Fn = (...args: unknown[]) => unknown;

/** Refuses to start an Azurite whose code differs from what these fixes were written against. */
function assertShape(name: keyof typeof expectedSources, fn: unknown): asserts fn is Fn {
  const found = typeof fn === 'function' ? createHash('sha256').update(fn.toString()).digest('hex') : 'missing';
  if (found !== expectedSources[name]) {
    throw new Error(
      `Azurite's ${name} is not the one src/storage/azurite-fixes.ts corrects (source hash ${found}); Azurite was upgraded or changed. Check whether the fix is still needed, and update or remove it.`,
    );
  }
}

interface BodyRequest {
  getBodyStream(): NodeJS.ReadableStream;
}
interface OperationSpec {
  requestBody?: { mapper: { type: { name: string } } };
}

/** Entity bodies are read as text: a stream that decodes UTF-8 itself holds back a split character for the next chunk. */
function fixBodyDecoding(): void {
  const serializer = require(serializerPath) as { deserialize: unknown };
  const original = serializer.deserialize;
  assertShape('deserialize', original);
  if (!readFileSync(serializerPath, 'utf8').includes(chunkwiseRead)) {
    throw new Error(`Azurite no longer reads request bodies as src/storage/azurite-fixes.ts expects (${serializerPath}); check the fix.`);
  }
  serializer.deserialize = function deserialize(
    this: unknown,
    context: unknown,
    req: BodyRequest,
    spec: OperationSpec | undefined,
    ...rest: unknown[]
  ) {
    // The same test as Azurite's: a body that is not a stream is read into text.
    if (spec?.requestBody && spec.requestBody.mapper.type.name !== 'Stream') req.getBodyStream().setEncoding('utf8');
    return original.call(this, context, req, spec, ...rest);
  };
}

interface EntityRow {
  PartitionKey: string;
  RowKey: string;
}
interface Resultset {
  filteredrows: number[];
  filterInitialized: boolean;
  where(test: (row: EntityRow) => boolean): Resultset;
  sort(compare: (a: EntityRow, b: EntityRow) => number): Resultset;
  limit(count: number): Resultset;
  data(): EntityRow[];
}
interface EntityCollection {
  data: EntityRow[];
  binaryIndices: Record<string, { values: number[] } | undefined>;
  adaptiveBinaryIndices: boolean;
  ensureIndex(property: string): void;
  chain(): Resultset;
}
interface TableStore {
  getEntityCollection(account: string, table: string, context: unknown): EntityCollection;
  getMaxResultsOption(queryOptions: QueryOptions): number;
  decodeContinuationHeader(value: string | undefined): string | undefined;
  adjustQueryResultforTop(result: EntityRow[], maxResults: number): { nextPartitionKeyResponse?: string; nextRowKeyResponse?: string };
}
interface QueryOptions {
  filter?: string;
}
type QueryNode = { left?: QueryNode; right?: QueryNode; identifier?: unknown; value?: unknown };

const node = (name: string) => (require(`${nodesPath}/${name}.js`) as { default: abstract new (...args: never[]) => QueryNode }).default;
const parseQuery = (
  require('azurite/dist/src/table/persistence/QueryInterpreter/QueryParser.js') as { default: (query: string) => QueryNode }
).default;
const [AndNode, IdentifierNode, ConstantNode] = [node('AndNode'), node('IdentifierNode'), node('ConstantNode')];
type Comparison = 'eq' | 'gt' | 'ge' | 'lt' | 'le';
const comparisons = new Map<unknown, Comparison>([
  [node('EqualsNode'), 'eq'],
  [node('GreaterThanNode'), 'gt'],
  [node('GreaterThanEqualNode'), 'ge'],
  [node('LessThanNode'), 'lt'],
  [node('LessThanEqualNode'), 'le'],
]);
/** `'a' lt PartitionKey` is `PartitionKey gt 'a'`. */
const mirrored: Record<Comparison, Comparison> = { eq: 'eq', gt: 'lt', ge: 'le', lt: 'gt', le: 'ge' };

interface Bound {
  key: string;
  inclusive: boolean;
}
interface PartitionRange {
  lower?: Bound;
  upper?: Bound;
}

/** Narrows `range` to keys that also satisfy `PartitionKey <comparison> key`. */
function tighten(range: PartitionRange, comparison: Comparison, key: string): void {
  const { lower, upper } = range;
  if (comparison !== 'lt' && comparison !== 'le') {
    const inclusive = comparison !== 'gt';
    if (!lower || key > lower.key || (key === lower.key && !inclusive)) range.lower = { key, inclusive };
  }
  if (comparison !== 'gt' && comparison !== 'ge') {
    const inclusive = comparison !== 'lt';
    if (!upper || key < upper.key || (key === upper.key && !inclusive)) range.upper = { key, inclusive };
  }
}

const conjuncts = (tree: QueryNode): QueryNode[] =>
  tree instanceof AndNode ? [...conjuncts(tree.left!), ...conjuncts(tree.right!)] : [tree];
const isPartitionKey = (operand: QueryNode | undefined) => operand instanceof IdentifierNode && operand.identifier === 'PartitionKey';
const isText = (operand: QueryNode | undefined): operand is { value: string } =>
  operand?.constructor === ConstantNode && typeof operand.value === 'string';

/**
 * The PartitionKeys a filter can match, from the comparisons of PartitionKey with a string that every match must pass
 * (the top-level `and` of Azurite's own parse); undefined when there are none, or Azurite cannot parse the filter.
 * @example partitionRange("(PartitionKey eq 't1') and RowKey ge 'b'") // { lower: { key: 't1', inclusive: true }, upper: … }
 */
function partitionRange(filter: string | undefined): PartitionRange | undefined {
  if (filter === undefined || filter === '' || filter === 'true' || filter === 'false') return undefined;
  let tree: QueryNode;
  try {
    tree = parseQuery(filter);
  } catch {
    // Not narrowed: Azurite's own query path parses it again and answers the client with its error.
    return undefined;
  }
  const range: PartitionRange = {};
  let bounded = false;
  for (const term of conjuncts(tree)) {
    const comparison = comparisons.get(term.constructor);
    if (comparison === undefined) continue;
    if (isPartitionKey(term.left) && isText(term.right)) tighten(range, comparison, term.right.value);
    else if (isPartitionKey(term.right) && isText(term.left)) tighten(range, mirrored[comparison], term.left.value);
    else continue;
    bounded = true;
  }
  return bounded ? range : undefined;
}

const aboveLower = (key: string, { lower }: PartitionRange) => !lower || key > lower.key || (lower.inclusive && key === lower.key);
const belowUpper = (key: string, { upper }: PartitionRange) => !upper || key < upper.key || (upper.inclusive && key === upper.key);
/** The first of `from`..`to` for which `test`, false then true along the range, holds; `to` if none. */
function firstWhere(from: number, to: number, test: (at: number) => boolean): number {
  while (from < to) {
    const middle = (from + to) >>> 1;
    if (test(middle)) to = middle;
    else from = middle + 1;
  }
  return from;
}

/**
 * Positions in `collection.data` of the rows whose PartitionKey is in `range`, from LokiJS's PartitionKey index; undefined
 * without one. LokiJS orders '' first, then the keys that read as numbers by their value, then every other key in
 * JavaScript's order: the last block is searched, the others (rare) are read through.
 */
function partitionRows(collection: EntityCollection, range: PartitionRange): number[] | undefined {
  const index = collection.binaryIndices.PartitionKey;
  if (!index) return undefined;
  // As LokiJS's own find does: an adaptive index is kept in order on every change, a lazy one is rebuilt when dirty.
  if (collection.adaptiveBinaryIndices !== true) collection.ensureIndex('PartitionKey');
  const { values } = collection.binaryIndices.PartitionKey!;
  if (values.length !== collection.data.length) return undefined;
  const keyAt = (at: number) => collection.data[values[at]!]!.PartitionKey;
  const textStart = firstWhere(0, values.length, (at) => keyAt(at) !== '' && Number.isNaN(Number(keyAt(at))));
  const found: number[] = [];
  for (let at = 0; at < textStart; at += 1) if (aboveLower(keyAt(at), range) && belowUpper(keyAt(at), range)) found.push(values[at]!);
  const from = firstWhere(textStart, values.length, (at) => aboveLower(keyAt(at), range));
  const to = firstWhere(from, values.length, (at) => !belowUpper(keyAt(at), range));
  for (let at = from; at < to; at += 1) found.push(values[at]!);
  return found;
}

/** Azurite's own predicate for the rows after a continuation, as its queryTableEntities writes it. */
const afterContinuation = (nextPartitionKey: string | undefined, nextRowKey: string | undefined) => (row: EntityRow) => {
  if (nextPartitionKey !== undefined && row.PartitionKey > nextPartitionKey) return true;
  if (nextRowKey !== undefined) {
    return row.RowKey >= nextRowKey && (row.PartitionKey === nextPartitionKey || row.PartitionKey === undefined);
  }
  return nextPartitionKey === undefined || row.PartitionKey >= nextPartitionKey;
};
const byKeys = (a: EntityRow, b: EntityRow) =>
  a.PartitionKey > b.PartitionKey ? 1 : a.PartitionKey < b.PartitionKey ? -1 : a.RowKey > b.RowKey ? 1 : a.RowKey < b.RowKey ? -1 : 0;

/**
 * Azurite evaluates a query's predicate on every row of the table. Bounded on PartitionKey (or continuing after one),
 * only the rows the index puts in those bounds are read; the same predicate, order and page then make the same answer.
 */
function fixPartitionQueries(): void {
  const Store = (require(storePath) as { default: { prototype: Record<string, unknown> } }).default;
  const QueryGenerator = (
    require('azurite/dist/src/table/persistence/LokiTableStoreQueryGenerator.js') as {
      default: { generateQueryForPersistenceLayer(queryOptions: QueryOptions, context: unknown): (row: EntityRow) => boolean };
    }
  ).default;
  const original = Store.prototype.queryTableEntities;
  assertShape('queryTableEntities', original);
  Store.prototype.queryTableEntities = async function queryTableEntities(
    this: TableStore,
    ...args: [context: unknown, account: string, table: string, queryOptions: QueryOptions, nextPartitionKey?: string, nextRowKey?: string]
  ) {
    const [context, account, table, queryOptions, nextPartitionKey, nextRowKey] = args;
    const range = partitionRange(queryOptions.filter);
    if (range === undefined && nextPartitionKey === undefined) return original.apply(this, args);
    const collection = this.getEntityCollection(account, table, context);
    const queryWhere = QueryGenerator.generateQueryForPersistenceLayer(queryOptions, context);
    const maxResults = this.getMaxResultsOption(queryOptions);
    const decodedNextPartitionKey = this.decodeContinuationHeader(nextPartitionKey);
    const decodedNextRowKey = this.decodeContinuationHeader(nextRowKey);
    const bounds = range ?? {};
    // Every row after a continuation has at least its PartitionKey.
    if (decodedNextPartitionKey !== undefined) tighten(bounds, 'ge', decodedNextPartitionKey);
    const positions = partitionRows(collection, bounds);
    if (positions === undefined) return original.apply(this, args);
    const rows = collection.chain();
    rows.filteredrows = positions;
    rows.filterInitialized = true;
    const result = rows
      .where(queryWhere)
      .where(afterContinuation(decodedNextPartitionKey, decodedNextRowKey))
      .sort(byKeys)
      .limit(maxResults + 1)
      .data();
    const response = this.adjustQueryResultforTop(result, maxResults);
    return [result, response.nextPartitionKeyResponse, response.nextRowKeyResponse];
  };
}

/** Keys whose order LokiJS and JavaScript disagree on ('10' and '9', '' and ' '), and keys of every script. */
const awkwardKeys = [
  '',
  ' ',
  '0',
  '9',
  '10',
  '-1',
  '1e3',
  '0x1f',
  'Infinity',
  'NaN',
  '+',
  '1a',
  '9a',
  '10a',
  'B',
  'a',
  'a b',
  "O'Brien",
  'é',
  '关',
  '😀',
  '~',
];

/** Refuses to start if Azurite's parser or LokiJS's index no longer give what the narrowing relies on. */
function assertNarrowingHolds(): void {
  const parsed = partitionRange("(PartitionKey ge 'a''b') and ('c' gt PartitionKey and RowKey eq 'r') and PartitionKey ne 'x'");
  const expected = { lower: { key: "a'b", inclusive: true }, upper: { key: 'c', inclusive: false } };
  if (JSON.stringify(parsed) !== JSON.stringify(expected) || partitionRange("PartitionKey eq 'a' or PartitionKey eq 'b'") !== undefined) {
    throw new Error(
      `Azurite's query parser no longer parses filters as src/storage/azurite-fixes.ts expects (got ${JSON.stringify(parsed)}).`,
    );
  }
  const Loki = createRequire(storePath)('lokijs') as new (name: string) => {
    addCollection(name: string, options: object): EntityCollection & { insert(row: object): void };
  };
  const collection = new Loki('index-check').addCollection('rows', { indices: ['PartitionKey', 'RowKey'] });
  awkwardKeys.forEach((key, at) => collection.insert({ PartitionKey: key, RowKey: String(at) }));
  for (const lower of awkwardKeys) {
    for (const upper of awkwardKeys) {
      for (const [low, high] of [
        ['ge', 'le'],
        ['gt', 'lt'],
      ] as const) {
        const range: PartitionRange = {};
        tighten(range, low, lower);
        tighten(range, high, upper);
        const found = partitionRows(collection, range)!
          .map((at) => collection.data[at]!.PartitionKey)
          .sort();
        const all = collection.data
          .map((row) => row.PartitionKey)
          .filter((key) => aboveLower(key, range) && belowUpper(key, range))
          .sort();
        if (found.join('\u0000') !== all.join('\u0000')) {
          throw new Error(
            `LokiJS no longer orders its PartitionKey index as src/storage/azurite-fixes.ts expects (${low} '${lower}', ${high} '${upper}').`,
          );
        }
      }
    }
  }
}

/**
 * Installs every correction; throws, and so stops the emulator from starting, if Azurite is not the code they fit.
 * @example installAzuriteFixes(); new TableServer(config).start();
 */
export function installAzuriteFixes(): void {
  fixBodyDecoding();
  assertNarrowingHolds();
  fixPartitionQueries();
  fixPointReads();
  fixReplaceInPlace();
}
