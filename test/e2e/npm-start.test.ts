// The `npm start` entry point as a new user runs it: its URLs, health, data kept across restarts, clean stops and clear refusals.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  accountsApi,
  newSetup,
  removeDataDirs,
  startAndWait,
  startEntry as start,
  startupMs,
  stop,
  type Setup,
} from '../fixtures/entry-point';
import {
  killStartedProcesses,
  processesMentioning,
  refusesConnections,
  repoRoot,
  startMain,
  within,
  type Exit,
  type StartedProcess,
} from '../fixtures/process';
import { lockFileName } from '../../src/storage/data-folder-lock';
import { newTenantId } from '../fixtures/server';

const packageVersion: string = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')).version;

/** The URL printed after `label:` in the start-up banner. */
function printedUrl(running: StartedProcess, label: string): string | undefined {
  const line = running
    .stdout()
    .split('\n')
    .find((text) => text.trim().startsWith(`${label}:`));
  return line?.slice(line.indexOf(':') + 1).trim();
}

afterAll(() => {
  killStartedProcesses();
  removeDataDirs();
});

describe('npm start', { timeout: 60_000 }, () => {
  const tenantId = newTenantId();
  let setup: Setup;
  let running: StartedProcess;

  beforeAll(async () => {
    setup = await newSetup();
    running = await startAndWait(setup);
  }, 60_000);

  it('prints the bot endpoint, every tab and the health URLs on the chosen port', () => {
    const base = `http://127.0.0.1:${setup.port}`;

    expect(printedUrl(running, 'Bot endpoint')).toBe(`${base}/api/messages`);
    expect(printedUrl(running, 'Home tab')).toBe(`${base}/tabs/home/`);
    expect(printedUrl(running, 'Pipeline tab')).toBe(`${base}/tabs/pipeline/`);
    expect(printedUrl(running, 'Health')).toBe(`${base}/healthz`);
  });

  it('serves a page at every tab URL it prints', async () => {
    const tabUrls = running
      .stdout()
      .split('\n')
      .filter((line) => /^\s+[\w ]+ tab:/.test(line))
      .map((line) => line.slice(line.indexOf(':') + 1).trim());

    expect(tabUrls.length).toBeGreaterThanOrEqual(2);
    for (const url of tabUrls) {
      const response = await fetch(url);
      expect(response.status, url).toBe(200);
      expect(response.headers.get('content-type'), url).toContain('text/html');
    }
  });

  it('reports healthy storage, the accounts plugin and the package version at /healthz', async () => {
    const response = await fetch(`http://127.0.0.1:${setup.port}/healthz`);

    expect(response.status).toBe(200);
    const body = (await response.json()) as { storage: string; plugins: string[]; version: string };
    expect(body.storage).toBe('ok');
    expect(body.plugins).toContain('accounts');
    expect(body.version).toBe(packageVersion);
  });

  it('creates an account through the tab API', async () => {
    const response = await accountsApi(setup, tenantId, '', { method: 'POST', body: JSON.stringify({ name: 'Persistent Co' }) });

    expect(response.status).toBe(201);
    expect(await response.json()).toMatchObject({ name: 'Persistent Co' });
  });

  it('exits with code 0 within 10 s on SIGINT', async () => {
    const exit = await stop(running, 'SIGINT');

    expect(exit).toEqual({ code: 0, signal: null });
  });

  it('leaves neither port listening and no Azurite running after SIGINT', async () => {
    expect(await refusesConnections(setup.port)).toBe(true);
    expect(await refusesConnections(setup.azuritePort)).toBe(true);
    expect(processesMentioning(setup.dataDir)).toEqual([]);
  });

  it('still has the account after a restart on the same data folder and ports', async () => {
    running = await startAndWait(setup);

    const response = await accountsApi(setup, tenantId, '?q=persistent');

    expect(response.status).toBe(200);
    const body = (await response.json()) as { items: { name: string }[] };
    expect(body.items.map((item) => item.name)).toEqual(['Persistent Co']);
  });

  it('exits with code 0 within 10 s on SIGTERM', async () => {
    const exit = await stop(running, 'SIGTERM');

    expect(exit).toEqual({ code: 0, signal: null });
  });

  it('leaves neither port listening and no Azurite running after SIGTERM', async () => {
    expect(await refusesConnections(setup.port)).toBe(true);
    expect(await refusesConnections(setup.azuritePort)).toBe(true);
    expect(processesMentioning(setup.dataDir)).toEqual([]);
  });
});

