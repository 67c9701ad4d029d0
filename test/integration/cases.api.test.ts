// Service cases over real HTTP and Azurite: the complaint's eight steps with a rep and a manager, the shorter flow, SLA pausing, queues, KPIs and bad input.
import { execFile } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { RunningServer } from '../../src/server';
import type { CaseDetailBody, CaseListBody, KpisBody, SettingsBody } from '../../src/plugins/cases';
import { makeAccount } from '../fixtures/accounts';
import { apiAs, personIn, type TestPerson } from '../fixtures/people';
import { repoRoot } from '../fixtures/process';
import { newTenantId, startTestServer } from '../fixtures/server';

let server: RunningServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.stop());

interface Desk {
  admin: ReturnType<typeof apiAs>;
  rep: ReturnType<typeof apiAs>;
  manager: ReturnType<typeof apiAs>;
  outsider: ReturnType<typeof apiAs>;
  people: Record<'admin' | 'rep' | 'manager' | 'outsider', TestPerson>;
  teamId: string;
  accountId: string;
}

/** A tenant with a service team (a rep in it, a manager over it), an outsider rep, and one account. */
async function serviceDesk(locale = 'en'): Promise<Desk> {
  const tenantId = newTenantId();
  const people = {
    admin: personIn(tenantId, 'admin-1', 'Ada Admin'),
    rep: personIn(tenantId, 'rep-1', 'Li Lei'),
    manager: personIn(tenantId, 'mgr-1', 'Wang Fang'),
    outsider: personIn(tenantId, 'rep-2', 'Olga Other'),
  };
  const admin = apiAs(server.url, people.admin, locale);
  expect((await admin.get('/people/me')).status).toBe(200);
  const rep = apiAs(server.url, people.rep, locale);
  const manager = apiAs(server.url, people.manager, locale);
  const outsider = apiAs(server.url, people.outsider, locale);
  for (const api of [rep, manager, outsider]) expect((await api.get('/people/me')).status).toBe(200);
  const team = await admin.post<{ id: string }>('/people/teams', { name: 'Service East', kind: 'service' });
  expect(team.status).toBe(201);
  expect((await admin.call('PUT', `/people/teams/${team.body.id}/members/rep-1`)).status).toBe(200);
  expect((await admin.call('PUT', `/people/teams/${team.body.id}/manager`, { userId: 'mgr-1' })).status).toBe(200);
  const account = await rep.post<{ id: string }>('/accounts', makeAccount({ name: `Contoso ${tenantId.slice(2, 8)}` }));
  expect(account.status).toBe(201);
  return { admin, rep, manager, outsider, people, teamId: team.body.id, accountId: account.body.id };
}

/** `npm run verify -- --tenant <id>`, as an operator runs it against the same storage. */
function verify(tenantId: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', 'src/views.cli.ts', 'verify', '--tenant', tenantId],
      {
        cwd: repoRoot,
        env: { ...process.env, GUANXI_ENV_FILE: '', AZURE_TABLES_CONNECTION_STRING: inject('azuriteConnectionString'), LOG_LEVEL: 'error' },
        timeout: 60_000,
      },
      (error, stdout, stderr) => resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr }),
    );
  });
}

async function act(api: Desk['rep'], detail: CaseDetailBody, body: Record<string, unknown>) {
  return api.post<CaseDetailBody>(`/cases/C-${detail.case.number}/actions`, body, { 'if-match': detail.etag });
}

async function actOk(api: Desk['rep'], detail: CaseDetailBody, body: Record<string, unknown>): Promise<CaseDetailBody> {
  const done = await act(api, detail, body);
  expect(done.status, JSON.stringify(done.body)).toBe(200);
  return done.body;
}

