// Benchmark entry: one in-memory Azurite, every registered scenario in order, a table per scenario and a JSON line.
import { createRequire } from 'node:module';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { findFreePort, startAzurite } from '../../src/storage/azurite';
import { formatTable, ratio, scenarios, type BenchContext, type BenchScenario, type Result } from './harness';
// Import order is run order: raw Azurite first, so later scenarios can name its operations as baselines.
import './raw-azurite.bench';
import './spine.bench';
import './issue-scale.bench';
import './pipeline.bench';

function readScale(): number {
  const raw = process.env.BENCH_SCALE;
  if (raw === undefined || raw === '') return 1;
  const scale = Number(raw);
  if (!Number.isFinite(scale) || scale <= 0) throw new Error(`BENCH_SCALE must be a positive number, got "${raw}"`);
  return scale;
}

function selectScenarios(): BenchScenario[] {
  const only = process.env.BENCH_ONLY?.toLowerCase();
  if (!only) return scenarios;
  const selected = scenarios.filter((s) => s.name.toLowerCase().includes(only));
  if (selected.length === 0) {
    throw new Error(`BENCH_ONLY="${process.env.BENCH_ONLY}" matches none of: ${scenarios.map((s) => s.name).join(', ')}`);
  }
  return selected;
}

/** Everything but the raw samples, which would make the line unreadably long. */
function summarise(result: Result, baseline: Result | undefined) {
  const { name, samples, p50, p95, mean, opsPerSecond } = result;
  const round = (value: number) => Math.round(value * 1000) / 1000;
  return {
    name,
    n: samples.length,
    p50: round(p50),
    p95: round(p95),
    mean: round(mean),
    opsPerSecond: round(opsPerSecond),
    ...(baseline ? { p95Ratio: round(ratio(result, baseline)) } : {}),
  };
}

async function main(): Promise<void> {
  const started = performance.now();
  const scale = readScale();
  const selected = selectScenarios();
  const azuriteVersion = (createRequire(import.meta.url)('azurite/package.json') as { version: string }).version;
  const machine = {
    cores: os.cpus().length,
    cpu: os.cpus()[0]?.model.trim() ?? 'unknown',
    node: process.version,
    platform: `${os.platform()} ${os.arch()}`,
  };

  console.log(`machine: ${machine.cores} cores (${machine.cpu}), node ${machine.node}, ${machine.platform}`);
  console.log(
    `azurite: ${azuriteVersion} (in memory)   scale: ${scale}${process.env.BENCH_ONLY ? `   only: ${process.env.BENCH_ONLY}` : ''}`,
  );

  const azurite = await startAzurite({ port: await findFreePort() });
  const ctx: BenchContext = {
    connectionString: azurite.connectionString,
    scale,
    scaled: (count) => Math.max(1, Math.round(count * scale)),
  };
  // Results by operation name, so a scenario's baseline can come from any scenario that ran before it.
  const byName = new Map<string, Result>();
  const summary: { name: string; baseline?: string; results: ReturnType<typeof summarise>[] }[] = [];
  try {
    for (const scenario of selected) {
      const results = await scenario.run(ctx);
      const baseline = scenario.baseline === undefined ? undefined : byName.get(scenario.baseline);
      console.log(`\n${scenario.name}`);
      console.log(formatTable(results, baseline));
      if (scenario.baseline !== undefined && !baseline) {
        console.log(`(no ratios: baseline "${scenario.baseline}" did not run; check BENCH_ONLY)`);
      }
      for (const result of results) byName.set(result.name, result);
      summary.push({ name: scenario.name, baseline: scenario.baseline, results: results.map((r) => summarise(r, baseline)) });
    }
  } finally {
    await azurite.stop();
  }

  const totalSeconds = (performance.now() - started) / 1000;
  console.log(`\ntotal ${totalSeconds.toFixed(1)} s`);
  console.log(
    `BENCH_JSON ${JSON.stringify({ machine, azurite: azuriteVersion, scale, totalSeconds: Math.round(totalSeconds * 10) / 10, scenarios: summary })}`,
  );
}

main().then(
  // Exit explicitly so a handle some scenario left open (a server, a timer) cannot hang the run after the summary.
  () => process.exit(0),
  (error: unknown) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : error);
    process.exit(1);
  },
);
