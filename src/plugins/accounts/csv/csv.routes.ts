// CSV import and export of accounts and contacts, mounted inside the accounts router at /csv.
import { Readable } from 'node:stream';
import { Router, type Request, type RequestHandler } from 'express';
import { z } from 'zod';
import { AppError } from '../../../core/errors';
import { locales } from '../../../core/i18n';
import type { Logger } from '../../../core/logger';
import { actorOf } from '../../../http/auth.middleware';
import { requestLocale } from '../../../http/error.middleware';
import { parseQuery } from '../../../http/validate';
import type { AccountsService } from '../accounts.service';
import { accountRows, type WriteLimits } from './account-import';
import { contactRows } from './contact-import';
import { sendCsv } from './csv-export';
import { accountFormat, contactFormat } from './csv-formats';
import { UploadAbortedError } from './csv-reader';
import { formatBytes, ImportContext, runImport, type ImportLimits, type RowHandler } from './csv-import';
import { accountLines, contactLines } from './export-pages';
import { checkFile, readUpload } from '../imports/import-file';

export type CsvLimits = ImportLimits & WriteLimits;

export const defaultCsvLimits: CsvLimits = {
  maxBytes: 50 * 1024 * 1024,
  maxRowBytes: 256 * 1024,
  maxListed: 1000,
  // Large batches: an import's search rows then share partitions, so a file is written in far fewer transactions.
  batchSize: 10_000,
  batchesInFlight: 1,
  concurrency: 16,
  maxDeferred: 10_000,
};

export interface CsvRouterDeps {
  accounts: AccountsService;
  log: Logger;
  limits?: Partial<CsvLimits>;
}

// Browsers on Windows label .csv files as Excel's type; what matters is that the text is UTF-8.
const csvTypes = ['text/csv', 'application/csv', 'text/plain', 'application/vnd.ms-excel'];
const utf8 = /^(utf-?8|us-ascii)$/i;
const exportQuerySchema = z.object({ language: z.enum(locales).default('en') });

/**
 * `POST /import` and `/contacts/import` take a CSV body (header row required), check it whole before the first write
 * (400 `IMPORT_NOT_UTF8`, `IMPORT_MALFORMED` or a header error, 413 past the size cap: nothing is written) and answer
 * with an `ImportReportBody`: 200 when every row was handled, the failure's own status (503, 500, 403) when storage or
 * the service stopped it part-way.
 * The format and the report are described in this folder's README.md.
 * `GET /export` and `/contacts/export` download the same columns, so an export re-imports as it is.
 * @example accountsRouter.use('/csv', createCsvRouter({ accounts: service, log }))
 */
export function createCsvRouter(deps: CsvRouterDeps): Router {
  const limits: CsvLimits = { ...defaultCsvLimits, ...deps.limits };
  const log = deps.log.child({ feature: 'csv' });
  const router = Router();

  const importer =
    <Row>(rows: (accounts: AccountsService, context: ImportContext, limits: WriteLimits) => RowHandler<Row>): RequestHandler =>
    async (req, res) => {
      checkUpload(req, limits);
      const context = new ImportContext(actorOf(req), requestLocale(req), log, limits.maxListed);
      const handler = rows(deps.accounts, context, limits);
      let file: Buffer;
      try {
        file = await readUpload(req, limits.maxBytes);
      } catch (error) {
        if (!(error instanceof UploadAbortedError)) throw error;
        log.warn('CSV upload broken off by the client; nothing was written', { path: req.path });
        return;
      }
      // The whole file is checked before the first write, as an import resource's is: a bad one is refused whole.
      await checkFile(file, handler.format, context.t, limits);
      await runImport(Readable.from([file]), limits, context, handler);
      const report = context.report.toJSON();
      const stop = report.stoppedAt;
      // The rest of an upload that was not read is not worth keeping the connection for.
      if (stop) res.set('Connection', 'close');
      res.status(context.report.stopStatus ?? 200).json(report);
    };

  router.post('/import', importer(accountRows));
  router.post('/contacts/import', importer(contactRows));

  router.get('/export', async (req, res) => {
    const { language } = parseQuery(exportQuerySchema, req);
    const pages = accountLines(deps.accounts, actorOf(req));
    await sendCsv(res, { filename: 'accounts.csv', format: accountFormat, language, pages }, log);
  });

  router.get('/contacts/export', async (req, res) => {
    const { language } = parseQuery(exportQuerySchema, req);
    const pages = contactLines(deps.accounts, actorOf(req));
    await sendCsv(res, { filename: 'contacts.csv', format: contactFormat, language, pages }, log);
  });

  return router;
}

/** Refuses, before reading a byte, a body that is not UTF-8 CSV or that says it is larger than the cap. */
export function checkUpload(req: Request, limits: CsvLimits): void {
  // Read from the header itself: an empty file has no body, and express's req.is() answers null for those.
  const [type = '', ...parameters] = (req.get('content-type') ?? '').split(';').map((part) => part.trim().toLowerCase());
  const charset = parameters
    .find((parameter) => parameter.startsWith('charset='))
    ?.slice('charset='.length)
    .replace(/"/g, '');
  if (!csvTypes.includes(type) || (charset !== undefined && !utf8.test(charset))) {
    throw new AppError('UNSUPPORTED_MEDIA_TYPE', {}, { expected: 'text/csv; charset=utf-8', received: req.get('content-type') ?? null });
  }
  if (Number(req.get('content-length') ?? 0) > limits.maxBytes)
    throw new AppError('PAYLOAD_TOO_LARGE', { limit: formatBytes(limits.maxBytes) });
}
