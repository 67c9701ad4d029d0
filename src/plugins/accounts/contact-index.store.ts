// The contact search index: rows by name, pinyin and initials, each with a digest for the hit.
//
// ContactSearch, partition `<tenant>|ContactSearch|search|<first three characters of the key>`: RowKey =
// `<search key>!<contactId>` → { contactId, accountId, accountName, name, title, cuteRole }. Prefix search is one range
// query (as for accounts, account-index.ts), optionally filtered to one account. The account's name is copied into the
// rows (the accounts service rewrites them when an account is renamed), so a search needs no point reads.
import { z } from 'zod';
import { forEachLimited } from '../../core/concurrency';
import { isAppError } from '../../core/errors';
import { where } from '../../storage/filter';
import type { LogicalTable } from '../../storage/logical-table';
import { Repository, type RowChange } from '../../storage/repository';
import { byName } from './account-index';
import { contactSchema, type Contact } from './account.schema';
import type { ContactHit } from './accounts.service';
import { groupBy } from './buckets';
import { pageSearch, searchPartition } from './search-page';
import { orderedKey, prefixKeys, searchKeys } from './search-keys';

/** Transactions of one write sent side by side. */
const transactionsInFlight = 8;

const hitSchema = z.strictObject({
  contactId: z.uuid(),
  accountId: z.uuid(),
  accountName: z.string(),
  name: z.string(),
  title: z.string().optional(),
  cuteRole: contactSchema.shape.cuteRole,
});
type ContactSearchRow = z.infer<typeof hitSchema>;
export type SearchChange = RowChange<ContactSearchRow> & { partition: string[] };

const searchRows = (contact: Contact) =>
  searchKeys(contact.name).map((key) => ({
    partition: searchPartition(key),
    row: [orderedKey(key, contact.id)],
  }));

export function createContactIndex(table: LogicalTable) {
  const search = new Repository(table, 'contact', hitSchema);

  const rowsOf = (kind: 'create' | 'upsert', contact: Contact, accountName: string): SearchChange[] =>
    searchRows(contact).map(({ partition, row }) => ({
      kind,
      partition,
      row,
      value: {
        contactId: contact.id,
        accountId: contact.accountId,
        accountName,
        name: contact.name,
        title: contact.title,
        cuteRole: contact.cuteRole,
      },
    }));

  const upserts = (contact: Contact, accountName: string) => rowsOf('upsert', contact, accountName);

  return {
    upserts,
    /** A new contact's rows: its new id makes new row keys, so they are created, with no read of an existing row first. */
    creates: (contact: Contact, accountName: string) => rowsOf('create', contact, accountName),

    /** The changes that turn `current`'s rows into `next`'s: new keys written, keys it no longer has removed. */
    replacement(current: Contact, next: Contact, accountName: string): SearchChange[] {
      const keep = new Set(searchRows(next).map(({ row }) => row[0]));
      const stale = searchRows(current).filter(({ row }) => !keep.has(row[0]));
      return [...upserts(next, accountName), ...stale.map(({ partition, row }) => ({ kind: 'delete' as const, partition, row }))];
    },

    /** One transaction per partition; the caller undoes what a failure leaves behind. */
    async write(tenantId: string, changes: SearchChange[]): Promise<void> {
      const groups = groupBy(changes, (change) => change.partition.join('|'));
      await forEachLimited(groups, transactionsInFlight, async (group) => {
        await search.transact(tenantId, group[0]!.partition, group);
      });
    },

    /** Removes contacts' rows one by one, as an undo does: a row that is already gone is not a failure. */
    async remove(tenantId: string, contacts: Contact[]): Promise<void> {
      await Promise.all(
        contacts.flatMap(searchRows).map(({ partition, row }) =>
          search.delete({ tenantId, partition, row }).catch((error: unknown) => {
            if (!isAppError(error, 'NOT_FOUND')) throw error;
          }),
        ),
      );
    },

    /** Distinct contacts whose name, pinyin or initials start with `prefix`, in name order. */
    async search(tenantId: string, prefix: string, limit: number, accountId?: string): Promise<ContactHit[]> {
      const hits = new Map<string, ContactHit>();
      for (const key of prefixKeys(prefix)) {
        let continuationToken: string | undefined;
        do {
          const page = await pageSearch(search, tenantId, key, {
            where: accountId === undefined ? undefined : where`accountId eq ${accountId}`,
            pageSize: Math.min(limit * 3, 1000),
            continuationToken,
          });
          for (const { value } of page.items) if (!hits.has(value.contactId)) hits.set(value.contactId, value);
          continuationToken = page.continuationToken;
        } while (continuationToken && hits.size < limit);
      }
      return [...hits.values()].sort(byName).slice(0, limit);
    },
  };
}
