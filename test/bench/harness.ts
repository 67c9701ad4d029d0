// Timing, percentile, storage-count and table helpers shared by every benchmark scenario, plus the scenario registry.
import { performance } from 'node:perf_hooks';
import { countsSince, createStorageMeter, type StorageCounts } from '../../src/storage/storage-meter';

/**
 * The bench's one storage meter: every server a scenario starts (`startServer(config, { meter })`) and every raw client
 * (`additionalPolicies: meter.policies`) counts into it, so each operation reports what Azure would bill for it.
 */
export const meter = createStorageMeter();

export interface Result {
  name: string;
  /** Milliseconds per call, in the order they ran; warm-up calls are not included. */
  samples: number[];
  p50: number;
  p95: number;
  mean: number;
  opsPerSecond: number;
  /**
   * Storage per call, mean over the timed calls: everything the meter counted while they ran, background work the
   * calls set off included (a projector, the outbox sweeper), divided by their number.
   */
  storage?: StorageCounts;
  /** Entities the call shows the user (rows of the card or page it returns), mean per call; sets its read budget. */
  shows?: number;
  /** Calls that failed, where a scenario counts failures rather than stopping at the first. */
  errors?: number;
}

export interface BenchContext {
  connectionString: string;
  /** Multiplier from BENCH_SCALE, already validated as a positive number. */
  scale: number;
  /** An iteration count scaled by BENCH_SCALE, never below one so every operation still runs. */
  scaled(count: number): number;
}

export interface BenchScenario {
  name: string;
  /** Name of an operation from an earlier scenario; each result is reported as a multiple of its p95. */
  baseline?: string;
  run(ctx: BenchContext): Promise<Result[]>;
}

/** Waits until a server's background work (the views of what was just imported) is done: a few storage requests a second at most, for three seconds. */
export async function untilQuiet(): Promise<void> {
  let last = meter.counts().requests;
  let quietSince = performance.now();
  while (performance.now() - quietSince < 3_000) {
    await new Promise((resolve) => setTimeout(resolve, 500));
    const now = meter.counts().requests;
    if (now - last > 3) quietSince = performance.now();
    last = now;
  }
}

/** Run order is import order in run.ts; a scenario file adds itself with one `scenarios.push(...)`. */
export const scenarios: BenchScenario[] = [];

/** Nearest-rank percentile: always a value that was actually observed, no interpolation. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) throw new Error('percentile of no samples');
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[Math.min(rank, sorted.length) - 1] as number;
}

/** Per-call means of what the meter counted over `calls` calls. */
export function perCall(counts: StorageCounts, calls: number): StorageCounts {
  return { requests: counts.requests / calls, entitiesRead: counts.entitiesRead / calls, entitiesWritten: counts.entitiesWritten / calls };
}

/**
 * Calls fn `warmup` times untimed, then `iterations` times timed. The index keeps counting through
 * the warm-up so callers can derive unique keys from it. A user path's fn returns the number of entities it
 * shows, which sets its read budget; storage is counted over the timed calls.
 */
export async function measure(
  name: string,
  iterations: number,
  warmup: number,
  fn: (index: number) => Promise<void | number>,
): Promise<Result> {
  if (iterations < 1) throw new Error(`${name}: needs at least one iteration`);
  for (let i = 0; i < warmup; i++) await fn(i);
  const samples: number[] = [];
  let shown = 0;
  let showing = false;
  const before = meter.counts();
  for (let i = 0; i < iterations; i++) {
    const start = performance.now();
    const shows = await fn(warmup + i);
    samples.push(performance.now() - start);
    if (typeof shows === 'number') [shown, showing] = [shown + shows, true];
  }
  const storage = perCall(countsSince(before, meter.counts()), iterations);
  return { ...resultOf(name, samples, storage), ...(showing ? { shows: shown / iterations } : {}) };
}

/** A result from samples timed some other way (from a write to a card's arrival, say), with storage per call. */
export function resultOf(name: string, samples: number[], storage?: StorageCounts): Result {
  const sorted = [...samples].sort((a, b) => a - b);
  const mean = samples.reduce((sum, ms) => sum + ms, 0) / samples.length;
  return {
    name,
    samples,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    mean,
    opsPerSecond: 1000 / mean,
    ...(storage ? { storage } : {}),
  };
}

/** The architecture's budget: a user path reads at most twice what it shows, plus 50 entities. */
export function readBudget(result: Result): { limit: number; pass: boolean } | undefined {
  if (result.shows === undefined || !result.storage) return undefined;
  const limit = 2 * result.shows + 50;
  return { limit, pass: result.storage.entitiesRead <= limit };
}

/** p95 as a multiple of the baseline's p95, the figure later scenarios are judged by. */
export function ratio(result: Result, baseline: Result): number {
  return result.p95 / baseline.p95;
}

const ms = (value: number) => value.toFixed(2);

/** A mean count: whole numbers as they are, fractions to one decimal. */
export const count = (value: number) => (Number.isInteger(value) ? String(value) : value.toFixed(1));

/**
 * Fixed-width text table; with a baseline, a column gives each p95 relative to it. Then storage per call (requests,
 * entities read, entities written), the entities the call shows and the read-budget verdict, where measured.
 */
export function formatTable(results: readonly Result[], baseline?: Result): string {
  const header = ['operation', 'n', 'p50 ms', 'p95 ms'];
  if (baseline) header.push(`p95 vs ${baseline.name}`);
  header.push('req/op', 'read/op', 'written/op', 'shows', 'read budget');
  const rows = results.map((r) => {
    const row = [r.name, String(r.samples.length), ms(r.p50), ms(r.p95)];
    if (baseline) row.push(`${ratio(r, baseline).toFixed(1)}× ${baseline.name}`);
    const budget = readBudget(r);
    row.push(
      r.storage ? count(r.storage.requests) : '',
      r.storage ? count(r.storage.entitiesRead) : '',
      r.storage ? count(r.storage.entitiesWritten) : '',
      r.shows === undefined ? '' : count(r.shows),
      budget ? `≤ ${count(budget.limit)} ${budget.pass ? 'PASS' : 'FAIL'}` : '',
    );
    return row;
  });
  const widths = header.map((title, col) => Math.max(title.length, ...rows.map((row) => (row[col] ?? '').length)));
  // Text columns read left-aligned, numbers right-aligned so decimals line up.
  const leftAligned = new Set([0, header.length - 1, ...(baseline ? [4] : [])]);
  const line = (cells: string[]) =>
    cells
      .map((cell, col) => (leftAligned.has(col) ? cell.padEnd(widths[col] ?? 0) : cell.padStart(widths[col] ?? 0)))
      .join('  ')
      .trimEnd();
  const rule = widths.map((w) => '-'.repeat(w)).join('  ');
  return [line(header), rule, ...rows.map(line)].join('\n');
}

/** Prints rows of cells (the first a header) as columns padded to their widest cell. */
export function printColumns(lines: readonly (readonly string[])[]): void {
  const widths = lines[0]!.map((_, col) => Math.max(...lines.map((line) => line[col]!.length)));
  for (const line of lines)
    console.log(
      line
        .map((cell, col) => cell.padEnd(widths[col]!))
        .join('  ')
        .trimEnd(),
    );
}
