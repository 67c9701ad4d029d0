// Twenty users at once against the server as `npm start` runs it (its own embedded Azurite on disk), for a fixed time.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { loadConfig } from '../../src/config';
import { generateAccount, seededRandom } from '../../src/demo/crm-data.generator';
import { defaultStages } from '../../src/plugins/pipeline/stage-model.defaults';
import { startServer, type RunningServer } from '../../src/server';
import { findFreePort } from '../../src/storage/azurite';
import { countsSince } from '../../src/storage/storage-meter';
import { cardOf, invokeResponseOf, makeMessage, makeSearchQuery, postActivity } from '../fixtures/activities';
import { count, meter, perCall, percentile, scenarios, type BenchContext, type Result } from './harness';

const users = 20;
/** Rows per CSV file when seeding the tenant. */
const importChunk = 5_000;
const seed = 7;
/** p95 targets in milliseconds: a chat turn (bot and message extension) and a tab API call. */
const targets = { chat: 300, api: 300 } as const;
const han = /\p{Script=Han}/u;
const openStages = defaultStages.filter((stage) => stage.kind === 'open').map((stage) => stage.id);

type Face = 'chat' | 'api';
interface Deal {
  id: string;
  etag: string;
  stageId: string;
}
interface Tenant {
  tenantId: string;
  accounts: { id: string; name: string }[];
  /** Each user's own deals, so two users never move one deal at once. */
  deals: Deal[][];
}

/** A call's answer checked as the user would read it; a failure says what came back instead. */
type Call = (server: RunningServer, tenant: Tenant, user: number, draw: () => number) => Promise<void>;

function must(condition: boolean, message: string): void {
  if (!condition) throw new Error(message);
}

const userId = (user: number) => `bench-user-${user}`;
const headers = (tenantId: string, user: number) => ({
  'content-type': 'application/json',
  'x-dev-tenant-id': tenantId,
  'x-dev-user-id': userId(user),
});
const pickAccount = (tenant: Tenant, draw: () => number) => tenant.accounts[Math.floor(draw() * tenant.accounts.length)]!;
/** A prefix of a Latin name, 3 to 5 letters, as someone types it in the search box. */
function prefixOf(tenant: Tenant, draw: () => number): string {
  const latin = tenant.accounts.filter((account) => !han.test(account.name));
  const name = (latin[Math.floor(draw() * latin.length)] ?? tenant.accounts[0]!).name.toLowerCase();
  return (/^[a-z]+/.exec(name)?.[0] ?? name).slice(0, 3 + Math.floor(draw() * 3));
}

/** The mix of a working day: mostly looking accounts up, then logging and searching, some stage moves. */
const kinds: { name: string; face: Face; weight: number; call: Call }[] = [
  {
    name: 'chat: account <name>',
    face: 'chat',
    weight: 30,
    async call(server, tenant, user, draw) {
      const { name } = pickAccount(tenant, draw);
      const reply = await postActivity(server.url, makeMessage(`account ${name}`, { tenantId: tenant.tenantId, userId: userId(user) }));
      must(
        reply.status === 200 && JSON.stringify(cardOf(reply.activities[0]) ?? '').includes(name),
        `account ${name}: ${reply.status} ${JSON.stringify(reply.body).slice(0, 200)}`,
      );
    },
  },
  {
    name: 'chat: log call with <account>',
    face: 'chat',
    weight: 15,
    async call(server, tenant, user, draw) {
      const { name } = pickAccount(tenant, draw);
      const text = `log call with ${name}: went through the renewal quote, they want a pilot first, follow up Friday`;
      const reply = await postActivity(server.url, makeMessage(text, { tenantId: tenant.tenantId, userId: userId(user) }));
      const card = JSON.stringify(cardOf(reply.activities[0]) ?? '');
      must(
        reply.status === 200 && card.includes('logged') && card.includes(name),
        `log with ${name}: ${reply.status} ${card.slice(0, 200)}`,
      );
    },
  },
  {
    name: 'chat: message-extension search',
    face: 'chat',
    weight: 15,
    async call(server, tenant, user, draw) {
      const prefix = prefixOf(tenant, draw);
      const response = invokeResponseOf<{ composeExtension?: { attachments?: unknown[] } }>(
        await postActivity(server.url, makeSearchQuery(prefix, { tenantId: tenant.tenantId, userId: userId(user), count: 10 })),
      );
      must(
        response.status === 200 && (response.body.composeExtension?.attachments?.length ?? 0) >= 1,
        `search "${prefix}": ${response.status} ${JSON.stringify(response.body).slice(0, 200)}`,
      );
    },
  },
  {
    name: 'API: POST /activities',
    face: 'api',
    weight: 15,
    async call(server, tenant, user, draw) {
      const { id } = pickAccount(tenant, draw);
      const response = await fetch(`${server.url}/api/v1/activities`, {
        method: 'POST',
        headers: headers(tenant.tenantId, user),
        body: JSON.stringify({
          accountId: id,
          type: 'callOutbound',
          subject: 'Renewal quote',
          occurredAt: new Date().toISOString(),
          timeZone: 'Asia/Shanghai',
        }),
      });
      must(response.status === 201, `log activity: ${response.status} ${(await response.text()).slice(0, 200)}`);
      await response.arrayBuffer().catch(() => undefined);
    },
  },
  {
    name: 'API: account search',
    face: 'api',
    weight: 15,
    async call(server, tenant, user, draw) {
      const prefix = prefixOf(tenant, draw);
      const response = await fetch(`${server.url}/api/v1/accounts?q=${encodeURIComponent(prefix)}&pageSize=10`, {
        headers: headers(tenant.tenantId, user),
      });
      const body = (await response.json()) as { items?: unknown[] };
      must(
        response.status === 200 && (body.items?.length ?? 0) >= 1,
        `account search "${prefix}": ${response.status} ${JSON.stringify(body).slice(0, 200)}`,
      );
    },
  },
  {
    name: 'API: stage move',
    face: 'api',
    weight: 10,
    async call(server, tenant, user, draw) {
      const own = tenant.deals[user]!;
      const deal = own[Math.floor(draw() * own.length)]!;
      const others = openStages.filter((stage) => stage !== deal.stageId);
      const stageId = others[Math.floor(draw() * others.length)]!;
      const response = await fetch(`${server.url}/api/v1/pipeline/opportunities/${deal.id}/move`, {
        method: 'POST',
        headers: { ...headers(tenant.tenantId, user), 'if-match': deal.etag },
        body: JSON.stringify({ stageId }),
      });
      const body = (await response.json()) as { etag?: string; stageId?: string };
      must(response.status === 200 && body.stageId === stageId, `move: ${response.status} ${JSON.stringify(body).slice(0, 200)}`);
      [deal.etag, deal.stageId] = [body.etag!, stageId];
    },
  },
];

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

