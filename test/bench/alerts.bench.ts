// The alerts issue's targets on 20,000 open deals and 10,000 open cases in one tenant (× BENCH_SCALE): a full sweep
// (the first, which writes the ledger and sends, and steady ones), event → card at the Bot Connector stand-in, and
// 1,000 alerts to 200 recipients within Teams' limits while the stand-in answers some requests 429.
import { request as httpRequest } from 'node:http';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { odata, TableClient } from '@azure/data-tables';
import { loadConfig } from '../../src/config';
import type { Clock } from '../../src/core/clock';
import type { DeliveryStatus } from '../../src/core/notifier';
import { forEachLimited } from '../../src/core/concurrency';
import { physicalTableOf } from '../../src/core/plugin-tables';
import type { RuleBody, RuleListBody, SweepBody } from '../../src/plugins/alerts';
import { startServer, type RunningServer } from '../../src/server';
import { findFreePort, startAzurite } from '../../src/storage/azurite';
import { logicalTable, partitionKeyOf } from '../../src/storage/logical-table';
import { countsSince, type StorageCounts } from '../../src/storage/storage-meter';
import { postActivity } from '../fixtures/activities';
import { apiClient } from '../fixtures/api';
import { startBotConnector, type BotConnectorStandIn } from '../fixtures/bot-connector';
import { personalMessage } from '../fixtures/conversations';
import { largeDealAmount, measureEvents, type EventFigures } from './alert-events';
import { measureBurst, type BurstFigures } from './alert-burst';
import { seedAlertsTenant, type AlertsTenant } from './alert-seed';
import { isCard, teamsFloorSeconds, untilDelivered } from './connector-figures';
import { count, measure, meter, printColumns, resultOf, scenarios, type BenchContext, type Result } from './harness';
import { cpuMeter, describeCpu, type CpuShares } from './process-cpu';

const seed = 11;
/** The targets. */
const targets = { sweepMs: 5_000, eventP95Ms: 1_000 } as const;
const steady = { iterations: 10, warmup: 1 } as const;
const events = { iterations: 30, warmup: 3 } as const;
const dayMs = 86_400_000;
const fmt = (ms: number) => ms.toFixed(1);

function check(condition: boolean, message: string): void {
  if (!condition) throw new Error(`alerts bench: ${message}`);
}

/** Real time, which the scenario can move a day on so that the day's caps per recipient start afresh. */
function shiftableClock(): Clock & { shift(ms: number): void } {
  let offsetMs = 0;
  return { now: () => new Date(Date.now() + offsetMs), shift: (ms) => void (offsetMs += ms) };
}

/** POST over node:http, which waits as long as the server takes: fetch gives up on a response's headers after 300 s. */
function postJson<T>(url: string, headers: Record<string, string>, body: unknown): Promise<{ status: number; body: T }> {
  return new Promise((resolve, reject) => {
    const sent = httpRequest(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers } }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('error', reject);
      response.on('end', () =>
        resolve({ status: response.statusCode ?? 0, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as T }),
      );
    });
    sent.on('error', reject);
    sent.end(JSON.stringify(body));
  });
}

/** `POST /api/v1/alerts/sweep` as a sales manager. */
async function sweep(server: RunningServer, tenant: AlertsTenant): Promise<SweepBody> {
  const headers = { 'x-dev-tenant-id': tenant.tenantId, 'x-dev-user-id': tenant.sales[0]!.managerId, 'x-dev-roles': 'manager' };
  const answer = await postJson<SweepBody>(`${server.url}/api/v1/alerts/sweep`, headers, {});
  check(answer.status === 200, `the sweep answered ${answer.status} ${JSON.stringify(answer.body).slice(0, 300)}`);
  return answer.body;
}

/** Everyone an alert can reach says hello to the bot in their chat, so the bot knows their conversation at the stand-in. */
async function introduce(server: RunningServer, connector: BotConnectorStandIn, tenant: AlertsTenant): Promise<void> {
  await forEachLimited(tenant.people, 8, async (userId) => {
    const reply = await postActivity(server.url, personalMessage('help', { tenantId: tenant.tenantId, userId, serviceUrl: connector.url }));
    check(reply.status === 200, `${userId}'s hello answered ${reply.status}`);
  });
}

