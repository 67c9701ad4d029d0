// The account name index: a search row per key a name is found by, the name's own row being its claim.
//
// AccountSearch: one row per key a name is found by (the name, and for Chinese names the pinyin and the initials),
//   with a digest for hits and one boolean facet column per industry, region and tag.
//   - Partition `<tenant>|AccountSearch|search|<bucket>`: the bucket is the key's first three characters (storage/buckets.ts).
//   - RowKey `<key>!<accountId>` for pinyin and initials, which two names can share. The name's own row is
//     `<name>!` and is also its claim: a second account of the same name cannot insert it, so names are unique per
//     tenant, and an exact lookup (`account Contoso`) is one point read.
//   - Prefix search reads a RowKey range of the prefix's bucket; a prefix shorter than three characters reads the
//     partitions starting with it (one range query). An account found by several keys is returned once. `findByTerms`
//     filters every search partition of the tenant (bounded by a row budget): the price of matching industry, region
//     and tags without their own index.
//   - A claim is written pending (`pendingSince`, and the import's id) before its record, and confirmed with the other
//     search rows once the record is stored; searches leave pending claims out (claim-repair.ts settles them).
import { z } from 'zod';
import { AppError, isAppError } from '../../core/errors';
import type { Logger } from '../../core/logger';
import { allOf, where, type ODataFilter } from '../../storage/filter';
import { Repository, type RowChange, type Stored } from '../../storage/repository';
import type { LogicalTable } from '../../storage/logical-table';
import { normaliseAccountName } from './account-name';
import type { Account } from './account.schema';
import type { AccountHit } from './accounts.service';
import { pageSearch, searchPartition } from './search-page';
import { claimKey, facetColumn, facetKey, orderedKey, prefixKeys, prefixRange, searchKeys } from './search-keys';

const hitSchema = z
  .object({
    accountId: z.uuid(),
    name: z.string(),
    industry: z.string().optional(),
    region: z.string().optional(),
    ownerName: z.string().optional(),
    tags: z.array(z.string()).default([]),
    /** Set on a claim written before its record: the claim is not a hit until it is confirmed (see claim-repair.ts). */
    pendingSince: z.string().optional(),
    /** The import that wrote a pending claim, whose liveness tells whether the claim is still being worked on. */
    importId: z.string().optional(),
  })
  // Facet columns (`f_<digest>`: true) are added per row; their names are not known up front.
  .catchall(z.unknown());
export type SearchRow = z.infer<typeof hitSchema>;

/** A row a search shows: pending claims (their record may not exist yet) are left out. */
const shown = (row: SearchRow): boolean => row.pendingSince === undefined;

/** Terms beyond this many are checked on the returned rows only: each costs 3 of the 15 comparisons Azure allows. */
const filteredTerms = 4;
/** Rows `findByTerms` reads at most before it answers with what it found. */
const scanBudget = 20_000;

/** The row that claims a name: the name's own search row. */
export const claimAddress = (tenantId: string, name: string) => {
  const normalised = normaliseAccountName(name);
  if (!normalised) throw new AppError('VALIDATION_FAILED', { summary: 'name: needs a letter, digit or sign that is not only an accent' });
  return { tenantId, partition: searchPartition(normalised), row: [claimKey(normalised)] };
};

export interface SearchRowOf {
  partition: string[];
  row: string[];
  value: SearchRow;
  /** The name's own row, which claims the name. */
  claim: boolean;
}

/** What every search row of an account carries: the hit, and the facet columns of its industry, region and tags. */
export function searchValue(account: Account): SearchRow {
  const value: SearchRow = {
    accountId: account.id,
    name: account.name,
    industry: account.industry,
    region: account.region,
    ownerName: account.ownerName,
    tags: account.tags.map(facetKey),
  };
  for (const facet of [account.industry, account.region, ...account.tags]) if (facet) value[facetColumn(facet)] = true;
  return value;
}

/**
 * A claim written before its record, naming the record it claims for and, for an import, the import. It holds no
 * hit fields or facets: searches leave it out, and its confirmation writes the whole row.
 */
export const pendingClaimValue = (account: Account, since: string, importId?: string): SearchRow => ({
  accountId: account.id,
  name: account.name,
  tags: [],
  pendingSince: since,
  ...(importId ? { importId } : {}),
});

