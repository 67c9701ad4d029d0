// Creates up to 10,000 accounts or contacts at once with entity-group transactions, for imports and seeding.
import type { Actor } from '../../core/actor';
import { forEachLimited } from '../../core/concurrency';
import { AppError } from '../../core/errors';
import type { Logger } from '../../core/logger';
import type { Published } from '../../storage/repository';
import type { BatchOutcome } from './accounts.service';
import { composeKey } from '../../storage/keys';
import { claimAddress, searchRows } from './account-index';
import { claimBatch, type Claimant } from './claim-batch';
import type { Account, Contact, NewAccount, NewContact } from './account.schema';
import type { ContactStore } from './contact.store';
import { recordPartition, type AccountStore } from './account.store';
import { groupBy, idInBucket, randomBucket } from './buckets';

/** Records one import call takes. Their claims, records and search rows are grouped into as few transactions as the partitions allow. */
export const maxImportBatch = 10_000;
/** Records made in one bucket, so that they share a partition and one transaction. */
const recordsPerBucket = 100;
/** Transactions of one batch sent side by side (contacts, and the one-by-one path). */
const transactionsInFlight = 8;
/** Units of 100 accounts written side by side, each going through its steps on its own, so no step waits for the whole batch. */
const unitsInFlight = 6;
/** Operations of one transaction: of claims, or of records with their events. */
const rowsPerTransaction = 100;

interface Pending extends Claimant {
  input: NewAccount;
}

/** One fresh bucket per 100 inputs. */
const bucketsFor = (count: number): string[] => Array.from({ length: Math.ceil(count / recordsPerBucket) }, randomBucket);
const chunksOf = <T>(items: T[], size: number): T[][] =>
  Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, i * size + size));
/** Consecutive groups of `items` whose `weight`s add up to at most `limit` each. */
function chunksWeighing<T>(items: readonly T[], weight: (item: T) => number, limit: number): T[][] {
  const groups: T[][] = [];
  let current: T[] = [];
  let total = 0;
  for (const item of items) {
    const w = weight(item);
    if (current.length > 0 && total + w > limit) {
      groups.push(current);
      [current, total] = [[], 0];
    }
    current.push(item);
    total += w;
  }
  if (current.length > 0) groups.push(current);
  return groups;
}
/** Where a claim sorts: its partition, then its row. */
const claimOrder = ({ claim }: Pending) => `${composeKey(claim.partition)}\u0000${composeKey(claim.row)}`;

/**
 * One outcome per input, in order. Invalid inputs and names already taken (stored, or earlier in the batch) fail
 * alone; the rest are written in units of 100 in name order, so a unit's claims share a few partitions and its
 * records one bucket. A unit whose transaction fails is removed again and its inputs are created one by one, so
 * nothing is half written.
 */
export async function createAccountsBatch(
  store: AccountStore,
  log: Logger,
  actor: Actor,
  inputs: readonly NewAccount[],
  options: { importId?: string } = {},
): Promise<BatchOutcome<Account>[]> {
  if (inputs.length > maxImportBatch) throw new Error(`A batch holds at most ${maxImportBatch} accounts`);
  const { tenantId } = actor;
  const outcomes: (BatchOutcome<Account> | undefined)[] = inputs.map(() => undefined);
  const pending: Pending[] = [];
  const seen = new Set<string>();
  await Promise.all(
    inputs.map(async (input, index) => {
      try {
        const account = store.build(actor, input);
        await store.checkParent(tenantId, account);
        // A name with nothing left to compare fails here, alone, rather than the whole batch's claims.
        const claim = claimAddress(tenantId, account.name);
        const key = claim.row[0]!;
        if (seen.has(key)) throw new AppError('ALREADY_EXISTS', { entity: 'account', name: account.name });
        seen.add(key);
        pending.push({ index, input, account, claim });
      } catch (error) {
        outcomes[index] = { ok: false, error };
      }
    }),
  );
  const sorted = pending.map((member) => ({ member, order: claimOrder(member) })).sort((a, b) => (a.order < b.order ? -1 : 1));
  const buckets = bucketsFor(sorted.length);
  // Each unit's records get one bucket: ids are made again in it (nothing refers to them yet).
  const units = chunksOf(
    sorted.map(({ member }, i) => ({
      ...member,
      account: { ...member.account, id: idInBucket(buckets[Math.floor(i / recordsPerBucket)]!) },
    })),
    recordsPerBucket,
  );
  await forEachLimited(units, unitsInFlight, async (unit) => {
    const left = await writeUnit(store, log, actor, unit, outcomes, options.importId);
    for (const { index, input } of left) outcomes[index] = await createOne(store, actor, input);
  });
  return outcomes.map((outcome) => outcome ?? { ok: false, error: new Error('account was not processed') });
}

const createOne = (store: AccountStore, actor: Actor, input: NewAccount): Promise<BatchOutcome<Account>> =>
  store.create(actor, input).then(
    (stored): BatchOutcome<Account> => ({ ok: true, stored }),
    (error: unknown): BatchOutcome<Account> => ({ ok: false, error }),
  );

/** The claims of stored accounts, confirmed: grouped by partition, 100 to a transaction. */
function confirmations(accounts: readonly Account[]) {
  const claims = accounts.flatMap((account) => searchRows(account).filter((row) => row.claim));
  return groupBy(claims, (row) => row.partition.join('|')).flatMap((group) => chunksOf(group, rowsPerTransaction));
}

