// The embedded Azurite under `npm start`: one server per data folder, and an emulator that dies is noticed and replaced.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findFreePort } from '../../src/storage/azurite';
import {
  accountsApi,
  eventually,
  lockHolder,
  newSetup,
  removeDataDirs,
  startAndWait,
  startEntry,
  startupMs,
  stop,
  type Setup,
} from '../fixtures/entry-point';
import { killStartedProcesses, processesMentioning, within, type Exit, type StartedProcess } from '../fixtures/process';
import { newTenantId } from '../fixtures/server';

const tenantId = newTenantId();

afterAll(() => {
  killStartedProcesses();
  removeDataDirs();
});

/** Every file of the data folder with its content. */
function dataFiles(setup: Setup): Record<string, string> {
  const folder = join(setup.dataDir, 'azurite');
  return Object.fromEntries(readdirSync(folder).map((name) => [name, readFileSync(join(folder, name), 'utf8')]));
}

const health = async (setup: Setup) => (await fetch(`http://127.0.0.1:${setup.port}/healthz`)).status;

describe('a second npm start on a data folder in use', { timeout: 60_000 }, () => {
  let setup: Setup;
  let first: StartedProcess;
  let second: StartedProcess;
  let exit: Exit;
  let before: Record<string, string>;

  beforeAll(async () => {
    setup = await newSetup();
    first = await startAndWait(setup);
    // The first instance saves the tables its start created within 5 s; after that only the second could change a file.
    await new Promise((resolve) => setTimeout(resolve, 6_000));
    before = dataFiles(setup);
    second = startEntry({ ...setup, port: await findFreePort(), azuritePort: await findFreePort() });
    exit = await within(second.exited, startupMs, 'refusing the second start');
  }, 60_000);

  afterAll(() => stop(first, 'SIGTERM'));

  it('exits non-zero naming the running instance by its pid, its address and its emulator port', () => {
    expect(exit.code).toBe(1);
    expect(second.stderr()).toContain(
      `Guanxi CRM could not start: Another Guanxi CRM (pid ${first.child.pid}, answering at http://127.0.0.1:${setup.port}, its Azurite on 127.0.0.1:${setup.azuritePort}) is using the data folder ${join(setup.dataDir, 'azurite')}.`,
    );
    expect(second.stderr()).toContain('set DATA_DIR to another folder');
  });

  it('leaves the data files as they were, starts no emulator, and the first instance keeps serving', async () => {
    expect(dataFiles(setup)).toEqual(before);
    expect(processesMentioning(setup.dataDir)).toHaveLength(1);
    expect(await health(setup)).toBe(200);
  });
});

describe('the emulator dying under a running server', { timeout: 90_000 }, () => {
  let setup: Setup;
  let running: StartedProcess;
  let accountId: string;
  let killedPid: number;
  let statusAfterKill: number;

  beforeAll(async () => {
    setup = await newSetup();
    running = await startAndWait(setup);
    const created = await accountsApi(setup, tenantId, '', { method: 'POST', body: JSON.stringify({ name: 'Saved before the crash' }) });
    accountId = ((await created.json()) as { id: string }).id;
    // The emulator saves every 5 s; what it saved is what a hard kill of it keeps.
    await new Promise((resolve) => setTimeout(resolve, 6_000));
    killedPid = lockHolder(setup).emulatorPid!;
    process.kill(killedPid, 'SIGKILL');
    await eventually(() => !existsSync(`/proc/${killedPid}`), 2_000, 'the emulator dying');
    statusAfterKill = await health(setup);
  }, 60_000);

  it('reports storage as down at /healthz at once', () => {
    expect(statusAfterKill).toBe(503);
  });

  it('starts the emulator again on the same data folder, with what it had saved', async () => {
    await eventually(async () => (await health(setup)) === 200, 15_000, 'storage healthy again');

    expect(lockHolder(setup).emulatorPid).not.toBe(killedPid);
    expect((await accountsApi(setup, tenantId, `/${accountId}`)).status).toBe(200);
  });

  it('stops with code 1 and says why when the emulator keeps dying', async () => {
    for (let kill = 0; kill < 3 && running.child.exitCode === null; kill += 1) {
      const pid = lockHolder(setup).emulatorPid!;
      process.kill(pid, 'SIGKILL');
      if (kill < 2)
        await eventually(
          async () => lockHolder(setup).emulatorPid !== pid && (await health(setup)) === 200,
          15_000,
          'the emulator started again',
        );
    }
    const exit = await within(running.exited, 15_000, 'giving up on the emulator');

    expect(exit).toEqual({ code: 1, signal: null });
    expect(running.stderr()).toMatch(
      /Guanxi CRM is stopping because its storage is gone: the embedded Azurite exited \(SIGKILL\), 4 times within a minute\./,
    );
    expect(processesMentioning(setup.dataDir)).toEqual([]);
  });
});
