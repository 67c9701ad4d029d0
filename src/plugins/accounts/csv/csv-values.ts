// Cell values of the CSV files: booleans, choices and tags read in English or Chinese, and written back so they re-import.
import type { Locale } from '../../../core/i18n';

/** A value read from a cell, or the message key (and parameters) saying why the cell is not valid. */
export type CellResult =
  { value: unknown } | { problem: 'value.required' | 'value.boolean' | 'value.choice'; params: Record<string, string> };

/** A closed list of codes (`enterprise`), each with its Chinese label (企业) and other accepted spellings. */
export type Choices = Record<string, { zh: string; aliases?: string[] }>;

const yes = new Set(['yes', 'y', 'true', '1', '是', '对', '允许']);
const no = new Set(['no', 'n', 'false', '0', '否', '不', '不允许']);

/** Folds width, case and spaces, so `Ｌａｒｇｅ `, `LARGE` and `large` read alike. */
export function foldCell(cell: string): string {
  return cell
    .normalize('NFKC')
    .trim()
    .toLocaleLowerCase('en')
    .replace(/[\s_-]+/gu, '');
}

export function readBoolean(cell: string): CellResult {
  const folded = foldCell(cell);
  if (yes.has(folded)) return { value: true };
  if (no.has(folded)) return { value: false };
  return { problem: 'value.boolean', params: { value: cell.trim() } };
}

export function readChoice(cell: string, choices: Choices, locale: Locale): CellResult {
  const folded = foldCell(cell);
  for (const [code, { zh, aliases = [] }] of Object.entries(choices)) {
    if ([code, zh, ...aliases].some((spelling) => foldCell(spelling) === folded)) return { value: code };
  }
  const allowed = Object.entries(choices).map(([code, { zh }]) => (locale === 'zh-CN' ? `${zh} (${code})` : code));
  return { problem: 'value.choice', params: { value: cell.trim(), allowed: allowed.join(', ') } };
}

/** Tags are separated by `;` or `|` (full-width too); empty ones are dropped. */
export function readTags(cell: string): CellResult {
  return {
    value: cell
      .split(/[;|；｜]/u)
      .map((tag) => tag.trim())
      .filter((tag) => tag !== ''),
  };
}

export function writeBoolean(value: boolean, language: Locale): string {
  if (language === 'zh-CN') return value ? '是' : '否';
  return value ? 'yes' : 'no';
}

export function writeChoice(code: string | undefined, choices: Choices, language: Locale): string {
  if (code === undefined) return '';
  return language === 'zh-CN' ? (choices[code]?.zh ?? code) : code;
}

export const writeTags = (tags: readonly string[]): string => tags.join(';');

// Spreadsheets run a cell starting with one of these as a formula, so exported text that starts with one is
// prefixed with an apostrophe (which Excel hides); the import takes that apostrophe off again.
const formulaStart = /^[=+\-@\t\r]/u;

export function guardFormula(cell: string): string {
  return formulaStart.test(cell) ? `'${cell}` : cell;
}

export function unguardFormula(cell: string): string {
  return cell.startsWith("'") && formulaStart.test(cell.slice(1)) ? cell.slice(1) : cell;
}
