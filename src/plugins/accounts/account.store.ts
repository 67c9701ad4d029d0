// Accounts: records in bucketed partitions per tenant, kept in step with the name index (unique claims and search rows).
//
// Accounts, partition `<tenant>|Accounts|accounts|<bucket of the id>` (buckets.ts), RowKey = id: the record (tags and consent
// as JSON). Point reads by id; the list with filters queries the tenant's buckets (a tab view, not a chat or
// search path; filters compare the stored values exactly).
// Writes go pending claim (the name's own search row, account-index.ts) → record with its `account.changed`, in one
// transaction → the claim confirmed; a failed step undoes the ones before it. The projector derives the pinyin and
// initials rows from the record the event names (account.views.ts). A claim left behind anyway (the undo failed, the process died) is
// settled by whoever meets it (claim-repair.ts): taken over by the next account that wants the name, confirmed or
// removed by a read by name, and by the repair of an interrupted import.
import { randomUUID } from 'node:crypto';
import type { Actor } from '../../core/actor';
import type { Clock } from '../../core/clock';
import { forEachLimited } from '../../core/concurrency';
import { AppError, isAppError } from '../../core/errors';
import type { EventOutbox, NewEvent } from '../../core/events';
import type { Logger } from '../../core/logger';
import { parseWith } from '../../core/validation';
import { allOf, anyOf, where, type ODataFilter } from '../../storage/filter';
import { Repository, type Page, type PageRequest, type Published, type RowAddress, type Stored } from '../../storage/repository';
import type { LogicalTable } from '../../storage/logical-table';
import { eventRowPrefix } from '../../storage/outbox-rows';
import { AccountIndex, claimAddress, pendingClaimValue, type SearchRow } from './account-index';
import { claimState, noImportsRunning, writerAlive, type ClaimHolders, type ClaimState } from './claim-repair';
import { normaliseAccountName } from './account-name';
import { accountChanged, accountCreated, accountUpdated, type AccountEvents } from './account.events';
import { idBucket, idInBucket } from './buckets';
import {
  accountChangesSchema,
  accountRowSchema,
  accountSchema,
  newAccountSchema,
  toAccount,
  type AccountRow,
  type Account,
  type AccountChanges,
  type NewAccount,
} from './account.schema';
import type { AccountFilters } from './accounts.service';

/** The partition of an account record. */
export const recordPartition = (id: string) => ['accounts', idBucket(id)];
export const recordAddress = (tenantId: string, id: string) => ({ tenantId, partition: recordPartition(id), row: [id] });
/** A stored row as the service hands it out: without its version. */
const shown = (stored: Stored<AccountRow>): Stored<Account> => ({ value: toAccount(stored.value), etag: stored.etag });

export type AccountStore = ReturnType<typeof createAccountStore>;

/**
 * Owners an account list filters on in the query itself: Azure allows 15 comparisons in a filter, of which the bucket
 * range takes 2 and the other filters up to 5.
 */
const ownerFilterMax = 8;

