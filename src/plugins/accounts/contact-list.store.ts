// An account's contacts in its own partition: copies in name order for paging, and the summary the account card reads.
//
// AccountContacts, partition `<tenant>|AccountContacts|account|<accountId>`:
//   RowKey `n|<name key>!<contactId>` → a copy of the contact, so a page of the list is a range in name order;
//   RowKey `summary` → { count, first }: the first contacts by name and how many there are. The account card reads
//   this one row (a point read), so it stays fast however many contacts the tenant has.
// Copies and summary change in one entity-group transaction with the summary's ETag, so the two always agree;
// two writers on one account serialise on it (a lost race is retried). Only when one of the first contacts is
// renamed past the others does a write read the first copies again (a range query) to refill the summary.
import { z } from 'zod';
import { isAppError } from '../../core/errors';
import { parseWith } from '../../core/validation';
import { composeKey } from '../../storage/keys';
import type { LogicalTable } from '../../storage/logical-table';
import { transactKinds, type KindChange } from '../../storage/kind-transactions';
import { Repository, type Page, type PageRequest } from '../../storage/repository';
import { pause } from '../../storage/rollup-rows';
import { normaliseAccountName } from './account-name';
import { contactSchema, type Contact } from './account.schema';
import { cardContactLimit } from './accounts.cards';
import { orderedKey, prefixRange } from './search-keys';

/** How many contacts the summary keeps: as many as the account card lists. */
const summaryContacts = cardContactLimit;
const attempts = 8;

const entrySchema = z.strictObject({
  id: z.uuid(),
  name: z.string(),
  title: z.string().optional(),
  cuteRole: contactSchema.shape.cuteRole,
});
const summarySchema = z.strictObject({ count: z.number().int().min(0), first: z.array(entrySchema) });
export type ContactSummary = z.infer<typeof summarySchema>;
type Entry = z.infer<typeof entrySchema>;

const partition = (accountId: string) => ['account', accountId];
const copyRow = (contact: Pick<Contact, 'id' | 'name'>) => ['n', orderedKey(normaliseAccountName(contact.name), contact.id)];
const summaryRow = ['summary'];
const entryOf = ({ id, name, title, cuteRole }: Contact): Entry => ({ id, name, title, cuteRole });
const sortKey = (entry: Pick<Contact, 'id' | 'name'>) => composeKey(copyRow(entry));
const inOrder = (a: Entry, b: Entry) => (sortKey(a) < sortKey(b) ? -1 : sortKey(a) > sortKey(b) ? 1 : 0);

/** What one write does to an account's list: contacts to remove (as they were) and to put (as they are now). */
export interface ListChange {
  remove: Contact[];
  put: Contact[];
}

export function createContactList(table: LogicalTable) {
  const copies = new Repository(table, 'contact', contactSchema, ['consent']);
  const summaries = new Repository(table, 'contact', summarySchema, ['first']);

  async function nextSummary(tenantId: string, accountId: string, current: ContactSummary, change: ListChange): Promise<ContactSummary> {
    const changed = new Set([...change.remove, ...change.put].map((contact) => contact.id));
    const removedIds = new Set(change.remove.map((contact) => contact.id));
    const added = change.put.filter((contact) => !removedIds.has(contact.id)).length;
    const count = current.count + added - change.remove.filter((contact) => !change.put.some((put) => put.id === contact.id)).length;
    const kept = current.first.filter((entry) => !changed.has(entry.id));
    let known = kept;
    // Only the first few are kept: when one of them leaves a full list, the next ones come from the copies.
    if (current.count > current.first.length && kept.length < current.first.length) {
      const page = await copies.page(tenantId, partition(accountId), {
        ...prefixRange('', ['n']),
        pageSize: summaryContacts + changed.size,
      });
      known = page.items.map((item) => entryOf(item.value)).filter((entry) => !changed.has(entry.id));
    }
    return { count, first: [...known, ...change.put.map(entryOf)].sort(inOrder).slice(0, summaryContacts) };
  }

  /**
   * Applies a change to the copies and the summary in one transaction, retrying when another writer got there
   * first. With `likelyNew` (imports), the first try assumes the account has no summary yet and saves its read.
   */
  async function apply(tenantId: string, accountId: string, change: ListChange, likelyNew = false): Promise<void> {
    if (change.remove.length + change.put.length > 99) throw new Error('A contact list change holds at most 99 contacts');
    const putRows = new Set(change.put.map((contact) => sortKey(contact)));
    for (let attempt = 1; ; attempt += 1) {
      const current =
        likelyNew && attempt === 1 ? undefined : await summaries.get({ tenantId, partition: partition(accountId), row: summaryRow });
      const summary = parseWith(summarySchema, await nextSummary(tenantId, accountId, current?.value ?? { count: 0, first: [] }, change));
      const changes: KindChange[] = [
        ...change.remove
          .filter((contact) => !putRows.has(sortKey(contact)))
          .map((contact): KindChange => ({ repository: copies, change: { kind: 'delete', row: copyRow(contact) } })),
        ...change.put.map((contact): KindChange => ({
          repository: copies,
          change: { kind: 'upsert', row: copyRow(contact), value: contact },
        })),
        {
          repository: summaries,
          change: current
            ? { kind: 'replace', row: summaryRow, value: summary, etag: current.etag }
            : { kind: 'create', row: summaryRow, value: summary },
        },
      ];
      try {
        await transactKinds(tenantId, partition(accountId), changes);
        return;
      } catch (error) {
        const lostRace = isAppError(error, 'CONFLICT', 'ALREADY_EXISTS');
        if (!lostRace || attempt === attempts) throw error;
        // Writers of one account's contacts at once go through in turn rather than all reading again at the same moment.
        await pause(attempt);
      }
    }
  }

  return {
    apply,
    /** One page of an account's contacts, in name order. */
    page: (tenantId: string, accountId: string, request: PageRequest): Promise<Page<Contact>> =>
      copies.page(tenantId, partition(accountId), { ...request, ...prefixRange('', ['n']) }),
    /** The summary the account card shows: one point read. */
    async summary(tenantId: string, accountId: string): Promise<ContactSummary> {
      return (await summaries.get({ tenantId, partition: partition(accountId), row: summaryRow }))?.value ?? { count: 0, first: [] };
    },
  };
}

export type ContactList = ReturnType<typeof createContactList>;
