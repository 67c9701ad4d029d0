// Two server processes on one storage account, both taking writes at once: afterwards `npm run verify` finds no drift,
// and a third server's funnel equals what the deal records add up to, to the cent.
import { execFile } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findFreePort, startAzurite, type RunningAzurite } from '../../src/storage/azurite';
import { crmUser, keepBusy, newTally, seedWorld, withEtags, withoutEtags, type Deal, type Tally, type World } from '../fixtures/crm-load';
import { startupMs, stopMs } from '../fixtures/entry-point';
import { killStartedProcesses, repoRoot, startMain, within, type StartedProcess } from '../fixtures/process';
import { newTenantId } from '../fixtures/server';

const runMs = 20_000;
const peoplePerServer = 4;

let azurite: RunningAzurite;
beforeAll(async () => {
  azurite = await startAzurite({ port: await findFreePort() });
});
afterAll(async () => {
  killStartedProcesses();
  await azurite.stop();
});

/**
 * `npm start` pointed at the shared storage: a connection string (so it starts no emulator of its own) and local
 * development mode on loopback (HOST 127.0.0.1 and no AAD_APP_CLIENT_ID or bot app id: the x-dev-* headers name the caller).
 */
function startServer(): StartedProcess {
  return startMain({
    HOST: '127.0.0.1',
    PORT: '0',
    GUANXI_DEV_MODE: 'true',
    MicrosoftAppId: '',
    BOT_ID: '',
    AZURE_TABLES_CONNECTION_STRING: azurite.connectionString,
    LOG_LEVEL: 'warn',
  });
}

async function started(server: StartedProcess): Promise<string> {
  await server.waitForStdout('Press Ctrl-C to stop.', startupMs);
  return /Bot endpoint:\s+(\S+)\/api\/messages/.exec(server.stdout())![1]!;
}

async function stopped(servers: StartedProcess[]) {
  for (const server of servers) server.child.kill('SIGTERM');
  return within(Promise.all(servers.map((server) => server.exited)), stopMs * 2, 'stopping the servers');
}

function verify(tenantId: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      'npm',
      ['run', '--silent', 'verify', '--', '--tenant', tenantId],
      {
        cwd: repoRoot,
        env: {
          ...process.env,
          GUANXI_ENV_FILE: '',
          TABLE_PREFIX: '',
          AZURE_TABLES_CONNECTION_STRING: azurite.connectionString,
          LOG_LEVEL: 'error',
        },
        timeout: 120_000,
      },
      (error, stdout, stderr) => resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr }),
    );
  });
}

type Funnel = { stages: { stageId: string; count: number; amount: number }[] };

describe('two servers on one storage account, both taking writes', { timeout: 180_000 }, () => {
  const tenantId = newTenantId();
  const tally: Tally = newTally();
  let world: World;
  let elapsed: number;

  beforeAll(async () => {
    const servers = [startServer(), startServer()];
    const urls = await Promise.all(servers.map(started));
    world = await seedWorld(crmUser(urls[0]!, tenantId, 'user-0', tally), tenantId);

    const began = Date.now();
    const until = began + runMs;
    const actions = [...withoutEtags, ...withEtags];
    await Promise.all(
      urls.flatMap((url, s) =>
        Array.from({ length: peoplePerServer }, (_, i) => keepBusy(crmUser(url, tenantId, `user-${s}-${i}`, tally), world, actions, until)),
      ),
    );
    elapsed = Date.now() - began;
    console.info(
      `2 servers, ${peoplePerServer * 2} people, ${elapsed} ms: ${tally.requests} requests, ${tally.staleIfMatch} stale If-Match`,
      tally.byKind,
    );
    expect(await stopped(servers)).toEqual([
      { code: 0, signal: null },
      { code: 0, signal: null },
    ]);
  }, 150_000);

  it('answered every request but the stale If-Match writes with a success', () => {
    expect(tally.failures).toEqual([]);
    expect(tally.byKind['chat move']).toBeGreaterThan(20);
    expect(tally.byKind['api amount edit']).toBeGreaterThan(10);
  });

  it('leaves no drift for npm run verify', async () => {
    const run = await verify(tenantId);
    expect(run.stdout).toContain(`No drift in`);
    expect(run.stdout).not.toContain('expected');
    expect(run.code, `${run.stdout}\n${run.stderr}`).toBe(0);
  });

  it("shows a third server's funnel equal to the deal records, count and amount per stage to the cent", async () => {
    const third = startServer();
    const user = crmUser(await started(third), tenantId, 'user-0', newTally());
    const deals: Deal[] = [];
    for (const id of world.dealIds) {
      const read = await user.api.get<Deal>(`/pipeline/opportunities/${id}`);
      expect(read.status).toBe(200);
      deals.push(read.body);
    }
    const funnel = await user.api.get<Funnel>('/pipeline/funnel');
    await stopped([third]);

    expect(funnel.status).toBe(200);
    const cents = new Map<string, { count: number; cents: number }>();
    for (const deal of deals.filter((deal) => deal.status === 'open')) {
      const stage = cents.get(deal.stageId) ?? { count: 0, cents: 0 };
      cents.set(deal.stageId, { count: stage.count + 1, cents: stage.cents + Math.round(deal.reportingAmount * 100) });
    }
    const shown = funnel.body.stages.map(({ stageId, count, amount }) => ({ stageId, count, cents: Math.round(amount * 100) }));
    expect(shown).toEqual(funnel.body.stages.map(({ stageId }) => ({ stageId, ...(cents.get(stageId) ?? { count: 0, cents: 0 }) })));
    expect([...cents.keys()].every((stageId) => shown.some((stage) => stage.stageId === stageId))).toBe(true);
    expect(deals.length).toBeGreaterThan(world.shared.length);
  });
});
