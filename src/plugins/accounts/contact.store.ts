// Contacts: the record by id, a copy in its account's partition (the account card reads it), and search rows by name and pinyin.
import { randomUUID } from 'node:crypto';
import type { TableClient } from '@azure/data-tables';
import { z } from 'zod';
import type { Actor } from '../../core/actor';
import type { Clock } from '../../core/clock';
import { AppError } from '../../core/errors';
import type { Logger } from '../../core/logger';
import { parseWith } from '../../core/validation';
import { where } from '../../storage/filter';
import { encodeKeyPart } from '../../storage/keys';
import { Repository, type Page, type PageRequest, type Stored } from '../../storage/repository';
import { normaliseAccountName } from './account-name';
import { contactChangesSchema, contactSchema, newContactSchema, type Contact, type ContactChanges, type NewContact } from './account.schema';
import type { ContactHit } from './accounts.service';
import { searchKeys } from './search-keys';

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
const copyAddress = (tenantId: string, accountId: string, id: string) => ({ tenantId, partition: ['account', accountId], row: [id] });
const searchPartition = ['search'];

const searchChanges = (contact: Contact, accountName: string, kind: 'upsert' | 'delete') =>
  searchKeys(contact.name, { initials: false }).map((key) =>
    kind === 'delete'
      ? { kind, row: [key, contact.id] }
      : { kind, row: [key, contact.id], value: { contactId: contact.id, accountId: contact.accountId, accountName, name: contact.name, title: contact.title, cuteRole: contact.cuteRole } },
  );

export type ContactStore = ReturnType<typeof createContactStore>;

