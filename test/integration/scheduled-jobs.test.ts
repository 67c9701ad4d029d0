// Scheduled jobs in the real server against a real Azurite: tenants found as they sign in, a missed slot caught up once,
// a failing job logged and tried again after a growing wait.
import { afterEach, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/server';
import { makeMessage, postActivity } from '../fixtures/activities';
import { eventually } from '../fixtures/entry-point';
import { finishedPerSlot, runsOf } from '../fixtures/job-plugin';
import {
  adminApi,
  capturingLogger,
  flowingClock,
  movableClock,
  newTablePrefix,
  scheduleTables,
  startJobServer,
} from '../fixtures/schedules';
import { newTenantId, startTestServer } from '../fixtures/server';

const running: RunningServer[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((server) => server.stop()));
});
const started = async (server: Promise<RunningServer>) => {
  running.push(await server);
  return running.at(-1)!;
};
const stopped = async (server: RunningServer) => {
  running.splice(running.indexOf(server), 1);
  await server.stop();
};
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('the tenants scheduled jobs run for', () => {
  it('records the tenant of a signed-in API request and of a bot turn', async () => {
    const prefix = newTablePrefix();
    const tables = await scheduleTables(prefix, movableClock('2026-03-02T08:00:00Z'));
    const server = await started(startJobServer(prefix, []));
    const [viaApi, viaBot] = [newTenantId(), newTenantId()];
    expect((await adminApi(server.url, viaApi).list()).status).toBe(200);
    expect((await postActivity(server.url, makeMessage('help', { tenantId: viaBot }))).status).toBe(200);
    expect(await tables.tenants.get(viaApi)).toMatchObject({ tenantId: viaApi, timeZone: 'UTC' });
    expect(await tables.tenants.get(viaBot)).toMatchObject({ tenantId: viaBot, timeZone: 'UTC' });
  });

  it('records the tenant of a bot turn outside local development mode, where no sign-in runs first', async () => {
    const prefix = newTablePrefix();
    const tables = await scheduleTables(prefix, movableClock('2026-03-02T08:00:00Z'));
    const server = await started(startTestServer({ TABLE_PREFIX: prefix, GUANXI_DEV_MODE: 'false', AAD_APP_CLIENT_ID: 'guanxi-test-app' }));
    const tenantId = newTenantId();
    expect((await postActivity(server.url, makeMessage('help', { tenantId }), {})).status).toBe(200);
    expect(await tables.tenants.get(tenantId)).toMatchObject({ tenantId });
  });
});