describe('a complaint through its eight steps', () => {
  it('goes step by step, only the team manager approves, a send-back returns to step 5, and every step is in the history', async () => {
    const desk = await serviceDesk();
    const opened = await desk.rep.post<CaseDetailBody>('/cases', {
      title: 'Invoice charged twice',
      description: 'The customer was billed twice for November.',
      type: 'complaint',
      priority: 'high',
      accountId: desk.accountId,
      teamId: desk.teamId,
    });
    expect(opened.status, JSON.stringify(opened.body)).toBe(201);
    let detail = opened.body;
    expect(detail.case).toMatchObject({ number: 1001, status: 'new', complaint: { step: 1 }, teamName: 'Service East' });
    expect(detail.allowed).toContainEqual({ action: 'step', step: 2 });

    // A step cannot be skipped.
    const skipped = await act(desk.rep, detail, { action: 'step', step: 3, department: 'Billing' });
    expect(skipped.status).toBe(409);
    expect(skipped.body).toMatchObject({ error: { code: 'COMPLAINT_STEP_OUT_OF_ORDER' } });

    detail = await actOk(desk.rep, detail, { action: 'step', step: 2, valid: true, notes: 'Two charges on the statement' });
    detail = await actOk(desk.rep, detail, { action: 'step', step: 3, department: 'Billing' });
    detail = await actOk(desk.rep, detail, { action: 'step', step: 4, cause: 'billing', notes: 'Batch job ran twice' });
    detail = await actOk(desk.rep, detail, { action: 'step', step: 5, notes: 'Refund the second charge' });

    // Step 6 is the manager's: the rep is refused, and is not offered it.
    expect(detail.allowed.some((one) => one.action === 'step')).toBe(false);
    const byRep = await act(desk.rep, detail, { action: 'step', step: 6, approved: true });
    expect(byRep.status).toBe(403);
    expect(byRep.body).toMatchObject({ error: { code: 'APPROVAL_MANAGER_ONLY' } });

    let seen = (await desk.manager.get<CaseDetailBody>('/cases/C-1001')).body;
    expect(seen.managesTeam).toBe(true);
    expect(seen.allowed).toContainEqual({ action: 'step', step: 6 });
    const noNote = await act(desk.manager, seen, { action: 'step', step: 6, approved: false });
    expect(noNote.status).toBe(400);
    expect(noNote.body).toMatchObject({ error: { code: 'COMPLAINT_STEP_INCOMPLETE' } });
    seen = await actOk(desk.manager, seen, { action: 'step', step: 6, approved: false, notes: 'Add a goodwill credit' });
    expect(seen.case.complaint).toMatchObject({ step: 4, sentBackNote: 'Add a goodwill credit' });

    detail = (await desk.rep.get<CaseDetailBody>('/cases/1001')).body;
    expect(detail.allowed).toContainEqual({ action: 'step', step: 5 });
    detail = await actOk(desk.rep, detail, { action: 'step', step: 5, notes: 'Refund plus a 5% credit' });
    seen = (await desk.manager.get<CaseDetailBody>('/cases/1001')).body;
    seen = await actOk(desk.manager, seen, { action: 'step', step: 6, approved: true });
    detail = (await desk.rep.get<CaseDetailBody>('/cases/1001')).body;
    detail = await actOk(desk.rep, detail, {
      action: 'step',
      step: 7,
      notes: 'Refunded; customer told by phone',
      feedback: 'Happy',
      rating: 4,
    });
    expect(detail.case).toMatchObject({ status: 'resolved', satisfaction: { rating: 4 } });
    detail = await actOk(desk.rep, detail, { action: 'step', step: 8, notes: 'Billing job now idempotent' });
    expect(detail.case.status).toBe('closed');
    expect(detail.allowed.some((one) => one.action === 'step')).toBe(false);

    const steps = detail.entries.filter((entry) => entry.kind === 'step' || entry.kind === 'opened');
    expect(steps.map((entry) => [entry.step ?? entry.detail.step, entry.byUserId])).toEqual([
      [1, 'rep-1'],
      [2, 'rep-1'],
      [3, 'rep-1'],
      [4, 'rep-1'],
      [5, 'rep-1'],
      [6, 'mgr-1'],
      [5, 'rep-1'],
      [6, 'mgr-1'],
      [7, 'rep-1'],
      [8, 'rep-1'],
    ]);
    const sentBack = detail.entries.find((entry) => entry.kind === 'step' && entry.detail.approved === false);
    expect(sentBack).toMatchObject({ text: 'Add a goodwill credit', byName: 'Wang Fang' });
    expect(detail.entries.every((entry) => entry.at && entry.byName)).toBe(true);
    expect(detail.entries.map((entry) => entry.seq)).toEqual(detail.entries.map((_, i) => i + 1));
  });
});

