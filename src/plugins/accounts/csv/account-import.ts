// Imports accounts from CSV rows: checked with the account schema, duplicates refused, parents linked, written in batches.
import { forEachLimited } from '../../../core/concurrency';
import { normaliseAccountName } from '../account-name';
import { newAccountSchema, type NewAccount } from '../account.schema';
import type { AccountsService } from '../accounts.service';
import { AccountLinks } from './account-links';
import { createBatchWriter } from './batch-writer';
import type { ImportContext, RowHandler } from './csv-import';
import { accountFormat, type AccountLine } from './csv-formats';

export interface WriteLimits {
  batchSize: number;
  batchesInFlight: number;
  /** Rows of one batch written at the same time. */
  concurrency: number;
  /** Rows kept back until the end of the file because their parent account comes later. */
  maxDeferred: number;
}

interface PendingAccount {
  line: number;
  /** The name as the name index compares it. */
  key: string;
  input: NewAccount & { name: string };
  parentName?: string;
}

export function accountRows(accounts: AccountsService, context: ImportContext, limits: WriteLimits): RowHandler<AccountLine> {
  const { actor, t, report } = context;
  const links = new AccountLinks(accounts, actor.tenantId);
  let deferred: PendingAccount[] = [];

  const reject = (row: PendingAccount, reason: string) => {
    report.reject(row.line, 'NOT_FOUND', reason);
    links.settle(row.input.name, 'rejected');
  };
  const failed = (row: PendingAccount, error: unknown) => {
    links.settle(row.input.name, 'rejected');
    context.fail(row.line, error);
  };
  const notImported = (row: PendingAccount) => {
    context.notImported(row.line);
    links.settle(row.input.name, 'rejected');
  };

  /** The row with its parent's id, or undefined when the row was refused or kept back for the end of the file. */
  async function withParent(row: PendingAccount, atEnd: boolean): Promise<PendingAccount | undefined> {
    if (!row.parentName) return row;
    const parent = atEnd ? await links.parentNow(row.parentName) : await links.parentOf(row.parentName, row.line);
    if (parent.kind === 'stored') return { ...row, input: { ...row.input, parentAccountId: parent.id } };
    if (parent.kind === 'rejected') reject(row, t('row.parentNotImported', { name: row.parentName, line: parent.line }));
    else if (parent.kind === 'missing') reject(row, t('row.parentNotFound', { name: row.parentName }));
    else if (atEnd) deferred.push(row);
    else if (deferred.length >= limits.maxDeferred) reject(row, t('row.parentNotFound', { name: row.parentName }));
    else {
      deferred.push(row);
      links.settle(row.input.name, 'deferred');
    }
    return undefined;
  }

  /** Writes the rows of a batch that are ready in one call: the service stores them in a few transactions. */
  async function store(rows: PendingAccount[]): Promise<void> {
    if (rows.length === 0) return;
    if (context.stopped) return rows.forEach(notImported);
    let outcomes: Awaited<ReturnType<AccountsService['importAccounts']>>;
    try {
      outcomes = await accounts.importAccounts(
        actor,
        rows.map((row) => row.input),
        context.importId ? { importId: context.importId } : {},
      );
    } catch (error) {
      return rows.forEach((row) => failed(row, error));
    }
    rows.forEach((row, index) => {
      const outcome = outcomes[index];
      if (outcome?.ok) {
        links.settle(row.input.name, 'stored', outcome.stored.value.id);
        report.stored();
      } else failed(row, outcome?.error);
    });
  }

  const writerFor = (atEnd: boolean) =>
    createBatchWriter<PendingAccount>({
      ...limits,
      async writeBatch(rows) {
        const linked: (PendingAccount | undefined)[] = [];
        await forEachLimited([...rows.keys()], limits.concurrency, async (index) => {
          const row = rows[index]!;
          if (context.stopped) return notImported(row);
          try {
            linked[index] = await withParent(row, atEnd);
          } catch (error) {
            failed(row, error);
          }
        });
        await store(linked.filter((row) => row !== undefined));
      },
    });
  const writer = writerFor(false);

  /** Rows whose parent came later in the file, in rounds: each round writes the rows whose parent is stored by now. */
  async function writeDeferred(): Promise<void> {
    let waiting = deferred.sort((a, b) => a.line - b.line);
    while (waiting.length > 0) {
      deferred = [];
      const round = writerFor(true);
      for (const row of waiting) await round.add(row);
      await round.drain();
      if (context.stopped) return deferred.forEach(notImported);
      if (deferred.length === waiting.length)
        return deferred.forEach((row) => reject(row, t('row.parentCycle', { name: row.parentName ?? '' })));
      waiting = deferred;
    }
  }

  return {
    format: accountFormat,
    async accept(line, row, header) {
      const input = context.parse(newAccountSchema, header, line, row.input);
      if (!input) return;
      const earlier = links.claim(input.name, line);
      if (earlier !== undefined)
        return report.reject(line, 'ALREADY_EXISTS', t('row.duplicateInFile', { name: input.name, line: earlier }));
      const parentName = row.references.parentAccount;
      const parentKey = parentName && normaliseAccountName(parentName);
      // A row never shares a batch with its parent: the parent's batch has to be written first.
      if (parentKey && writer.queued().some((queued) => queued.key === parentKey)) writer.send();
      await writer.add({ line, key: normaliseAccountName(input.name), input, parentName });
    },
    async finish() {
      await writer.drain();
      await writeDeferred();
    },
  };
}
