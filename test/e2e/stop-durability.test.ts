// Every ordinary way of stopping `npm start`, and a hard kill, keeps each write it answered; the next start comes up.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accountsApi, eventually, newSetup, removeDataDirs, signal, startAndWait, stop, stopMs, type Setup } from '../fixtures/entry-point';
import { killStartedProcesses, processesMentioning, refusesConnections, within, type Exit } from '../fixtures/process';
import { newTenantId } from '../fixtures/server';

const tenantId = newTenantId();

afterAll(() => {
  killStartedProcesses();
  removeDataDirs();
});

async function createAccount(setup: Setup, name: string): Promise<string> {
  const response = await accountsApi(setup, tenantId, '', { method: 'POST', body: JSON.stringify({ name }) });
  expect(response.status).toBe(201);
  return ((await response.json()) as { id: string }).id;
}

async function nothingLeft(setup: Setup): Promise<boolean> {
  return (
    processesMentioning(setup.dataDir).length === 0 &&
    (await refusesConnections(setup.port)) &&
    (await refusesConnections(setup.azuritePort))
  );
}

/** Starts again on the same folder and ports, reads the account, and stops. */
async function readAfterRestart(setup: Setup, id: string): Promise<number> {
  const running = await startAndWait(setup);
  const status = (await accountsApi(setup, tenantId, `/${id}`)).status;
  await stop(running, 'SIGTERM');
  return status;
}

const ordinaryStops: { how: string; name: NodeJS.Signals; to: 'server' | 'group' }[] = [
  { how: 'Ctrl-C in the terminal (SIGINT to the whole process group)', name: 'SIGINT', to: 'group' },
  { how: 'SIGINT to the server alone', name: 'SIGINT', to: 'server' },
  { how: 'SIGTERM to the server alone (a container runtime)', name: 'SIGTERM', to: 'server' },
  { how: 'SIGTERM to every process of the group (systemd)', name: 'SIGTERM', to: 'group' },
  { how: 'SIGHUP to the group (the terminal closed)', name: 'SIGHUP', to: 'group' },
];

describe.each(ordinaryStops)('stopped by $how right after a write', { timeout: 60_000 }, ({ name, to }) => {
  let setup: Setup;
  let id: string;
  let exit: Exit;

  beforeAll(async () => {
    setup = await newSetup();
    const running = await startAndWait(setup);
    id = await createAccount(setup, `Kept through ${name} ${randomUUID()}`);
    exit = await stop(running, name, to);
  }, 60_000);

  it('exits with code 0', () => {
    expect(exit).toEqual({ code: 0, signal: null });
  });

  it('leaves no process of the server or its emulator behind', async () => {
    expect(processesMentioning(setup.dataDir)).toEqual([]);
    expect(await refusesConnections(setup.port)).toBe(true);
    expect(await refusesConnections(setup.azuritePort)).toBe(true);
  });

  it('has the account after the next start', async () => {
    expect(await readAfterRestart(setup, id)).toBe(200);
  });
});

describe('the server killed with SIGKILL right after a write (a crash, the OOM killer)', { timeout: 60_000 }, () => {
  let setup: Setup;
  let id: string;
  let exit: Exit;

  beforeAll(async () => {
    setup = await newSetup();
    const running = await startAndWait(setup);
    id = await createAccount(setup, `Kept through SIGKILL ${randomUUID()}`);
    signal(running, 'SIGKILL', 'server');
    exit = await within(running.exited, stopMs, 'dying on SIGKILL');
  }, 60_000);

  it('its emulator saves and goes away within 5 s', async () => {
    expect(exit.signal).toBe('SIGKILL');
    await eventually(() => nothingLeft(setup), 5_000, 'the emulator going away');
  });

  it('the next start comes up and has the account', async () => {
    expect(await readAfterRestart(setup, id)).toBe(200);
  });
});

describe('a CSV import under way when SIGTERM arrives', { timeout: 60_000 }, () => {
  const rows = 3_000;
  let setup: Setup;
  let signalledAt: number;
  let answeredAt: number;
  let answer: { status: number; body: { stored: number } };
  let exit: Exit;

  beforeAll(async () => {
    setup = await newSetup();
    const running = await startAndWait(setup);
    const csv = ['name,industry,region', ...Array.from({ length: rows }, (_, i) => `Import ${i} ${randomUUID()},Retail,Shanghai`)].join(
      '\n',
    );
    const importing = accountsApi(setup, tenantId, '/csv/import', { method: 'POST', body: csv }).then(async (response) => {
      answeredAt = Date.now();
      return { status: response.status, body: (await response.json()) as { stored: number } };
    });
    await new Promise((resolve) => setTimeout(resolve, 300));
    signalledAt = Date.now();
    signal(running, 'SIGTERM', 'server');
    answer = await importing;
    exit = await within(running.exited, stopMs, 'stopping after the import');
  }, 60_000);

  it('finishes the import and answers it before exiting with code 0', () => {
    expect(answeredAt).toBeGreaterThan(signalledAt);
    expect(answer).toEqual({ status: 200, body: expect.objectContaining({ stored: rows, rejectedCount: 0 }) });
    expect(exit).toEqual({ code: 0, signal: null });
  });

  it('has every imported account after the next start', async () => {
    const running = await startAndWait(setup);
    const exported = await (await accountsApi(setup, tenantId, '/csv/export')).text();
    await stop(running, 'SIGTERM');

    expect(exported.trim().split('\n'), exported.slice(0, 300)).toHaveLength(rows + 1);
  });
});
