// Reads a whole upload and refuses it, before anything is written, when it is not UTF-8, not valid CSV, or has a bad header.
import { Readable } from 'node:stream';
import type { Request } from 'express';
import { AppError } from '../../../core/errors';
import type { Translate } from '../../../core/i18n';
import { emptyFileError, resolveHeader, type CsvColumn } from '../csv/csv-columns';
import { readCsv, UploadAbortedError, type CsvReaderLimits } from '../csv/csv-reader';
import { formatBytes } from '../csv/csv-import';
import { importErrors } from './imports.errors';

/** The body, whole; past `maxBytes` the upload is refused (the upload cap is small enough to hold a file in memory). */
export async function readUpload(req: Request, maxBytes: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of req as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > maxBytes) {
        // The rest is read and dropped, so the answer can still be sent on this connection.
        req.resume();
        throw new AppError('PAYLOAD_TOO_LARGE', { limit: formatBytes(maxBytes) });
      }
      chunks.push(chunk);
    }
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw new UploadAbortedError(error);
  }
  return Buffer.concat(chunks);
}

/** The 1-based offset of the first byte that is not UTF-8, or undefined when the whole file is UTF-8 (a BOM is fine). */
export function firstInvalidByte(file: Buffer): number | undefined {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(file);
    return undefined;
  } catch {
    // The lenient decoding puts U+FFFD where the fatal one stopped (or earlier, for a U+FFFD the file itself holds).
    const text = file.toString('utf8');
    return Buffer.byteLength(text.slice(0, Math.max(text.indexOf('\uFFFD'), 0))) + 1;
  }
}

/**
 * Reads the whole file once without writing: its encoding, every row's quoting, and its header. Returns the number of
 * data rows; throws the AppError that refuses the file.
 */
export async function checkFile<Row>(
  file: Buffer,
  format: readonly CsvColumn<Row>[],
  t: Translate,
  limits: CsvReaderLimits,
): Promise<number> {
  const offset = firstInvalidByte(file);
  if (offset !== undefined) throw importErrors.fail('IMPORT_NOT_UTF8', { offset });
  const reader = readCsv(Readable.from([file]), limits);
  let header = false;
  let rows = 0;
  for await (const { cells } of reader.rows) {
    if (!header) {
      resolveHeader(format, cells, t);
      header = true;
    } else rows += 1;
  }
  const stop = reader.stopped();
  if (stop?.kind === 'broken') {
    const key = knownProblems.includes(stop.problem) ? stop.problem : 'other';
    const problem = t(`problem.${key}`, { message: stop.message, limit: formatBytes(limits.maxRowBytes) });
    throw importErrors.fail('IMPORT_MALFORMED', { line: stop.line, problem }, { line: stop.line });
  }
  if (!header) throw emptyFileError(t);
  return rows;
}

const knownProblems = ['CSV_QUOTE_NOT_CLOSED', 'CSV_INVALID_CLOSING_QUOTE', 'INVALID_OPENING_QUOTE', 'CSV_MAX_RECORD_SIZE'];
