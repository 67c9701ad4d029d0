// Imports as rows of the accounts plugin's AccountImports table: partition `<tenant>|imports`, RowKey = the import's id.
import { randomUUID } from 'node:crypto';
import type { Actor } from '../../../core/actor';
import type { Clock } from '../../../core/clock';
import { AppError, isAppError } from '../../../core/errors';
import { where } from '../../../storage/filter';
import type { LogicalTable } from '../../../storage/logical-table';
import { Repository, type Stored } from '../../../storage/repository';
import type { RejectedLine } from '../csv/import-report';
import { accountImportSchema, listedRejections, type AccountImport } from './import.schema';

/** How often a running import renews its heartbeat and saves its progress. */
export const heartbeatMs = 2_000;
/** A running import whose heartbeat is older than this died with its process. */
export const heartbeatExpiryMs = 20_000;

const partition = ['imports'];

export type ImportStore = ReturnType<typeof createImportStore>;

export function createImportStore(table: LogicalTable, clock: Clock) {
  const rows = new Repository(table, 'import', accountImportSchema, ['startedBy', 'rejected', 'failure']);
  const address = (tenantId: string, id: string) => ({ tenantId, partition, row: [id] });
  const now = () => clock.now().toISOString();
  const expired = (row: AccountImport) => clock.now().getTime() - Date.parse(row.heartbeatAt) > heartbeatExpiryMs;

  return {
    expired,

    async start(actor: Actor, kind: AccountImport['kind']): Promise<Stored<AccountImport>> {
      const at = now();
      const row: AccountImport = {
        id: randomUUID(),
        kind,
        state: 'running',
        startedBy: { userId: actor.userId, displayName: actor.displayName },
        startedAt: at,
        heartbeatAt: at,
        rowsDone: 0,
        rowsRejected: 0,
        rejected: [],
      };
      return rows.create(address(actor.tenantId, row.id), row);
    },

    get: (tenantId: string, id: string) => rows.get(address(tenantId, id)),

    /** Saves progress (and renews the heartbeat) while the row is still this writer's; CONFLICT when someone marked it ended. */
    async save(tenantId: string, current: Stored<AccountImport>, changes: Partial<AccountImport>): Promise<Stored<AccountImport>> {
      const next = { ...current.value, ...changes, heartbeatAt: now() };
      next.rejected = [...next.rejected].sort((a, b) => a.line - b.line).slice(0, listedRejections);
      return rows.replace(address(tenantId, current.value.id), next, current.etag);
    },

    /** Marks a running import whose process died as failed; undefined when another reader or the import itself got there first. */
    async markInterrupted(tenantId: string, current: Stored<AccountImport>, message: string): Promise<Stored<AccountImport> | undefined> {
      const next: AccountImport = {
        ...current.value,
        state: 'failed',
        finishedAt: now(),
        failure: { code: 'IMPORT_INTERRUPTED', message },
      };
      try {
        return await rows.replace(address(tenantId, current.value.id), next, current.etag);
      } catch (error) {
        if (isAppError(error, 'CONFLICT') || isAppError(error, 'NOT_FOUND')) return undefined;
        throw error;
      }
    },

    /** The tenant's imports still marked running (a handful at most). */
    async running(tenantId: string): Promise<Stored<AccountImport>[]> {
      const found: Stored<AccountImport>[] = [];
      let continuationToken: string | undefined;
      do {
        const page = await rows.page(tenantId, partition, { where: where`state eq ${'running'}`, pageSize: 100, continuationToken });
        found.push(...page.items);
        continuationToken = page.continuationToken;
      } while (continuationToken);
      return found;
    },
  };
}

export const rejectedList = (lines: readonly RejectedLine[]): RejectedLine[] =>
  [...lines].sort((a, b) => a.line - b.line).slice(0, listedRejections);

export const notFound = (id: string) => new AppError('NOT_FOUND', { entity: 'import', id });
