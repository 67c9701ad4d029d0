// Which open deals a typed line names, and what follows the name: `Woodgrove Core banking price too high` is the deal
// "Core banking" of Woodgrove Bank, with "price too high" left over as the reason.

/** What a deal needs for its name to be matched. */
export interface NameableDeal {
  title: string;
  accountName: string;
}

/**
 * `leading`: the name is followed by more words (won/lost with the reason after it); `whole`: the text is only the
 * name (`move <deal> to <stage>`, or a reason after a separator), and may stop inside it (`move Cont to demo`).
 */
export type NamingMode = 'leading' | 'whole';

export interface DealNaming<T> {
  /** The deals named equally well: one to act on, several to ask about. */
  deals: T[];
  /** The words that named them, as typed. */
  named: string;
  /** What follows the name, as typed (the reason); empty in `whole` mode. */
  rest: string;
}

/**
 * How well a deal is named, best first: its full title (after the account's name or the start of it), the start of its
 * title, its account alone, and (the whole text only) the start of its title or "account title" cut anywhere.
 */
const tier = { title: 4, titleStart: 3, account: 2, prefix: 1 } as const;

const fold = (text: string) => text.normalize('NFKC').toLocaleLowerCase('en');
const cjkEnd = /[\u3400-\u9fff\uf900-\ufaff]$/u;

/** The typed words with where each starts, so what is left over keeps the user's own spacing and punctuation. */
function wordsOf(text: string): { word: string; index: number }[] {
  return [...text.matchAll(/\S+/gu)].map((match) => ({ word: fold(match[0]), index: match.index }));
}

/**
 * How many leading words name the account: all of its name, its first words (`Woodgrove` of "Woodgrove Bank"), or, for
 * a name in Chinese, its first characters (`华为` of 华为技术). Zero is always allowed: a deal may be named by title alone.
 */
function accountTakes(words: readonly string[], accountName: string): number[] {
  const name = fold(accountName).replace(/\s+/gu, ' ').trim();
  const takes = [0];
  for (let i = 1; i <= words.length; i += 1) {
    const typed = words.slice(0, i).join(' ');
    if (!name.startsWith(typed)) break;
    if (name.length === typed.length || name[typed.length] === ' ' || cjkEnd.test(typed)) takes.push(i);
  }
  return takes;
}

/** Words from `from` that are the whole title (`full`), and the most that are its first words (`start`). */
function titleTakes(words: readonly string[], from: number, title: string): { full?: number; start: number } {
  const titleWords = fold(title).split(/\s+/u).filter(Boolean);
  let start = 0;
  while (start < titleWords.length && from + start < words.length && words[from + start] === titleWords[start]) start += 1;
  return start === titleWords.length ? { full: start, start } : { start };
}

/** The deal's best naming at the start of `words`: its tier and how many words it takes. */
function bestNaming(words: readonly string[], deal: NameableDeal, mode: NamingMode): { tier: number; taken: number } | undefined {
  let best: { tier: number; taken: number } | undefined;
  const offer = (candidate: { tier: number; taken: number }) => {
    if (candidate.taken === 0 || (mode === 'whole' && candidate.taken !== words.length)) return;
    if (!best || candidate.tier > best.tier || (candidate.tier === best.tier && candidate.taken > best.taken)) best = candidate;
  };
  for (const account of accountTakes(words, deal.accountName)) {
    const title = titleTakes(words, account, deal.title);
    if (title.full !== undefined) offer({ tier: tier.title, taken: account + title.full });
    if (title.start > 0) offer({ tier: tier.titleStart, taken: account + title.start });
    if (account > 0) offer({ tier: tier.account, taken: account });
  }
  if (!best && mode === 'whole') {
    const typed = words.join(' ');
    const keys = [deal.title, `${deal.accountName} ${deal.title}`].map((key) => fold(key).replace(/\s+/gu, ' '));
    if (keys.some((key) => key.startsWith(typed))) best = { tier: tier.prefix, taken: words.length };
  }
  return best;
}

/**
 * The deals `text` names best and what follows their name; undefined when it names none of `deals`.
 * @example nameDeals('Woodgrove Core banking price too high', [{ title: 'Core banking', accountName: 'Woodgrove Bank' }], 'leading')
 * // { deals: [that deal], named: 'Woodgrove Core banking', rest: 'price too high' }
 */
export function nameDeals<T extends NameableDeal>(text: string, deals: readonly T[], mode: NamingMode): DealNaming<T> | undefined {
  const spans = wordsOf(text);
  const words = spans.map((span) => span.word);
  if (words.length === 0) return undefined;
  const scored = deals.flatMap((deal) => {
    const naming = bestNaming(words, deal, mode);
    return naming ? [{ deal, ...naming }] : [];
  });
  const top = scored.reduce<{ tier: number; taken: number } | undefined>(
    (best, next) => (!best || next.tier > best.tier || (next.tier === best.tier && next.taken > best.taken) ? next : best),
    undefined,
  );
  if (!top) return undefined;
  const chosen = scored.filter((entry) => entry.tier === top.tier && entry.taken === top.taken).map((entry) => entry.deal);
  const end = top.taken < spans.length ? spans[top.taken]!.index : text.length;
  return { deals: chosen, named: text.slice(0, end).trim(), rest: text.slice(end).trim() };
}

/** Leading words of a line that may be an account's name. */
export const maxAccountWords = 6;

/** How many leading words name the account `accountName` (all of it, or its start); 0 when they do not. */
export function accountWordsNaming(words: readonly string[], accountName: string): number {
  return Math.max(...accountTakes(words.map(fold), accountName));
}
