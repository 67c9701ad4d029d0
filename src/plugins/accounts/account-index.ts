// The account name index: a search row per key a name is found by, the name's own row being its claim.
//
// One row per key a name is found by (the name, and for Chinese names the pinyin and the initials), with a digest for
// hits and one boolean facet column per industry, region and tag, in two logical tables laid out alike:
//   - AccountSearch holds the name's own row, RowKey `<name>!`, which is also its claim: a second account of the same
//     name cannot insert it, so names are unique per tenant, and an exact lookup (`account Contoso`) is one point read.
//     The account's writes keep it (account.store.ts).
//   - AccountKeys holds the pinyin and initials rows, RowKey `<key>!<accountId>` (two names can share one), which the
//     projector derives from the records (account.views.ts): only from records that exist, so none outlives its account.
//   - Partition `<tenant>|<table>|search|<bucket>`: the bucket is the key's first three characters (storage/buckets.ts).
//   - Prefix search reads a RowKey range of the prefix's bucket in each table; a prefix shorter than three characters
//     reads the partitions starting with it (one range query per table). An account found by several keys is returned once. `findByTerms`
//     filters every search partition of the tenant (bounded by a row budget): the price of matching industry, region
//     and tags without their own index.
//   - A claim is written pending (`pendingSince`, and the import's id) before its record, and confirmed once the record
//     is stored; searches leave pending claims out (claim-repair.ts settles them).
import { z } from 'zod';
import { AppError } from '../../core/errors';
import { allOf, where, type ODataFilter } from '../../storage/filter';
import { Repository, type Stored } from '../../storage/repository';
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

/** Search rows of one account, one per key: its claim (the name's row) and its derived keys. */
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
  /** The names' own rows, each the claim of its name (AccountSearch). */
  readonly search: Repository<typeof hitSchema>;
  /** The pinyin and initials rows the projector derives from the records (AccountKeys, account.views.ts). */
  readonly keys: Repository<typeof hitSchema>;

  constructor(tables: { search: LogicalTable; keys: LogicalTable }) {
    this.search = new Repository(tables.search, 'account', hitSchema, ['tags']);
    this.keys = new Repository(tables.keys, 'account', hitSchema, ['tags']);
  }

  /**
   * Writes the name's claim whole (hit and facets) once the account's record is stored: this confirms a claim written
   * pending before the record, and keeps a confirmed claim's hit in step with the record. An old name's claim is given
   * up by releasing it (account.store.ts), never here.
   */
  async confirmClaim(tenantId: string, account: Account): Promise<void> {
    const claim = searchRows(account).find((row) => row.claim)!;
    await this.search.upsert({ tenantId, partition: claim.partition, row: claim.row }, claim.value);
  }

  /** Both row sets a search reads: the names' claims and the derived keys. */
  private get sources() {
    return [this.search, this.keys];
  }

  /** Distinct accounts whose name, pinyin or initials start with `prefix`, in name order; one range query per key and row set. */
  async searchByPrefix(tenantId: string, prefix: string, limit: number): Promise<AccountHit[]> {
    const hits = new Map<string, AccountHit>();
    for (const key of prefixKeys(prefix))
      for (const rows of this.sources) {
        let found = 0;
        let continuationToken: string | undefined;
        do {
          const page = await pageSearch(rows, tenantId, key, { pageSize: Math.min(limit * 3, 1000), continuationToken });
          for (const item of page.items)
            if (shown(item.value) && !hits.has(item.value.accountId)) {
              hits.set(item.value.accountId, toHit(item.value));
              found += 1;
            }
          continuationToken = page.continuationToken;
        } while (continuationToken && found < limit);
      }
    return [...hits.values()].sort(byName).slice(0, limit);
  }

  /** One page of the distinct accounts whose name, pinyin or initials start with `key`, in key order; `more` when rows are left. */
  async pageByPrefix(tenantId: string, key: string, pageSize: number): Promise<{ hits: AccountHit[]; more: boolean }> {
    const pages = await Promise.all(this.sources.map((rows) => pageSearch(rows, tenantId, key, { pageSize })));
    const items = pages.flatMap((page) => page.items).filter((item) => shown(item.value));
    const hits = new Map(items.map((item) => [item.value.accountId, toHit(item.value)]));
    return { hits: [...hits.values()], more: pages.some((page) => page.continuationToken !== undefined) };
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
   * four terms filter on the server (a name range or one facet column each) over the claims and the derived keys;
   * every row is checked here too.
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
    let scanned = 0;
    for (const rows of this.sources) {
      let continuationToken: string | undefined;
      do {
        const page = await rows.pageBelow(tenantId, ['search'], { where: filter, pageSize: 1000, continuationToken });
        scanned += page.items.length;
        for (const { value } of page.items)
          if (shown(value) && !hits.has(value.accountId) && keys.every((term) => termMatches(value, term)))
            hits.set(value.accountId, toHit(value));
        continuationToken = page.continuationToken;
      } while (continuationToken && hits.size < limit && scanned < scanBudget);
    }
    return [...hits.values()].sort(byName).slice(0, limit);
  }
}