/**
 * Writes one unit in the order a crash at any point leaves harmless: pending claims (claim-batch.ts) → records with
 * their held events (`account.changed`, from which the projector derives the pinyin and initials rows in batches) →
 * the claims confirmed → the events released. A process that dies in between leaves pending claims (searches skip
 * them; whoever meets one settles it) and events the outbox's sweeper delivers; the derived rows come only from
 * records that exist. Returns the members left to the one-by-one path: none when
 * every transaction went through, the unit's claimed members after undoing a partial write.
 */
async function writeUnit(
  store: AccountStore,
  log: Logger,
  actor: Actor,
  unit: Pending[],
  outcomes: (BatchOutcome<Account> | undefined)[],
  importId: string | undefined,
): Promise<Pending[]> {
  const { tenantId } = actor;
  // Filled as each transaction goes through, so that a failure part-way knows what to undo.
  const claimed: Pending[] = [];
  const undoClaims = async () => {
    await forEachLimited(
      groupBy(claimed, ({ claim }) => claim.partition.join('|')),
      transactionsInFlight,
      async (group) => {
        for (const chunk of chunksOf(group, rowsPerTransaction))
          await store.index.search.transact(
            tenantId,
            chunk[0]!.claim.partition,
            chunk.map(({ claim }) => ({ kind: 'delete' as const, row: claim.row })),
          );
      },
    );
  };
  let left: Pending[] = [];
  try {
    const outcome = await claimBatch(store, actor, unit, importId, claimed);
    for (const { member, error } of outcome.taken) outcomes[member.index] = { ok: false, error };
    // Claims that kept changing under the batch are settled one by one, which reads each claim and its holder.
    left = outcome.contested;
  } catch (error) {
    log.info('account batch fell back to single writes', { reason: error instanceof Error ? error.message : String(error) });
    await undoClaims();
    return unit;
  }
  if (claimed.length === 0) return left;
  const recordGroups = chunksWeighing(claimed, ({ account }) => store.operationsOf(account), rowsPerTransaction);
  const etags = new Map<string, string>();
  const published: Published[] = [];
  try {
    await Promise.all(
      recordGroups.map(async (group) => {
        const written = await store.writeNew(
          tenantId,
          group.map(({ account }) => account),
        );
        published.push(written);
        for (const [key, etag] of written.etags) etags.set(key, etag);
      }),
    );
    // Only now that the records exist; upserts, so a reader that confirmed a claim first changes nothing.
    await Promise.all(
      confirmations(claimed.map(({ account }) => account)).map((group) =>
        store.index.search.transact(
          tenantId,
          group[0]!.partition,
          group.map((r) => ({ kind: 'upsert' as const, row: r.row, value: r.value })),
        ),
      ),
    );
  } catch (failure) {
    log.warn('account batch failed after claiming its names; undoing it', { error: failure });
    // The accounts are not made after all: their events go first, so nobody hears of them.
    await Promise.all(
      published.map((written) =>
        written.withdraw().catch((error: unknown) => log.warn('could not withdraw the events of an undone account batch', { error })),
      ),
    );
    // A records transaction may not have happened at all, in which case there is nothing to delete.
    await Promise.all(
      recordGroups.map((group) =>
        store.records
          .transact(
            tenantId,
            recordPartition(group[0]!.account.id),
            group.map(({ account }) => ({ kind: 'delete' as const, row: [account.id] })),
          )
          .then(
            () => undefined,
            (cleanup: unknown) => log.info('no account records to undo', { reason: String(cleanup) }),
          ),
      ),
    );
    await undoClaims();
    return [...left, ...claimed];
  }
  for (const written of published) written.release();
  for (const { index, account } of claimed) outcomes[index] = { ok: true, stored: { value: account, etag: etags.get(account.id) ?? '' } };
  return left;
}

/**
 * One outcome per input, in order. Invalid inputs and contacts of unknown accounts fail alone; the rest
 * are written in transactions, or one by one if a transaction fails (after it was undone).
 */
export async function createContactsBatch(
  deps: { contacts: ContactStore; accountName(tenantId: string, accountId: string): Promise<string> },
  actor: Actor,
  inputs: readonly NewContact[],
): Promise<BatchOutcome<Contact>[]> {
  if (inputs.length > maxImportBatch) throw new Error(`A batch holds at most ${maxImportBatch} contacts`);
  const names = new Map<string, Promise<string>>();
  const nameOf = (accountId: string) =>
    names.get(accountId) ?? names.set(accountId, deps.accountName(actor.tenantId, accountId)).get(accountId)!;
  const buckets = bucketsFor(inputs.length);
  const built = await Promise.all(
    inputs.map(async (input, index) => {
      try {
        const contact = deps.contacts.build(actor, input, buckets[Math.floor(index / recordsPerBucket)]);
        return { ok: true as const, contact, accountName: await nameOf(contact.accountId) };
      } catch (error) {
        return { ok: false as const, error };
      }
    }),
  );
  const ready = built.flatMap((item) => (item.ok ? [item] : []));
  try {
    const etags = await deps.contacts.writeBatch(actor.tenantId, ready);
    return built.map((item): BatchOutcome<Contact> =>
      item.ok ? { ok: true, stored: { value: item.contact, etag: etags.get(item.contact.id) ?? '' } } : { ok: false, error: item.error },
    );
  } catch {
    // The batch undid what it wrote; each contact is now created on its own, which reports its own failure.
    const outcomes: BatchOutcome<Contact>[] = new Array(built.length);
    await forEachLimited(built, transactionsInFlight, async (item, index) => {
      outcomes[index] = item.ok
        ? await deps.contacts.create(actor, inputs[index]!, item.accountName).then(
            (stored): BatchOutcome<Contact> => ({ ok: true, stored }),
            (error: unknown): BatchOutcome<Contact> => ({ ok: false, error }),
          )
        : { ok: false, error: item.error };
    });
    return outcomes;
  }
}
