// Twenty users at once against the server as `npm start` runs it (its own embedded Azurite on disk), for a fixed time:
// first as people work (a pause to read each answer), judged against the targets; then back to back, for capacity.
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { loadConfig } from '../../src/config';
import { generateAccount, seededRandom } from '../../src/demo/crm-data.generator';
import { defaultStages } from '../../src/plugins/pipeline/stage-model.defaults';
import { startServer, type RunningServer } from '../../src/server';
import { TableClient } from '@azure/data-tables';
import { azuriteConnectionString, findFreePort } from '../../src/storage/azurite';
import { countsSince } from '../../src/storage/storage-meter';
import { backToBack, headers, kinds, must, type Deal, type LoadOutcome, type Tenant, type ThinkTime } from './concurrent-users.load';
import { count, meter, perCall, percentile, scenarios, untilQuiet, type BenchContext, type Result, printColumns } from './harness';

const users = 20;
/** Rows per CSV file when seeding the tenant. */
const importChunk = 5_000;
const seed = 7;
/** p95 targets in milliseconds: a chat turn (bot and message extension) and a tab API call. */
const targets = { chat: 300, api: 300 } as const;
const openStages = defaultStages.filter((stage) => stage.kind === 'open').map((stage) => stage.id);

async function seedTenant(server: RunningServer, accountCount: number, dealsPerUser: number): Promise<Tenant> {
  const tenantId = `bench-users-${Date.now()}`;
  // The tenant's accounts through the CSV import, as a team moving in would bring them, then listed back for their ids.
  for (let first = 0; first < accountCount; first += importChunk) {
    const lines = ['name,industry,region'];
    for (let i = first; i < Math.min(first + importChunk, accountCount); i += 1) {
      const { name, industry, region } = generateAccount(seed, i).account;
      lines.push([name, industry ?? '', region ?? ''].map((value) => `"${value.replaceAll('"', '""')}"`).join(','));
    }
    const response = await fetch(`${server.url}/api/v1/accounts/csv/import`, {
      method: 'POST',
      headers: { ...headers(tenantId, 0), 'content-type': 'text/csv; charset=utf-8' },
      body: lines.join('\n'),
    });
    must(response.status === 200, `seeding accounts: ${response.status} ${(await response.text()).slice(0, 200)}`);
  }
  const accounts: Tenant['accounts'] = [];
  let continuationToken: string | undefined;
  do {
    const query = new URLSearchParams({ pageSize: '1000', ...(continuationToken ? { continuationToken } : {}) });
    const response = await fetch(`${server.url}/api/v1/accounts?${query}`, { headers: headers(tenantId, 0) });
    const body = (await response.json()) as { items: { id: string; name: string }[]; continuationToken?: string };
    must(response.status === 200, `listing the seeded accounts: ${response.status}`);
    accounts.push(...body.items.map(({ id, name }) => ({ id, name })));
    continuationToken = body.continuationToken;
  } while (continuationToken);
  must(accounts.length > 0, 'seeding accounts: none stored');
  const random = seededRandom(seed);
  const deals = await Promise.all(
    Array.from({ length: users }, async (_, user) => {
      const own: Deal[] = [];
      for (let d = 0; d < dealsPerUser; d += 1) {
        const response = await fetch(`${server.url}/api/v1/pipeline/opportunities`, {
          method: 'POST',
          headers: headers(tenantId, user),
          body: JSON.stringify({
            title: `Deal ${user}-${d}`,
            accountId: accounts[Math.floor(random() * accounts.length)]!.id,
            amount: 50_000,
            stageId: openStages[0],
            expectedCloseDate: '2030-06-30',
          }),
        });
        const body = (await response.json()) as Deal;
        must(response.status === 201, `seeding a deal: ${response.status} ${JSON.stringify(body).slice(0, 200)}`);
        own.push({ id: body.id, etag: body.etag, stageId: body.stageId });
      }
      return own;
    }),
  );
  return { tenantId, accounts, deals };
}

/** A worker does not inherit the TypeScript loader: it registers tsx, then loads the users' module. */
const workerSource = `import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))})
  .then(({ register }) => { register(); return import(${JSON.stringify(new URL('./concurrent-users.worker.ts', import.meta.url).href)}); })`;

const mb = (bytes: number) => `${Math.round(bytes / 1024 / 1024)} MB`;

/** CPU seconds a process has used so far, from /proc (Linux); undefined elsewhere. */
async function cpuSecondsOf(pid: number): Promise<number | undefined> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => undefined);
  // Fields after the command's closing parenthesis: utime and stime are the 12th and 13th, in clock ticks (100 a second).
  const fields = stat?.slice(stat.lastIndexOf(')') + 2).split(' ');
  return fields ? (Number(fields[11]) + Number(fields[12])) / 100 : undefined;
}