describe('the shorter flow and the SLA clocks', () => {
  it('pauses while waiting on the customer, stops the response clock on a reply and not a note, and keeps the breach', async () => {
    const desk = await serviceDesk();
    let detail = (
      await desk.rep.post<CaseDetailBody>('/cases', {
        title: 'Printer jams',
        type: 'after-sales',
        priority: 'urgent',
        accountId: desk.accountId,
        teamId: desk.teamId,
      })
    ).body;
    expect(detail.case.sla).toMatchObject({ policyId: 'urgent', responseMinutes: 30, resolutionMinutes: 240 });
    expect(
      detail.clocks.response.state === 'on-track' || detail.clocks.response.state === 'paused' || detail.clocks.response.dueAt,
    ).toBeTruthy();

    detail = await actOk(desk.rep, detail, { action: 'note', text: 'Internal: check the firmware' });
    expect(detail.case.firstResponseAt).toBeUndefined();
    detail = await actOk(desk.rep, detail, { action: 'reply', text: 'We are on it' });
    expect(detail.case.firstResponseAt).toBeDefined();
    expect(detail.clocks.response.state).toMatch(/met|breached/);
    expect(detail.case.status).toBe('in-progress');

    detail = await actOk(desk.rep, detail, { action: 'wait' });
    expect(detail.case.status).toBe('waiting');
    expect(detail.case.pauses.at(-1)?.to).toBeUndefined();
    expect(detail.clocks.resolution.state).toMatch(/paused|breached/);
    expect(detail.clocks.resolution.dueAt).toBeUndefined();
    detail = await actOk(desk.rep, detail, { action: 'resume' });
    expect(detail.case.pauses).toHaveLength(1);
    expect(detail.case.pauses[0]!.to).toBeDefined();

    detail = await actOk(desk.rep, detail, { action: 'resolve', resolution: 'Replaced the roller', rating: '5', comment: 'fast' });
    expect(detail.case).toMatchObject({ status: 'resolved', satisfaction: { rating: 5, comment: 'fast' } });
    expect(detail.allowed.map((one) => one.action)).toEqual(expect.arrayContaining(['close', 'reopen']));
    detail = await actOk(desk.rep, detail, { action: 'close' });
    detail = await actOk(desk.rep, detail, { action: 'reopen', reason: 'Jams again' });
    expect(detail.case).toMatchObject({ status: 'in-progress' });
    expect(detail.case.resolvedAt).toBeUndefined();
  });

  it('answers a stale ETag with CONFLICT carrying the fresh case', async () => {
    const desk = await serviceDesk();
    const first = (
      await desk.rep.post<CaseDetailBody>('/cases', {
        title: 'Training request',
        type: 'after-sales',
        accountId: desk.accountId,
        teamId: desk.teamId,
      })
    ).body;
    await actOk(desk.rep, first, { action: 'note', text: 'one' });
    const stale = await act(desk.rep, first, { action: 'note', text: 'two' });
    expect(stale.status).toBe(409);
    const current = (stale.body as unknown as { error: { details: { current: CaseDetailBody } } }).error.details.current;
    expect(current.entries.map((entry) => entry.text)).toContain('one');
    expect(current.etag).not.toBe(first.etag);
  });
});

