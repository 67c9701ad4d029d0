// Timing, percentile and table helpers shared by every benchmark scenario, plus the scenario registry.
import { performance } from 'node:perf_hooks';

export interface Result {
  name: string;
  /** Milliseconds per call, in the order they ran; warm-up calls are not included. */
  samples: number[];
  p50: number;
  p95: number;
  mean: number;
  opsPerSecond: number;
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

/** Run order is import order in run.ts; a scenario file adds itself with one `scenarios.push(...)`. */
export const scenarios: BenchScenario[] = [];

/** Nearest-rank percentile: always a value that was actually observed, no interpolation. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) throw new Error('percentile of no samples');
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[Math.min(rank, sorted.length) - 1] as number;
}

/**
 * Calls fn `warmup` times untimed, then `iterations` times timed. The index keeps counting through
 * the warm-up so callers can derive unique keys from it.
 */
export async function measure(name: string, iterations: number, warmup: number, fn: (index: number) => Promise<void>): Promise<Result> {
  if (iterations < 1) throw new Error(`${name}: needs at least one iteration`);
  for (let i = 0; i < warmup; i++) await fn(i);
  const samples: number[] = [];
  for (let i = 0; i < iterations; i++) {
    const start = performance.now();
    await fn(warmup + i);
    samples.push(performance.now() - start);
  }
  const sorted = [...samples].sort((a, b) => a - b);
  const total = samples.reduce((sum, ms) => sum + ms, 0);
  const mean = total / samples.length;
  return { name, samples, p50: percentile(sorted, 50), p95: percentile(sorted, 95), mean, opsPerSecond: 1000 / mean };
}

/** p95 as a multiple of the baseline's p95, the figure later scenarios are judged by. */
export function ratio(result: Result, baseline: Result): number {
  return result.p95 / baseline.p95;
}

const ms = (value: number) => value.toFixed(2);

/** Fixed-width text table; with a baseline, a last column gives each p95 relative to it. */
export function formatTable(results: readonly Result[], baseline?: Result): string {
  const header = ['operation', 'n', 'p50 ms', 'p95 ms'];
  if (baseline) header.push(`p95 vs ${baseline.name}`);
  const rows = results.map((r) => {
    const row = [r.name, String(r.samples.length), ms(r.p50), ms(r.p95)];
    if (baseline) row.push(`${ratio(r, baseline).toFixed(1)}× ${baseline.name}`);
    return row;
  });
  const widths = header.map((title, col) => Math.max(title.length, ...rows.map((row) => (row[col] ?? '').length)));
  // Text columns read left-aligned, numbers right-aligned so decimals line up.
  const line = (cells: string[]) =>
    cells
      .map((cell, col) => (col === 0 || col === 4 ? cell.padEnd(widths[col] ?? 0) : cell.padStart(widths[col] ?? 0)))
      .join('  ')
      .trimEnd();
  const rule = widths.map((w) => '-'.repeat(w)).join('  ');
  return [line(header), rule, ...rows.map(line)].join('\n');
}
