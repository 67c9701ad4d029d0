// Finds the known account a chat line begins with (its name, pinyin or initials), so the words after it can be read as notes.
import { normaliseAccountName } from './account-name';
import type { AccountHit } from './accounts.service';
import { searchKeys } from './search-keys';

/** One page of the accounts a key prefix finds, in key order, as the name index gives it. */
export type PrefixPage = (key: string, pageSize: number) => Promise<{ hits: AccountHit[]; more: boolean }>;

/**
 * `whole`: a name, pinyin or initials of each hit is exactly `typed`, the longest such start of the line.
 * `partial`: no known name is a whole start of the line; a name of each hit begins with `typed`, the longest start that
 * begins any (`more` when other accounts begin with it too), or names a whole start of it when the words after that
 * begin a longer name. `rest` is the text after `typed`, as written.
 */
export type NameAtStart = { kind: 'whole' | 'partial'; hits: AccountHit[]; typed: string; rest: string; more: boolean };

/** Rows read per page: enough to hold every account that shares a word or two in a large tenant. */
const pageSize = 100;
/** Pages read at most: each narrows the prefix by a word (or a Chinese character), so a line costs a few reads however many accounts there are. */
const maxPages = 6;
/** The first read's prefix is at least this long: a one-letter prefix would read every bucket it begins, for names that rare. */
const firstKeyLength = 2;
/** No account name is longer. */
const maxNameLength = 200;

const han = /\p{Script=Han}/u;
const space = /\s/u;
const wordChar = /[\p{L}\p{N}\p{M}]/u;

interface NameEnd {
  /** Offset in the line as typed. */
  end: number;
  /** The normalised text before it: the key a name would have if it ended there. */
  key: string;
}

/** Where a name may end: before a space or a sign, between a word and a sign, and after any Chinese character. */
export function nameEnds(text: string): NameEnd[] {
  const chars = [...text];
  const ends: NameEnd[] = [];
  let offset = 0;
  for (let i = 0; i < chars.length; i += 1) {
    const char = chars[i]!;
    offset += char.length;
    const next = chars[i + 1];
    if (space.test(char)) continue;
    const boundary =
      next === undefined || space.test(next) || han.test(char) || han.test(next) || wordChar.test(char) !== wordChar.test(next);
    if (!boundary) continue;
    const key = normaliseAccountName(text.slice(0, offset));
    if (key.length > maxNameLength) break;
    if (key && ends.at(-1)?.key !== key) ends.push({ end: offset, key });
  }
  return ends;
}

/** The last end whose key satisfies `test`, from `from` on. */
function lastEnd(ends: NameEnd[], from: number, test: (key: string) => boolean): number {
  for (let j = ends.length - 1; j >= from; j -= 1) if (test(ends[j]!.key)) return j;
  return -1;
}

/**
 * The longest known account name (or pinyin, or initials) that `text` begins with, as whole words; else the accounts
 * whose name begins with the longest leading words that begin any. Reads prefix ranges of the name index only: the
 * first range is the line's first word, and a further one (a word longer) only while a page is full. When many
 * accounts share the line's first words and the pages run out, the answer is what the pages held (`more` is set).
 * @example await nameAtStart(page, 'contoso ltd discussed pricing') // { kind: 'whole', hits: [Contoso Ltd], typed: 'contoso ltd', rest: ' discussed pricing' }
 */
export async function nameAtStart(page: PrefixPage, text: string): Promise<NameAtStart | undefined> {
  const ends = nameEnds(text);
  if (ends.length === 0) return undefined;
  let from = ends.findIndex((end) => [...end.key].length >= firstKeyLength);
  if (from < 0) from = ends.length - 1;
  let whole: { at: number; hits: AccountHit[] } | undefined;
  let partial: { at: number; hits: AccountHit[]; more: boolean } | undefined;
  for (let read = 0; read < maxPages && from < ends.length; read += 1) {
    const found = await page(ends[from]!.key, pageSize);
    if (found.hits.length === 0) break;
    const keysOf = new Map(found.hits.map((hit) => [hit.accountId, searchKeys(hit.name)]));
    const wholeAt = lastEnd(ends, from, (key) => found.hits.some((hit) => keysOf.get(hit.accountId)!.includes(key)));
    if (wholeAt >= 0 && wholeAt >= (whole?.at ?? -1))
      whole = { at: wholeAt, hits: found.hits.filter((hit) => keysOf.get(hit.accountId)!.includes(ends[wholeAt]!.key)) };
    const partialAt = lastEnd(ends, from, (key) => found.hits.some((hit) => keysOf.get(hit.accountId)!.some((k) => k.startsWith(key))));
    const partialHits = found.hits.filter((hit) => keysOf.get(hit.accountId)!.some((k) => k.startsWith(ends[partialAt]!.key)));
    // A full page may leave out accounts that begin with the same words; only the range of exactly those words is complete.
    partial = { at: partialAt, hits: partialHits, more: found.more };
    if (!found.more) break;
    from += 1;
  }
  // Words after a whole name that go on to begin a longer one ("northwind traders" beside Northwind and Northwind
  // Traders Asia) could mean either: both are candidates, and the words are taken as the name.
  const either = whole && partial && partial.at > whole.at ? { ...partial, hits: [...whole.hits, ...partial.hits] } : undefined;
  const chosen = either
    ? { kind: 'partial' as const, ...either }
    : whole
      ? { kind: 'whole' as const, ...whole, more: false }
      : partial && { kind: 'partial' as const, ...partial };
  if (!chosen) return undefined;
  const end = ends[chosen.at]!.end;
  return { kind: chosen.kind, hits: chosen.hits, typed: text.slice(0, end), rest: text.slice(end), more: chosen.more };
}
