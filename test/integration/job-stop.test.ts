// A server stopped while a scheduled job runs: the run finishes within the stop's wait, or its slot is left to do and
// another server runs it; nothing is marked done that did not finish.
import { afterEach, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/server';
import { eventually } from '../fixtures/entry-point';
import { finishedPerSlot, runsOf, type RunLogJob } from '../fixtures/job-plugin';
import { flowingClock, jobLeaseName, newTablePrefix, scheduleTables, startJobServer } from '../fixtures/schedules';
import { newTenantId } from '../fixtures/server';

const running: RunningServer[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((server) => server.stop()));
});
const slot = '2026-03-02T08:00:00.000Z';

/** A server whose job `nightly` has started for the tenant; the job's options and the stop's wait as given. */
async function serverWithRunningJob(job: Omit<RunLogJob, 'id' | 'every' | 'dailyAt'>, env: Record<string, string>) {
  const prefix = newTablePrefix();
  const tenantId = newTenantId();
  const clock = flowingClock('2026-03-02T08:07:00Z');
  const tables = await scheduleTables(prefix, clock);
  await tables.tenants.ensure(tenantId);
  const server = await startJobServer(prefix, [{ id: 'nightly', every: { hours: 1 }, ...job }], { clock, env });
  running.push(server);
  await eventually(async () => (await runsOf(tables.runs, tenantId)).length === 1, 5_000, 'the run to start');
  return { prefix, tenantId, clock, tables, server };
}

async function timed(work: Promise<void>): Promise<number> {
  const startedAt = Date.now();
  await work;
  return Date.now() - startedAt;
}

describe('stopping while a scheduled job runs', () => {
  it("waits for the run to finish within the stop's wait, and records its slot as done", async () => {
    const { tenantId, tables, server } = await serverWithRunningJob({ workMs: 1_000 }, { SCHEDULER_STOP_MS: '5000' });
    running.splice(0);
    const tookMs = await timed(server.stop());
    expect(tookMs).toBeGreaterThan(200);
    expect(tookMs).toBeLessThan(4_000);
    expect(await runsOf(tables.runs, tenantId)).toMatchObject([{ scheduledFor: slot, status: 'finished' }]);
    const lease = await tables.leases.peek(tenantId, jobLeaseName('nightly'));
    expect(lease).toMatchObject({ held: false, state: { doneThrough: slot, lastRun: { outcome: 'succeeded' } } });
  });

  it('hands over a run that outlasts the wait: its slot is not marked done, its lease is freed, and another server runs it', async () => {
    const { prefix, tenantId, clock, tables, server } = await serverWithRunningJob({ workMs: 20_000 }, { SCHEDULER_STOP_MS: '300' });
    running.splice(0);
    expect(await timed(server.stop())).toBeLessThan(3_000);
    expect(await runsOf(tables.runs, tenantId)).toMatchObject([{ status: 'started' }]);
    const lease = await tables.leases.peek(tenantId, jobLeaseName('nightly'));
    expect(lease?.held).toBe(false);
    expect(lease?.state).toBeNull();

    running.push(await startJobServer(prefix, [{ id: 'nightly', every: { hours: 1 } }], { clock }));
    await eventually(
      async () => finishedPerSlot(await runsOf(tables.runs, tenantId), 'nightly').get(slot) === 1,
      5_000,
      "the other server's run",
    );
  });

  it("leaves a run that ignores the abort to its lease's expiry, after which another server runs the slot once", async () => {
    const { prefix, tenantId, clock, tables, server } = await serverWithRunningJob(
      { workMs: 2_500, abortable: false },
      { SCHEDULER_STOP_MS: '200', SCHEDULER_LEASE_MS: '1500' },
    );
    running.splice(0);
    expect(await timed(server.stop())).toBeLessThan(2_500);
    const lease = await tables.leases.peek(tenantId, jobLeaseName('nightly'));
    expect(lease?.held).toBe(true);

    running.push(await startJobServer(prefix, [{ id: 'nightly', every: { hours: 1 } }], { clock }));
    await eventually(
      async () => finishedPerSlot(await runsOf(tables.runs, tenantId), 'nightly').get(slot) === 1,
      8_000,
      'the run after the lease expired',
    );
    // The first run ends later, sees its abort and records no end: the slot finished once.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(Object.fromEntries(finishedPerSlot(await runsOf(tables.runs, tenantId), 'nightly'))).toEqual({ [slot]: 1 });
    expect((await tables.leases.peek(tenantId, jobLeaseName('nightly')))?.state).toMatchObject({ doneThrough: slot });
  });
});