/**
 * The ledger as the first sweep left it, counted raw (alerts per rule), and raw reads of it: one alert by its key, and a
 * page of the busiest rule's unresolved alerts as a sweep reads them.
 */
async function ledgerFigures(connectionString: string, tenantId: string, rules: readonly { id: string; condition: string }[]) {
  const client = TableClient.fromConnectionString(connectionString, physicalTableOf('alerts'), {
    allowInsecureConnection: true,
    additionalPolicies: meter.policies,
  });
  const partitionOf = (ruleId: string) => partitionKeyOf(logicalTable(client, 'AlertLedger'), tenantId, ['rule', ruleId]);
  const ledger = new Map<string, { ruleId: string; alerts: number; rowKey?: string }>();
  for (const rule of rules) {
    const found = { ruleId: rule.id, alerts: 0, rowKey: undefined as string | undefined };
    const filter = odata`PartitionKey eq ${partitionOf(rule.id)}`;
    for await (const page of client.listEntities({ queryOptions: { filter, select: ['RowKey'] } }).byPage({ maxPageSize: 1000 })) {
      found.alerts += page.length;
      found.rowKey ??= page[0]?.rowKey;
    }
    ledger.set(rule.condition, found);
  }
  const busiest = [...ledger.values()].reduce((top, rule) => (rule.alerts > top.alerts ? rule : top));
  check(busiest.rowKey !== undefined, 'the ledger is empty after the first sweep');
  const pointRead = await measure('raw point read of an alert (seeded Azurite)', 200, 20, async () => {
    await client.getEntity(partitionOf(busiest.ruleId), busiest.rowKey!);
  });
  const pageRead = await measure(`raw read of a page of a rule's unresolved alerts (≤ 1,000 of ${busiest.alerts})`, 20, 2, async () => {
    const filter = odata`PartitionKey eq ${partitionOf(busiest.ruleId)} and state ne ${'resolved'}`;
    const first = await client.listEntities({ queryOptions: { filter } }).byPage({ maxPageSize: 1000 }).next();
    check(!first.done && first.value.length > 0, 'the raw ledger read found no alerts');
  });
  // Alert-sized rows written as the first sweep writes them, 100 to a transaction: the emulator's own pace for its volume.
  const {
    etag: _etag,
    timestamp: _timestamp,
    ...alertRow
  } = await client.getEntity<Record<string, unknown>>(partitionOf(busiest.ruleId), busiest.rowKey!);
  let batches = 0;
  const batchWrite = await measure('raw transaction of 100 alert rows (seeded Azurite)', 30, 3, async () => {
    const partitionKey = `${partitionOf(busiest.ruleId)}-raw-${(batches += 1)}`;
    await client.submitTransaction(
      Array.from({ length: 100 }, (_, i) => ['create', { ...alertRow, partitionKey, rowKey: String(i).padStart(3, '0') }] as const),
    );
  });
  return { ledger, pointRead, pageRead, batchWrite };
}

/**
 * Where a slow stretch spent its time: the emulator's CPU, this process's, the machine's cores between them, or none of
 * these (then it waited on requests one after another).
 */
function bottleneck(shares: CpuShares, storage: StorageCounts): string {
  const emulator = (shares.emulatorMs ?? 0) / shares.wallMs;
  const own = shares.processMs / shares.wallMs;
  const machine = (emulator + own) / os.cpus().length;
  const requests = `${storage.requests.toLocaleString('en')} storage requests, ${(shares.wallMs / Math.max(storage.requests, 1)).toFixed(2)} ms of wall time each`;
  if (emulator >= 0.8) return `the emulator is the bottleneck (busy ${Math.round(emulator * 100)} % of the time); ${requests}`;
  if (own >= 0.8) return `the server process is the bottleneck (busy ${Math.round(own * 100)} % of the time); ${requests}`;
  if (machine >= 0.6)
    return `the two processes together kept ${Math.round(machine * 100)} % of the machine's ${os.cpus().length} cores busy; ${requests}`;
  return `neither process is saturated: ${requests}`;
}

