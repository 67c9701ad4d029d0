// Streams CSV rows out of an upload with csv-parse: line numbers as a spreadsheet shows them, a size cap, and a clean stop at a broken line.
import type { Readable } from 'node:stream';
import { Transform, type TransformCallback } from 'node:stream';
import { parse, type CsvError, type Info } from 'csv-parse';

/** One non-blank row; `line` is the row number a spreadsheet shows (the header is 1, a multi-line quoted cell stays one row). */
export interface CsvRow {
  line: number;
  cells: string[];
}

/** The client broke the upload off; there is nobody left to answer. */
export class UploadAbortedError extends Error {
  constructor(cause?: unknown) {
    super('the upload was broken off by the client', { cause });
    this.name = 'UploadAbortedError';
  }
}

/** Why reading ended before the end of the file; nothing from `line` on was read. */
export type CsvStop = { kind: 'broken'; line: number; problem: string; message: string } | { kind: 'tooLarge'; line: number };

export interface CsvReader {
  rows: AsyncIterable<CsvRow>;
  /** Set once reading has stopped early; read it after `rows` is exhausted. */
  stopped(): CsvStop | undefined;
  /** Stops reading and discards the rest of the input, e.g. when the header is refused. */
  close(): void;
}

export interface CsvReaderLimits {
  maxBytes: number;
  maxRowBytes: number;
}

/**
 * Reads `input` as UTF-8 CSV (a BOM is skipped). A row with a broken quote ends the reading at that row:
 * after it the parser cannot know where rows begin, so resyncing would import garbage.
 */
export function readCsv(input: Readable, limits: CsvReaderLimits): CsvReader {
  let broken: Extract<CsvStop, { kind: 'broken' }> | undefined;
  let tooLarge = false;
  let stop: CsvStop | undefined;
  // Parsed rows stay queued when reading stops, so a stop ends the parser rather than destroying it.
  const parser = parse({
    bom: true,
    info: true,
    relax_column_count: true,
    skip_empty_lines: false,
    max_record_size: limits.maxRowBytes,
    skip_records_with_error: true,
    on_skip: (error: CsvError | undefined) => {
      if (broken || !error) return;
      // Blank lines are records too (a spreadsheet shows them as rows), so the broken row is the next record.
      broken = { kind: 'broken', line: parser.info.records + 1, problem: error.code, message: error.message };
      finish();
    },
  });
  const limiter = byteLimit(limits.maxBytes, () => {
    tooLarge = true;
    finish();
  });
  const onAbort = (error?: Error) => parser.destroy(new UploadAbortedError(error));
  input.once('error', onAbort);
  input.once('aborted', onAbort);
  input.pipe(limiter).pipe(parser);

  function finish() {
    input.unpipe(limiter);
    input.removeListener('error', onAbort);
    input.removeListener('aborted', onAbort);
    // The rest of the upload is read and dropped, so the response can still be sent on this connection.
    input.resume();
    if (!limiter.writableEnded) limiter.end();
  }

  async function* rows(): AsyncGenerator<CsvRow> {
    let held: CsvRow | undefined;
    let lastLine = 0;
    for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: Info }>) {
      // After a broken row the parser may still hand out what followed it; none of that is trustworthy.
      if (broken && info.records >= broken.line) continue;
      // Each row is held back by one, because the last one before a size cut may be a fragment.
      if (held) yield held;
      held = { line: info.records, cells: record };
      lastLine = info.records;
    }
    if (tooLarge && !broken) {
      stop = { kind: 'tooLarge', line: held?.line ?? lastLine + 1 };
      return;
    }
    stop = broken;
    if (held) yield held;
  }

  async function* nonBlank(): AsyncGenerator<CsvRow> {
    for await (const row of rows()) if (row.cells.some((cell) => cell.trim() !== '')) yield row;
  }

  return {
    rows: nonBlank(),
    stopped: () => stop,
    close: () => {
      finish();
      parser.destroy();
    },
  };
}

/** Passes the first `maxBytes` through, then calls `onExceeded` once and drops the rest. */
function byteLimit(maxBytes: number, onExceeded: () => void): Transform {
  let left = maxBytes;
  return new Transform({
    transform(chunk: Buffer, _encoding, callback: TransformCallback) {
      if (left < 0) return callback();
      const allowed = chunk.subarray(0, left);
      left -= chunk.length;
      if (left < 0) onExceeded();
      callback(null, allowed);
    },
  });
}
