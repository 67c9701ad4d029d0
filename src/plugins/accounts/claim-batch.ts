// Claims the names of an import batch, a transaction per partition, settling the claims already in place all at once.
import type { Actor } from '../../core/actor';
import { forEachLimited } from '../../core/concurrency';
import { AppError, isAppError } from '../../core/errors';
import type { Stored } from '../../storage/repository';
import { composeKey } from '../../storage/keys';
import { pendingClaimValue, type SearchRow } from './account-index';
import type { Account } from './account.schema';
import { normaliseAccountName } from './account-name';
import { recordPartition, type AccountStore } from './account.store';
import { claimState, writerAlive, type ClaimState } from './claim-repair';
import { groupBy } from './buckets';

/** An account of the batch and the address of its name's claim. */
export interface Claimant {
  index: number;
  account: Account;
  claim: { tenantId: string; partition: string[]; row: string[] };
}

/** Claims in one transaction: a transaction holds 100 operations. */
const claimsPerTransaction = 100;
const transactionsInFlight = 8;
/** A chunk whose claims keep changing under it this often gives its members to the one-by-one path. */
const maxAttempts = 3;

export interface ClaimOutcome<T extends Claimant> {
  claimed: T[];
  /** Names taken by an account that exists, or by a writer still at work: refused as duplicates. */
  taken: { member: T; error: AppError }[];
  /** Members whose claim kept changing: left to the one-by-one path. */
  contested: T[];
}

/**
 * Writes the batch's claims pending (naming the import), each partition's members in row-key order and in chunks of
 * 100, so that a chunk is one row-key range. A chunk that meets claims in place reads its range once, settles every
 * claim found (claim-repair.ts), and writes again: taking over the stale ones by ETag, leaving out the taken ones. A
 * re-import of a file already stored so costs one failed transaction and one range read per 100 names, and no read
 * of the accounts that hold them.
 */
export async function claimBatch<T extends Claimant>(
  store: AccountStore,
  actor: Actor,
  members: T[],
  importId: string | undefined,
  claimed: T[] = [],
): Promise<ClaimOutcome<T>> {
  const now = store.now().toISOString();
  const outcome: ClaimOutcome<T> = { claimed, taken: [], contested: [] };
  const rowKey = (member: T) => composeKey(member.claim.row);
  const chunks = groupBy(members, ({ claim }) => claim.partition.join('|')).flatMap((group) => {
    const sorted = [...group].sort((a, b) => (rowKey(a) < rowKey(b) ? -1 : 1));
    return Array.from({ length: Math.ceil(sorted.length / claimsPerTransaction) }, (_, i) =>
      sorted.slice(i * claimsPerTransaction, (i + 1) * claimsPerTransaction),
    );
  });
  await forEachLimited(chunks, transactionsInFlight, async (chunk) => {
    let writing = chunk;
    let takeOver = new Map<T, string>();
    for (let attempt = 0; writing.length > 0; attempt += 1) {
      try {
        await store.index.search.transact(
          actor.tenantId,
          writing[0]!.claim.partition,
          writing.map((member) => {
            const value = pendingClaimValue(member.account, now, importId);
            const etag = takeOver.get(member);
            return etag
              ? { kind: 'replace' as const, row: member.claim.row, value, etag }
              : { kind: 'create' as const, row: member.claim.row, value };
          }),
        );
        outcome.claimed.push(...writing);
        return;
      } catch (error) {
        if (!isAppError(error, 'ALREADY_EXISTS') && !isAppError(error, 'CONFLICT')) throw error;
        if (attempt + 1 >= maxAttempts) {
          outcome.contested.push(...writing);
          return;
        }
      }
      const settled = await settleChunk(store, actor.tenantId, writing);
      takeOver = new Map();
      writing = writing.filter((member) => {
        const found = settled.get(member);
        if (!found || found.state === 'stale') {
          if (found) takeOver.set(member, found.etag);
          return true;
        }
        outcome.taken.push({ member, error: new AppError('ALREADY_EXISTS', { entity: 'account', name: member.account.name }) });
        return false;
      });
    }
  });
  return outcome;
}