describe('queues and KPIs', () => {
  it("lists a team queue in SLA order with filters, my cases, an account's cases, and the KPIs", async () => {
    const desk = await serviceDesk();
    const open = (body: Record<string, unknown>) =>
      desk.rep.post<CaseDetailBody>('/cases', { accountId: desk.accountId, teamId: desk.teamId, ...body });
    const low = (await open({ title: 'Low one', priority: 'low' })).body;
    const urgent = (await open({ title: 'Urgent one', priority: 'urgent' })).body;
    await open({ title: 'Complaint one', type: 'complaint' });

    const queue = await desk.rep.get<CaseListBody>(`/cases?view=team&teamId=${desk.teamId}`);
    expect(queue.status).toBe(200);
    expect(queue.body.items.map((item) => item.title)).toEqual(['Urgent one', 'Complaint one', 'Low one']);
    const urgentOnly = await desk.rep.get<CaseListBody>(`/cases?view=team&teamId=${desk.teamId}&priority=urgent`);
    expect(urgentOnly.body.items.map((item) => item.number)).toEqual([urgent.case.number]);
    const complaints = await desk.rep.get<CaseListBody>(`/cases?view=opened&type=complaint`);
    expect(complaints.body.items.map((item) => item.title)).toEqual(['Complaint one']);
    const account = await desk.rep.get<CaseListBody>(`/cases/accounts/${desk.accountId}/cases`);
    expect(account.body.items).toHaveLength(3);

    const outsider = await desk.outsider.get(`/cases?view=team&teamId=${desk.teamId}`);
    expect(outsider.status).toBe(403);
    expect((await desk.outsider.get('/cases/C-1001')).status).toBe(403);

    await actOk(desk.rep, low, { action: 'take' });
    const mine = await desk.rep.get<CaseListBody>('/cases?view=mine');
    expect(mine.body.items.map((item) => item.number)).toEqual([low.case.number]);
    const resolved = await actOk(desk.rep, (await desk.rep.get<CaseDetailBody>(`/cases/${low.case.number}`)).body, {
      action: 'resolve',
      resolution: 'Done',
      rating: 3,
    });
    expect(resolved.case.status).toBe('resolved');

    const kpis = await desk.manager.get<KpisBody>(`/cases/kpis?teamId=${desk.teamId}`);
    expect(kpis.status, JSON.stringify(kpis.body)).toBe(200);
    expect(kpis.body).toMatchObject({ resolved: 1, ratings: 1, satisfactionAverage: 3, resolvedWithin24h: 1 });
    expect(kpis.body.backlog.lt1d).toBe(2);
    expect(kpis.body.trend).toHaveLength(6);

    // Every view the projector keeps agrees with what the cases derive, row by row.
    const verified = await verify(desk.people.admin.tenantId);
    expect(verified.stdout, verified.stderr).toContain('No drift');
    expect(verified.code).toBe(0);
  }, 60_000);
});

describe('assignment', () => {
  it('offers the team by name, assigns within it, and refuses someone outside it', async () => {
    const desk = await serviceDesk();
    const opened = (await desk.rep.post<CaseDetailBody>('/cases', { title: 'Toner', accountId: desk.accountId, teamId: desk.teamId })).body;
    const offered = await desk.rep.get<{ items: { userId: string; name: string }[] }>(`/cases/${opened.case.number}/assignees`);
    expect(offered.body.items).toEqual([
      { userId: 'rep-1', name: 'Li Lei' },
      { userId: 'mgr-1', name: 'Wang Fang' },
    ]);
    const outside = await act(desk.rep, opened, { action: 'assign', userId: 'rep-2' });
    expect(outside.status).toBe(400);
    expect(outside.body).toMatchObject({ error: { code: 'CASE_ASSIGNEE_OUTSIDE_TEAM' } });
    const assigned = await actOk(desk.rep, opened, { action: 'assign', userId: 'mgr-1', userName: 'Someone Else' });
    expect(assigned.case).toMatchObject({ ownerId: 'mgr-1', ownerName: 'Wang Fang' });
    expect((await desk.outsider.get(`/cases/${opened.case.number}/assignees`)).status).toBe(403);
  });
});

