// The admin API for scheduled jobs over real HTTP: admins only, a run now under the job's lease, its outcome and listing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/server';
import type { ErrorBody } from '../fixtures/api';
import { finishedPerSlot, runsOf } from '../fixtures/job-plugin';
import { adminApi, jobLeaseName, movableClock, newTablePrefix, scheduleTables, startJobServer } from '../fixtures/schedules';
import { newTenantId } from '../fixtures/server';

const prefix = newTablePrefix();
const clock = movableClock('2026-03-02T08:07:00Z');
let tables: Awaited<ReturnType<typeof scheduleTables>>;
let server: RunningServer;
let failing = false;
beforeAll(async () => {
  tables = await scheduleTables(prefix, clock);
  // Ticks an hour apart: after the first (which finds no tenant) only the admin API runs these jobs.
  server = await startJobServer(
    prefix,
    [
      { id: 'quarter-hourly', every: { minutes: 15 } },
      { id: 'slow', every: { hours: 1 }, workMs: 1_500 },
      { id: 'flaky', dailyAt: '06:00', failing: () => failing },
    ],
    { clock, env: { SCHEDULER_TICK_MS: '3600000' } },
  );
});
afterAll(() => server.stop());

type RunBody = {
  job: { jobId: string; doneThrough?: string; lastRun?: { manual: boolean } };
  run: { outcome: string; scheduledFor: string; error?: { code: string; reference: string } };
};

describe('admin API: scheduled jobs', () => {
  it("refuses a rep, in the caller's language, and runs nothing", async () => {
    const tenantId = newTenantId();
    const english = await adminApi(server.url, tenantId, 'rep').run('quarter-hourly');
    expect(english.status).toBe(403);
    expect((english.body as ErrorBody).error).toMatchObject({ code: 'FORBIDDEN', message: 'You are not allowed to do this.' });
    const chinese = await adminApi(server.url, tenantId, 'rep,manager', 'zh-CN').list();
    expect(chinese.status).toBe(403);
    expect((chinese.body as ErrorBody).error.message).toBe('您没有执行此操作的权限。');
    expect(await runsOf(tables.runs, tenantId)).toEqual([]);
  });

  it("runs a job now for the admin's tenant, for its latest slot, and lists that run", async () => {
    const tenantId = newTenantId();
    const admin = adminApi(server.url, tenantId);
    const response = await admin.run('quarter-hourly');
    expect(response.status).toBe(200);
    const body = response.body as RunBody;
    expect(body.run).toMatchObject({ outcome: 'succeeded', scheduledFor: '2026-03-02T08:00:00.000Z' });
    expect(body.job).toMatchObject({ jobId: 'quarter-hourly', doneThrough: '2026-03-02T08:00:00.000Z', lastRun: { manual: true } });
    expect(Object.fromEntries(finishedPerSlot(await runsOf(tables.runs, tenantId), 'quarter-hourly'))).toEqual({
      '2026-03-02T08:00:00.000Z': 1,
    });
    const listed = await admin.jobs();
    expect(listed.map((job) => `${job.pluginId}/${job.jobId}`)).toEqual(['run-log/quarter-hourly', 'run-log/slow', 'run-log/flaky']);
    expect(listed[0]).toMatchObject({
      cadence: { every: { minutes: 15 } },
      timeZone: 'UTC',
      running: false,
      nextSlot: '2026-03-02T08:15:00.000Z',
      lastRun: { outcome: 'succeeded', manual: true },
    });
    expect(listed[2]).toMatchObject({ cadence: { dailyAt: '06:00' }, nextSlot: '2026-03-02T06:00:00.000Z', failures: 0 });
    expect(listed[2]!.lastRun).toBeUndefined();
  });

  it('answers 409 while another process holds the job, and runs it once that process lets go', async () => {
    const tenantId = newTenantId();
    const elsewhere = await tables.leases.take(tenantId, jobLeaseName('quarter-hourly'), 'another-server', 60_000);
    const refused = await adminApi(server.url, tenantId).run('quarter-hourly');
    expect(refused.status).toBe(409);
    expect((refused.body as ErrorBody).error).toMatchObject({
      code: 'JOB_RUNNING',
      message: expect.stringContaining('"quarter-hourly" of run-log is running right now'),
    });
    expect((await adminApi(server.url, tenantId).jobs())[0]!.running).toBe(true);
    expect(await runsOf(tables.runs, tenantId)).toEqual([]);

    await elsewhere!.release();
    expect((await adminApi(server.url, tenantId).run('quarter-hourly')).status).toBe(200);
  });

  it('answers 409 to a second run while the first is still running in this server', async () => {
    const tenantId = newTenantId();
    const admin = adminApi(server.url, tenantId, 'admin', 'zh-CN');
    const first = admin.run('slow');
    await new Promise((resolve) => setTimeout(resolve, 500));
    const second = await admin.run('slow');
    expect(second.status).toBe(409);
    expect((second.body as ErrorBody).error.message).toContain('正在为本组织运行');
    expect((await first).status).toBe(200);
    expect(finishedPerSlot(await runsOf(tables.runs, tenantId), 'slow').size).toBe(1);
  });

  it('answers a failed run with its outcome and the reference of its log line, and leaves the slot to do', async () => {
    const tenantId = newTenantId();
    failing = true;
    const response = await adminApi(server.url, tenantId).run('flaky');
    failing = false;
    expect(response.status).toBe(200);
    expect((response.body as RunBody).run).toMatchObject({
      outcome: 'failed',
      scheduledFor: '2026-03-02T06:00:00.000Z',
      error: { code: 'INTERNAL', reference: expect.any(String) },
    });
    const [, , flaky] = await adminApi(server.url, tenantId).jobs();
    expect(flaky).toMatchObject({ failures: 1, nextSlot: '2026-03-02T06:00:00.000Z', lastRun: { outcome: 'failed' } });
    expect(flaky!.doneThrough).toBeUndefined();
  });

  it('names an unknown job and refuses ids that are not kebab-case', async () => {
    const admin = adminApi(server.url, newTenantId());
    const unknown = await admin.run('nightly');
    expect(unknown.status).toBe(404);
    expect((unknown.body as ErrorBody).error.message).toBe('No scheduled job was found for "run-log/nightly".');
    const invalid = await admin.run('Nightly_Run');
    expect(invalid.status).toBe(400);
    expect((invalid.body as ErrorBody).error).toMatchObject({ code: 'VALIDATION_FAILED', message: expect.stringContaining('jobId') });
  });
});