async function rulesOf(server: RunningServer, tenant: AlertsTenant) {
  const manager = apiClient(server.url, tenant.tenantId, 'en', { 'x-dev-user-id': tenant.sales[0]!.managerId, 'x-dev-roles': 'manager' });
  const { body } = await manager.get<RuleListBody>('/alerts/rules');
  const idOf = (condition: string) => body.items.find((rule) => rule.condition === condition)?.id;
  return { manager, rules: body.items, idOf };
}

/** Prints the figures and the verdicts, and returns the rows of the run's table. */
function report(figures: {
  tenant: AlertsTenant;
  first: SweepBody;
  firstResult: Result;
  firstStorage: StorageCounts;
  firstCpu: CpuShares;
  firstCards: number;
  drain: Result;
  afterFirst: Record<DeliveryStatus, number>;
  raw: Awaited<ReturnType<typeof ledgerFigures>>;
  steadyResult: Result;
  steadyCreated: number;
  steadyCpu: CpuShares;
  burst: BurstFigures;
  eventFigures: EventFigures;
  end: Record<DeliveryStatus, number>;
}): Result[] {
  const {
    tenant,
    first,
    firstResult,
    firstStorage,
    firstCpu,
    drain,
    afterFirst,
    raw,
    steadyResult,
    steadyCreated,
    steadyCpu,
    burst,
    eventFigures,
    end,
  } = figures;
  const deals = { stuck: tenant.deals.filter((deal) => deal.stuck).length, late: tenant.deals.filter((deal) => deal.late).length };
  console.log(
    `\nat ${tenant.deals.length.toLocaleString('en')} open deals (${deals.stuck.toLocaleString('en')} past their stage's dwell limit, ${deals.late.toLocaleString('en')} past their close date), ${tenant.desk.open.length.toLocaleString('en')} open cases, ${tenant.people.length} people in ${tenant.sales.length} sales and ${tenant.desk.teams.length} service teams`,
  );
  console.log(
    `first sweep: ${first.rules} rules, ${first.found.toLocaleString('en')} found (deal findings expected ${(deals.stuck + deals.late).toLocaleString('en')}, the rest cases), ${first.created.toLocaleString('en')} alerts created, ${first.sent.toLocaleString('en')} cards sent now, ${first.deferred.toLocaleString('en')} held for the digest; ${count(firstStorage.requests / Math.max(first.created, 1))} storage requests per alert created, its cards' deliveries included`,
  );
  const inLedger = (condition: string) => raw.ledger.get(condition)?.alerts.toLocaleString('en') ?? 'none';
  console.log(
    `  the ledger then: deal-stuck ${inLedger('deal-stuck')} (seeded past their stage's limit: ${deals.stuck.toLocaleString('en')}), close-date-passed ${inLedger('close-date-passed')} (seeded past their close date: ${deals.late.toLocaleString('en')}), sla-breached ${inLedger('sla-breached')}`,
  );
  console.log(`  its time: ${describeCpu(firstCpu)}; ${bottleneck(firstCpu, firstStorage)}`);
  console.log(
    `  its ${figures.firstCards.toLocaleString('en')} cards reached the stand-in ${fmt(drain.p50 / 1000)} s after the sweep began (the sender's pace under Teams' 50/s allows no less than ${fmt(teamsFloorSeconds(figures.firstCards))} s); deliveries then: ${JSON.stringify(afterFirst)}`,
  );
  const steadyPerSweep: CpuShares = {
    wallMs: steadyCpu.wallMs / (steady.iterations + steady.warmup),
    processMs: steadyCpu.processMs / (steady.iterations + steady.warmup),
    ...(steadyCpu.emulatorMs === undefined ? {} : { emulatorMs: steadyCpu.emulatorMs / (steady.iterations + steady.warmup) }),
  };
  console.log(
    `steady sweeps: ${steadyCreated} alerts created over ${steady.iterations} sweeps; per sweep ${describeCpu(steadyPerSweep)}; ${bottleneck(steadyPerSweep, steadyResult.storage!)}`,
  );
  console.log(
    `raw emulator: an alert by its key p95 ${fmt(raw.pointRead.p95)} ms; ${raw.pageRead.storage!.entitiesRead.toLocaleString('en')} unresolved alerts of a rule in one page p95 ${fmt(raw.pageRead.p95)} ms`,
  );
  const rawRowsPerSecond = 100 / (raw.batchWrite.p50 / 1000);
  console.log(
    `  it writes alert rows 100 to a transaction at ${Math.round(rawRowsPerSecond).toLocaleString('en')}/s (p50 ${fmt(raw.batchWrite.p50)} ms a transaction): at that pace alone, the first sweep's ${firstStorage.entitiesWritten.toLocaleString('en')} rows written take ${fmt(firstStorage.entitiesWritten / rawRowsPerSecond)} s and its ${firstStorage.entitiesRead.toLocaleString('en')} rows read, at the page read's pace, ${fmt((firstStorage.entitiesRead / raw.pageRead.storage!.entitiesRead) * (raw.pageRead.p50 / 1000))} s`,
  );
  for (const line of burst.lines) console.log(line);
  for (const first of [eventFigures.firstCard.caseBreach, eventFigures.firstCard.dealLost])
    console.log(`no target: ${first.name}  p50 ${fmt(first.p50)} ms  p95 ${fmt(first.p95)} ms`);
  console.log(`deliveries at the end of the run: ${JSON.stringify(end)}`);

  const verdict = (pass: boolean) => (pass ? 'PASS' : 'FAIL');
  const timed = [
    { result: firstResult, target: `≤ ${targets.sweepMs} ms`, pass: firstResult.p95 <= targets.sweepMs },
    { result: steadyResult, target: `p95 ≤ ${targets.sweepMs} ms`, pass: steadyResult.p95 <= targets.sweepMs },
    {
      result: eventFigures.caseBreach,
      target: `p95 ≤ ${targets.eventP95Ms} ms`,
      pass: eventFigures.caseBreach.p95 <= targets.eventP95Ms,
    },
    { result: eventFigures.dealLost, target: `p95 ≤ ${targets.eventP95Ms} ms`, pass: eventFigures.dealLost.p95 <= targets.eventP95Ms },
  ];
  console.log('');
  printColumns([
    ['target', 'limit', 'n', 'p50 ms', 'p95 ms', 'req/op', 'read/op', 'written/op', 'verdict'],
    ...timed.map(({ result, target, pass }) => [
      result.name,
      target,
      String(result.samples.length),
      fmt(result.p50),
      fmt(result.p95),
      count(result.storage!.requests),
      count(result.storage!.entitiesRead),
      count(result.storage!.entitiesWritten),
      verdict(pass),
    ]),
    [
      burst.result.name,
      burst.limits,
      '1',
      fmt(burst.result.p50),
      fmt(burst.result.p95),
      count(burst.result.storage!.requests),
      count(burst.result.storage!.entitiesRead),
      count(burst.result.storage!.entitiesWritten),
      verdict(burst.pass),
    ],
  ]);

  const seedResults: Result[] = tenant.phases.map((phase) =>
    resultOf(`seed: ${phase.name} (${Math.round(phase.rows / Math.max(phase.seconds, 0.001)).toLocaleString('en')}/s)`, [
      phase.seconds * 1000,
    ]),
  );
  return [
    ...seedResults,
    raw.pointRead,
    raw.pageRead,
    raw.batchWrite,
    ...timed.map(({ result, target, pass }) => ({ ...result, name: `${result.name} (${target}) ${verdict(pass)}` })),
    drain,
    { ...burst.result, name: `${burst.result.name} (${burst.limits}) ${verdict(burst.pass)}` },
  ];
}