describe('queues a new user relies on', () => {
  it("puts a case opened without a team in the opener's service team, filters any queue by account, and lists an account's cases only to who may open them", async () => {
    const desk = await serviceDesk();
    const other = await desk.rep.post<{ id: string }>('/accounts', makeAccount({ name: `Fabrikam ${desk.teamId.slice(0, 6)}` }));
    const opened = (await desk.rep.post<CaseDetailBody>('/cases', { title: 'No team named', accountId: desk.accountId })).body;
    expect(opened.case).toMatchObject({ teamId: desk.teamId, teamName: 'Service East' });
    await desk.rep.post('/cases', { title: 'Other account', accountId: other.body.id });
    const filtered = await desk.rep.get<CaseListBody>(`/cases?view=team&teamId=${desk.teamId}&accountId=${desk.accountId}`);
    expect(filtered.body.items.map((item) => item.title)).toEqual(['No team named']);
    expect((await desk.rep.get<CaseListBody>(`/cases?view=account&accountId=${desk.accountId}`)).body.items).toHaveLength(1);
    expect((await desk.outsider.get<CaseListBody>(`/cases?view=account&accountId=${desk.accountId}`)).body.items).toHaveLength(0);
    expect((await desk.outsider.get<CaseListBody>(`/cases/accounts/${desk.accountId}/cases`)).body.items).toHaveLength(0);
    expect((await desk.rep.get<CaseDetailBody>('/cases/%EF%BC%A3%EF%BC%8D%EF%BC%91%EF%BC%90%EF%BC%90%EF%BC%91')).body.case?.number).toBe(
      1001,
    );
  });

  it('ends the first-response clock when a resolution reaches the customer without a reply', async () => {
    const desk = await serviceDesk();
    const opened = (await desk.rep.post<CaseDetailBody>('/cases', { title: 'Quick fix', accountId: desk.accountId })).body;
    const resolved = await actOk(desk.rep, opened, { action: 'resolve', resolution: 'Fixed on the phone' });
    expect(resolved.case.firstResponseAt).toBe(resolved.case.resolvedAt);
    expect(resolved.clocks.response.state).toMatch(/met|breached/);
  });

  it("lets a manager or admin approve a complaint that is in no team's queue, and no one else", async () => {
    const tenantId = newTenantId();
    const admin = apiAs(server.url, personIn(tenantId, 'admin-1', 'Ada Admin'));
    expect((await admin.get('/people/me')).status).toBe(200);
    const rep = apiAs(server.url, personIn(tenantId, 'rep-9', 'Ren Rep'));
    expect((await rep.get('/people/me')).status).toBe(200);
    const account = await rep.post<{ id: string }>('/accounts', makeAccount({ name: `Tailspin ${tenantId.slice(2, 8)}` }));
    let detail = (await rep.post<CaseDetailBody>('/cases', { title: 'Late delivery', type: 'complaint', accountId: account.body.id })).body;
    expect(detail.case.teamId).toBeUndefined();
    detail = await actOk(rep, detail, { action: 'step', step: 2, valid: true, notes: 'Late by a week' });
    detail = await actOk(rep, detail, { action: 'step', step: 3, department: 'Logistics' });
    detail = await actOk(rep, detail, { action: 'step', step: 4, cause: 'delivery', notes: 'Carrier strike' });
    detail = await actOk(rep, detail, { action: 'step', step: 5, notes: 'Refund shipping' });
    const byRep = await act(rep, detail, { action: 'step', step: 6, approved: true });
    expect(byRep.status).toBe(403);
    expect(byRep.body).toMatchObject({ error: { code: 'APPROVAL_MANAGER_ROLE_ONLY' } });
    const seen = (await admin.get<CaseDetailBody>(`/cases/${detail.case.number}`)).body;
    expect((await actOk(admin, seen, { action: 'step', step: 6, approved: true })).case.complaint?.step).toBe(6);
  });
});

describe('case numbers', () => {
  it('gives every case its own number when many are opened at once', async () => {
    const desk = await serviceDesk();
    const opened = await Promise.all(
      Array.from({ length: 12 }, (_, i) => desk.rep.post<CaseDetailBody>('/cases', { title: `Request ${i}`, accountId: desk.accountId })),
    );
    expect(opened.map((answer) => answer.status)).toEqual(Array(12).fill(201));
    expect(opened.map((answer) => answer.body.case.number).sort()).toEqual(Array.from({ length: 12 }, (_, i) => 1001 + i));
  });
});