describe('a missed run after downtime', () => {
  it('runs the latest missed period once, not once per missed period', async () => {
    const prefix = newTablePrefix();
    const tenantId = newTenantId();
    const clock = movableClock('2026-03-02T08:07:00Z');
    const tables = await scheduleTables(prefix, clock);
    const jobs = [{ id: 'quarter-hourly', every: { minutes: 15 } }];
    const first = await started(startJobServer(prefix, jobs, { clock }));
    await adminApi(first.url, tenantId).list();
    await eventually(async () => finishedPerSlot(await runsOf(tables.runs, tenantId), 'quarter-hourly').size === 1, 5_000, 'the 08:00 run');
    await stopped(first);

    clock.set('2026-03-02T10:52:00Z');
    await started(startJobServer(prefix, jobs, { clock }));
    await eventually(
      async () => finishedPerSlot(await runsOf(tables.runs, tenantId), 'quarter-hourly').has('2026-03-02T10:45:00.000Z'),
      5_000,
      'the 10:45 catch-up',
    );
    clock.set('2026-03-02T10:59:59Z');
    await pause(500);
    expect(Object.fromEntries(finishedPerSlot(await runsOf(tables.runs, tenantId), 'quarter-hourly'))).toEqual({
      '2026-03-02T08:00:00.000Z': 1,
      '2026-03-02T10:45:00.000Z': 1,
    });

    clock.set('2026-03-02T11:00:00Z');
    await eventually(
      async () => finishedPerSlot(await runsOf(tables.runs, tenantId), 'quarter-hourly').has('2026-03-02T11:00:00.000Z'),
      5_000,
      'the 11:00 run',
    );
  });

  it("catches a daily job up once, at the time of day in the tenant's zone", async () => {
    const prefix = newTablePrefix();
    const tenantId = newTenantId();
    // 09:30 in Shanghai: today's 08:00 there (00:00 UTC) is due.
    const clock = movableClock('2026-03-02T01:30:00Z');
    const tables = await scheduleTables(prefix, clock);
    await tables.tenants.setTimeZone(tenantId, 'Asia/Shanghai');
    const jobs = [{ id: 'morning-digest', dailyAt: '08:00' }];
    const first = await started(startJobServer(prefix, jobs, { clock }));
    await eventually(
      async () => finishedPerSlot(await runsOf(tables.runs, tenantId), 'morning-digest').size === 1,
      5_000,
      'the first morning run',
    );
    await stopped(first);

    clock.set('2026-03-05T03:00:00Z');
    const second = await started(startJobServer(prefix, jobs, { clock }));
    await eventually(async () => finishedPerSlot(await runsOf(tables.runs, tenantId), 'morning-digest').size === 2, 5_000, 'the catch-up');
    await pause(500);
    expect(Object.fromEntries(finishedPerSlot(await runsOf(tables.runs, tenantId), 'morning-digest'))).toEqual({
      '2026-03-02T00:00:00.000Z': 1,
      '2026-03-05T00:00:00.000Z': 1,
    });
    const [listed] = await adminApi(second.url, tenantId).jobs();
    expect(listed).toMatchObject({
      timeZone: 'Asia/Shanghai',
      doneThrough: '2026-03-05T00:00:00.000Z',
      nextSlot: '2026-03-06T00:00:00.000Z',
      running: false,
    });
  });
});

describe('a failing job', () => {
  it('is logged with its context and tried again after a growing wait, not in a tight loop, until it succeeds', async () => {
    const prefix = newTablePrefix();
    const tenantId = newTenantId();
    const clock = flowingClock('2026-03-02T08:07:00Z');
    const tables = await scheduleTables(prefix, clock);
    await tables.tenants.ensure(tenantId);
    let failing = true;
    const log = capturingLogger();
    const server = await started(startJobServer(prefix, [{ id: 'flaky', every: { hours: 1 }, failing: () => failing }], { clock, log }));

    await pause(1_500);
    // Ticks every 50 ms: without the doubling wait (50, 100, 200, 400, 800 ms) this would be about 30 tries.
    const tries = (await runsOf(tables.runs, tenantId)).length;
    expect(tries).toBeGreaterThanOrEqual(3);
    expect(tries).toBeLessThanOrEqual(6);
    const failure = log.lines.find((line) => line.message.startsWith('a scheduled job failed'));
    expect(failure?.level).toBe('error');
    expect(failure?.context).toMatchObject({
      plugin: 'run-log',
      job: 'flaky',
      tenantId,
      scheduledFor: '2026-03-02T08:00:00.000Z',
      manual: false,
      reference: expect.any(String),
    });
    const [listed] = await adminApi(server.url, tenantId).jobs();
    expect(listed).toMatchObject({ failures: expect.any(Number), lastRun: { outcome: 'failed', error: { code: 'INTERNAL' } } });
    expect(listed!.doneThrough).toBeUndefined();

    failing = false;
    await eventually(
      async () => finishedPerSlot(await runsOf(tables.runs, tenantId), 'flaky').get('2026-03-02T08:00:00.000Z') === 1,
      8_000,
      'the successful retry',
    );
    const [after] = await adminApi(server.url, tenantId).jobs();
    expect(after).toMatchObject({ failures: 0, doneThrough: '2026-03-02T08:00:00.000Z', lastRun: { outcome: 'succeeded' } });
  });
});
