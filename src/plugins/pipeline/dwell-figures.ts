// The average and 90th percentile of a stage's dwell times, from the month rows' bounded histograms.
import type { DwellStats } from './pipeline-rollups';

/** Average and 90th percentile of a dwell histogram (a bucket stands for its lower bound). */
export function dwellFigures(stats: DwellStats): { averageDays: number; p90Days: number } {
  if (stats.n === 0) return { averageDays: 0, p90Days: 0 };
  const buckets = Object.entries(stats.hist)
    .map(([day, n]) => [Number(day), n] as const)
    .sort((a, b) => a[0] - b[0]);
  const rank = Math.ceil(0.9 * stats.n);
  let seen = 0;
  let p90 = buckets.at(-1)?.[0] ?? 0;
  for (const [day, n] of buckets) {
    seen += n;
    if (seen >= rank) {
      p90 = day;
      break;
    }
  }
  return { averageDays: Math.round((stats.sum / stats.n) * 10) / 10, p90Days: p90 };
}