export function createAccountStore(
  tables: { accounts: LogicalTable; search: LogicalTable; keys: LogicalTable },
  clock: Clock,
  log: Logger,
  outbox: EventOutbox<AccountEvents>,
  holders: ClaimHolders = noImportsRunning,
  /** Whether a view derives anything from a new account (ProjectionReads.derivesFrom); one none does publishes no change. */
  derived: (account: Account) => boolean = () => true,
) {
  const records = new Repository(tables.accounts, 'account', accountRowSchema, ['tags', 'consent']);
  const index = new AccountIndex({ search: tables.search, keys: tables.keys });
  const publishing = (row: AccountRow) => ({
    outbox,
    events: [accountChanged(outbox, row.id, row.version), accountUpdated(outbox, row.id, row.version)],
  });

  /**
   * Settles a claim met in place (claim-repair.ts): confirms it when its account exists, removes it (ETag-checked)
   * when stale and `remove` is set. Returns its state and, when the name is taken, the account holding it.
   */
  async function settleClaim(
    address: RowAddress,
    key: string,
    claim: Stored<SearchRow>,
    remove: boolean,
  ): Promise<{ state: ClaimState; holder?: Stored<Account> }> {
    const { tenantId } = address;
    const holder = await records.get(recordAddress(tenantId, claim.value.accountId));
    const alive = await writerAlive(holders, tenantId, claim.value);
    const state = claimState(claim.value, key, holder?.value, alive, clock.now());
    if (state === 'confirm') await index.confirmClaim(tenantId, holder!.value);
    if (state === 'stale' && remove)
      await index.search.delete(address, claim.etag).catch((error: unknown) => {
        // Someone else settled or took it first: that is the outcome wanted.
        if (!isAppError(error, 'NOT_FOUND') && !isAppError(error, 'CONFLICT')) throw error;
      });
    return state === 'held' || state === 'confirm' ? { state, holder: shown(holder!) } : { state };
  }

  /** Claims the account's name (pending until its record is stored); a stale claim is taken over. */
  async function claimName(tenantId: string, account: Account): Promise<void> {
    const address = claimAddress(tenantId, account.name);
    const pending = pendingClaimValue(account, clock.now().toISOString());
    try {
      await index.search.create(address, pending);
    } catch (error) {
      if (!isAppError(error, 'ALREADY_EXISTS')) throw error;
      const claim = await index.search.getOrThrow(address);
      const { state } = await settleClaim(address, normaliseAccountName(account.name), claim, false);
      if (state !== 'stale') throw new AppError('ALREADY_EXISTS', { entity: 'account', name: account.name });
      await index.search.replace(address, pending, claim.etag);
    }
  }

  /** Gives a name up, only if this account still holds it; a failure is logged, as the original error is the one reported. */
  async function releaseName(tenantId: string, name: string, accountId: string): Promise<void> {
    try {
      const claim = await index.search.get(claimAddress(tenantId, name));
      if (claim?.value.accountId === accountId) await index.search.delete(claimAddress(tenantId, name), claim.etag);
    } catch (error) {
      log.warn('could not release an account name claim', { tenantId, accountId, error });
    }
  }

  async function checkParent(tenantId: string, account: Account): Promise<void> {
    if (!account.parentAccountId) return;
    if (account.parentAccountId === account.id)
      throw new AppError('VALIDATION_FAILED', { summary: 'parentAccountId: an account cannot be its own parent' });
    let parent = await records.getOrThrow(recordAddress(tenantId, account.parentAccountId));
    // A parent chain that leads back to this account would make a loop.
    for (let depth = 0; parent.value.parentAccountId && depth < 20; depth += 1) {
      if (parent.value.parentAccountId === account.id)
        throw new AppError('VALIDATION_FAILED', { summary: 'parentAccountId: the parent chain leads back to this account' });
      parent = await records.getOrThrow(recordAddress(tenantId, parent.value.parentAccountId));
    }
  }

  /** A new account; a batch passes one `bucket` for all its accounts, so their records share one transaction. */
  function build(actor: Actor, input: NewAccount, bucket?: string): Account {
    const fields = parseWith(newAccountSchema, input);
    const now = clock.now().toISOString();
    const id = bucket === undefined ? randomUUID() : idInBucket(bucket);
    return parseWith(accountSchema, { ...fields, id, ownerId: actor.userId, ownerName: actor.displayName, createdAt: now, updatedAt: now });
  }

  /**
   * The events a new account publishes: `account.changed` when a view derives rows from it, `account.created` always.
   * Worked out once per account: a batch counts them (`operationsOf`) before it writes them (`writeNew`).
   */
  const eventsOfNew = new WeakMap<Account, NewEvent[]>();
  const newEvents = (account: Account): NewEvent[] => {
    const known = eventsOfNew.get(account);
    if (known) return known;
    const events = [...(derived(account) ? [accountChanged(outbox, account.id, 1)] : []), accountCreated(outbox, account)];
    eventsOfNew.set(account, events);
    return events;
  };

  /**
   * Writes new accounts of one partition (at most 100 `operationsOf` in all) in one transaction, each at version 1
   * with its events (`newEvents`); the events wait for `release()`, or are withdrawn if the accounts are undone.
   */
  const writeNew = (tenantId: string, accounts: readonly Account[]): Promise<Published> =>
    records.publish(
      outbox,
      tenantId,
      recordPartition(accounts[0]!.id),
      accounts.map((account) => ({
        kind: 'create' as const,
        row: [account.id],
        value: { ...account, version: 1 },
        events: newEvents(account),
      })),
      { hold: true },
    );
  /** The operations a new account takes in its transaction: its record and each event some subscriber takes. */
  const operationsOf = (account: Account) => 1 + newEvents(account).filter((event) => outbox.delivers(event.type)).length;

  return {
    index,
    records,
    holders,
    settleClaim,
    now: () => clock.now(),
    build,
    checkParent,
    writeNew,
    operationsOf,

    async create(actor: Actor, input: NewAccount): Promise<Stored<Account>> {
      const account = build(actor, input);
      await checkParent(actor.tenantId, account);
      await claimName(actor.tenantId, account);
      let written: Published | undefined;
      try {
        written = await writeNew(actor.tenantId, [account]);
        await index.confirmClaim(actor.tenantId, account);
        written.release();
        return { value: account, etag: written.etags.get(account.id) ?? '' };
      } catch (error) {
        // The account is not made after all: its event goes first, so nobody hears of it.
        await written
          ?.withdraw()
          .catch((cleanup: unknown) => log.warn('could not withdraw the event of an undone account', { error: cleanup }));
        await records
          .delete(recordAddress(actor.tenantId, account.id))
          .catch((cleanup: unknown) => log.warn('could not undo an account record', { error: cleanup }));
        await releaseName(actor.tenantId, account.name, account.id);
        throw error;
      }
    },

    get: async (tenantId: string, id: string) => shown(await records.getOrThrow(recordAddress(tenantId, id))),
    findById: async (tenantId: string, id: string) => {
      const stored = await records.get(recordAddress(tenantId, id));
      return stored && shown(stored);
    },

    async update(actor: Actor, id: string, changes: AccountChanges, etag: string): Promise<Stored<Account>> {
      const fields = parseWith(accountChangesSchema, changes);
      const current = await records.getOrThrow(recordAddress(actor.tenantId, id));
      if (current.etag !== etag) throw new AppError('CONFLICT', { entity: 'account' });
      const version = current.value.version + 1;
      const next = parseWith(accountRowSchema, { ...current.value, ...fields, updatedAt: clock.now().toISOString(), version });
      await checkParent(actor.tenantId, next);
      const renamed = normaliseAccountName(next.name) !== normaliseAccountName(current.value.name);
      if (renamed) await claimName(actor.tenantId, next);
      let stored: Stored<AccountRow>;
      try {
        stored = await records.replace(recordAddress(actor.tenantId, id), next, etag, publishing(next));
      } catch (error) {
        if (renamed) await releaseName(actor.tenantId, next.name, id);
        throw error;
      }
      try {
        await index.confirmClaim(actor.tenantId, next);
      } catch (error) {
        // Put back as a newer version, with its event, so that the derived rows follow the record back too.
        const back = { ...current.value, version: version + 1 };
        await records
          .replace(recordAddress(actor.tenantId, id), back, stored.etag, publishing(back))
          .catch((undo: unknown) => log.warn('could not undo an account update', { id, error: undo }));
        if (renamed) await releaseName(actor.tenantId, next.name, id);
        throw error;
      }
      if (renamed) await releaseName(actor.tenantId, current.value.name, id);
      return shown(stored);
    },

    /**
     * Server-side filters on the tenant's partition; tags are JSON, so a tag filter is applied to each page. `owners`
     * keeps the accounts of those people only: in the filter while they fit Azure's 15 comparisons, else on each page.
     */
    async list(tenantId: string, filters: AccountFilters, request: PageRequest, owners?: readonly string[]): Promise<Page<Account>> {
      const ownersInFilter = owners !== undefined && owners.length <= ownerFilterMax;
      const filter = allOf(
        filters.industry === undefined ? undefined : where`industry eq ${filters.industry}`,
        filters.region === undefined ? undefined : where`region eq ${filters.region}`,
        filters.ownerId === undefined ? undefined : where`ownerId eq ${filters.ownerId}`,
        filters.type === undefined ? undefined : where`type eq ${filters.type}`,
        filters.team === undefined ? undefined : where`team eq ${filters.team}`,
        ownersInFilter ? anyOf(owners.map((ownerId) => where`ownerId eq ${ownerId}`)) : undefined,
      );
      // Below the events a write leaves beside its record for a moment (outbox-rows.ts), so a page holds records only.
      const page = await records.pageBelow(tenantId, ['accounts'], {
        ...request,
        rowKeyBefore: eventRowPrefix,
        where: filter ? (filter as ODataFilter) : undefined,
      });
      const tag = filters.tag === undefined ? undefined : normaliseAccountName(filters.tag);
      const listed = (account: Account) =>
        (tag === undefined || account.tags.some((t) => normaliseAccountName(t) === tag)) &&
        (ownersInFilter || owners === undefined || owners.includes(account.ownerId));
      return { ...page, items: page.items.filter((item) => listed(item.value)).map(shown) };
    },

    /**
     * Settles every claim an interrupted import left pending: confirmed where its account was stored, removed where not.
     * Returns how many were removed.
     */
    async repairImport(tenantId: string, importId: string): Promise<number> {
      let removed = 0;
      // The claims of units that were in flight when the process died: each settled on its own, several at a time.
      await forEachLimited(await index.pendingClaimsOf(tenantId, importId), 16, async (claim) => {
        const { state } = await settleClaim(claimAddress(tenantId, claim.value.name), normaliseAccountName(claim.value.name), claim, true);
        if (state === 'stale') removed += 1;
      });
      return removed;
    },

    /** The account holding the name; a claim met on the way is settled (confirmed, or removed when stale). */
    async findByName(tenantId: string, name: string): Promise<Stored<Account> | undefined> {
      const address = claimAddress(tenantId, name);
      const claim = await index.search.get(address);
      if (!claim) return undefined;
      // A claim can outlive a rename that failed half-way or a writer that died; only the account that has the name counts.
      return (await settleClaim(address, normaliseAccountName(name), claim, true)).holder;
    },
  };
}
