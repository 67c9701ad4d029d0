// The embedded emulator answers every query, narrowed by its PartitionKey index or not, with the rows a full read finds.
import { randomUUID } from 'node:crypto';
import { odata, type TableClient, type TransactionAction } from '@azure/data-tables';
import { beforeAll, describe, expect, it } from 'vitest';
import { openTestTable } from '../fixtures/tables';

interface Row {
  partitionKey: string;
  rowKey: string;
  n: number;
}

/** Keys that sort differently as numbers and as text, quotes, spaces, and several scripts; each a partition. */
const specialKeys = ['', ' ', '0', '9', '10', '1e3', '-1', '+', "O'Brien", "''", 'a b', 'é', '关系', '关', '😀', '~', 'Z'];
const partitionKeys = [
  ...specialKeys,
  ...Array.from({ length: 100 }, (_, i) => `t${String(i * 7).padStart(3, '0')}|${['acct', '客户', "x'y"][i % 3]}`),
];

/** A seeded generator, so that a failing filter can be found again. */
function random(seed: number) {
  let state = seed;
  const next = () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { below: (n: number) => Math.floor(next() * n), pick: <T>(list: readonly T[]) => list[Math.floor(next() * list.length)]! };
}

const quote = (text: string) => `'${text.replace(/'/g, "''")}'`;
const operators = {
  eq: (a: string | number, b: string | number) => a === b,
  ne: (a: string | number, b: string | number) => a !== b,
  ge: (a: string | number, b: string | number) => a >= b,
  gt: (a: string | number, b: string | number) => a > b,
  le: (a: string | number, b: string | number) => a <= b,
  lt: (a: string | number, b: string | number) => a < b,
};
type Operator = keyof typeof operators;
interface Query {
  filter: string;
  matches: (row: Row) => boolean;
}

/** A random filter with its meaning in JavaScript: comparisons of the keys and of a number, under and, or, not and parentheses. */
function randomQuery(rng: ReturnType<typeof random>, depth = 0): Query {
  const choice = depth > 2 ? 0 : rng.below(6);
  if (choice <= 2) {
    const op = rng.pick(['eq', 'eq', 'ge', 'gt', 'le', 'lt', 'ne'] as const satisfies Operator[]);
    const test = operators[op];
    const field = rng.pick(['PartitionKey', 'PartitionKey', 'PartitionKey', 'RowKey', 'n'] as const);
    if (field === 'n') {
      const value = rng.below(40);
      return { filter: `n ${op} ${value}`, matches: (row) => test(row.n, value) };
    }
    const value =
      field === 'RowKey'
        ? String(rng.below(40)).padStart(3, '0')
        : rng.below(5) === 0
          ? `${rng.pick(partitionKeys)}!`
          : rng.pick(partitionKeys);
    const get = (row: Row) => (field === 'RowKey' ? row.rowKey : row.partitionKey);
    // The literal on either side, as OData allows.
    return rng.below(4) === 0
      ? { filter: `${quote(value)} ${op} ${field}`, matches: (row) => test(value, get(row)) }
      : { filter: `${field} ${op} ${quote(value)}`, matches: (row) => test(get(row), value) };
  }
  const left = randomQuery(rng, depth + 1);
  if (choice === 5) return { filter: `not (${left.filter})`, matches: (row) => !left.matches(row) };
  const right = randomQuery(rng, depth + 1);
  const joiner = choice === 4 ? 'or' : 'and';
  // A compound side always in parentheses, as precedence needs; a single comparison in them or not.
  const wrap = (side: Query) =>
    side.filter.includes(' and ') || side.filter.includes(' or ') || rng.below(2) === 0 ? `(${side.filter})` : side.filter;
  const filter = `${wrap(left)} ${joiner} ${wrap(right)}`;
  return {
    filter,
    matches: joiner === 'or' ? (row) => left.matches(row) || right.matches(row) : (row) => left.matches(row) && right.matches(row),
  };
}

