// The account name index: a unique claim per normalised name, and search rows (name, pinyin, initials) carrying a digest.
//
// AccountNames, partition `<tenant>|names|<bucket of the name>`: RowKey = normalised name → { accountId, name }.
//   Point reads only: the claim makes names unique and answers exact lookups (`account Contoso`).
// AccountSearch, partition `<tenant>|search|<first three characters of the key>`: RowKey = `<search key>!<accountId>`,
//   one row per key (the name, and for Chinese names the pinyin and the initials) with a digest for hits, and one
//   boolean facet column per industry, region and tag. Prefix search is one RowKey range query in one partition
//   (a prefix shorter than three characters reads the few partitions starting with it);
//   an account found by several keys is returned once. It is its own table because the emulator scans a whole
//   table on every query: claims and records never slow a search. `findByTerms` filters every search partition of
//   the tenant (bounded by a row budget): the price of matching industry, region and tags without their own index.
// Both are spread over 16 tables by partition (storage/shards.ts), as the account records are: a prefix of three or
//   more characters reads one shard, a shorter one and `findByTerms` read every shard and merge in key order.
import { z } from 'zod';
import { AppError } from '../../core/errors';
import type { Logger } from '../../core/logger';
import { allOf, where, type ODataFilter } from '../../storage/filter';
import { Repository, type RowChange } from '../../storage/repository';
import type { TableSet } from '../../storage/shards';
import { normaliseAccountName } from './account-name';
import type { Account } from './account.schema';
import type { AccountHit } from './accounts.service';
import { pageBuckets, pageSearch } from './bucket-page';
import { keyBucket, nameBucket } from './buckets';
import { facetColumn, orderedKey, prefixKeys, prefixRange, searchKeys } from './search-keys';

const claimSchema = z.strictObject({ accountId: z.uuid(), name: z.string() });
const hitSchema = z
  .object({
    accountId: z.uuid(),
    name: z.string(),
    industry: z.string().optional(),
    region: z.string().optional(),
    ownerName: z.string().optional(),
    industryKey: z.string().optional(),
    regionKey: z.string().optional(),
    tags: z.array(z.string()).default([]),
  })
  // Facet columns (`f_<digest>`: true) are added per row; their names are not known up front.
  .catchall(z.unknown());
type SearchRow = z.infer<typeof hitSchema>;

/** The search partition a key's rows live in; a prefix of the key lives there too. */
export const searchPartition = (key: string): string[] => ['search', keyBucket(key)];
/** Terms beyond this many are checked on the returned rows only: each costs 3 of the 15 comparisons Azure allows. */
const filteredTerms = 4;
/** Rows `findByTerms` reads at most before it answers with what it found. */
const scanBudget = 20_000;

export const claimAddress = (tenantId: string, name: string) => {
  const normalised = normaliseAccountName(name);
  return { tenantId, partition: ['names', nameBucket(normalised)], row: [normalised] };
};

export interface SearchRowOf {
  partition: string[];
  row: string[];
  value: SearchRow;
}

/** Search rows of one account: one per key, so renaming means deleting the old keys and adding the new. */
export function searchRows(account: Account): SearchRowOf[] {
  const value: SearchRow = {
    accountId: account.id,
    name: account.name,
    industry: account.industry,
    region: account.region,
    ownerName: account.ownerName,
    industryKey: account.industry && normaliseAccountName(account.industry),
    regionKey: account.region && normaliseAccountName(account.region),
    tags: account.tags.map(normaliseAccountName),
  };
  for (const facet of [account.industry, account.region, ...account.tags]) if (facet) value[facetColumn(facet)] = true;
  return searchKeys(account.name).map((key) => ({ partition: searchPartition(key), row: [orderedKey(key, account.id)], value }));
}

export function toHit(row: SearchRow): AccountHit {
  return { accountId: row.accountId, name: row.name, industry: row.industry, region: row.region, ownerName: row.ownerName };
}

/** Name order as the index keeps it: normalised name, then the name as written. */
export const byName = (a: { name: string }, b: { name: string }): number => {
  const [x, y] = [normaliseAccountName(a.name), normaliseAccountName(b.name)];
  return x < y ? -1 : x > y ? 1 : a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
};

function termMatches(row: SearchRow, term: string): boolean {
  return row.industryKey === term || row.regionKey === term || row.tags.includes(term) || searchKeys(row.name).some((key) => key.startsWith(term));
}

export class AccountIndex {
  readonly claims: Repository<typeof claimSchema>;
  readonly search: Repository<typeof hitSchema>;

  constructor(
    tables: { names: TableSet; search: TableSet },
    private readonly log: Logger,
  ) {
    this.claims = new Repository(tables.names, 'account', claimSchema);
    this.search = new Repository(tables.search, 'account', hitSchema, ['tags']);
  }