describe('npm start in dev mode on 0.0.0.0', { timeout: 60_000 }, () => {
  let setup: Setup;
  let running: StartedProcess;
  let exit: Exit;

  beforeAll(async () => {
    setup = await newSetup();
    running = start(setup, { HOST: '0.0.0.0', GUANXI_DEV_MODE: 'true' });
    exit = await within(running.exited, startupMs, 'refusing the configuration');
  }, 60_000);

  it('exits non-zero and explains on stderr that dev mode is loopback only', () => {
    expect(exit.code).not.toBe(0);
    expect(running.stderr()).toMatch(/^Guanxi CRM could not start: .*loopback/m);
  });

  it('refuses before starting Azurite', async () => {
    expect(existsSync(join(setup.dataDir, 'azurite'))).toBe(false);
    expect(await refusesConnections(setup.azuritePort)).toBe(true);
    expect(processesMentioning(setup.dataDir)).toEqual([]);
  });
});

/** A start while a plain listener holds one of its ports: what it printed and how it exited. */
interface HeldPortStart {
  setup: Setup;
  running: StartedProcess;
  exit: Exit;
}

function startWithPortHeld(which: 'port' | 'azuritePort'): { started: () => HeldPortStart } {
  let started: HeldPortStart;
  let holder: Server;
  beforeAll(async () => {
    const setup = await newSetup();
    holder = createServer();
    await new Promise<void>((resolve, reject) => holder.once('error', reject).listen(setup[which], '127.0.0.1', resolve));
    const running = start(setup);
    started = { setup, running, exit: await within(running.exited, startupMs, 'giving up on the taken port') };
  }, 60_000);
  afterAll(() => new Promise<void>((resolve) => holder.close(() => resolve())));
  return { started: () => started };
}

describe('npm start when the Azurite port is taken', { timeout: 60_000 }, () => {
  const { started } = startWithPortHeld('azuritePort');

  it('exits non-zero saying another program holds the port and which setting picks another', () => {
    const { setup, running, exit } = started();
    expect(exit.code).not.toBe(0);
    expect(running.stderr()).toContain(
      `Guanxi CRM could not start: Port ${setup.azuritePort} on 127.0.0.1, where the embedded Azurite listens, is taken by another program`,
    );
    expect(running.stderr()).toContain('set AZURITE_TABLE_PORT to a free port');
  });

  it('leaves no server listening and no Azurite running', async () => {
    const { setup } = started();
    expect(await refusesConnections(setup.port)).toBe(true);
    expect(processesMentioning(setup.dataDir)).toEqual([]);
  });
});

describe('npm start when the server port is taken', { timeout: 60_000 }, () => {
  const { started } = startWithPortHeld('port');

  it('exits non-zero saying another program holds the port and which setting picks another', () => {
    const { setup, running, exit } = started();
    expect(exit.code).toBe(1);
    expect(running.stderr()).toContain(
      `Guanxi CRM could not start: Port ${setup.port} on 127.0.0.1 is taken by another program. Stop it, or set PORT to a free port.`,
    );
  });

  it('stops the Azurite it had started and releases the data folder', async () => {
    const { setup } = started();
    expect(await refusesConnections(setup.azuritePort)).toBe(true);
    expect(processesMentioning(setup.dataDir)).toEqual([]);
    expect(existsSync(join(setup.dataDir, 'azurite', lockFileName))).toBe(false);
  });
});

describe('npm start with its settings in an env file', { timeout: 60_000 }, () => {
  let setup: Setup;
  let running: StartedProcess;

  beforeAll(async () => {
    setup = await newSetup();
    const envFile = join(setup.dataDir, 'settings.env');
    writeFileSync(envFile, `PORT=${setup.port}\nAZURITE_TABLE_PORT=${setup.azuritePort}\nDATA_DIR=${setup.dataDir}\nLOG_LEVEL=warn\n`);
    running = startMain({ GUANXI_ENV_FILE: envFile });
    await running.waitForStdout('Press Ctrl-C to stop.', startupMs);
  }, 60_000);

  afterAll(() => stop(running, 'SIGTERM'));

  it('listens on the port, and runs the emulator on the port and in the folder, that the file names', async () => {
    expect(printedUrl(running, 'Health')).toBe(`http://127.0.0.1:${setup.port}/healthz`);
    expect((await fetch(`http://127.0.0.1:${setup.port}/healthz`)).status).toBe(200);
    expect(await refusesConnections(setup.azuritePort)).toBe(false);
    expect(existsSync(join(setup.dataDir, 'azurite', lockFileName))).toBe(true);
  });
});