const mb = (bytes: number) => `${Math.round(bytes / 1024 / 1024)} MB`;

async function run(ctx: BenchContext): Promise<Result[]> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'guanxi-bench-users-'));
  // The embedded default: no connection string, so the server starts and owns its Azurite, with data on disk.
  const config = loadConfig({ PORT: '0', LOG_LEVEL: 'error', AZURITE_TABLE_PORT: String(await findFreePort()), DATA_DIR: dataDir });
  const server = await startServer(config, { meter });
  try {
    // The tenant at the run's scale: 100,000 accounts at scale 1, 10,000 at 0.1.
    const tenant = await seedTenant(server, Math.max(50, Math.round(100_000 * ctx.scale)), 5);
    const seconds = Math.max(3, 30 * ctx.scale);
    const samples = new Map(kinds.map((kind) => [kind.name, [] as number[]]));
    const failures = new Map(kinds.map((kind) => [kind.name, [] as string[]]));
    const totalWeight = kinds.reduce((sum, kind) => sum + kind.weight, 0);
    // Every user runs every kind once first, untimed, so the timed window sees a warm server rather than its first calls.
    await Promise.all(
      Array.from({ length: users }, async (_, user) => {
        const draw = seededRandom(seed + user);
        for (const kind of kinds) await kind.call(server, tenant, user, draw);
      }),
    );
    const memoryBefore = process.memoryUsage();
    const storageBefore = meter.counts();
    const started = performance.now();
    const deadline = started + seconds * 1000;
    await Promise.all(
      Array.from({ length: users }, async (_, user) => {
        const draw = seededRandom(seed + 100 + user);
        while (performance.now() < deadline) {
          let roll = draw() * totalWeight;
          const kind = kinds.find((k) => (roll -= k.weight) < 0) ?? kinds[0]!;
          const start = performance.now();
          try {
            await kind.call(server, tenant, user, draw);
          } catch (error) {
            failures.get(kind.name)!.push(error instanceof Error ? error.message : String(error));
          }
          samples.get(kind.name)!.push(performance.now() - start);
        }
      }),
    );
    const elapsed = (performance.now() - started) / 1000;
    const memoryAfter = process.memoryUsage();
    const calls = [...samples.values()].reduce((sum, list) => sum + list.length, 0);
    const storage = perCall(countsSince(storageBefore, meter.counts()), Math.max(1, calls));

    console.log(`\n${users} users for ${elapsed.toFixed(1)} s on ${tenant.accounts.length} accounts (embedded Azurite on disk)`);
    console.log(
      `server process: RSS ${mb(memoryBefore.rss)} → ${mb(memoryAfter.rss)}, heap used ${mb(memoryBefore.heapUsed)} → ${mb(memoryAfter.heapUsed)}`,
    );
    console.log(
      `storage per call, all kinds together: ${count(storage.requests)} requests, ${count(storage.entitiesRead)} entities read, ${count(storage.entitiesWritten)} written`,
    );
    const results: Result[] = [];
    const lines = [['kind', 'calls', 'p50 ms', 'p95 ms', 'max ms', 'calls/s', 'errors', 'target', 'verdict']];
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
      const fmt = (n: number) => n.toFixed(1);
      lines.push([
        kind.name,
        String(list.length),
        fmt(result.p50),
        fmt(result.p95),
        fmt(sorted.at(-1)!),
        fmt(result.opsPerSecond),
        String(errors.length),
        `p95 ≤ ${target} ms, 0 errors`,
        pass ? 'PASS' : 'FAIL',
      ]);
      results.push({ ...result, name: `${kind.name} (p95 ≤ ${target} ms, 0 errors) ${pass ? 'PASS' : 'FAIL'}` });
      for (const message of errors.slice(0, 3)) console.log(`  ${kind.name} error: ${message}`);
    }
    const widths = lines[0]!.map((_, col) => Math.max(...lines.map((line) => line[col]!.length)));
    for (const line of lines)
      console.log(
        line
          .map((cell, col) => cell.padEnd(widths[col]!))
          .join('  ')
          .trimEnd(),
      );
    return results;
  } finally {
    await server.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

scenarios.push({ name: `concurrent users: ${users} at once on the embedded default`, run });