export function createContactStore(tables: { contacts: TableClient; accountContacts: TableClient; search: TableClient }, clock: Clock, log: Logger) {
  const records = new Repository(tables.contacts, 'contact', contactSchema, ['consent']);
  const copies = new Repository(tables.accountContacts, 'contact', contactSchema, ['consent']);
  const search = new Repository(tables.search, 'contact', hitSchema);

  async function undo(what: string, work: () => Promise<unknown>): Promise<void> {
    try {
      await work();
    } catch (error) {
      log.warn(`could not undo a contact ${what}`, { error });
    }
  }

  function build(actor: Actor, input: NewContact): Contact {
    const fields = parseWith(newContactSchema, input);
    const now = clock.now().toISOString();
    return parseWith(contactSchema, { ...fields, id: randomUUID(), ownerId: actor.userId, createdAt: now, updatedAt: now });
  }

  return {
    build,

    /**
     * Writes already-built contacts in transactions: records, each account's copies, search rows.
     * Throws after undoing what it wrote when any transaction fails, so the caller can retry one by one.
     */
    async writeBatch(tenantId: string, batch: { contact: Contact; accountName: string }[]): Promise<Map<string, string>> {
      const etags = await records.transact(tenantId, ['contacts'], batch.map(({ contact }) => ({ kind: 'create' as const, row: [contact.id], value: contact })));
      const written: string[] = [];
      try {
        for (const [accountId, group] of byAccount(batch)) {
          await copies.transact(tenantId, ['account', accountId], group.map(({ contact }) => ({ kind: 'create' as const, row: [contact.id], value: contact })));
          written.push(accountId);
        }
        await search.transact(tenantId, searchPartition, batch.flatMap(({ contact, accountName }) => searchChanges(contact, accountName, 'upsert')));
      } catch (error) {
        for (const accountId of written) {
          const ids = batch.filter(({ contact }) => contact.accountId === accountId).map(({ contact }) => ({ kind: 'delete' as const, row: [contact.id] }));
          await undo('copy batch', () => copies.transact(tenantId, ['account', accountId], ids));
        }
        await undo('record batch', () => records.transact(tenantId, ['contacts'], batch.map(({ contact }) => ({ kind: 'delete' as const, row: [contact.id] }))));
        throw error;
      }
      return etags;
    },

    async create(actor: Actor, input: NewContact, accountName: string): Promise<Stored<Contact>> {
      const contact = build(actor, input);
      const stored = await records.create(recordAddress(actor.tenantId, contact.id), contact);
      try {
        await copies.create(copyAddress(actor.tenantId, contact.accountId, contact.id), contact);
        await search.transact(actor.tenantId, searchPartition, searchChanges(contact, accountName, 'upsert'));
      } catch (error) {
        await undo('copy', () => copies.delete(copyAddress(actor.tenantId, contact.accountId, contact.id)));
        await undo('record', () => records.delete(recordAddress(actor.tenantId, contact.id)));
        throw error;
      }
      return stored;
    },

    get: (tenantId: string, id: string) => records.getOrThrow(recordAddress(tenantId, id)),

    /** The record decides (ETag-checked); the copy and search rows follow it. */
    async update(actor: Actor, id: string, changes: ContactChanges, etag: string, accountName: string): Promise<Stored<Contact>> {
      const fields = parseWith(contactChangesSchema, changes);
      const current = await records.getOrThrow(recordAddress(actor.tenantId, id));
      if (current.etag !== etag) throw new AppError('CONFLICT', { entity: 'contact' });
      const next = parseWith(contactSchema, { ...current.value, ...fields, updatedAt: clock.now().toISOString() });
      const stored = await records.replace(recordAddress(actor.tenantId, id), next, etag);
      await copies.upsert(copyAddress(actor.tenantId, next.accountId, id), next);
      if (next.name !== current.value.name || next.title !== current.value.title || next.cuteRole !== current.value.cuteRole) {
        const keep = new Set(searchKeys(next.name, { initials: false }));
        const stale = searchChanges(current.value, accountName, 'delete').filter((change) => !keep.has(change.row[0]!));
        await search.transact(actor.tenantId, searchPartition, [...searchChanges(next, accountName, 'upsert'), ...stale]);
      }
      return stored;
    },

    /** An account's contacts from its own partition, sorted by name within the page. */
    async listForAccount(tenantId: string, accountId: string, request: PageRequest): Promise<Page<Contact>> {
      const page = await copies.page(tenantId, ['account', accountId], request);
      return { ...page, items: page.items.sort((a, b) => a.value.name.localeCompare(b.value.name)) };
    },

    /** Rewrites the account name carried by the contacts' search rows after the account was renamed. */
    async renameAccount(tenantId: string, accountId: string, accountName: string): Promise<void> {
      let continuationToken: string | undefined;
      do {
        const page = await copies.page(tenantId, ['account', accountId], { pageSize: 100, continuationToken });
        const changes = page.items.flatMap((item) => searchChanges(item.value, accountName, 'upsert'));
        if (changes.length > 0) await search.transact(tenantId, searchPartition, changes);
        continuationToken = page.continuationToken;
      } while (continuationToken);
    },

    async search(tenantId: string, prefix: string, limit: number, accountId?: string): Promise<ContactHit[]> {
      const key = encodeKeyPart(normaliseAccountName(prefix));
      if (!key) return [];
      const hits = new Map<string, ContactHit>();
      let continuationToken: string | undefined;
      do {
        const page = await search.page(tenantId, searchPartition, {
          rowKeyFrom: key,
          rowKeyBefore: `${key}\uffff`,
          where: accountId === undefined ? undefined : where`accountId eq ${accountId}`,
          pageSize: Math.min(limit * 2, 1000),
          continuationToken,
        });
        for (const { value } of page.items) if (!hits.has(value.contactId)) hits.set(value.contactId, value);
        continuationToken = page.continuationToken;
      } while (continuationToken && hits.size < limit);
      return [...hits.values()].sort((a, b) => a.name.localeCompare(b.name)).slice(0, limit);
    },
  };
}

function byAccount<T extends { contact: Contact }>(batch: T[]): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of batch) groups.set(item.contact.accountId, [...(groups.get(item.contact.accountId) ?? []), item]);
  return groups;
}
