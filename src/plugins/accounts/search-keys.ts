// The keys a name is found by: its normalised form and, for Chinese names, its pinyin (zhongguoyidong) and initials (zgyd).
import { createHash } from 'node:crypto';
import { pinyin } from 'pinyin-pro';
import { encodeKeyPart } from '../../storage/keys';
import { normaliseAccountName } from './account-name';

const han = /\p{Script=Han}/u;
/** Room left in a 512-character row key for the separator and an id, after encoding. */
const maxSearchKeyLength = 400;

function pinyinOf(normalised: string, initials: boolean): string {
  const syllables = pinyin(normalised, { toneType: 'none', type: 'array', nonZh: 'consecutive' }).map((s) =>
    normaliseAccountName(s).replace(/\s+/gu, ''),
  );
  return (initials ? syllables.map((s) => [...s][0] ?? '') : syllables).join('');
}

/**
 * Distinct search keys for a name, each a normalised string a prefix query can start from. An import works them out
 * for each name at several steps (its claim, its events, its view rows), so the latest names' keys are kept.
 */
export function searchKeys(name: string, options: { initials: boolean } = { initials: true }): string[] {
  return [
    ...remembered(namesKeys, `${options.initials ? 1 : 0}${name}`, () => {
      const normalised = normaliseAccountName(name);
      const keys = new Set([normalised]);
      if (han.test(normalised)) {
        keys.add(pinyinOf(normalised, false));
        if (options.initials) keys.add(pinyinOf(normalised, true));
      }
      return [...keys].filter((key) => key.length > 0);
    }),
  ];
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
function sortable(key: string): { text: string; whole: boolean } {
  let out = '';
  let encodedLength = 0;
  for (const char of key) {
    const next = char.replace(/[% !]/gu, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
    // Each character encodes on its own, so the encoded length grows by the next one's.
    encodedLength += encodeKeyPart(next).length;
    if (encodedLength > maxSearchKeyLength) return { text: out, whole: false };
    out += next;
  }
  return { text: out, whole: true };
}

/** The one key part of a search or list row: the key in sortable form, then the record's id. */
export const orderedKey = (key: string, id: string): string => `${sortable(key).text}!${id}`;

/**
 * The one key part of the row a name is claimed by: the normalised name with nothing after the `!`, so a second
 * account of the same name cannot insert it, and a prefix search finds it with the other rows. A name too long to
 * keep whole (rare: spaces and `!` take three characters each) ends in a digest of the whole name, so two long names
 * that differ only at their ends stay two claims.
 */
export function claimKey(normalised: string): string {
  const { text, whole } = sortable(normalised);
  return whole ? `${text}!` : `${text}!~${createHash('sha256').update(normalised).digest('hex').slice(0, 32)}`;
}

/** The row-key range of every `orderedKey` whose key starts with `prefix`; `within` is the row's leading key parts. */
export function prefixRange(prefix: string, within: readonly string[] = []): { rowKeyFrom: string; rowKeyBefore: string } {
  const from = [...within.map(encodeKeyPart), encodeKeyPart(sortable(prefix).text)].join('|');
  return { rowKeyFrom: from, rowKeyBefore: `${from}\uffff` };
}

// Industries, regions and tags are few and repeat on every row of an import, so their forms are kept once worked out;
// so are the keys of the names seen last.
const facetColumns = new Map<string, string>();
const facetKeys = new Map<string, string>();
const namesKeys = new Map<string, readonly string[]>();
const rememberedAtMost = 10_000;
function remembered<T>(cache: Map<string, T>, value: string, work: () => T): T {
  const known = cache.get(value);
  if (known !== undefined) return known;
  if (cache.size >= rememberedAtMost) cache.clear();
  const result = work();
  cache.set(value, result);
  return result;
}

/**
 * A boolean column marking a value (an industry, region or tag) on a search row, so a filter can test it with
 * one comparison: Azure allows only 15 comparisons in a filter, and cannot look inside a JSON list of tags.
 */
export function facetColumn(value: string): string {
  return remembered(facetColumns, value, () => `f_${createHash('sha256').update(facetKey(value)).digest('hex').slice(0, 16)}`);
}

/** The comparison form of an industry, region or tag. */
export const facetKey = (value: string): string => remembered(facetKeys, value, () => normaliseAccountName(value));