/** The claims in place for a chunk's members, read as one row-key range, each with its state; held claims are confirmed. */
async function settleChunk<T extends Claimant>(
  store: AccountStore,
  tenantId: string,
  chunk: T[],
): Promise<Map<T, { state: ClaimState; etag: string }>> {
  const keys = chunk.map((member) => composeKey(member.claim.row));
  // The range holds the claims and any pinyin rows between them; a row is a member's claim if its name is the member's.
  const byName = new Map<string, Stored<SearchRow>[]>();
  let continuationToken: string | undefined;
  do {
    const page = await store.index.search.page(tenantId, chunk[0]!.claim.partition, {
      rowKeyFrom: keys[0],
      // The last key itself is in the range: the next possible key follows it.
      rowKeyBefore: `${keys[keys.length - 1]}\u0000`,
      pageSize: 1000,
      continuationToken,
    });
    for (const item of page.items) {
      const key = normaliseAccountName(item.value.name);
      byName.set(key, [...(byName.get(key) ?? []), item]);
    }
    continuationToken = page.continuationToken;
  } while (continuationToken);
  const claims = new Map<T, Stored<SearchRow>>();
  await forEachLimited(chunk, 16, async (member) => {
    const candidates = byName.get(normaliseAccountName(member.account.name)) ?? [];
    // Not one candidate (a pinyin row of the same name beside it, or nothing seen): the claim itself is read.
    const claim = candidates.length === 1 ? candidates[0] : await store.index.search.get(member.claim);
    if (claim) claims.set(member, claim);
  });
  const settled = new Map<T, { state: ClaimState; etag: string }>();
  // A confirmed claim of the member's name is the one a stored account holds (it is confirmed only once its record
  // exists, and a rename gives it up): the name is taken, with no read of its holder. Only pending claims need theirs.
  const pending = [...claims].filter(([member, claim]) => {
    const held =
      claim.value.pendingSince === undefined && normaliseAccountName(claim.value.name) === normaliseAccountName(member.account.name);
    if (held) settled.set(member, { state: 'held', etag: claim.etag });
    return !held;
  });
  const holders = await readAccounts(
    store,
    tenantId,
    pending.map(([, claim]) => claim.value.accountId),
  );
  const alive = new Map<string, Promise<boolean>>();
  const now = store.now();
  await forEachLimited(pending, 16, async ([member, claim]) => {
    const importId = claim.value.importId ?? '';
    if (!alive.has(importId)) alive.set(importId, writerAlive(store.holders, tenantId, claim.value));
    const holder = holders.get(claim.value.accountId);
    const state = claimState(claim.value, normaliseAccountName(member.account.name), holder, await alive.get(importId)!, now);
    // The account exists but its claim was never confirmed (its writer died after the record): confirm it now.
    if (state === 'confirm') await store.index.confirmClaim(tenantId, holder!);
    settled.set(member, { state, etag: claim.etag });
  });
  return settled;
}

/** Records by id: a partition that holds many of them (an earlier import's bucket) is read whole, the others by point reads. */
async function readAccounts(store: AccountStore, tenantId: string, ids: string[]): Promise<Map<string, Account>> {
  const found = new Map<string, Account>();
  const wanted = new Set(ids);
  await forEachLimited(
    groupBy([...wanted], (id) => recordPartition(id).join('|')),
    8,
    async (group) => {
      if (group.length < 8) {
        for (const id of group) {
          const stored = await store.findById(tenantId, id);
          if (stored) found.set(id, stored.value);
        }
        return;
      }
      let continuationToken: string | undefined;
      do {
        const page = await store.records.page(tenantId, recordPartition(group[0]!), { pageSize: 1000, continuationToken });
        for (const { value } of page.items) if (wanted.has(value.id)) found.set(value.id, value);
        continuationToken = page.continuationToken;
      } while (continuationToken);
    },
  );
  return found;
}
