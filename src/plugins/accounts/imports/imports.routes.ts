// CSV imports as resources: POST starts one (202 and its Location), GET answers its status; both under /api/v1/accounts.
import { Readable } from 'node:stream';
import { Router, type RequestHandler } from 'express';
import { z } from 'zod';
import { mayView, outOfScope, type AccessDirectory } from '../../../core/access';
import type { Actor } from '../../../core/actor';
import type { BackgroundWork } from '../../../core/background-work';
import { AppError } from '../../../core/errors';
import type { Logger } from '../../../core/logger';
import { actorOf } from '../../../http/auth.middleware';
import { requestLocale } from '../../../http/error.middleware';
import { parseWith } from '../../../core/validation';
import type { AccountStore } from '../account.store';
import type { AccountsService } from '../accounts.service';
import { accountRows } from '../csv/account-import';
import { contactRows } from '../csv/contact-import';
import { ImportContext, runImport, type RowHandler } from '../csv/csv-import';
import { checkUpload, defaultCsvLimits, type CsvLimits } from '../csv/csv.routes';
import type { WriteLimits } from '../csv/account-import';
import { checkFile, readUpload } from './import-file';
import type { AccountImport } from './import.schema';
import { heartbeatMs, notFound, rejectedList, type ImportStore } from './import.store';
import { importErrors } from './imports.errors';

export interface ImportsRouterDeps {
  accounts: AccountsService;
  store: AccountStore;
  imports: ImportStore;
  access: AccessDirectory;
  background: BackgroundWork;
  log: Logger;
  limits?: Partial<CsvLimits>;
}

type Rows = (accounts: AccountsService, context: ImportContext, limits: WriteLimits) => RowHandler<unknown>;

/**
 * `POST /imports` (accounts) and `/contacts/imports` take a CSV body, refuse it whole (4xx, nothing written) when it
 * is not UTF-8, not valid CSV or has a bad header, else answer `202` with the import and its `Location`.
 * `GET /imports/:id` answers the import: `running | finished | failed`, rows done and rejected (the first 100 lines
 * listed), the failure's code and message. An import whose process died is answered `failed` with `IMPORT_INTERRUPTED`,
 * after its pending name claims are settled.
 */
export function createImportsRouter(deps: ImportsRouterDeps): Router {
  const limits: CsvLimits = { ...defaultCsvLimits, ...deps.limits };
  const log = deps.log.child({ feature: 'imports' });
  const router = Router();

  /** Settles an import whose process died: its claims first (so they are stale, not in flight), then its status. */
  async function recover(actor: Actor, found: { value: AccountImport; etag: string }) {
    const removed = await deps.store.repairImport(actor.tenantId, found.value.id);
    log.warn('an import was interrupted by its process stopping; its claims are settled', { importId: found.value.id, removed });
    return deps.imports.markInterrupted(actor.tenantId, found, importErrors.template('IMPORT_INTERRUPTED', 'en'));
  }

  const start =
    (kind: AccountImport['kind'], rows: Rows): RequestHandler =>
    async (req, res) => {
      checkUpload(req, limits);
      const actor = actorOf(req);
      const locale = requestLocale(req);
      const file = await readUpload(req, limits.maxBytes);
      const probe = new ImportContext(actor, locale, log, limits.maxListed);
      await checkFile(file, rows(deps.accounts, probe, limits).format, probe.t, limits);
      for (const running of await deps.imports.running(actor.tenantId))
        if (deps.imports.expired(running.value)) await recover(actor, running);
      let row = await deps.imports.start(actor, kind);
      const context = new ImportContext(actor, locale, log, limits.maxListed, row.value.id);
      const progress = () => {
        const report = context.report.toJSON();
        return { rowsDone: report.stored, rowsRejected: report.rejectedCount, rejected: rejectedList(report.rejected) };
      };
      // Saves are chained, each with the ETag the last one returned.
      let saving = Promise.resolve();
      const save = (changes: Partial<AccountImport>) =>
        (saving = saving.then(async () => {
          row = await deps.imports.save(actor.tenantId, row, changes);
        }));
      const beat = setInterval(() => {
        save(progress()).catch((error: unknown) => log.warn('could not save an import’s progress', { importId: row.value.id, error }));
      }, heartbeatMs);
      const run = async () => {
        try {
          await runImport(Readable.from([file]), limits, context, rows(deps.accounts, context, limits));
          const failure = context.failureOf();
          await save({
            ...progress(),
            state: failure ? 'failed' : 'finished',
            finishedAt: new Date().toISOString(),
            ...(failure ? { failure: { code: failure.code, message: failure.message } } : {}),
          });
        } catch (error) {
          const appError = error instanceof AppError ? error : new AppError('INTERNAL', { reference: row.value.id });
          if (!(error instanceof AppError)) log.error('an import failed unexpectedly', { importId: row.value.id, error });
          await save({
            ...progress(),
            state: 'failed',
            finishedAt: new Date().toISOString(),
            failure: { code: appError.code, message: appError.localisedMessage(locale) },
          });
        } finally {
          clearInterval(beat);
        }
      };
      deps.background.add(
        run().catch((error: unknown) => log.error('could not record the end of an import', { importId: row.value.id, error })),
      );
      const location = `${req.baseUrl}/imports/${row.value.id}`;
      res.status(202).set('Location', location).json(body(row.value));
    };

  router.post('/imports', start('accounts', accountRows as Rows));
  router.post('/contacts/imports', start('contacts', contactRows as Rows));

  router.get('/imports/:id', async (req, res) => {
    const actor = actorOf(req);
    const id = parseWith(z.object({ id: z.uuid() }), req.params).id;
    let found = await deps.imports.get(actor.tenantId, id);
    if (!found) throw notFound(id);
    if (!mayView(await deps.access.visibility(actor), found.value.startedBy.userId)) throw outOfScope(id);
    if (found.value.state === 'running' && deps.imports.expired(found.value)) {
      await recover(actor, found);
      found = (await deps.imports.get(actor.tenantId, id)) ?? found;
    }
    const value = found.value;
    // The interruption is said in the reader's language; other failures keep the words of the import's own answer.
    const failure =
      value.failure?.code === 'IMPORT_INTERRUPTED'
        ? { code: value.failure.code, message: importErrors.template('IMPORT_INTERRUPTED', requestLocale(req)) }
        : value.failure;
    res.json(body({ ...value, ...(failure ? { failure } : {}) }));
  });

  return router;
}

/** What the API shows of an import. */
export type ImportBody = Omit<AccountImport, 'heartbeatAt'>;

const body = (value: AccountImport): ImportBody => {
  const { heartbeatAt: _heartbeat, ...shown } = value;
  return shown;
};