describe('bad input', () => {
  it('gives a clear localised error and writes nothing', async () => {
    const desk = await serviceDesk('zh-CN');
    const bad = async (body: Record<string, unknown>, code: string) => {
      const answer = await desk.rep.post<{ error: { code: string; message: string } }>('/cases', {
        title: '打印机卡纸',
        accountId: desk.accountId,
        ...body,
      });
      expect(answer.body.error?.code, JSON.stringify(answer.body)).toBe(code);
      expect(answer.body.error.message).toMatch(/[\u4e00-\u9fff]/u);
    };
    await bad({ priority: 'asap' }, 'CASE_PRIORITY_UNKNOWN');
    await bad({ type: 'question' }, 'CASE_TYPE_UNKNOWN');
    await bad({ accountId: '00000000-0000-4000-8000-000000000000' }, 'NOT_FOUND');
    expect((await desk.rep.get<CaseListBody>('/cases?view=opened')).body.items).toHaveLength(0);

    const unknown = await desk.rep.get<{ error: { code: string; message: string } }>('/cases/C-9999');
    expect(unknown.status).toBe(404);
    expect(unknown.body.error).toMatchObject({ code: 'UNKNOWN_CASE' });
    expect(unknown.body.error.message).toContain('C-9999');

    const long = '关'.repeat(21_846);
    const opened = await desk.rep.post<CaseDetailBody>('/cases', { title: '长描述', description: long, accountId: desk.accountId });
    expect(opened.status).toBe(201);
    const read = await desk.rep.get<CaseDetailBody>(`/cases/${opened.body.case.number}`);
    expect(read.body.case.description).toBe(long);
    const tooLong = await desk.rep.post<{ error: { code: string } }>('/cases', {
      title: '太长',
      description: '关'.repeat(40_000),
      accountId: desk.accountId,
    });
    expect(tooLong.status).toBe(400);

    const rating = await desk.rep.post<{ error: { code: string } }>(
      `/cases/${opened.body.case.number}/actions`,
      { action: 'resolve', resolution: '好了', rating: 6 },
      { 'if-match': opened.body.etag },
    );
    expect(rating.body.error.code).toBe('RATING_OUT_OF_RANGE');
    expect((await desk.rep.get<CaseDetailBody>(`/cases/${opened.body.case.number}`)).body.case.status).toBe('new');
  });

  it('refuses settings with overlapping hours, a bad time zone or a warning after the target', async () => {
    const desk = await serviceDesk();
    const current = await desk.admin.get<SettingsBody>('/cases/settings');
    expect(current.status).toBe(200);
    const { etag, ...settings } = current.body;
    const put = (body: unknown) => desk.admin.call<{ error: { code: string } }>('PUT', '/cases/settings', body, { 'if-match': etag });
    const calendar = settings.calendars[0]!;
    expect((await put({ ...settings, calendars: [{ ...calendar, timeZone: 'Mars/Olympus' }] })).body.error.code).toBe(
      'CALENDAR_TIME_ZONE_INVALID',
    );
    const overlapping = { ...calendar, shifts: [...calendar.shifts, { day: 1, from: '17:00', to: '20:00' }] };
    expect((await put({ ...settings, calendars: [overlapping] })).body.error.code).toBe('CALENDAR_HOURS_OVERLAP');
    const late = settings.policies.map((policy, i) => (i === 0 ? { ...policy, warnPercent: 120 } : policy));
    expect((await put({ ...settings, policies: late })).body.error.code).toBe('SLA_WARNING_AFTER_TARGET');
    expect((await desk.rep.call('PUT', '/cases/settings', settings, { 'if-match': etag })).status).toBe(403);
    const saved = await put({ ...settings, pausedStatuses: ['waiting', 'new'] });
    expect(saved.status).toBe(200);
  });
});
