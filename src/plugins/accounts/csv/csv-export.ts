// Streams a CSV download with csv-stringify: UTF-8 with a BOM (so Excel reads Chinese), page by page, never the whole file in memory.
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Response } from 'express';
import { stringify } from 'csv-stringify';
import type { Locale } from '../../../core/i18n';
import type { Logger } from '../../../core/logger';
import type { CsvColumn } from './csv-columns';

export interface CsvDownload<Row> {
  filename: string;
  format: readonly CsvColumn<Row>[];
  /** Headers and choice values in English (the documented names) or Chinese; both re-import. */
  language: Locale;
  /** The rows, a page at a time. */
  pages: AsyncIterable<Row[]>;
}

/**
 * Sends the file. The first page is read before anything is sent, so a failure there is an ordinary error
 * response; a failure later aborts the connection, so the client never takes a cut-off file for a whole one.
 */
export async function sendCsv<Row>(res: Response, download: CsvDownload<Row>, log: Logger): Promise<void> {
  const pages = download.pages[Symbol.asyncIterator]();
  const first = await pages.next();
  const titles = download.format.map((column) => (download.language === 'zh-CN' ? column.zh : column.name));

  async function* records(): AsyncGenerator<string[]> {
    yield titles;
    if (first.done) return;
    for (const row of first.value) yield cells(row);
    for (let page = await pages.next(); !page.done; page = await pages.next()) {
      for (const row of page.value) yield cells(row);
    }
  }
  const cells = (row: Row) => download.format.map((column) => column.write(row, download.language));

  res.status(200).set({
    'Content-Type': 'text/csv; charset=utf-8',
    'Content-Disposition': `attachment; filename="${download.filename}"`,
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
  });
  try {
    // CRLF line ends, as RFC 4180 and Excel expect.
    await pipeline(Readable.from(records()), stringify({ bom: true, record_delimiter: 'windows' }), res);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ERR_STREAM_PREMATURE_CLOSE') {
      log.info('CSV download ended by the client', { file: download.filename });
      return;
    }
    log.error('CSV download failed part-way; the connection was aborted', { file: download.filename, error });
    res.destroy();
  }
}
