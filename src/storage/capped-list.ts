// Capped lists in derived rows: the first members, in one order, of a larger set that the row only counts.

/**
 * Inserts `item` into a capped list holding the first members, in `order`, of a set of `total` (item included).
 * When the list is incomplete, an item sorting after its last member belongs to the unlisted tail and stays out.
 * Without an item the list is left as it is.
 */
export function placeInList<T>(list: T[], item: T | undefined, order: (a: T, b: T) => number, total: number, cap: number): T[] {
  if (item === undefined) return list;
  const last = list.at(-1);
  const complete = list.length >= total - 1;
  if (!complete && (last === undefined || order(item, last) > 0)) return list;
  return [...list, item].sort(order).slice(0, cap);
}

/**
 * What inserting `added` one at a time with `placeInList` leaves in a capped list that held the first members of
 * `totalBefore` items: every item when the list was complete, otherwise only those sorting before its last member.
 * One sort however many are added, for bulk writes.
 */
export function mergeIntoList<T>(list: T[], added: T[], order: (a: T, b: T) => number, totalBefore: number, cap: number): T[] {
  const last = list.at(-1);
  const entering = list.length >= totalBefore ? added : last === undefined ? [] : added.filter((item) => order(item, last) <= 0);
  return [...list, ...entering].sort(order).slice(0, cap);
}
