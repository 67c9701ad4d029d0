// Columns of a CSV file: header names in English or Chinese, how each cell is read into an input and written back.
import { AppError } from '../../../core/errors';
import type { Locale, Translate } from '../../../core/i18n';
import { foldCell, readBoolean, readChoice, readTags, unguardFormula, type CellResult, type Choices } from './csv-values';

export type ColumnKind = 'text' | 'boolean' | 'tags' | { choices: Choices } | 'reference' | 'exportOnly';

/**
 * One column of an import/export format.
 * @example { name: 'size', zh: '规模', field: 'size', kind: { choices: sizes }, write: (row, language) => ... }
 */
export interface CsvColumn<Row> {
  /** The English header, as documented. */
  name: string;
  /** The Chinese header. */
  zh: string;
  aliases?: readonly string[];
  /** Where the value goes in the schema input (`consent.phone`); references and export-only columns have none. */
  field?: string;
  /** `reference` cells name another record and are resolved by the importer; `exportOnly` cells are not imported. */
  kind: ColumnKind;
  required?: boolean;
  write(row: Row, language: Locale): string;
}

/** The file's header resolved against a format: the column of each position, and the header text as the user wrote it. */
export interface ResolvedHeader<Row> {
  columns: CsvColumn<Row>[];
  titles: string[];
}

/** A data row read through the header: the schema input, the reference cells by column name, and the cells that are not valid. */
export interface ReadRow {
  input: Record<string, unknown>;
  references: Record<string, string>;
  problems: string[];
}

const headerKey = (title: string) => foldCell(title.replace(/^\uFEFF/u, ''));

/** Refuses the whole file up front (nothing is written) for an unknown, repeated or missing column. */
export function resolveHeader<Row>(format: readonly CsvColumn<Row>[], cells: readonly string[], t: Translate): ResolvedHeader<Row> {
  const byKey = new Map<string, CsvColumn<Row>>();
  for (const column of format)
    for (const spelling of [column.name, column.zh, ...(column.aliases ?? [])]) byKey.set(headerKey(spelling), column);
  const accepted = format.map((column) => `${column.name} (${column.zh})`).join(', ');
  const problems: string[] = [];
  const columns: CsvColumn<Row>[] = [];
  cells.forEach((title, index) => {
    const column = byKey.get(headerKey(title));
    if (!column) problems.push(t('header.unknown', { column: title.trim(), position: index + 1, accepted }));
    else if (columns.includes(column)) problems.push(t('header.duplicate', { column: title.trim() }));
    else columns.push(column);
  });
  for (const column of format)
    if (column.required && !columns.includes(column)) problems.push(t('header.missing', { column: `${column.name} (${column.zh})` }));
  if (problems.length > 0) throw new AppError('VALIDATION_FAILED', { summary: problems.join('; ') }, { line: 1, problems });
  return { columns, titles: cells.map((title) => title.trim()) };
}

export function emptyFileError(t: Translate): AppError {
  return new AppError('VALIDATION_FAILED', { summary: t('header.empty') }, { line: 1 });
}

/** Reads one row's cells; an empty cell leaves its field out, so the schema's default applies. */
export function readRow<Row>(header: ResolvedHeader<Row>, cells: readonly string[], locale: Locale, t: Translate): ReadRow {
  const row: ReadRow = { input: {}, references: {}, problems: [] };
  header.columns.forEach((column, index) => {
    const cell = unguardFormula(cells[index] ?? '');
    if (column.kind === 'exportOnly' || (cell.trim() === '' && !column.required)) return;
    const result = readCell(column.kind, cell, locale);
    if ('problem' in result)
      row.problems.push(t('row.issue', { column: header.titles[index] ?? column.name, message: t(result.problem, result.params) }));
    else if (column.kind === 'reference') row.references[column.name] = String(result.value);
    else if (column.field) setPath(row.input, column.field, result.value);
  });
  return row;
}

function readCell(kind: Exclude<ColumnKind, 'exportOnly'>, cell: string, locale: Locale): CellResult {
  if (cell.trim() === '') return { problem: 'value.required', params: {} };
  if (kind === 'text' || kind === 'reference') return { value: cell.trim() };
  if (kind === 'boolean') return readBoolean(cell);
  if (kind === 'tags') return readTags(cell);
  return readChoice(cell, kind.choices, locale);
}

function setPath(target: Record<string, unknown>, path: string, value: unknown): void {
  const [head, ...rest] = path.split('.');
  if (head === undefined) return;
  if (rest.length === 0) {
    target[head] = value;
    return;
  }
  const inner = (target[head] ??= {}) as Record<string, unknown>;
  setPath(inner, rest.join('.'), value);
}

/** The header title the user wrote for a schema path (`consent.phone` → `consentPhone` or 允许电话), for messages. */
export function titleFor<Row>(header: ResolvedHeader<Row>, path: readonly PropertyKey[]): string | undefined {
  const dotted = path.map(String).join('.');
  const index = header.columns.findIndex(
    (column) => column.field !== undefined && (column.field === dotted || dotted.startsWith(`${column.field}.`)),
  );
  return index === -1 ? undefined : header.titles[index];
}
