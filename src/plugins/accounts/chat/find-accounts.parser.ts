// Reads the search terms of `find accounts retail shanghai` / `查找客户 零售 上海`.
import { normaliseAccountName } from '../account-name';

/** At most this many terms are searched; more would only narrow a search to nothing. */
export const maxSearchTerms = 5;

/**
 * The distinct search terms in `args`, split on spaces, commas and 、, in the order typed.
 * Terms that differ only in case or width count once.
 * @example parseFindAccounts('retail, Shanghai 、 retail') // ['retail', 'Shanghai']
 */
export function parseFindAccounts(args: string): string[] {
  const seen = new Set<string>();
  const terms: string[] = [];
  for (const term of args.split(/[\s,，、;；]+/u)) {
    const key = normaliseAccountName(term);
    if (!key || seen.has(key)) continue;
    seen.add(key);
    terms.push(term.trim());
    if (terms.length === maxSearchTerms) break;
  }
  return terms;
}
