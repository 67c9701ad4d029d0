// The keys a name is found by: its normalised form and, for Chinese names, its pinyin (zhongguoyidong) and initials (zgyd).
import { createHash } from 'node:crypto';
import { pinyin } from 'pinyin-pro';
import { encodeKeyPart } from '../../storage/keys';
import { normaliseAccountName } from './account-name';

const han = /\p{Script=Han}/u;
/** Room left in a 512-character row key for the separator and an id, after encoding. */
const maxSearchKeyLength = 400;

function pinyinOf(normalised: string, initials: boolean): string {
  const syllables = pinyin(normalised, { toneType: 'none', type: 'array', nonZh: 'consecutive' }).map((s) => normaliseAccountName(s).replace(/\s+/gu, ''));
  return (initials ? syllables.map((s) => [...s][0] ?? '') : syllables).join('');
}

/** Distinct search keys for a name, each a normalised string a prefix query can start from. */
export function searchKeys(name: string, options: { initials: boolean } = { initials: true }): string[] {
  const normalised = normaliseAccountName(name);
  const keys = new Set([normalised]);
  if (han.test(normalised)) {
    keys.add(pinyinOf(normalised, false));
    if (options.initials) keys.add(pinyinOf(normalised, true));
  }
  return [...keys].filter((key) => key.length > 0);
}

/**
 * The keys a typed prefix is looked up by: itself, and for a prefix mixing Chinese with letters (中国yi)
 * its pinyin too. A prefix of Chinese characters alone needs no pinyin: the name keys already start with it.
 */
export function prefixKeys(prefix: string): string[] {
  const normalised = normaliseAccountName(prefix);
  if (!normalised) return [];
  const keys = [normalised];
  if (han.test(normalised) && /[a-z]/u.test(normalised)) keys.push(pinyinOf(normalised, false));
  return keys;
}

/**
 * The sortable form of a key: `%`, space and `!` are escaped so that `!` sorts below every character a key
 * can hold. A row key `key!id` then sorts by key first ("abc" before "abc d" before "abcd"), whatever the id.
 */
function sortable(key: string): string {
  let out = '';
  for (const char of key) {
    const next = char.replace(/[% !]/gu, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
    if (encodeKeyPart(out + next).length > maxSearchKeyLength) break;
    out += next;
  }
  return out;
}

/** The one key part of a search or list row: the key in sortable form, then the record's id. */
export const orderedKey = (key: string, id: string): string => `${sortable(key)}!${id}`;

/** The row-key range of every `orderedKey` whose key starts with `prefix`; `within` is the row's leading key parts. */
export function prefixRange(prefix: string, within: readonly string[] = []): { rowKeyFrom: string; rowKeyBefore: string } {
  const from = [...within.map(encodeKeyPart), encodeKeyPart(sortable(prefix))].join('|');
  return { rowKeyFrom: from, rowKeyBefore: `${from}\uffff` };
}

/**
 * A boolean column marking a value (an industry, region or tag) on a search row, so a filter can test it with
 * one comparison: Azure allows only 15 comparisons in a filter, and cannot look inside a JSON list of tags.
 */
export function facetColumn(value: string): string {
  return `f_${createHash('sha256').update(normaliseAccountName(value)).digest('hex').slice(0, 16)}`;
}