  /**
   * Writes or replaces the search rows of an account; `previous` rows that no longer apply are removed. One
   * transaction per partition: if one fails, the partitions already written are put back as they were.
   */
  async writeSearchRows(tenantId: string, account: Account, previous?: Account): Promise<void> {
    const groups = changesByPartition(searchRows(account), previous ? searchRows(previous) : []);
    const done: (typeof groups)[number][] = [];
    try {
      for (const group of groups) {
        await this.search.transact(tenantId, group.partition, group.changes);
        done.push(group);
      }
    } catch (error) {
      for (const group of done) {
        await this.search.transact(tenantId, group.partition, group.undo).catch((undo: unknown) => this.log.warn('could not undo account search rows', { accountId: account.id, error: undo }));
      }
      throw error;
    }
  }

  /** Removes the search rows of an account that was never stored; rows already gone are fine. */
  async deleteSearchRows(tenantId: string, account: Account): Promise<void> {
    await Promise.all(
      searchRows(account).map(({ partition, row }) =>
        this.search.delete({ tenantId, partition, row }).catch((error: unknown) => {
          if (!(error instanceof AppError && error.code === 'NOT_FOUND')) throw error;
        }),
      ),
    );
  }

  /** Distinct accounts whose name, pinyin or initials start with `prefix`, in name order; one range query per key. */
  async searchByPrefix(tenantId: string, prefix: string, limit: number): Promise<AccountHit[]> {
    const hits = new Map<string, AccountHit>();
    for (const key of prefixKeys(prefix)) {
      let continuationToken: string | undefined;
      do {
        const page = await pageSearch(this.search, ['tags'], tenantId, key, { pageSize: Math.min(limit * 3, 1000), continuationToken });
        for (const item of page.items) if (!hits.has(item.value.accountId)) hits.set(item.value.accountId, toHit(item.value));
        continuationToken = page.continuationToken;
      } while (continuationToken && hits.size < limit);
    }
    return [...hits.values()].sort(byName).slice(0, limit);
  }

  /**
   * Every term must match the start of the name (or its pinyin), the industry, the region or a tag. The first
   * four terms filter on the server (a name range or one facet column each); every row is checked here too.
   */
  async findByTerms(tenantId: string, terms: string[], limit: number): Promise<AccountHit[]> {
    const keys = terms.map(normaliseAccountName).filter(Boolean);
    if (keys.length === 0) throw new AppError('VALIDATION_FAILED', { summary: 'terms: at least one word' });
    const termFilter = (term: string): ODataFilter => {
      const { rowKeyFrom, rowKeyBefore } = prefixRange(term);
      const facet = facetColumn(term);
      // The column name comes from a hex digest, never from user text, so it is safe outside the template's values.
      return `(${where`RowKey ge ${rowKeyFrom} and RowKey lt ${rowKeyBefore}`}) or ${facet} eq true` as ODataFilter;
    };
    const filter = allOf(...keys.slice(0, filteredTerms).map(termFilter));
    const hits = new Map<string, AccountHit>();
    let continuationToken: string | undefined;
    let scanned = 0;
    do {
      const page = await pageBuckets(this.search.shards, hitSchema, ['tags'], { tenantId, partition: ['search'], entity: 'account' }, { where: filter, pageSize: 1000, continuationToken });
      scanned += page.items.length;
      for (const { value } of page.items) if (!hits.has(value.accountId) && keys.every((term) => termMatches(value, term))) hits.set(value.accountId, toHit(value));
      continuationToken = page.continuationToken;
    } while (continuationToken && hits.size < limit && scanned < scanBudget);
    return [...hits.values()].sort(byName).slice(0, limit);
  }
}

/** The changes of a rewrite of an account's search rows, per partition, each with the changes that undo it. */
function changesByPartition(next: SearchRowOf[], previous: SearchRowOf[]) {
  const groups = new Map<string, { partition: string[]; changes: RowChange<SearchRow>[]; undo: RowChange<SearchRow>[] }>();
  const group = (partition: string[]) => {
    const key = partition.join('|');
    const found = groups.get(key) ?? { partition, changes: [], undo: [] };
    groups.set(key, found);
    return found;
  };
  const previousRows = new Map(previous.map((r) => [r.row[0], r]));
  const nextRows = new Set(next.map((r) => r.row[0]));
  for (const r of next) {
    const before = previousRows.get(r.row[0]);
    group(r.partition).changes.push({ kind: 'upsert', row: r.row, value: r.value });
    group(r.partition).undo.push(before ? { kind: 'upsert', row: r.row, value: before.value } : { kind: 'delete', row: r.row });
  }
  for (const r of previous) {
    if (nextRows.has(r.row[0])) continue;
    group(r.partition).changes.push({ kind: 'delete', row: r.row });
    group(r.partition).undo.push({ kind: 'upsert', row: r.row, value: r.value });
  }
  return [...groups.values()];
}
