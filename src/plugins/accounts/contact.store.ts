// Contacts: the record by id, its account's name-ordered list and summary, and search rows by name, pinyin and initials.
//
// Contacts, partition `<tenant>|contacts`, RowKey = id: the record (consent as JSON), point-readable by id; its
//   ETag is the one clients send back.
// AccountContacts: the account's list and summary (contact-list.store.ts).
// ContactSearch, partition `<tenant>|search`: RowKey = `<search key>!<contactId>` → { contactId, accountId,
//   accountName, name, title, cuteRole }; prefix search is one range query, optionally filtered to one account.
// A write goes record → list → search rows; when a step fails, the steps before it are undone, so a contact is
// never left half written, nor visible twice after the caller retries.
import { randomUUID } from 'node:crypto';
import type { TableClient } from '@azure/data-tables';
import { z } from 'zod';
import type { Actor } from '../../core/actor';
import type { Clock } from '../../core/clock';
import { AppError } from '../../core/errors';
import type { Logger } from '../../core/logger';
import { parseWith } from '../../core/validation';
import { where } from '../../storage/filter';
import { Repository, type Page, type PageRequest, type RowChange, type Stored } from '../../storage/repository';
import { byName } from './account-index';
import { contactChangesSchema, contactSchema, newContactSchema, type Contact, type ContactChanges, type NewContact } from './account.schema';
import type { ContactHit } from './accounts.service';
import { createContactList, type ListChange } from './contact-list.store';
import { orderedKey, prefixKeys, prefixRange, searchKeys } from './search-keys';

const hitSchema = z.strictObject({
  contactId: z.uuid(),
  accountId: z.uuid(),
  accountName: z.string(),
  name: z.string(),
  title: z.string().optional(),
  cuteRole: contactSchema.shape.cuteRole,
});
type ContactSearchRow = z.infer<typeof hitSchema>;

const recordAddress = (tenantId: string, id: string) => ({ tenantId, partition: ['contacts'], row: [id] });
const searchPartition = ['search'];

const searchRows = (contact: Contact) => searchKeys(contact.name).map((key) => [orderedKey(key, contact.id)]);
const searchValue = (contact: Contact, accountName: string): ContactSearchRow => ({
  contactId: contact.id,
  accountId: contact.accountId,
  accountName,
  name: contact.name,
  title: contact.title,
  cuteRole: contact.cuteRole,
});
const upserts = (contact: Contact, accountName: string): RowChange<ContactSearchRow>[] =>
  searchRows(contact).map((row) => ({ kind: 'upsert', row, value: searchValue(contact, accountName) }));

export type ContactStore = ReturnType<typeof createContactStore>;

