// The pieces of CSV import and export without storage: cell values, headers, line numbers, stops, the report and batching.
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../src/core/errors';
import { createBatchWriter } from '../../src/plugins/accounts/csv/batch-writer';
import { readRow, resolveHeader } from '../../src/plugins/accounts/csv/csv-columns';
import { accountFormat, contactFormat } from '../../src/plugins/accounts/csv/csv-formats';
import { formatBytes } from '../../src/plugins/accounts/csv/csv-import';
import { csvTranslator } from '../../src/plugins/accounts/csv/csv.messages';
import { readCsv, type CsvRow } from '../../src/plugins/accounts/csv/csv-reader';
import { guardFormula, readBoolean, readChoice, readTags, unguardFormula } from '../../src/plugins/accounts/csv/csv-values';
import { ImportReport } from '../../src/plugins/accounts/csv/import-report';

const en = csvTranslator('en');
const zh = csvTranslator('zh-CN');
const sizes = { micro: { zh: '微型' }, small: { zh: '小型' }, medium: { zh: '中型' }, large: { zh: '大型' } };
const limits = { maxBytes: 1024 * 1024, maxRowBytes: 64 * 1024 };

async function readAll(csv: string | Buffer[], overrides: Partial<typeof limits> = {}) {
  const reader = readCsv(Readable.from(typeof csv === 'string' ? [Buffer.from(csv)] : csv), { ...limits, ...overrides });
  const rows: CsvRow[] = [];
  for await (const row of reader.rows) rows.push(row);
  return { rows, stopped: reader.stopped() };
}

function thrownBy(action: () => unknown): unknown {
  try {
    action();
  } catch (error) {
    return error;
  }
  return undefined;
}

describe('cell values', () => {
  it.each(['yes', 'YES', 'true', '1', '是', ' y '])('reads %j as true', (cell) => {
    expect(readBoolean(cell)).toEqual({ value: true });
  });

  it.each(['no', 'False', '0', '否', 'n'])('reads %j as false', (cell) => {
    expect(readBoolean(cell)).toEqual({ value: false });
  });

  it('refuses a word that is not yes or no, quoting it', () => {
    expect(readBoolean('maybe')).toEqual({ problem: 'value.boolean', params: { value: 'maybe' } });
  });

  it.each([
    ['large', 'large'],
    ['LARGE', 'large'],
    ['Ｌａｒｇｅ', 'large'],
    ['大型', 'large'],
    ['微型', 'micro'],
  ])('reads the choice %j as %j', (cell, code) => {
    expect(readChoice(cell, sizes, 'en')).toEqual({ value: code });
  });

  it('lists the allowed choices in the reader’s language', () => {
    expect(readChoice('huge', sizes, 'en')).toMatchObject({ params: { allowed: 'micro, small, medium, large' } });
    expect(readChoice('huge', sizes, 'zh-CN')).toMatchObject({
      params: { allowed: '微型 (micro), 小型 (small), 中型 (medium), 大型 (large)' },
    });
  });

  it('splits tags on ; | and their full-width forms, dropping empty ones', () => {
    expect(readTags('key; retail|export；华东｜ ;')).toEqual({ value: ['key', 'retail', 'export', '华东'] });
  });

  it.each(['=SUM(A1)', '+86 21 5555', '-1', '@home'])('guards %j against spreadsheets running it, and reads it back unchanged', (text) => {
    expect(guardFormula(text)).toBe(`'${text}`);
    expect(unguardFormula(guardFormula(text))).toBe(text);
  });

  it('leaves ordinary text and a leading apostrophe before ordinary text alone', () => {
    expect(guardFormula('Contoso')).toBe('Contoso');
    expect(unguardFormula("'Contoso")).toBe("'Contoso");
  });
});

describe('header', () => {
  it('accepts English and Chinese names, in any case and spacing, in any order', () => {
    const header = resolveHeader(accountFormat, ['名称', 'Preferred Channel', 'consent_phone', '规模'], en);

    expect(header.columns.map((column) => column.name)).toEqual(['name', 'preferredChannel', 'consentPhone', 'size']);
  });

  it('refuses an unknown column, naming it and its position', () => {
    const refuse = () => resolveHeader(accountFormat, ['name', 'colour'], en);

    expect(refuse).toThrow(AppError);
    expect(refuse).toThrow(/unknown column "colour" \(column 2 of line 1\)/);
  });

  it('refuses a column given twice under its two names', () => {
    expect(() => resolveHeader(accountFormat, ['name', '名称'], en)).toThrow(/the column "名称" appears twice/);
  });

  it('refuses a contacts file without its account column, in Chinese when asked', () => {
    const refusal = thrownBy(() => resolveHeader(contactFormat, ['姓名'], zh));

    expect(refusal).toBeInstanceOf(AppError);
    expect((refusal as AppError).localisedMessage('zh-CN')).toBe('部分输入无效：第 1 行缺少必填列“account (客户)”');
  });
});

