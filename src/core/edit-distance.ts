// How many single-character edits turn one word into another, for "did you mean" suggestions.

/**
 * Optimal string alignment distance over code points: insertions, deletions, substitutions and swaps of two
 * neighbouring characters each count one, so `acount`, `acocunt` and `accuont` are all one edit from `account`.
 * @example editDistance('pipline', 'pipeline') // 1
 */
export function editDistance(from: string, to: string): number {
  const a = [...from];
  const b = [...to];
  // rows[i][j]: the distance between the first i characters of a and the first j of b.
  const rows: number[][] = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i <= a.length; i += 1) {
    for (let j = 1; j <= b.length; j += 1) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(rows[i - 1]![j]! + 1, rows[i]![j - 1]! + 1, rows[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, rows[i - 2]![j - 2]! + 1);
      rows[i]![j] = best;
    }
  }
  return rows[a.length]![b.length]!;
}
