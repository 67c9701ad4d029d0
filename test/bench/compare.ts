// Two bench runs side by side: a user path's storage requests per call must not grow with the tenant (within 10%).
import { readFileSync } from 'node:fs';
import { count } from './harness';

/** The part of a run's BENCH_JSON line the comparison reads. */
export interface RunSummary {
  scale: number;
  scenarios: {
    name: string;
    baseline?: string;
    results: { name: string; requestsPerOp?: number; shows?: number }[];
  }[];
}

/** Requests per call may differ by this share between tenant sizes. */
export const requestGrowthLimit = 0.1;

/** The BENCH_JSON line of a saved run's output (`npm run bench | tee run.txt`). */
export function readPreviousRun(file: string): RunSummary {
  const line = readFileSync(file, 'utf8')
    .split('\n')
    .findLast((text) => text.startsWith('BENCH_JSON '));
  if (!line) throw new Error(`BENCH_COMPARE: ${file} holds no BENCH_JSON line; save a whole run's output there`);
  return JSON.parse(line.slice('BENCH_JSON '.length)) as RunSummary;
}

/** An operation's name without the figures and verdict a scenario appends to it, so runs with other results still match. */
const operationKey = (scenario: string, operation: string) =>
  `${scenario} / ${operation
    .replace(/\): .*$/, ')')
    .replace(/ (PASS|FAIL)$/, '')
    .replace(/ \([^()]*\)$/, '')}`;

/** User paths (those that state what they show) with their requests per call, by operation. */
function userPaths(run: RunSummary): Map<string, number> {
  const paths = new Map<string, number>();
  for (const scenario of run.scenarios)
    for (const result of scenario.results)
      if (result.shows !== undefined && result.requestsPerOp !== undefined)
        paths.set(operationKey(scenario.name, result.name), result.requestsPerOp);
  return paths;
}

/** Within the limit when the two differ by at most 10% of the larger (a path of no requests matches only another). */
export function withinGrowthLimit(a: number, b: number): boolean {
  const larger = Math.max(a, b);
  return larger === 0 || Math.abs(a - b) / larger <= requestGrowthLimit;
}

/** A table of every user path both runs measured: requests per call in each and the verdict. */
export function compareRequestCounts(previous: RunSummary, current: RunSummary): string {
  const before = userPaths(previous);
  const now = userPaths(current);
  const rows = [...now].flatMap(([path, requests]) => {
    const earlier = before.get(path);
    if (earlier === undefined) return [];
    const change = earlier === 0 ? (requests === 0 ? 0 : Infinity) : (requests - earlier) / earlier;
    return [
      [path, count(earlier), count(requests), `${(change * 100).toFixed(1)}%`, withinGrowthLimit(earlier, requests) ? 'PASS' : 'FAIL'],
    ];
  });
  if (rows.length === 0) return `requests per call against scale ${previous.scale}: no user path ran in both runs`;
  const lines = [['user path', `req/op at scale ${previous.scale}`, `req/op at scale ${current.scale}`, 'change', 'within 10%'], ...rows];
  const widths = lines[0]!.map((_, col) => Math.max(...lines.map((line) => line[col]!.length)));
  return [
    `requests per call against the run at scale ${previous.scale}`,
    ...lines.map((line) =>
      line
        .map((cell, col) => cell.padEnd(widths[col]!))
        .join('  ')
        .trimEnd(),
    ),
  ].join('\n');
}
