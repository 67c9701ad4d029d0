// The account name index: a unique claim per normalised name, and search rows (name, pinyin, initials) carrying a digest.
import type { TableClient } from '@azure/data-tables';
import { z } from 'zod';
import { AppError } from '../../core/errors';
import { where } from '../../storage/filter';
import { encodeKeyPart } from '../../storage/keys';
import { Repository, type RowChange } from '../../storage/repository';
import { normaliseAccountName } from './account-name';
import type { Account } from './account.schema';
import type { AccountHit } from './accounts.service';
import { searchKeys } from './search-keys';

const claimSchema = z.strictObject({ accountId: z.uuid(), name: z.string() });
const hitSchema = z.strictObject({
  accountId: z.uuid(),
  name: z.string(),
  industry: z.string().optional(),
  region: z.string().optional(),
  ownerName: z.string().optional(),
  industryKey: z.string().optional(),
  regionKey: z.string().optional(),
  tags: z.array(z.string()).default([]),
});
type SearchRow = z.infer<typeof hitSchema>;

const claimsPartition = ['names'];
const searchPartition = ['search'];

export const claimAddress = (tenantId: string, name: string) => ({ tenantId, partition: claimsPartition, row: [normaliseAccountName(name)] });

/** Search rows of one account: one per key, so renaming means deleting the old keys and adding the new. */
export function searchRows(account: Account): { row: string[]; value: SearchRow }[] {
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
  return searchKeys(account.name).map((key) => ({ row: [key, account.id], value }));
}

export function toHit(row: SearchRow): AccountHit {
  return { accountId: row.accountId, name: row.name, industry: row.industry, region: row.region, ownerName: row.ownerName };
}

export class AccountIndex {
  readonly claims: Repository<typeof claimSchema>;
  readonly search: Repository<typeof hitSchema>;

  constructor(table: TableClient) {
    this.claims = new Repository(table, 'account', claimSchema);
    this.search = new Repository(table, 'account', hitSchema, ['tags']);
  }

  /** Writes or replaces the search rows of an account; `previous` rows that no longer apply are removed. */
  async writeSearchRows(tenantId: string, account: Account, previous?: Account): Promise<void> {
    const next = searchRows(account);
    const nextKeys = new Set(next.map((r) => r.row.join('|')));
    const stale = previous ? searchRows(previous).filter((r) => !nextKeys.has(r.row.join('|'))) : [];
    const changes: RowChange<SearchRow>[] = [
      ...next.map((r) => ({ kind: 'upsert' as const, row: r.row, value: r.value })),
      ...stale.map((r) => ({ kind: 'delete' as const, row: r.row })),
    ];
    await this.search.transact(tenantId, searchPartition, changes);
  }

  async deleteSearchRows(tenantId: string, account: Account): Promise<void> {
    await this.search.transact(tenantId, searchPartition, searchRows(account).map((r) => ({ kind: 'delete' as const, row: r.row })));
  }

  /** Distinct accounts whose name, pinyin or initials start with `prefix`, in key order; one range query. */
  async searchByPrefix(tenantId: string, prefix: string, limit: number): Promise<AccountHit[]> {
    const key = encodeKeyPart(normaliseAccountName(prefix));
    if (!key) return [];
    const hits = new Map<string, AccountHit>();
    let continuationToken: string | undefined;
    do {
      const page = await this.search.page(tenantId, searchPartition, { rowKeyFrom: key, rowKeyBefore: `${key}\uffff`, pageSize: Math.min(limit * 3, 1000), continuationToken });
      for (const item of page.items) if (!hits.has(item.value.accountId)) hits.set(item.value.accountId, toHit(item.value));
      continuationToken = page.continuationToken;
    } while (continuationToken && hits.size < limit);
    return [...hits.values()].sort((a, b) => a.name.localeCompare(b.name)).slice(0, limit);
  }

  /** Every term must match the name (prefix), industry, region or a tag; the first term narrows on the server. */
  async findByTerms(tenantId: string, terms: string[], limit: number): Promise<AccountHit[]> {
    const keys = terms.map(normaliseAccountName).filter(Boolean);
    const [first, ...rest] = keys;
    if (first === undefined) throw new AppError('VALIDATION_FAILED', { summary: 'terms' });
    const matches = (row: SearchRow, term: string) =>
      row.industryKey === term || row.regionKey === term || row.tags.includes(term) || searchKeys(row.name).some((key) => key.startsWith(term));
    const hits = new Map<string, AccountHit>();
    const encoded = encodeKeyPart(first);
    // Tags are one JSON property, so tagged rows come back and are matched here.
    const filter = where`(RowKey ge ${encoded} and RowKey lt ${`${encoded}\uffff`}) or industryKey eq ${first} or regionKey eq ${first} or tags ne ${'[]'}`;
    let continuationToken: string | undefined;
    let scanned = 0;
    do {
      const page = await this.search.page(tenantId, searchPartition, { where: filter, pageSize: 1000, continuationToken });
      scanned += page.items.length;
      for (const item of page.items) {
        if (!matches(item.value, first) || !rest.every((term) => matches(item.value, term))) continue;
        if (!hits.has(item.value.accountId)) hits.set(item.value.accountId, toHit(item.value));
      }
      continuationToken = page.continuationToken;
    } while (continuationToken && hits.size < limit && scanned < 20_000);
    return [...hits.values()].sort((a, b) => a.name.localeCompare(b.name)).slice(0, limit);
  }
}