export function createContactStore(tables: { contacts: TableClient; accountContacts: TableClient; search: TableClient }, clock: Clock, log: Logger) {
  const records = new Repository(tables.contacts, 'contact', contactSchema, ['consent']);
  const list = createContactList(tables.accountContacts);
  const search = new Repository(tables.search, 'contact', hitSchema);

  async function undo(what: string, work: () => Promise<unknown>): Promise<void> {
    try {
      await work();
    } catch (error) {
      log.warn(`could not undo a contact ${what}`, { error });
    }
  }

  /** Search rows go one by one when undone: a row that is already gone is not a failure. */
  async function removeSearchRows(tenantId: string, contacts: Contact[]): Promise<void> {
    const rows = contacts.flatMap(searchRows);
    await Promise.all(
      rows.map((row) =>
        search.delete({ tenantId, partition: searchPartition, row }).catch((error: unknown) => {
          if (!(error instanceof AppError && error.code === 'NOT_FOUND')) throw error;
        }),
      ),
    );
  }

  function build(actor: Actor, input: NewContact): Contact {
    const fields = parseWith(newContactSchema, input);
    const now = clock.now().toISOString();
    return parseWith(contactSchema, { ...fields, id: randomUUID(), ownerId: actor.userId, createdAt: now, updatedAt: now });
  }

  return {
    build,

    /**
     * Writes already-built contacts in transactions: records, each account's list, search rows.
     * Throws after undoing what it wrote when any transaction fails, so the caller can retry one by one.
     */
    async writeBatch(tenantId: string, batch: { contact: Contact; accountName: string }[]): Promise<Map<string, string>> {
      const contacts = batch.map(({ contact }) => contact);
      const etags = await records.transact(tenantId, ['contacts'], contacts.map((contact) => ({ kind: 'create' as const, row: [contact.id], value: contact })));
      const listed: { accountId: string; change: ListChange }[] = [];
      try {
        for (const [accountId, group] of byAccount(contacts)) {
          for (let i = 0; i < group.length; i += 99) {
            const change = { remove: [], put: group.slice(i, i + 99) };
            await list.apply(tenantId, accountId, change);
            listed.push({ accountId, change });
          }
        }
        await search.transact(tenantId, searchPartition, batch.flatMap(({ contact, accountName }) => upserts(contact, accountName)));
      } catch (error) {
        await undo('search batch', () => removeSearchRows(tenantId, contacts));
        for (const { accountId, change } of listed) await undo('list batch', () => list.apply(tenantId, accountId, { remove: change.put, put: [] }));
        await undo('record batch', () => records.transact(tenantId, ['contacts'], contacts.map((contact) => ({ kind: 'delete' as const, row: [contact.id] }))));
        throw error;
      }
      return etags;
    },

    async create(actor: Actor, input: NewContact, accountName: string): Promise<Stored<Contact>> {
      const contact = build(actor, input);
      const { tenantId } = actor;
      const stored = await records.create(recordAddress(tenantId, contact.id), contact);
      let listed = false;
      try {
        await list.apply(tenantId, contact.accountId, { remove: [], put: [contact] });
        listed = true;
        await search.transact(tenantId, searchPartition, upserts(contact, accountName));
      } catch (error) {
        if (listed) await undo('list entry', () => list.apply(tenantId, contact.accountId, { remove: [contact], put: [] }));
        await undo('record', () => records.delete(recordAddress(tenantId, contact.id)));
        throw error;
      }
      return stored;
    },

    get: (tenantId: string, id: string) => records.getOrThrow(recordAddress(tenantId, id)),

    /** The record decides (ETag-checked); the list and the search rows follow it, or the record is put back. */
    async update(actor: Actor, id: string, changes: ContactChanges, etag: string, accountName: string): Promise<Stored<Contact>> {
      const { tenantId } = actor;
      const fields = parseWith(contactChangesSchema, changes);
      const current = await records.getOrThrow(recordAddress(tenantId, id));
      if (current.etag !== etag) throw new AppError('CONFLICT', { entity: 'contact' });
      const next = parseWith(contactSchema, { ...current.value, ...fields, updatedAt: clock.now().toISOString() });
      const stored = await records.replace(recordAddress(tenantId, id), next, etag);
      let listed = false;
      try {
        await list.apply(tenantId, next.accountId, { remove: [current.value], put: [next] });
        listed = true;
        if (next.name !== current.value.name || next.title !== current.value.title || next.cuteRole !== current.value.cuteRole) {
          const keep = new Set(searchRows(next).map((row) => row[0]));
          const stale = searchRows(current.value).filter((row) => !keep.has(row[0]));
          await search.transact(tenantId, searchPartition, [...upserts(next, accountName), ...stale.map((row) => ({ kind: 'delete' as const, row }))]);
        }
      } catch (error) {
        if (listed) await undo('list change', () => list.apply(tenantId, next.accountId, { remove: [next], put: [current.value] }));
        await undo('record change', () => records.replace(recordAddress(tenantId, id), current.value, stored.etag));
        throw error;
      }
      return stored;
    },

    /** An account's contacts, in name order, a page at a time. */
    listForAccount: (tenantId: string, accountId: string, request: PageRequest): Promise<Page<Contact>> => list.page(tenantId, accountId, request),

    /** The first contacts of an account and how many it has: one point read, for the account card. */
    summary: (tenantId: string, accountId: string) => list.summary(tenantId, accountId),

    /** Rewrites the account name carried by the contacts' search rows after the account was renamed. */
    async renameAccount(tenantId: string, accountId: string, accountName: string): Promise<void> {
      let continuationToken: string | undefined;
      do {
        const page = await list.page(tenantId, accountId, { pageSize: 100, continuationToken });
        const changes = page.items.flatMap((item) => upserts(item.value, accountName));
        if (changes.length > 0) await search.transact(tenantId, searchPartition, changes);
        continuationToken = page.continuationToken;
      } while (continuationToken);
    },

    /** Distinct contacts whose name, pinyin or initials start with `prefix`, in name order. */
    async search(tenantId: string, prefix: string, limit: number, accountId?: string): Promise<ContactHit[]> {
      const hits = new Map<string, ContactHit>();
      for (const key of prefixKeys(prefix)) {
        let continuationToken: string | undefined;
        do {
          const page = await search.page(tenantId, searchPartition, {
            ...prefixRange(key),
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

function byAccount(contacts: Contact[]): Map<string, Contact[]> {
  const groups = new Map<string, Contact[]>();
  for (const contact of contacts) groups.set(contact.accountId, [...(groups.get(contact.accountId) ?? []), contact]);
  return groups;
}
