// Contacts: the record by id, its account's name-ordered list and summary, and search rows by name, pinyin and initials.
//
// Contacts, partition `<tenant>|Contacts|contacts|<bucket of the id>` (buckets.ts), RowKey = id: the record (consent as
//   JSON), point-readable by id; its ETag is the one clients send back.
// AccountContacts: the account's list and summary (contact-list.store.ts).
// ContactSearch: the search rows by name, pinyin and initials (contact-index.store.ts).
// All three are logical tables in the plugin's one physical table (storage/logical-table.ts).
// A write goes record → list → search rows; when a step fails, the steps before it are undone, so a contact is
// never left half written, nor visible twice after the caller retries.
import { randomUUID } from 'node:crypto';
import type { Actor } from '../../core/actor';
import type { Clock } from '../../core/clock';
import { AppError } from '../../core/errors';
import type { Logger } from '../../core/logger';
import { forEachLimited } from '../../core/concurrency';
import { parseWith } from '../../core/validation';
import { Repository, type Page, type PageRequest, type Stored } from '../../storage/repository';
import type { LogicalTable } from '../../storage/logical-table';
import {
  contactChangesSchema,
  contactSchema,
  newContactSchema,
  type Contact,
  type ContactChanges,
  type NewContact,
} from './account.schema';
import type { ContactHit } from './accounts.service';
import { groupBy, idBucket, idInBucket } from './buckets';
import { createContactIndex } from './contact-index.store';
import { createContactList } from './contact-list.store';

const recordPartition = (id: string) => ['contacts', idBucket(id)];
/** Transactions of one batch sent side by side. */
const transactionsInFlight = 8;
const recordAddress = (tenantId: string, id: string) => ({ tenantId, partition: recordPartition(id), row: [id] });

export type ContactStore = ReturnType<typeof createContactStore>;

export function createContactStore(
  tables: { contacts: LogicalTable; accountContacts: LogicalTable; search: LogicalTable },
  clock: Clock,
  log: Logger,
) {
  const records = new Repository(tables.contacts, 'contact', contactSchema, ['consent']);
  const list = createContactList(tables.accountContacts);
  const index = createContactIndex(tables.search);

  async function undo(what: string, work: () => Promise<unknown>): Promise<void> {
    try {
      await work();
    } catch (error) {
      log.warn(`could not undo a contact ${what}`, { error });
    }
  }

  /** A new contact; a batch passes one `bucket` for all its contacts, so their records share one transaction. */
  function build(actor: Actor, input: NewContact, bucket?: string): Contact {
    const fields = parseWith(newContactSchema, input);
    const now = clock.now().toISOString();
    const id = bucket === undefined ? randomUUID() : idInBucket(bucket);
    return parseWith(contactSchema, { ...fields, id, ownerId: actor.userId, createdAt: now, updatedAt: now });
  }

  return {
    build,

    /**
     * Writes already-built contacts in transactions: records, each account's list, search rows.
     * Throws after undoing what it wrote when any transaction fails, so the caller can retry one by one.
     */
    async writeBatch(tenantId: string, batch: { contact: Contact; accountName: string }[]): Promise<Map<string, string>> {
      const contacts = batch.map(({ contact }) => contact);
      const etags = new Map<string, string>();
      const recordGroups = groupBy(contacts, (contact) => idBucket(contact.id));
      const changes = groupBy(contacts, (contact) => contact.accountId).flatMap((group) =>
        Array.from({ length: Math.ceil(group.length / 99) }, (_, i) => ({
          accountId: group[0]!.accountId,
          change: { remove: [], put: group.slice(i * 99, i * 99 + 99) },
        })),
      );
      const recorded: Contact[][] = [];
      let listed: PromiseSettledResult<void>[] = [];
      try {
        await forEachLimited(recordGroups, transactionsInFlight, async (group) => {
          const written = await records.transact(
            tenantId,
            recordPartition(group[0]!.id),
            group.map((contact) => ({ kind: 'create' as const, row: [contact.id], value: contact })),
          );
          recorded.push(group);
          for (const [key, etag] of written) etags.set(key, etag);
        });
        // Each account's list is its own partition, so they are written side by side.
        listed = new Array(changes.length);
        await forEachLimited(changes, transactionsInFlight, async ({ accountId, change }, i) => {
          listed[i] = await list.apply(tenantId, accountId, change, true).then(
            (): PromiseSettledResult<void> => ({ status: 'fulfilled', value: undefined }),
            (reason: unknown): PromiseSettledResult<void> => ({ status: 'rejected', reason }),
          );
        });
        const failed = listed.find((result) => result.status === 'rejected');
        if (failed) throw failed.reason;
        await index.write(
          tenantId,
          batch.flatMap(({ contact, accountName }) => index.creates(contact, accountName)),
        );
      } catch (error) {
        if (listed.length > 0) await undo('search batch', () => index.remove(tenantId, contacts));
        for (const [i, result] of listed.entries()) {
          const { accountId, change } = changes[i]!;
          if (result?.status === 'fulfilled')
            await undo('list batch', () => list.apply(tenantId, accountId, { remove: change.put, put: [] }));
        }
        for (const group of recorded) {
          await undo('record batch', () =>
            records.transact(
              tenantId,
              recordPartition(group[0]!.id),
              group.map((contact) => ({ kind: 'delete' as const, row: [contact.id] })),
            ),
          );
        }
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
        await index.write(tenantId, index.creates(contact, accountName));
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
      let searchWritten = false;
      try {
        await list.apply(tenantId, next.accountId, { remove: [current.value], put: [next] });
        listed = true;
        if (next.name !== current.value.name || next.title !== current.value.title || next.cuteRole !== current.value.cuteRole) {
          searchWritten = true;
          await index.write(tenantId, index.replacement(current.value, next, accountName));
        }
      } catch (error) {
        if (searchWritten) {
          // Partitions written before the failure are put back: the new keys go, the old ones return.
          await undo('search change', async () => {
            await index.remove(tenantId, [next]);
            await index.write(tenantId, index.upserts(current.value, accountName));
          });
        }
        if (listed) await undo('list change', () => list.apply(tenantId, next.accountId, { remove: [next], put: [current.value] }));
        await undo('record change', () => records.replace(recordAddress(tenantId, id), current.value, stored.etag));
        throw error;
      }
      return stored;
    },

    /** An account's contacts, in name order, a page at a time. */
    listForAccount: (tenantId: string, accountId: string, request: PageRequest): Promise<Page<Contact>> =>
      list.page(tenantId, accountId, request),

    /** The first contacts of an account and how many it has: one point read, for the account card. */
    summary: (tenantId: string, accountId: string) => list.summary(tenantId, accountId),

    /** Rewrites the account name carried by the contacts' search rows after the account was renamed. */
    async renameAccount(tenantId: string, accountId: string, accountName: string): Promise<void> {
      let continuationToken: string | undefined;
      do {
        const page = await list.page(tenantId, accountId, { pageSize: 100, continuationToken });
        const changes = page.items.flatMap((item) => index.upserts(item.value, accountName));
        if (changes.length > 0) await index.write(tenantId, changes);
        continuationToken = page.continuationToken;
      } while (continuationToken);
    },

    /** Distinct contacts whose name, pinyin or initials start with `prefix`, in name order. */
    search: (tenantId: string, prefix: string, limit: number, accountId?: string): Promise<ContactHit[]> =>
      index.search(tenantId, prefix, limit, accountId),
  };
}