describe('row', () => {
  it('builds the schema input, nesting consent and leaving empty cells out', () => {
    const header = resolveHeader(accountFormat, ['name', 'size', 'consentEmail', 'industry', 'parentAccount', 'owner'], en);

    const row = readRow(header, ['Contoso', '大型', '是', '', 'Fabrikam', 'Someone'], 'en', en);

    expect(row).toEqual({
      input: { name: 'Contoso', size: 'large', consent: { email: true } },
      references: { parentAccount: 'Fabrikam' },
      problems: [],
    });
  });

  it('names every bad cell by the header the file uses', () => {
    const header = resolveHeader(accountFormat, ['名称', '规模', '允许电话'], zh);

    const row = readRow(header, ['', '巨大', '也许'], 'zh-CN', zh);

    expect(row.problems).toEqual([
      '名称：必须填写',
      '规模：“巨大”不是以下选项之一：微型 (micro), 小型 (small), 中型 (medium), 大型 (large)',
      '允许电话：请填写 是 或 否（yes/no、true/false、1/0），而不是“也许”',
    ]);
  });
});

describe('reading CSV', () => {
  it('numbers rows as a spreadsheet does: a multi-line quoted cell is one row, a blank line is a row', async () => {
    const { rows, stopped } = await readAll('\uFEFFname,address\r\n"Contoso","Line 1\r\nLine 2"\r\n\r\nFabrikam,x\r\n');

    expect(rows).toEqual([
      { line: 1, cells: ['name', 'address'] },
      { line: 2, cells: ['Contoso', 'Line 1\r\nLine 2'] },
      { line: 4, cells: ['Fabrikam', 'x'] },
    ]);
    expect(stopped).toBeUndefined();
  });

  it('hands out rows with the wrong number of cells for the importer to refuse', async () => {
    const { rows } = await readAll('a,b\n1\n1,2,3\n');

    expect(rows.map((row) => row.cells.length)).toEqual([2, 1, 3]);
  });

  it('stops at a quote closed in the middle of a cell, with that row, and hands out nothing after it', async () => {
    const { rows, stopped } = await readAll('name\nAlpha\n"Beta" Ltd\nGamma\n');

    expect(rows.map((row) => row.cells[0])).toEqual(['name', 'Alpha']);
    expect(stopped).toMatchObject({ kind: 'broken', line: 3, problem: 'CSV_INVALID_CLOSING_QUOTE' });
  });

  it('stops at a quote that is never closed, with the row where it opened', async () => {
    const { rows, stopped } = await readAll('name\nAlpha\n\n"Beta\nGamma\n');

    expect(rows.map((row) => row.line)).toEqual([1, 2]);
    expect(stopped).toMatchObject({ kind: 'broken', line: 4, problem: 'CSV_QUOTE_NOT_CLOSED' });
  });

  it('stops at the size cap without handing out the row it cut through', async () => {
    const { rows, stopped } = await readAll([Buffer.from('name\nAlpha Ltd\nBeta L'), Buffer.from('td\nGamma Ltd\n')], { maxBytes: 20 });

    expect(rows.map((row) => row.cells[0])).toEqual(['name', 'Alpha Ltd']);
    expect(stopped).toEqual({ kind: 'tooLarge', line: 3 });
  });

  it('stops at a row longer than the row limit', async () => {
    const { stopped } = await readAll(`name\nAlpha\n${'x'.repeat(200)}\n`, { maxRowBytes: 100 });

    expect(stopped).toMatchObject({ kind: 'broken', line: 3, problem: 'CSV_MAX_RECORD_SIZE' });
  });
});

describe('report', () => {
  it('lists the lowest rejected lines up to its cap and counts them all', () => {
    const report = new ImportReport(3);
    for (const line of [9, 4, 7, 2, 8, 3, 6, 5]) report.reject(line, 'VALIDATION_FAILED', 'bad');
    report.stored();

    const body = report.toJSON();

    expect(body.rejected.map((entry) => entry.line)).toEqual([2, 3, 4]);
    expect(body.rejectedCount).toBe(8);
    expect(body.stored).toBe(1);
  });

  it('keeps the first stop only', () => {
    const report = new ImportReport(10);
    report.stopAt({ line: 5, code: 'STORAGE_UNAVAILABLE', reason: 'first' }, 503);
    report.stopAt({ line: 9, code: 'VALIDATION_FAILED', reason: 'second' }, 422);

    expect(report.toJSON().stoppedAt).toEqual({ line: 5, code: 'STORAGE_UNAVAILABLE', reason: 'first' });
    expect(report.stopStatus).toBe(503);
  });
});

describe('batches', () => {
  it('hands rows on in batches and makes reading wait while the batches in flight are full', async () => {
    const batches: number[][] = [];
    let inFlight = 0;
    let most = 0;
    const writer = createBatchWriter<number>({
      batchSize: 2,
      batchesInFlight: 2,
      async writeBatch(rows) {
        batches.push(rows);
        inFlight += 1;
        most = Math.max(most, inFlight);
        await new Promise((resolve) => setTimeout(resolve, 5));
        inFlight -= 1;
      },
    });

    for (const row of [1, 2, 3, 4, 5, 6, 7]) await writer.add(row);
    await writer.drain();

    expect(batches).toEqual([[1, 2], [3, 4], [5, 6], [7]]);
    expect(most).toBe(2);
  });

  it('writes sizes as people do', () => {
    expect([formatBytes(50 * 1024 * 1024), formatBytes(256 * 1024), formatBytes(64)]).toEqual(['50 MB', '256 KB', '64 bytes']);
  });
});
