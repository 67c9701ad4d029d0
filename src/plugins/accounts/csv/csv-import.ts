// Drives an import: header first (refused before anything is written), then every row read, checked and handed on, then the report.
import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import { z } from 'zod';
import type { Actor } from '../../../core/actor';
import { AppError, coreErrors, type CoreErrorCode } from '../../../core/errors';
import type { Locale, Translate } from '../../../core/i18n';
import type { Logger } from '../../../core/logger';
import { emptyFileError, readRow, resolveHeader, titleFor, type CsvColumn, type ReadRow, type ResolvedHeader } from './csv-columns';
import { csvTranslator } from './csv.messages';
import { readCsv, type CsvReaderLimits } from './csv-reader';
import { ImportReport } from './import-report';

export interface ImportLimits extends CsvReaderLimits {
  /** Rejected lines listed in the report; the count covers all of them. */
  maxListed: number;
}

/** What one import shares: who imports, in which language the reasons are, and the report being filled in. */
export class ImportContext {
  readonly t: Translate;
  readonly report: ImportReport;
  private failure: { code: string; status: number; message: string } | undefined;

  constructor(
    readonly actor: Actor,
    readonly locale: Locale,
    readonly log: Logger,
    maxListed: number,
    /** The import resource this run fills in, whose id its name claims carry. */
    readonly importId?: string,
  ) {
    this.t = csvTranslator(locale);
    this.report = new ImportReport(maxListed);
  }

  /** True once the import failed as a whole: no more rows are written. */
  get stopped(): boolean {
    return this.failure !== undefined;
  }

  /** Records a failed write: the row's own fault is a rejection; anything else (storage, permission) also stops the import. */
  fail(line: number, error: unknown): void {
    if (error instanceof AppError && error.status < 500 && error.status !== 401 && error.status !== 403) {
      this.report.reject(line, error.code, error.localisedMessage(this.locale));
      return;
    }
    let appError: AppError;
    if (error instanceof AppError) {
      appError = error;
      this.log.warn('import stopped by a failure that is not the row’s own', { line, code: error.code, details: error.details });
    } else {
      const reference = randomUUID();
      this.log.error('import row failed unexpectedly', { line, reference, error });
      appError = new AppError('INTERNAL', { reference });
    }
    this.report.reject(line, appError.code, appError.localisedMessage(this.locale));
    this.failure ??= { code: appError.code, status: appError.status, message: appError.localisedMessage(this.locale) };
  }

  /** Stops writing for a reason outside any row (the upload broke off); rows in flight still finish. */
  halt(code: CoreErrorCode, message: string): void {
    this.failure ??= { code, status: coreErrors.status(code), message };
  }

  /** A row that was read but not written because the import had stopped. */
  notImported(line: number): void {
    this.report.reject(line, this.failure?.code ?? 'INTERNAL', this.t('row.notImported'));
  }

  /** Why the import stopped writing, if it did. */
  failureOf() {
    return this.failure;
  }

  /** The row's problems with the schema, one reason naming the columns as the file does. */
  parse<S extends z.ZodType>(schema: S, header: ResolvedHeader<unknown>, line: number, input: unknown): z.infer<S> | undefined {
    const parsed = schema.safeParse(input, this.locale === 'zh-CN' ? { error: z.locales.zhCN().localeError } : undefined);
    if (parsed.success) return parsed.data;
    const reasons = parsed.error.issues.map((issue) => {
      const column = titleFor(header, issue.path);
      return column ? this.t('row.issue', { column, message: issue.message }) : issue.message;
    });
    this.report.reject(line, 'VALIDATION_FAILED', reasons.join('; '));
    return undefined;
  }
}

/** The part of an import that knows its records: what to do with a well-formed row, and what is left at the end. */
export interface RowHandler<Row> {
  format: readonly CsvColumn<Row>[];
  accept(line: number, row: ReadRow, header: ResolvedHeader<Row>): Promise<void>;
  finish(): Promise<void>;
}

/** Reads a file `checkFile` (imports/import-file.ts) passed and fills in `context.report`; throws (before any write) when the header is refused. */
export async function runImport<Row>(
  input: Readable,
  limits: ImportLimits,
  context: ImportContext,
  handler: RowHandler<Row>,
): Promise<void> {
  const { t, report } = context;
  const reader = readCsv(input, limits);
  let header: ResolvedHeader<Row> | undefined;
  let lastLine = 0;
  try {
    await readRows();
    if (!header && !reader.stopped()) throw emptyFileError(t);
  } catch (error) {
    reader.close();
    // Rows already handed on are still written or accounted for before the error goes up.
    context.halt('INTERNAL', error instanceof Error ? error.message : String(error));
    await handler.finish();
    throw error;
  }
  reader.close();
  await handler.finish();
  // checkFile passed the file whole, so its reading cannot stop short: if it does, the caller skipped the check.
  const stop = reader.stopped();
  if (stop) throw new Error(`An import read a file that was not checked first: ${stop.kind} at line ${stop.line}`);
  reportStop(context, lastLine);

  async function readRows(): Promise<void> {
    for await (const { line, cells } of reader.rows) {
      lastLine = line;
      // Bytes that are not UTF-8 decode to U+FFFD; Excel's plain "CSV" is in the system code page (GBK on Chinese Windows).
      const garbled = cells.some((cell) => cell.includes('\uFFFD'));
      if (!header) {
        if (garbled) throw new AppError('VALIDATION_FAILED', { summary: t('file.encoding') }, { line });
        header = resolveHeader(handler.format, cells, t);
        continue;
      }
      if (garbled) {
        report.reject(line, 'VALIDATION_FAILED', t('file.encoding'));
        continue;
      }
      if (cells.length !== header.columns.length) {
        report.reject(line, 'VALIDATION_FAILED', t('row.columnCount', { count: cells.length, expected: header.columns.length }));
        continue;
      }
      const row = readRow(header, cells, context.locale, t);
      if (row.problems.length > 0) report.reject(line, 'VALIDATION_FAILED', row.problems.join('; '));
      else await handler.accept(line, row, header);
      if (context.stopped) break;
    }
  }
}

function reportStop(context: ImportContext, lastLine: number): void {
  const failure = context.failureOf();
  if (failure)
    context.report.stopAt(
      { line: lastLine + 1, code: failure.code, reason: context.t('stop.failure', { message: failure.message, line: lastLine + 1 }) },
      failure.status,
    );
}

/** 52428800 → "50 MB", as people write sizes. */
export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${Math.round((bytes / (1024 * 1024)) * 10) / 10} MB`;
  if (bytes >= 1024) return `${Math.round((bytes / 1024) * 10) / 10} KB`;
  return `${bytes} bytes`;
}