/** Search rows of one account: one per key, so renaming means deleting the old keys and adding the new. */
export function searchRows(account: Account): SearchRowOf[] {
  const value = searchValue(account);
  const normalised = normaliseAccountName(account.name);
  return searchKeys(account.name).map((key) => {
    const claim = key === normalised;
    return { partition: searchPartition(key), row: [claim ? claimKey(key) : orderedKey(key, account.id)], value, claim };
  });
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
  const facetIs = (value: string | undefined) => value !== undefined && facetKey(value) === term;
  return (
    facetIs(row.industry) || facetIs(row.region) || row.tags.includes(term) || searchKeys(row.name).some((key) => key.startsWith(term))
  );
}

export class AccountIndex {
  readonly search: Repository<typeof hitSchema>;

  constructor(
    table: LogicalTable,
    private readonly log: Logger,
  ) {
    this.search = new Repository(table, 'account', hitSchema, ['tags']);
  }

  /**
   * Writes or replaces the search rows of an account, once its record is stored; `previous` rows that no longer apply
   * are removed. The name's claim is rewritten with the rest, which confirms a claim written pending before the record;
   * an old name's claim is given up by releasing it, so it is left alone here. One transaction per partition: if one
   * fails, the partitions already written are put back as they were.
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
        await this.search
          .transact(tenantId, group.partition, group.undo)
          .catch((undo: unknown) => this.log.warn('could not undo account search rows', { accountId: account.id, error: undo }));
      }
      throw error;
    }
  }

  /** Removes the search rows, other than its claim, of an account that was never stored; rows already gone are fine. */
  async deleteSearchRows(tenantId: string, account: Account): Promise<void> {
    await Promise.all(
      searchRows(account)
        .filter((r) => !r.claim)
        .map(({ partition, row }) =>
          this.search.delete({ tenantId, partition, row }).catch((error: unknown) => {
            if (!isAppError(error, 'NOT_FOUND')) throw error;
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
        const page = await pageSearch(this.search, tenantId, key, { pageSize: Math.min(limit * 3, 1000), continuationToken });
        for (const item of page.items)
          if (shown(item.value) && !hits.has(item.value.accountId)) hits.set(item.value.accountId, toHit(item.value));
        continuationToken = page.continuationToken;
      } while (continuationToken && hits.size < limit);
    }
    return [...hits.values()].sort(byName).slice(0, limit);
  }

  /** One page of the distinct accounts whose name, pinyin or initials start with `key`, in key order; `more` when rows are left. */
  async pageByPrefix(tenantId: string, key: string, pageSize: number): Promise<{ hits: AccountHit[]; more: boolean }> {
    const page = await pageSearch(this.search, tenantId, key, { pageSize });
    const hits = new Map(page.items.filter((item) => shown(item.value)).map((item) => [item.value.accountId, toHit(item.value)]));
    return { hits: [...hits.values()], more: page.continuationToken !== undefined };
  }

  /**
   * The claims an import left pending, for the repair of an interrupted import: a filter over the tenant's search
   * partitions, run once per interrupted import and never on a request's path.
   */
  async pendingClaimsOf(tenantId: string, importId: string): Promise<Stored<SearchRow>[]> {
    const claims: Stored<SearchRow>[] = [];
    let continuationToken: string | undefined;
    do {
      const page = await this.search.pageBelow(tenantId, ['search'], {
        where: where`importId eq ${importId}`,
        pageSize: 1000,
        continuationToken,
      });
      claims.push(...page.items);
      continuationToken = page.continuationToken;
    } while (continuationToken);
    return claims;
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
      const page = await this.search.pageBelow(tenantId, ['search'], { where: filter, pageSize: 1000, continuationToken });
      scanned += page.items.length;
      for (const { value } of page.items)
        if (shown(value) && !hits.has(value.accountId) && keys.every((term) => termMatches(value, term)))
          hits.set(value.accountId, toHit(value));
      continuationToken = page.continuationToken;
    } while (continuationToken && hits.size < limit && scanned < scanBudget);
    return [...hits.values()].sort(byName).slice(0, limit);
  }
}

/**
 * The changes of a rewrite of an account's search rows, per partition, each with the changes that undo it. A previous
 * claim is never deleted here: releasing a name checks that the account still holds it.
 */
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
    if (nextRows.has(r.row[0]) || r.claim) continue;
    group(r.partition).changes.push({ kind: 'delete', row: r.row });
    group(r.partition).undo.push({ kind: 'upsert', row: r.row, value: r.value });
  }
  return [...groups.values()];
}
