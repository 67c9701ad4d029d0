// Imports contacts from CSV rows: the account named on each row is looked up once per name, then contacts are written in batches.
import { AppError } from '../../../core/errors';
import { normaliseAccountName } from '../account-name';
import { newContactSchema, type NewContact } from '../account.schema';
import type { AccountsService } from '../accounts.service';
import type { WriteLimits } from './account-import';
import { createBatchWriter, inOrder } from './batch-writer';
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

  async function create(row: PendingContact): Promise<void> {
    if (context.stopped) return context.notImported(row.line);
    try {
      const accountId = await accountIdOf(row.accountName);
      if (!accountId) throw new AppError('NOT_FOUND', { entity: 'account', id: row.accountName });
      await accounts.createContact(actor, { ...row.input, accountId });
      report.stored();
    } catch (error) {
      context.fail(row.line, error);
    }
  }

  // One call per contact: the accounts service has no batch write yet.
  const writer = createBatchWriter<PendingContact>({ ...limits, writeBatch: (rows) => inOrder(rows, limits.concurrency, create) });

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
