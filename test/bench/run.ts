// Benchmark entry: one in-memory Azurite, every registered scenario in order, a table per scenario and a JSON line.
//
// Every operation also reports what Azure would bill for it: storage requests, entities read and entities written per
// call (mean over the timed calls, from the storage meter in the servers' and raw clients' pipelines), and for a user
// path the entities it shows and the read budget (at most 2 × shown + 50). A user path's requests must not grow with
// the tenant: run once at a small scale and once at scale 1, the second with BENCH_COMPARE naming a file that holds
// the first run's output, and the run ends with each user path's requests in both and a verdict (within 10%):
//   BENCH_SCALE=0.1 npm run bench | tee bench-0.1.txt
//   BENCH_SCALE=1 BENCH_COMPARE=bench-0.1.txt npm run bench
// The "tenant size" scenario measures the same within one run, on two tenants ten times apart.
import { createRequire } from 'node:module';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { findFreePort, startAzurite } from '../../src/storage/azurite';
import { compareRequestCounts, readPreviousRun, type RunSummary } from './compare';
import { formatTable, ratio, readBudget, scenarios, type BenchContext, type BenchScenario, type Result } from './harness';
// Import order is run order: raw Azurite first, so later scenarios can name its operations as baselines.
import './raw-azurite.bench';
import './spine.bench';
import './issue-scale.bench';
import './pipeline.bench';
import './cases.bench';
import './tenant-size.bench';
import './concurrent-users.bench';
import './alerts.bench';

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
  const { name, samples, p50, p95, mean, opsPerSecond, storage, shows, errors } = result;
  const round = (value: number) => Math.round(value * 1000) / 1000;
  const budget = readBudget(result);
  return {
    name,
    n: samples.length,
    p50: round(p50),
    p95: round(p95),
    max: round(samples.reduce((top, ms) => Math.max(top, ms), 0)),
    mean: round(mean),
    opsPerSecond: round(opsPerSecond),
    ...(baseline ? { p95Ratio: round(ratio(result, baseline)) } : {}),
    ...(storage
      ? {
          requestsPerOp: round(storage.requests),
          entitiesReadPerOp: round(storage.entitiesRead),
          entitiesWrittenPerOp: round(storage.entitiesWritten),
        }
      : {}),
    ...(shows === undefined ? {} : { shows: round(shows) }),
    ...(budget ? { readBudget: round(budget.limit), readBudgetPass: budget.pass } : {}),
    ...(errors === undefined ? {} : { errors }),
  };
}

async function main(): Promise<void> {
  const started = performance.now();
  const scale = readScale();
  const selected = selectScenarios();
  // Read before the run, so a wrong path stops it at once rather than after an hour.
  const previous = process.env.BENCH_COMPARE ? readPreviousRun(process.env.BENCH_COMPARE) : undefined;
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
  const summary: RunSummary['scenarios'] = [];
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

  if (previous) console.log(`\n${compareRequestCounts(previous, { scale, scenarios: summary })}`);
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