/** The embedded Azurite's pid: the child process the server started with the emulator's host script on `port`. */
async function emulatorPid(port: number): Promise<number | undefined> {
  for (const entry of await readdir('/proc').catch(() => [] as string[])) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = await readFile(`/proc/${entry}/stat`, 'utf8').catch(() => '');
    const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    if (parent !== process.pid) continue;
    const command = await readFile(`/proc/${entry}/cmdline`, 'utf8').catch(() => '');
    if (command.includes('azurite') && command.includes(`"port":${port}`)) return Number(entry);
  }
  return undefined;
}

interface Phase {
  /** What the table calls the phase. */
  title: string;
  /** People calling at once: none, to time the emulator alone. */
  callers: number;
  think: ThinkTime;
  /** The timed window at scale 1; at least 15 s at any scale. */
  secondsAtScale1: number;
  /** Whether the targets apply: they do to people working, not to callers with no pause at all. */
  judged: boolean;
}

const phases: Phase[] = [
  // Nobody calling: the emulator's own answer times on this tenant, pauses for saving its database included.
  { title: 'the emulator alone, nobody calling', callers: 0, think: backToBack, secondsAtScale1: 30, judged: false },
  // People at work: a chat line or a click, then a moment to read the answer (half a second to a second and a half).
  // A longer window, so that each kind's p95 stands on a few hundred calls.
  {
    title: `${users} users, 0.5–1.5 s between calls`,
    callers: users,
    think: { minMs: 500, maxMs: 1500 },
    secondsAtScale1: 600,
    judged: true,
  },
  // The same twenty with no pause at all: what the machine can serve, and where its time goes.
  { title: `${users} callers back to back (capacity, not judged)`, callers: users, think: backToBack, secondsAtScale1: 30, judged: false },
];

/** The emulator the server runs on, and an entity of its own for the probe to read. */
interface Emulator {
  port: number;
  probe: { connectionString: string; table: string; partitionKey: string; rowKey: string };
}

async function probeEntity(port: number): Promise<Emulator> {
  const connectionString = azuriteConnectionString(port);
  const table = 'BenchProbe';
  const client = TableClient.fromConnectionString(connectionString, table, { allowInsecureConnection: true });
  await client.createTable();
  await client.upsertEntity({ partitionKey: 'probe', rowKey: 'probe', note: 'read beside the users' });
  return { port, probe: { connectionString, table, partitionKey: 'probe', rowKey: 'probe' } };
}

