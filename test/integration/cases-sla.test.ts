// SLA clocks over real HTTP and Azurite with a clock the test moves: the schedule marks at-risk and breached once, with
// their events; waiting on the customer pauses the clock, and a new priority keeps the paused time.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DomainEvent } from '../../src/core/events';
import { defineMessages } from '../../src/core/i18n';
import { definePlugin } from '../../src/core/plugin';
import { plugins } from '../../src/plugins';
import { casesPlugin, type CaseDetailBody, type CaseListBody } from '../../src/plugins/cases';
import type { RunningServer } from '../../src/server';
import { makeAccount } from '../fixtures/accounts';
import { apiAs, personIn } from '../fixtures/people';
import { movableClock } from '../fixtures/schedules';
import { newTenantId, startTestServer } from '../fixtures/server';

const received: DomainEvent[] = [];
const watcher = definePlugin({
  id: 'sla-watcher',
  dependsOn: { cases: casesPlugin },
  messages: defineMessages({ en: {}, 'zh-CN': {} }),
  setup: () => ({
    handles: {
      'case.slaAtRisk': async (event) => void received.push(event),
      'case.slaBreached': async (event) => void received.push(event),
    },
  }),
});

// Monday 7 December 2026, 10:00 in Shanghai: inside the default calendar's 09:00–18:00.
const clock = movableClock('2026-12-07T02:00:00.000Z');
let server: RunningServer;
beforeAll(async () => {
  server = await startTestServer({}, { plugins: [...plugins, watcher], clock });
});
afterAll(() => server.stop());

async function desk() {
  const tenantId = newTenantId();
  const admin = apiAs(server.url, personIn(tenantId, 'admin-1', 'Ada Admin'));
  expect((await admin.get('/people/me')).status).toBe(200);
  const account = await admin.post<{ id: string }>('/accounts', makeAccount({ name: `Fabrikam ${tenantId.slice(2, 8)}` }));
  const open = async (body: Record<string, unknown>) => {
    const opened = await admin.post<CaseDetailBody>('/cases', { accountId: account.body.id, ...body });
    expect(opened.status, JSON.stringify(opened.body)).toBe(201);
    return opened.body;
  };
  const act = async (detail: CaseDetailBody, body: Record<string, unknown>) => {
    const done = await admin.post<CaseDetailBody>(`/cases/${detail.case.number}/actions`, body, { 'if-match': detail.etag });
    expect(done.status, JSON.stringify(done.body)).toBe(200);
    return done.body;
  };
  const runSchedule = async () => {
    const run = await admin.post<{ outcome?: string }>('/admin/jobs/cases/sla-watch/run', {});
    expect(run.status, JSON.stringify(run.body)).toBe(200);
  };
  const read = async (number: number) => (await admin.get<CaseDetailBody>(`/cases/${number}`)).body;
  return { tenantId, admin, open, act, runSchedule, read };
}

const eventsOf = (tenantId: string, number: number) =>
  received.filter((event) => event.tenantId === tenantId && (event.payload as { number: number }).number === number);

describe('the SLA schedule', () => {
  it('marks a clock at risk, then breached, once each with its event, and the breach stays after the reply', async () => {
    clock.set('2026-12-07T02:00:00.000Z');
    const { tenantId, admin, open, act, runSchedule, read } = await desk();
    const urgent = await open({ title: 'Line down', priority: 'urgent' });
    expect(urgent.case.due).toMatchObject({ responseDueAt: '2026-12-07T02:30:00.000Z', responseWarnAt: '2026-12-07T02:22:30.000Z' });
    expect(urgent.clocks.response).toMatchObject({ state: 'on-track', dueAt: '2026-12-07T02:30:00.000Z' });

    clock.set('2026-12-07T02:23:00.000Z');
    await runSchedule();
    let detail = await read(urgent.case.number);
    expect(detail.case.marks).toEqual({ responseAtRiskAt: '2026-12-07T02:22:30.000Z' });
    expect(detail.clocks.response.state).toBe('at-risk');
    const atRisk = await admin.get<CaseListBody>('/cases?view=all&sla=at-risk');
    expect(atRisk.body.items.map((item) => item.number)).toEqual([urgent.case.number]);

    clock.set('2026-12-07T02:31:00.000Z');
    await runSchedule();
    await runSchedule();
    detail = await read(urgent.case.number);
    expect(detail.case.marks).toMatchObject({ responseBreachedAt: '2026-12-07T02:30:00.000Z' });
    expect(detail.clocks.response.state).toBe('breached');
    expect(detail.entries.filter((entry) => entry.kind === 'sla').map((entry) => entry.detail.state)).toEqual(['at-risk', 'breached']);
    const breached = await admin.get<CaseListBody>('/cases?view=all&sla=breached');
    expect(breached.body.items.map((item) => [item.number, item.slaState])).toEqual([[urgent.case.number, 'breached']]);

    await expect
      .poll(() => eventsOf(tenantId, urgent.case.number).map((event) => event.type))
      .toEqual(['case.slaAtRisk', 'case.slaBreached']);
    expect(eventsOf(tenantId, urgent.case.number)[1]!.payload).toMatchObject({
      clock: 'response',
      at: '2026-12-07T02:30:00.000Z',
      priority: 'urgent',
    });

    const replied = await act(detail, { action: 'reply', text: 'Engineer on the way' });
    expect(replied.clocks.response).toMatchObject({ state: 'breached', stoppedAt: '2026-12-07T02:31:00.000Z' });
  });

  it('pauses while waiting on the customer and keeps the paused time when the priority changes the policy', async () => {
    clock.set('2026-12-07T02:00:00.000Z');
    const { admin, open, act, read } = await desk();
    const normal = await open({ title: 'Report is slow', priority: 'normal' });
    expect(normal.case.sla).toMatchObject({ policyId: 'normal', responseMinutes: 240 });

    clock.set('2026-12-07T02:30:00.000Z');
    let detail = await act(normal, { action: 'wait', text: 'Asked for the report name' });
    expect(detail.clocks.response).toMatchObject({ state: 'paused', remainingMinutes: 210 });
    expect(detail.case.due.responseDueAt).toBeUndefined();
    const queue = await admin.get<CaseListBody>('/cases?view=all');
    expect(queue.body.items.map((item) => [item.number, item.slaState, item.dueKey])).toEqual([[normal.case.number, 'paused', '~']]);

    // A day later, still waiting: the priority goes up, and the new policy counts only the 30 minutes worked so far.
    clock.set('2026-12-08T02:00:00.000Z');
    detail = await act(detail, { action: 'priority', priority: 'high' });
    expect(detail.case.sla).toMatchObject({ policyId: 'high', responseMinutes: 60 });
    expect(detail.clocks.response).toMatchObject({ state: 'paused', remainingMinutes: 30 });

    clock.set('2026-12-08T02:30:00.000Z');
    detail = await act(detail, { action: 'resume' });
    expect(detail.case.pauses).toEqual([{ from: '2026-12-07T02:30:00.000Z', to: '2026-12-08T02:30:00.000Z' }]);
    expect(detail.clocks.response).toMatchObject({ state: 'on-track', dueAt: '2026-12-08T03:00:00.000Z' });
    expect((await read(normal.case.number)).case.due.responseDueAt).toBe('2026-12-08T03:00:00.000Z');
  });
});