async function alertsScenario(ctx: BenchContext): Promise<Result[]> {
  const port = await findFreePort();
  const azurite = await startAzurite({ port, maxOldSpaceMb: 8_192 });
  const cpu = cpuMeter(port);
  const connector = await startBotConnector();
  const clock = shiftableClock();
  const tenantId = `bench-alerts-${Date.now()}`;
  console.log(`\nseeding the alerts tenant at scale ${ctx.scale} into a fresh in-memory Azurite`);
  let server: RunningServer | undefined;
  try {
    const tenant = await seedAlertsTenant({
      connectionString: azurite.connectionString,
      tenantId,
      scale: ctx.scale,
      seed,
      print: console.log,
    });
    // Scheduled sweeps and SLA marks would run beside the timed operations and count as theirs: an hourly tick keeps them out.
    const config = {
      PORT: '0',
      LOG_LEVEL: 'error',
      AZURE_TABLES_CONNECTION_STRING: azurite.connectionString,
      SCHEDULER_TICK_MS: '3600000',
    };
    server = await startServer(loadConfig(config), { meter, clock });
    let started = performance.now();
    await introduce(server, connector, tenant);
    console.log(`  ${tenant.people.length} people said hello to the bot in ${fmt((performance.now() - started) / 1000)} s`);

    // Other work on the machine slows every figure; say how busy it was.
    const [load] = os.loadavg();
    console.log(`  machine load before the sweeps (1-minute average): ${load!.toFixed(1)} on ${os.cpus().length} cores`);

    // 1. The first sweep: default rules made, every finding written to the ledger, cards handed to delivery.
    const from = connector.requests.length;
    const before = meter.counts();
    let mark = cpu.mark();
    started = performance.now();
    const first = await sweep(server, tenant);

    const firstMs = performance.now() - started;
    const firstStorage = countsSince(before, meter.counts());
    const firstCpu = cpu.since(mark);
    const firstResult = resultOf('full sweep, first (writes the ledger, sends)', [firstMs], firstStorage);
    const admin = tenant.desk.admin.userId;
    const { states: afterFirst, quiet } = await untilDelivered(connector, server.url, tenantId, admin);
    const firstCards = connector.requests.slice(from).filter(isCard);
    const drainMs = Math.max(...firstCards.map((request) => request.at)) - started;
    const drain = resultOf("first sweep's cards delivered (sweep start to last card)", [drainMs], countsSince(before, quiet));

    const { manager, rules, idOf } = await rulesOf(server, tenant);
    const raw = await ledgerFigures(azurite.connectionString, tenantId, rules);

    // 2. Steady state: nothing new to find.
    let steadyCreated = 0;
    mark = cpu.mark();
    const steadyResult = await measure('full sweep, steady state (nothing new)', steady.iterations, steady.warmup, async () => {
      steadyCreated += (await sweep(server!, tenant)).created;
    });
    const steadyCpu = cpu.since(mark);

    // 3. A rule a manager adds, sending every missed close date to its owner at once: 1,000 alerts to 200 reps at scale 1.
    const burst: BurstFigures = await measureBurst({ server, connector, tenant, manager, sweep: () => sweep(server!, tenant), cpu });

    // 4. Events, the next day: the first sweep spent many recipients' cards for the day, and a held card is not news.
    console.log(`  machine load before the events (1-minute average): ${os.loadavg()[0]!.toFixed(1)} on ${os.cpus().length} cores`);
    clock.shift(dayMs);
    const lostRule = await manager.post<RuleBody>('/alerts/rules', {
      name: 'Large deals lost · 大单丢单',
      condition: 'large-deal-lost',
      thresholds: { minAmount: largeDealAmount },
      recipients: { owner: true, manager: true },
      cadence: { mode: 'immediate', digestAt: '08:30' },
      capPerDay: 200,
    });
    check(lostRule.status === 201, `the large-deal rule answered ${lostRule.status} ${JSON.stringify(lostRule.body)}`);
    const eventFigures = await measureEvents({
      server,
      connector,
      tenant,
      now: clock.now(),
      rules: { slaBreached: idOf('sla-breached')!, largeDealLost: lostRule.body.id },
      ...events,
      print: console.log,
    });
    const { states: end } = await untilDelivered(connector, server.url, tenantId, admin);

    return report({
      tenant,
      first,
      firstResult,
      firstStorage,
      firstCpu,
      firstCards: firstCards.length,
      drain,
      afterFirst,
      raw,
      steadyResult,
      steadyCreated,
      steadyCpu,
      burst,
      eventFigures,
      end,
    });
  } finally {
    await server?.stop();
    await connector.close();
    await azurite.stop();
  }
}

scenarios.push({ name: 'alerts: 20,000 open deals and 10,000 open cases', run: alertsScenario });
