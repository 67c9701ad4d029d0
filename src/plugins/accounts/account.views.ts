// The accounts plugin's derived views, kept by the projector: the pinyin and initials search rows of account names.
import type { ProjectedRow, VersionedRecord, ViewDefinition } from '../../core/projection';
import type { LogicalTable } from '../../storage/logical-table';
import type { Repository } from '../../storage/repository';
import { searchRows } from './account-index';
import type { AccountRow, accountRowSchema } from './account.schema';

/** The event every write of an account publishes, from which each view applies the account as it is then. */
export const accountChangedEvent = 'account.changed';

/** View ids, as `npm run rebuild -- --view` names them. */
export const accountViewIds = { search: 'accounts.search' } as const;

type Flat = ProjectedRow['value'];

/** A search row's value as a flat row: the tags as JSON text (as the search repository reads them back), absent fields left out. */
function flat(value: Record<string, unknown>): Flat {
  const out: Record<string, string | number | boolean> = {};
  for (const [name, field] of Object.entries(value)) {
    if (field === undefined) continue;
    out[name] = Array.isArray(field) ? JSON.stringify(field) : (field as string | number | boolean);
  }
  return out;
}

/**
 * The keys a name is found by other than the name itself (AccountKeys, PK [..., 'search', bucket], RK `<key>!<accountId>`,
 * as account-index.ts lays them out): its pinyin and initials when it is Chinese. The name's own row is its claim,
 * written with the record (account.store.ts), so it is not part of the view.
 */
export const keyRows = (account: AccountRow): ProjectedRow[] =>
  searchRows(account)
    .filter((row) => !row.claim)
    .map(({ partition, row, value }) => ({ table: 'keys', partition, row, value: flat(value) }));

export function createAccountViews(deps: {
  records: Repository<typeof accountRowSchema>;
  /** Where the views keep footprints: `AccountViews`, a partition per tenant and view. */
  views: LogicalTable;
  /** The derived search rows: `AccountKeys`. */
  keys: LogicalTable;
  recordAddress(tenantId: string, id: string): { tenantId: string; partition: string[]; row: string[] };
}): ViewDefinition<AccountRow, LogicalTable>[] {
  const { records } = deps;
  const load = async (tenantId: string, id: string): Promise<VersionedRecord<AccountRow> | undefined> => {
    const stored = await records.get(deps.recordAddress(tenantId, id));
    return stored && { id, version: stored.value.version, record: stored.value };
  };
  async function* everyAccount(tenantId: string): AsyncIterable<VersionedRecord<AccountRow>> {
    let continuationToken: string | undefined;
    do {
      const page = await records.pageBelow(tenantId, ['accounts'], { pageSize: 1000, continuationToken });
      for (const { value } of page.items) yield { id: value.id, version: value.version, record: value };
      continuationToken = page.continuationToken;
    } while (continuationToken);
  }
  return [
    {
      id: accountViewIds.search,
      source: accountChangedEvent,
      store: deps.views,
      tables: { keys: deps.keys },
      owns: [{ table: 'keys', partition: ['search'] }],
      load,
      records: everyAccount,
      derive: (account) => ({ rows: keyRows(account), aggregates: {} }),
    },
  ];
}
