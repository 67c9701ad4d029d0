// Creates up to 100 accounts or contacts at once with entity-group transactions, for imports and seeding.
import type { Actor } from '../../core/actor';
import { AppError } from '../../core/errors';
import type { Logger } from '../../core/logger';
import type { BatchOutcome } from './accounts.service';
import { claimAddress, searchRows } from './account-index';
import { normaliseAccountName } from './account-name';
import type { Account, Contact, NewAccount, NewContact } from './account.schema';
import type { ContactStore } from './contact.store';
import type { AccountStore } from './account.store';


/**
 * One outcome per input, in order. Invalid inputs and names already taken (stored, or earlier in the
 * batch) fail alone; the rest are written in three transactions. If a transaction fails, what the
 * batch wrote is removed again and each remaining input is created on its own, so nothing is half written.
 */
interface Pending {
  index: number;
  input: NewAccount;
  account: Account;
}

export async function createAccountsBatch(store: AccountStore, log: Logger, actor: Actor, inputs: readonly NewAccount[]): Promise<BatchOutcome<Account>[]> {
  if (inputs.length > 100) throw new Error('A batch holds at most 100 accounts');
  const { tenantId } = actor;
  const outcomes: (BatchOutcome<Account> | undefined)[] = inputs.map(() => undefined);
  const pending: Pending[] = [];
  const seen = new Set<string>();
  await Promise.all(
    inputs.map(async (input, index) => {
      try {
        const account = store.build(actor, input);
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
    for (const { index, input } of pending) {
      outcomes[index] = await store.create(actor, input).then(
        (stored): BatchOutcome<Account> => ({ ok: true, stored }),
        (error: unknown): BatchOutcome<Account> => ({ ok: false, error }),
      );
    }
  }
  return outcomes.map((outcome) => outcome ?? { ok: false, error: new Error('account was not processed') });
}

/** True when all three transactions went through; false after undoing a partial write. */
async function writeAll(store: AccountStore, log: Logger, actor: Actor, pending: Pending[], outcomes: (BatchOutcome<Account> | undefined)[]): Promise<boolean> {
  const { tenantId } = actor;
  const claimOf = ({ account }: Pending) => ({ kind: 'create' as const, row: claimAddress(tenantId, account.name).row, value: { accountId: account.id, name: account.name } });
  // Names already taken are found by the transaction itself: Azure names the failing operation, which leaves the batch.
  for (;;) {
    try {
      await store.index.claims.transact(tenantId, ['names'], pending.map(claimOf));
      break;
    } catch (error) {
      const failed = failedOperation(error);
      if (failed === undefined || !(error instanceof AppError && error.code === 'ALREADY_EXISTS')) {
        log.info('account batch fell back to single writes', { reason: error instanceof Error ? error.message : String(error) });
        return false;
      }
      const [taken] = pending.splice(failed, 1);
      if (taken) outcomes[taken.index] = await store.create(actor, taken.input).then(
        (stored): BatchOutcome<Account> => ({ ok: true, stored }),
        (reason: unknown): BatchOutcome<Account> => ({ ok: false, error: reason }),
      );
      if (pending.length === 0) return true;
    }
  }
  const claims = pending.map(claimOf);
  let etags: Map<string, string>;
  try {
    etags = await store.records.transact(tenantId, ['accounts'], pending.map(({ account }) => ({ kind: 'create' as const, row: [account.id], value: account })));
    await store.index.search.transact(tenantId, ['search'], pending.flatMap(({ account }) => searchRows(account).map((r) => ({ kind: 'upsert' as const, row: r.row, value: r.value }))));
  } catch (error) {
    log.warn('account batch failed after claiming its names; undoing it', { error });
    // The records transaction may not have happened at all, in which case there is nothing to delete.
    await store.records.transact(tenantId, ['accounts'], pending.map(({ account }) => ({ kind: 'delete' as const, row: [account.id] }))).catch((cleanup: unknown) => log.info('no account records to undo', { reason: String(cleanup) }));
    await store.index.claims.transact(tenantId, ['names'], claims.map((claim) => ({ kind: 'delete' as const, row: claim.row })));
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
  const built = await Promise.all(
    inputs.map(async (input) => {
      try {
        const contact = deps.contacts.build(actor, input);
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
