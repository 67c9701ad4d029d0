// Creates up to 100 accounts or contacts at once with entity-group transactions, for imports and seeding.
import type { Actor } from '../../core/actor';
import { AppError } from '../../core/errors';
import type { Logger } from '../../core/logger';
import type { BatchOutcome } from './accounts.service';
import { claimAddress, searchRows } from './account-index';
import { normaliseAccountName } from './account-name';
import type { Account, Contact, NewAccount, NewContact } from './account.schema';
import type { ContactStore } from './contact.store';
import { recordPartition, type AccountStore } from './account.store';
import { groupBy, randomBucket } from './buckets';

interface Pending {
  index: number;
  input: NewAccount;
  account: Account;
}

/**
 * One outcome per input, in order. Invalid inputs and names already taken (stored, or earlier in the
 * batch) fail alone; the rest are written in a few transactions. If a transaction fails, what the
 * batch wrote is removed again and each remaining input is created on its own, so nothing is half written.
 */
export async function createAccountsBatch(store: AccountStore, log: Logger, actor: Actor, inputs: readonly NewAccount[]): Promise<BatchOutcome<Account>[]> {
  if (inputs.length > 100) throw new Error('A batch holds at most 100 accounts');
  const { tenantId } = actor;
  const outcomes: (BatchOutcome<Account> | undefined)[] = inputs.map(() => undefined);
  const pending: Pending[] = [];
  const seen = new Set<string>();
  // One bucket for the whole batch: its records share a partition, so they are written in one transaction.
  const bucket = randomBucket();
  await Promise.all(
    inputs.map(async (input, index) => {
      try {
        const account = store.build(actor, input, bucket);
        await store.checkParent(tenantId, account);
        const key = normaliseAccountName(account.name);
        if (seen.has(key)) throw new AppError('ALREADY_EXISTS', { entity: 'account', name: account.name });
        seen.add(key);
        pending.push({ index, input, account });
      } catch (error) {
        outcomes[index] = { ok: false, error };
      }
    }),
  );
  if (pending.length > 0 && !(await writeAll(store, log, actor, pending, outcomes))) {
    for (const { index, input } of pending) outcomes[index] = await createOne(store, actor, input);
  }
  return outcomes.map((outcome) => outcome ?? { ok: false, error: new Error('account was not processed') });
}

const createOne = (store: AccountStore, actor: Actor, input: NewAccount): Promise<BatchOutcome<Account>> =>
  store.create(actor, input).then(
    (stored): BatchOutcome<Account> => ({ ok: true, stored }),
    (error: unknown): BatchOutcome<Account> => ({ ok: false, error }),
  );


/**
 * True when every transaction went through; false after undoing a partial write. Names already taken are found by
 * the claim transactions themselves (Azure names the failing operation): such an input leaves the batch and is
 * tried on its own, which reports the taken name or takes over a claim its holder no longer uses.
 */
async function writeAll(store: AccountStore, log: Logger, actor: Actor, pending: Pending[], outcomes: (BatchOutcome<Account> | undefined)[]): Promise<boolean> {
  const { tenantId } = actor;
  const claimOf = ({ account }: Pending) => claimAddress(tenantId, account.name);
  const claimed: Pending[] = [];
  const undoClaims = async () => {
    for (const group of groupBy(claimed, (item) => claimOf(item).partition.join('|'))) {
      await store.index.claims.transact(tenantId, claimOf(group[0]!).partition, group.map((item) => ({ kind: 'delete' as const, row: claimOf(item).row })));
    }
  };
  for (const group of groupBy(pending, (item) => claimOf(item).partition.join('|'))) {
    const members = [...group];
    while (members.length > 0) {
      try {
        await store.index.claims.transact(tenantId, claimOf(members[0]!).partition, members.map((item) => ({ kind: 'create' as const, row: claimOf(item).row, value: { accountId: item.account.id, name: item.account.name } })));
        claimed.push(...members);
        break;
      } catch (error) {
        const failed = failedOperation(error);
        if (failed === undefined || !(error instanceof AppError && error.code === 'ALREADY_EXISTS')) {
          log.info('account batch fell back to single writes', { reason: error instanceof Error ? error.message : String(error) });
          await undoClaims();
          return false;
        }
        const [taken] = members.splice(failed, 1);
        if (!taken) continue;
        pending.splice(pending.indexOf(taken), 1);
        outcomes[taken.index] = await createOne(store, actor, taken.input);
      }
    }
  }
  if (pending.length === 0) return true;
  let etags: Map<string, string>;
  try {
    etags = await store.records.transact(tenantId, recordPartition(pending[0]!.account.id), pending.map(({ account }) => ({ kind: 'create' as const, row: [account.id], value: account })));
    for (const group of groupBy(pending.flatMap(({ account }) => searchRows(account)), (row) => row.partition.join('|'))) {
      await store.index.search.transact(tenantId, group[0]!.partition, group.map((r) => ({ kind: 'upsert' as const, row: r.row, value: r.value })));
    }
  } catch (error) {
    log.warn('account batch failed after claiming its names; undoing it', { error });
    for (const { account } of pending) await store.index.deleteSearchRows(tenantId, account);
    // The records transaction may not have happened at all, in which case there is nothing to delete.
    await store.records
      .transact(tenantId, recordPartition(pending[0]!.account.id), pending.map(({ account }) => ({ kind: 'delete' as const, row: [account.id] })))
      .catch((cleanup: unknown) => log.info('no account records to undo', { reason: String(cleanup) }));
    await undoClaims();
    return false;
  }
  for (const { index, account } of pending) outcomes[index] = { ok: true, stored: { value: account, etag: etags.get(account.id) ?? '' } };
  return true;
}

/** Azure and Azurite prefix a failed transaction's message with the index of the failing operation ("3:The specified entity already exists."). */
function failedOperation(error: unknown): number | undefined {
  const message = error instanceof Error && error.cause instanceof Error ? error.cause.message : '';
  const match = /^(\d+):/.exec(message);
  return match ? Number(match[1]) : undefined;
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
  if (inputs.length > 100) throw new Error('A batch holds at most 100 contacts');
  const names = new Map<string, Promise<string>>();
  const nameOf = (accountId: string) => names.get(accountId) ?? names.set(accountId, deps.accountName(actor.tenantId, accountId)).get(accountId)!;
  const bucket = randomBucket();
  const built = await Promise.all(
    inputs.map(async (input) => {
      try {
        const contact = deps.contacts.build(actor, input, bucket);
        return { ok: true as const, contact, accountName: await nameOf(contact.accountId) };
      } catch (error) {
        return { ok: false as const, error };
      }
    }),
  );
  const ready = built.flatMap((item) => (item.ok ? [item] : []));
  try {
    const etags = await deps.contacts.writeBatch(actor.tenantId, ready);
    return built.map((item): BatchOutcome<Contact> => (item.ok ? { ok: true, stored: { value: item.contact, etag: etags.get(item.contact.id) ?? '' } } : { ok: false, error: item.error }));
  } catch {
    return Promise.all(
      built.map((item, index) =>
        item.ok
          ? deps.contacts.create(actor, inputs[index]!, item.accountName).then(
              (stored): BatchOutcome<Contact> => ({ ok: true, stored }),
              (error: unknown): BatchOutcome<Contact> => ({ ok: false, error }),
            )
          : ({ ok: false, error: item.error } as BatchOutcome<Contact>),
      ),
    );
  }
}