/** Filters written out: the SDK's own output, ranges with row conditions, a top-level or, quotes, and no match at all. */
const writtenQueries: Query[] = [
  { filter: odata`PartitionKey eq ${"O'Brien"}`, matches: (row) => row.partitionKey === "O'Brien" },
  { filter: odata`PartitionKey eq ${'关系'} and RowKey ge ${'010'}`, matches: (row) => row.partitionKey === '关系' && row.rowKey >= '010' },
  {
    filter: "PartitionKey ge 't100' and PartitionKey lt 't300' and (RowKey lt '005' or n gt 30)",
    matches: (row) => row.partitionKey >= 't100' && row.partitionKey < 't300' && (row.rowKey < '005' || row.n > 30),
  },
  { filter: "PartitionKey gt '' and PartitionKey le '9'", matches: (row) => row.partitionKey > '' && row.partitionKey <= '9' },
  { filter: "PartitionKey eq '0' or PartitionKey eq '~'", matches: (row) => row.partitionKey === '0' || row.partitionKey === '~' },
  {
    filter: "((PartitionKey eq 'a b') and (RowKey eq '003' or RowKey eq '004'))",
    matches: (row) => row.partitionKey === 'a b' && ['003', '004'].includes(row.rowKey),
  },
  { filter: "PartitionKey eq '''''' and n ge 0", matches: (row) => row.partitionKey === "''" },
  { filter: "PartitionKey eq 'é' and PartitionKey eq '关'", matches: () => false },
  { filter: "PartitionKey ge '关' and PartitionKey lt '😀'", matches: (row) => row.partitionKey >= '关' && row.partitionKey < '😀' },
  { filter: "PartitionKey eq ''", matches: (row) => row.partitionKey === '' },
];

describe('queries on the embedded emulator', () => {
  let table: TableClient;
  const rows: Row[] = [];

  beforeAll(async () => {
    table = await openTestTable(`Queries${randomUUID().replace(/-/g, '').slice(0, 12)}`);
    const rng = random(7);
    for (const partitionKey of partitionKeys) {
      const count = 1 + rng.below(40);
      const actions: TransactionAction[] = [];
      for (let i = 0; i < count; i += 1) {
        const row = { partitionKey, rowKey: String(i).padStart(3, '0'), n: rng.below(40) };
        rows.push(row);
        actions.push(['create', row]);
      }
      await table.submitTransaction(actions);
    }
  }, 120_000);

  /** Every page of the query, in order, each of at most `pageSize` rows. */
  async function query(filter: string, pageSize: number): Promise<string[]> {
    const found: string[] = [];
    for await (const page of table.listEntities<Row>({ queryOptions: { filter } }).byPage({ maxPageSize: pageSize })) {
      expect(page.length).toBeLessThanOrEqual(pageSize);
      found.push(...page.map((row) => `${row.partitionKey}\u0000${row.rowKey}`));
    }
    return found;
  }

  const expected = (matches: Query['matches']) =>
    rows
      .filter(matches)
      .sort((a, b) => (a.partitionKey < b.partitionKey ? -1 : a.partitionKey > b.partitionKey ? 1 : a.rowKey < b.rowKey ? -1 : 1))
      .map((row) => `${row.partitionKey}\u0000${row.rowKey}`);

  it.each(writtenQueries)('answers $filter as a full read does, in pages or not', async ({ filter, matches }) => {
    expect(await query(filter, 1000)).toEqual(expected(matches));
    expect(await query(filter, 7)).toEqual(expected(matches));
  });

  it('answers random filters as a full read does', async () => {
    const rng = random(2024);
    for (let i = 0; i < 150; i += 1) {
      const { filter, matches } = randomQuery(rng);
      const pageSize = rng.pick([1000, 1000, 100, 9]);
      expect(await query(filter, pageSize), `${filter} (pages of ${pageSize})`).toEqual(expected(matches));
    }
  }, 120_000);
});
