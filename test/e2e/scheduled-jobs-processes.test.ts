// Two server processes on one storage account run one schedule: every slot runs exactly once, whichever process runs it.
import { afterAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { finishedPerSlot, runsOf, type RunLogJob } from '../fixtures/job-plugin';
import { killStartedProcesses, startScript, within } from '../fixtures/process';
import { adminApi, newTablePrefix, scheduleTables } from '../fixtures/schedules';
import { newTenantId } from '../fixtures/server';
import { startupMs, stopMs } from '../fixtures/entry-point';

afterAll(() => killStartedProcesses());

const periodMs = 1_000;
const jobs: RunLogJob[] = [{ id: 'every-second', every: { seconds: 1 }, workMs: 300 }];

function startJobProcess(prefix: string) {
  return startScript('test/fixtures/job-server.ts', {
    HOST: '127.0.0.1',
    PORT: '0',
    AZURE_TABLES_CONNECTION_STRING: inject('azuriteConnectionString'),
    TABLE_PREFIX: prefix,
    SCHEDULER_TICK_MS: '50',
    SCHEDULER_LEASE_MS: '3000',
    LOG_LEVEL: 'warn',
    RUN_LOG_JOBS: JSON.stringify(jobs),
  });
}

describe('two server processes on one storage account', { timeout: 90_000 }, () => {
  it('run each slot of a schedule exactly once, and every slot while they are up', async () => {
    const prefix = newTablePrefix();
    const tenantId = newTenantId();
    const tables = await scheduleTables(prefix, { now: () => new Date() });
    const processes = [startJobProcess(prefix), startJobProcess(prefix)];
    await Promise.all(processes.map((started) => started.waitForStdout('listening on ', startupMs)));
    const url = /listening on (\S+)/.exec(processes[0]!.stdout())![1]!;
    expect((await adminApi(url, tenantId).list()).status).toBe(200);

    await new Promise((resolve) => setTimeout(resolve, 6 * periodMs));
    for (const started of processes) started.child.kill('SIGTERM');
    const exits = await within(Promise.all(processes.map((started) => started.exited)), stopMs, 'stopping both servers');
    expect(exits).toEqual([
      { code: 0, signal: null },
      { code: 0, signal: null },
    ]);

    const rows = await runsOf(tables.runs, tenantId);
    const finished = finishedPerSlot(rows, 'every-second');
    // One row per run: a slot started twice would have two, and every run that started also finished.
    expect(rows.every((row) => row.status === 'finished')).toBe(true);
    expect([...finished.values()].every((count) => count === 1)).toBe(true);
    const slots = [...finished.keys()].map(Date.parse).sort((a, b) => a - b);
    expect(slots.length).toBeGreaterThanOrEqual(4);
    expect(slots.map((slot) => slot - slots[0]!)).toEqual(slots.map((_, index) => index * periodMs));
  });
});