async function runPhase(server: RunningServer, emulator: Emulator, tenant: Tenant, scale: number, phase: Phase): Promise<Result[]> {
  const seconds = Math.max(15, phase.secondsAtScale1 * scale);
  let memoryBefore = process.memoryUsage();
  let storageBefore = meter.counts();
  // How long the server's own event loop was held up: a stall there delays every call at once, the probe's excepted.
  const loopDelay = monitorEventLoopDelay({ resolution: 10 });
  const emulatorProcess = await emulatorPid(emulator.port);
  const emulatorCpu = async () => (emulatorProcess === undefined ? undefined : cpuSecondsOf(emulatorProcess));
  let cpuBefore = { server: process.cpuUsage(), emulator: await emulatorCpu() };
  // The users run in a worker thread: their requests and checks do not take the server's event loop, as real clients' would not.
  const outcome = await new Promise<LoadOutcome>((resolve, reject) => {
    const worker = new Worker(workerSource, {
      eval: true,
      workerData: { url: server.url, tenant, users: phase.callers, seconds, seed, think: phase.think, probe: emulator.probe },
    });
    worker.on('message', (message: { warm?: true; outcome?: LoadOutcome }) => {
      if (message.warm) {
        [memoryBefore, storageBefore] = [process.memoryUsage(), meter.counts()];
        loopDelay.reset();
        loopDelay.enable();
        void (async () => (cpuBefore = { server: process.cpuUsage(), emulator: await emulatorCpu() }))();
      }
      if (message.outcome) resolve(message.outcome);
    });
    worker.once('error', reject);
  });
  loopDelay.disable();
  const { elapsed } = outcome;
  const memoryAfter = process.memoryUsage();
  const serverCpu = process.cpuUsage(cpuBefore.server);
  const emulatorNow = await emulatorCpu();
  const emulatorSeconds = emulatorNow === undefined || cpuBefore.emulator === undefined ? undefined : emulatorNow - cpuBefore.emulator;
  // The next phase goes on from the deals as these users left them.
  tenant.deals = outcome.deals;
  const samples = new Map(Object.entries(outcome.samples));
  const failures = new Map(Object.entries(outcome.failures));
  const calls = [...samples.values()].reduce((sum, list) => sum + list.length, 0);
  const storage = perCall(countsSince(storageBefore, meter.counts()), Math.max(1, calls));
  const share = (cpuSeconds: number) => `${((cpuSeconds / elapsed) * 100).toFixed(0)}% of a core`;

  console.log(`\n${phase.title}: ${elapsed.toFixed(1)} s on ${tenant.accounts.length} accounts (embedded Azurite on disk)`);
  console.log(`calls: ${calls}, ${(calls / elapsed).toFixed(1)} a second`);
  console.log(
    `server process: RSS ${mb(memoryBefore.rss)} → ${mb(memoryAfter.rss)}, heap used ${mb(memoryBefore.heapUsed)} → ${mb(memoryAfter.heapUsed)}`,
  );
  // The server process also runs the users' worker thread; the emulator is its own process.
  const serverSeconds = (serverCpu.user + serverCpu.system) / 1e6;
  console.log(
    `CPU over the window (2 cores = 200%): server process with the users' thread ${share(serverSeconds)}` +
      (emulatorSeconds === undefined ? '' : `, embedded Azurite ${share(emulatorSeconds)}`),
  );
  const delayMs = (nanoseconds: number) => (nanoseconds / 1e6).toFixed(0);
  console.log(
    `server event loop held up (10 ms resolution): p50 ${delayMs(loopDelay.percentile(50))} ms, p99 ${delayMs(loopDelay.percentile(99))} ms, max ${delayMs(loopDelay.max)} ms`,
  );
  console.log(
    `storage per call, all kinds together: ${count(storage.requests)} requests, ${count(storage.entitiesRead)} entities read, ${count(storage.entitiesWritten)} written`,
  );
  const probeSorted = [...outcome.probe].sort((a, b) => a - b);
  const probe: Result = {
    name: `raw point read beside the users, every 50 ms (${phase.title})`,
    samples: outcome.probe,
    p50: percentile(probeSorted, 50),
    p95: percentile(probeSorted, 95),
    mean: outcome.probe.reduce((sum, ms) => sum + ms, 0) / Math.max(1, outcome.probe.length),
    opsPerSecond: outcome.probe.length / elapsed,
  };
  const results: Result[] = [probe];
  const fmt = (n: number) => n.toFixed(1);
  const lines = [
    ['kind', 'calls', 'p50 ms', 'p95 ms', 'max ms', 'calls/s', 'errors', '× raw p95', 'target', 'verdict'],
    [
      'raw point read (emulator alone)',
      String(probeSorted.length),
      fmt(probe.p50),
      fmt(probe.p95),
      fmt(probeSorted.at(-1) ?? 0),
      fmt(probe.opsPerSecond),
      '0',
      '1.0',
      '',
      '',
    ],
  ];
  for (const kind of kinds) {
    const list = samples.get(kind.name)!;
    const errors = failures.get(kind.name)!;
    if (list.length === 0) continue;
    const sorted = [...list].sort((a, b) => a - b);
    const result: Result = {
      name: kind.name,
      samples: list,
      p50: percentile(sorted, 50),
      p95: percentile(sorted, 95),
      mean: list.reduce((sum, ms) => sum + ms, 0) / list.length,
      // Throughput of this kind under the whole load, not one caller's rate.
      opsPerSecond: list.length / elapsed,
      errors: errors.length,
    };
    const target = targets[kind.face];
    const pass = result.p95 <= target && errors.length === 0;
    const verdict = phase.judged ? (pass ? 'PASS' : 'FAIL') : errors.length === 0 ? '' : 'ERRORS';
    lines.push([
      kind.name,
      String(list.length),
      fmt(result.p50),
      fmt(result.p95),
      fmt(sorted.at(-1)!),
      fmt(result.opsPerSecond),
      String(errors.length),
      fmt(result.p95 / probe.p95),
      phase.judged ? `p95 ≤ ${target} ms, 0 errors` : '0 errors',
      verdict,
    ]);
    const label = phase.judged ? `(p95 ≤ ${target} ms, 0 errors) ${verdict}` : `(back to back) ${verdict || 'no errors'}`;
    results.push({ ...result, name: `${kind.name} ${label}` });
    for (const message of errors.slice(0, 3)) console.log(`  ${kind.name} error: ${message}`);
  }
  printColumns(lines);
  return results;
}

async function run(ctx: BenchContext): Promise<Result[]> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'guanxi-bench-users-'));
  // The embedded default: no connection string, so the server starts and owns its Azurite, with data on disk.
  const emulatorPort = await findFreePort();
  const config = loadConfig({ PORT: '0', LOG_LEVEL: 'error', AZURITE_TABLE_PORT: String(emulatorPort), DATA_DIR: dataDir });
  const server = await startServer(config, { meter });
  try {
    // The tenant at the run's scale: 100,000 accounts at scale 1, 10,000 at 0.1.
    const tenant = await seedTenant(server, Math.max(50, Math.round(100_000 * ctx.scale)), 5);
    const results: Result[] = [];
    const emulator = await probeEntity(emulatorPort);
    await untilQuiet();
    for (const phase of phases) results.push(...(await runPhase(server, emulator, tenant, ctx.scale, phase)));
    return results;
  } finally {
    await server.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

scenarios.push({ name: `concurrent users: ${users} at once on the embedded default`, run });
