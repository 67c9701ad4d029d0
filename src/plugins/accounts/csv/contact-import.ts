// Imports contacts from CSV rows: the account named on each row is looked up once per name, then contacts are written in batches.
import { forEachLimited } from '../../../core/concurrency';
import { AppError } from '../../../core/errors';
import { normaliseAccountName } from '../account-name';
import { newContactSchema, type NewContact } from '../account.schema';
import type { AccountsService } from '../accounts.service';
import type { WriteLimits } from './account-import';
import { createBatchWriter } from './batch-writer';
import type { ImportContext, RowHandler } from './csv-import';
import { contactFormat, type ContactLine } from './csv-formats';

interface PendingContact {
  line: number;
  accountName: string;
  input: Omit<NewContact, 'accountId'>;
}

// Checked without the account id, which only the look-up of the account name provides.
const contactFieldsSchema = newContactSchema.omit({ accountId: true });

export function contactRows(accounts: AccountsService, context: ImportContext, limits: WriteLimits): RowHandler<ContactLine> {
  const { actor, report } = context;
  const accountIds = new Map<string, Promise<string | undefined>>();

  /** One look-up per account name; a failed look-up is not remembered. */
  function accountIdOf(name: string): Promise<string | undefined> {
    const key = normaliseAccountName(name);
    let found = accountIds.get(key);
    if (!found) {
      found = accounts.findAccountByName(actor.tenantId, name).then((account) => account?.value.id);
      accountIds.set(key, found);
      found.catch(() => accountIds.delete(key));
    }
    return found;
  }

  /** Looks up each row's account, then writes the rows that have one in one batch call; every row gets its own outcome. */
  async function store(rows: PendingContact[]): Promise<void> {
    const ready: { row: PendingContact; input: NewContact }[] = [];
    await forEachLimited(rows, limits.concurrency, async (row) => {
      if (context.stopped) return context.notImported(row.line);
      try {
        const accountId = await accountIdOf(row.accountName);
        if (!accountId) throw new AppError('NOT_FOUND', { entity: 'account', id: row.accountName });
        ready.push({ row, input: { ...row.input, accountId } });
      } catch (error) {
        context.fail(row.line, error);
      }
    });
    if (ready.length === 0) return;
    let outcomes: Awaited<ReturnType<AccountsService['importContacts']>>;
    try {
      outcomes = await accounts.importContacts(
        actor,
        ready.map(({ input }) => input),
      );
    } catch (error) {
      return ready.forEach(({ row }) => context.fail(row.line, error));
    }
    ready.forEach(({ row }, index) => {
      const outcome = outcomes[index];
      if (outcome?.ok) report.stored();
      else context.fail(row.line, outcome?.error);
    });
  }

  const writer = createBatchWriter<PendingContact>({ ...limits, writeBatch: store });

  return {
    format: contactFormat,
    async accept(line, row, header) {
      const input = context.parse(contactFieldsSchema, header, line, row.input);
      if (!input) return;
      await writer.add({ line, accountName: row.references.account ?? '', input });
    },
    finish: () => writer.drain(),
  };
}
