// Accounts and their name index: one partition per tenant for records, one for normalised names (unique, prefix-searchable).
import { randomUUID } from 'node:crypto';
import type { TableClient } from '@azure/data-tables';
import { z } from 'zod';
import type { Actor } from '../../core/actor';
import type { Clock } from '../../core/clock';
import { AppError } from '../../core/errors';
import type { Logger } from '../../core/logger';
import { parseWith } from '../../core/validation';
import { encodeKeyPart } from '../../storage/keys';
import { Repository, type Page, type PageRequest, type Stored } from '../../storage/repository';
import { normaliseAccountName } from './account-name';
import { accountChangesSchema, accountSchema, newAccountSchema, type Account, type AccountChanges, type NewAccount } from './account.schema';

const accountNameSchema = z.strictObject({ accountId: z.uuid(), name: z.string() });
const recordsPartition = ['accounts'];
const namesPartition = ['names'];

export interface AccountStore {
  create(actor: Actor, input: NewAccount): Promise<Stored<Account>>;
  /** NOT_FOUND when the tenant has no such account. */
  get(tenantId: string, id: string): Promise<Stored<Account>>;
  /** Applies `changes` only to the version with `etag`; a stale ETag is CONFLICT. */
  update(actor: Actor, id: string, changes: AccountChanges, etag: string): Promise<Stored<Account>>;
  list(tenantId: string, request: PageRequest): Promise<Page<Account>>;
  /** The account whose name matches after normalisation, if any. */
  findByName(tenantId: string, name: string): Promise<Stored<Account> | undefined>;
  /** Names starting with `prefix` (normalised), in name order, read from the index, never the records. */
  searchByName(tenantId: string, prefix: string, limit: number): Promise<{ accountId: string; name: string }[]>;
}

export function createAccountStore(tables: { accounts: TableClient; names: TableClient }, clock: Clock, log: Logger): AccountStore {
  const accounts = new Repository(tables.accounts, 'account', accountSchema, ['tags']);
  const names = new Repository(tables.names, 'account', accountNameSchema);
  const nameAddress = (tenantId: string, name: string) => ({ tenantId, partition: namesPartition, row: [normaliseAccountName(name)] });
  const recordAddress = (tenantId: string, id: string) => ({ tenantId, partition: recordsPartition, row: [id] });

  /** Claims a name for an account; a claim left behind by an account that no longer holds it is taken over. */
  async function claimName(tenantId: string, name: string, accountId: string): Promise<void> {
    const address = nameAddress(tenantId, name);
    try {
      await names.create(address, { accountId, name });
    } catch (error) {
      if (!(error instanceof AppError && error.code === 'ALREADY_EXISTS')) throw error;
      const claim = await names.getOrThrow(address);
      const holder = await accounts.get(recordAddress(tenantId, claim.value.accountId));
      if (holder && normaliseAccountName(holder.value.name) === address.row[0]) throw new AppError('ALREADY_EXISTS', { entity: 'account', name });
      await names.replace(address, { accountId, name }, claim.etag);
    }
  }

  /** Undoes a claim after a failed write; a failure here is logged, and the original error is the one reported. */
  async function releaseName(tenantId: string, name: string): Promise<void> {
    try {
      await names.delete(nameAddress(tenantId, name));
    } catch (error) {
      log.warn('could not release an account name claim', { tenantId, error });
    }
  }

  return {
    async create(actor, input) {
      const fields = parseWith(newAccountSchema, input);
      const now = clock.now().toISOString();
      const account: Account = { ...fields, id: randomUUID(), ownerId: actor.userId, ownerName: actor.displayName, createdAt: now, updatedAt: now };
      parseWith(accountSchema, account);
      await claimName(actor.tenantId, account.name, account.id);
      try {
        return await accounts.create(recordAddress(actor.tenantId, account.id), account);
      } catch (error) {
        await releaseName(actor.tenantId, account.name);
        throw error;
      }
    },

    get: (tenantId, id) => accounts.getOrThrow(recordAddress(tenantId, id)),

    async update(actor, id, changes, etag) {
      const fields = parseWith(accountChangesSchema, changes);
      const current = await accounts.getOrThrow(recordAddress(actor.tenantId, id));
      const next: Account = { ...current.value, ...fields, updatedAt: clock.now().toISOString() };
      const renamed = normaliseAccountName(next.name) !== normaliseAccountName(current.value.name);
      if (renamed) await claimName(actor.tenantId, next.name, id);
      try {
        const stored = await accounts.replace(recordAddress(actor.tenantId, id), next, etag);
        if (renamed) await releaseName(actor.tenantId, current.value.name);
        return stored;
      } catch (error) {
        if (renamed) await releaseName(actor.tenantId, next.name);
        throw error;
      }
    },

    list: (tenantId, request) => accounts.page(tenantId, recordsPartition, request),

    async findByName(tenantId, name) {
      const claim = await names.get(nameAddress(tenantId, name));
      if (!claim) return undefined;
      const account = await accounts.get(recordAddress(tenantId, claim.value.accountId));
      // A claim can outlive a rename that failed half-way; only the account that still has the name counts.
      return account && normaliseAccountName(account.value.name) === normaliseAccountName(name) ? account : undefined;
    },

    async searchByName(tenantId, prefix, limit) {
      const key = encodeKeyPart(normaliseAccountName(prefix));
      const page = await names.page(tenantId, namesPartition, { rowKeyFrom: key, rowKeyBefore: `${key}\uffff`, pageSize: limit });
      return page.items.map((item) => item.value);
    },
  };
}
