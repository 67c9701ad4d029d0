// The pipeline REST API over real HTTP and Azurite: stage model, leads, deals, moves with ETags, and bad input.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/server';
import { makeAccount } from '../fixtures/accounts';
import { apiClient, type ErrorBody } from '../fixtures/api';
import { newTenantId, startTestServer } from '../fixtures/server';

type Deal = {
  id: string;
  etag: string;
  stageId: string;
  status: string;
  amount: number;
  currency: string;
  reportingAmount: number;
  probability: number;
  outcomeReason?: string;
  closedAt?: string;
  industry?: string;
};
type Model = {
  etag: string;
  stages: {
    id: string;
    name: { en: string; 'zh-CN': string };
    probability: number;
    kind: string;
    retired: boolean;
    dwellLimitDays?: number;
  }[];
  reportingCurrency: string;
  rates: Record<string, number>;
};

let server: RunningServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.stop());

const client = (locale?: string) => {
  const tenantId = newTenantId();
  return { tenantId, ...apiClient(server.url, tenantId, locale) };
};
type Client = ReturnType<typeof client>;

async function account(api: Client, overrides = {}): Promise<string> {
  const created = await api.post<{ id: string }>('/accounts', makeAccount(overrides));
  expect(created.status).toBe(201);
  return created.body.id;
}

async function deal(api: Client, accountId: string, body: Record<string, unknown> = {}): Promise<Deal> {
  const created = await api.post<Deal>('/pipeline/opportunities', {
    title: 'ERP rollout',
    amount: 120_000,
    expectedCloseDate: '2026-09-30',
    accountId,
    ...body,
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  return created.body;
}

const admin = { 'x-dev-roles': 'admin' };
const repOnly = { 'x-dev-roles': '' };

describe('stage model', () => {
  it('starts with the ten default stages and Lost, in both languages', async () => {
    const api = client();
    const model = await api.get<Model>('/pipeline/stages');
    expect(model.status).toBe(200);
    expect(model.body.stages).toHaveLength(11);
    expect(model.body.stages[0]).toMatchObject({
      id: 'initial-contact',
      name: { en: 'Initial contact', 'zh-CN': '初次接触' },
      probability: 5,
      kind: 'open',
    });
    expect(model.body.stages.find((s) => s.kind === 'won')).toMatchObject({ probability: 100, name: { 'zh-CN': '签订合同' } });
    expect(model.body.stages.find((s) => s.kind === 'lost')).toMatchObject({ probability: 0, name: { 'zh-CN': '丢单' } });
    expect(model.headers.get('etag')).toBe(model.body.etag);
  });

  it('lets an admin replace it; removed stages stay as retired and deals in them keep working', async () => {
    const api = client();
    const accountId = await account(api);
    const inDemo = await deal(api, accountId, { stageId: 'demo' });
    const current = await api.get<Model>('/pipeline/stages');
    const stages = current.body.stages.filter((s) => s.id !== 'demo').map(({ retired: _r, ...s }) => s);
    stages[0] = { ...stages[0]!, dwellLimitDays: 7, probability: 10 };
    const replaced = await api.call<Model>(
      'PUT',
      '/pipeline/stages',
      { stages, reportingCurrency: 'CNY', rates: { USD: 7.1 } },
      { 'if-match': current.body.etag, ...admin },
    );
    expect(replaced.status, JSON.stringify(replaced.body)).toBe(200);
    expect(replaced.body.stages.find((s) => s.id === 'demo')).toMatchObject({ retired: true });
    expect(replaced.body.rates).toEqual({ USD: 7.1 });

    const board = await api.get<{ columns: { stageId: string; count: number }[] }>('/pipeline/board');
    expect(board.body.columns.map((c) => c.stageId)).toContain('demo');
    const stay = await api.post<Deal>(`/pipeline/opportunities/${inDemo.id}/move`, { stageId: 'demo' }, { 'if-match': inDemo.etag });
    expect(stay.body).toMatchObject({ stageId: 'demo', etag: inDemo.etag });
    const moved = await api.post<Deal>(
      `/pipeline/opportunities/${inDemo.id}/move`,
      { stageId: 'contract-negotiation' },
      { 'if-match': inDemo.etag },
    );
    expect(moved.status).toBe(200);
    const back = await api.post<ErrorBody>(
      `/pipeline/opportunities/${inDemo.id}/move`,
      { stageId: 'demo' },
      { 'if-match': moved.body.etag },
    );
    expect(back.status).toBe(400);
    expect(back.body.error.code).toBe('STAGE_RETIRED');
    const after = await api.get<{ columns: { stageId: string }[] }>('/pipeline/board');
    expect(after.body.columns.map((c) => c.stageId)).not.toContain('demo');
  });

  it('takes back the model exactly as it was read, retired stages and read-only fields included', async () => {
    const api = client();
    const first = await api.get<Model>('/pipeline/stages');
    const unchanged = await api.call<Model>('PUT', '/pipeline/stages', first.body, { 'if-match': first.body.etag, ...admin });
    expect(unchanged.status, JSON.stringify(unchanged.body)).toBe(200);
    expect(unchanged.body).toMatchObject({
      stages: first.body.stages,
      reportingCurrency: first.body.reportingCurrency,
      rates: first.body.rates,
    });

    const withoutDemo = { ...unchanged.body, stages: unchanged.body.stages.filter((s) => s.id !== 'demo') };
    const retired = await api.call<Model>('PUT', '/pipeline/stages', withoutDemo, { 'if-match': unchanged.body.etag, ...admin });
    expect(retired.body.stages.find((s) => s.id === 'demo')).toMatchObject({ retired: true });
    const read = await api.get<Model>('/pipeline/stages');
    const again = await api.call<Model>('PUT', '/pipeline/stages', read.body, { 'if-match': read.body.etag, ...admin });
    expect(again.status, JSON.stringify(again.body)).toBe(200);
    expect(again.body.stages).toEqual(read.body.stages);
    expect(again.body.stages.find((s) => s.id === 'demo')).toMatchObject({ retired: true });
  });

  it('ships default exchange rates, and rates into a new reporting currency when an admin leaves them out', async () => {
    const api = client();
    const model = await api.get<Model>('/pipeline/stages');
    expect(model.body.reportingCurrency).toBe('CNY');
    for (const currency of ['USD', 'EUR', 'HKD', 'JPY', 'GBP']) expect(model.body.rates[currency]).toBeGreaterThan(0);
    const accountId = await account(api);
    expect(await deal(api, accountId, { amount: 5000, currency: 'USD' })).toMatchObject({
      amount: 5000,
      currency: 'USD',
      reportingAmount: Math.round(5000 * model.body.rates.USD! * 100) / 100,
    });

    const stages = model.body.stages.map(({ retired: _r, ...s }) => s);
    const inUsd = await api.call<Model>(
      'PUT',
      '/pipeline/stages',
      { stages, reportingCurrency: 'USD' },
      { 'if-match': model.body.etag, ...admin },
    );
    expect(inUsd.status).toBe(200);
    expect(inUsd.body.rates.CNY).toBeCloseTo(1 / model.body.rates.USD!, 3);
    expect(inUsd.body.rates.USD).toBeUndefined();
  });

  it('says which currency the totals of every view are in', async () => {
    const api = client();
    await deal(api, await account(api));
    for (const path of [
      '/pipeline/board',
      '/pipeline/board/initial-contact',
      '/pipeline/funnel',
      '/pipeline/forecast',
      '/pipeline/win-loss',
      '/pipeline/reps',
    ]) {
      const view = await api.get<{ reportingCurrency?: string }>(path);
      expect(view.status).toBe(200);
      expect(view.body.reportingCurrency, path).toBe('CNY');
    }
  });

  it('is admin-only, ETag-checked, and refuses a bad model without saving any of it', async () => {
    const api = client('zh-CN');
    const current = await api.get<Model>('/pipeline/stages');
    const stages = current.body.stages.map(({ retired: _r, ...s }) => s);
    const put = (body: unknown, headers: Record<string, string> = {}) =>
      api.call<ErrorBody>('PUT', '/pipeline/stages', body, { 'if-match': current.body.etag, ...admin, ...headers });

    expect((await put({ stages, reportingCurrency: 'CNY' }, repOnly)).status).toBe(403);
    expect((await api.call<ErrorBody>('PUT', '/pipeline/stages', { stages, reportingCurrency: 'CNY' }, admin)).status).toBe(428);

    const duplicateName = await put({
      stages: stages.map((s, i) => (i === 1 ? { ...s, name: { ...s.name, 'zh-CN': '初次接触' } } : s)),
      reportingCurrency: 'CNY',
    });
    expect(duplicateName.status).toBe(400);
    expect(duplicateName.body.error).toMatchObject({
      code: 'DUPLICATE_STAGE',
      message: '有两个阶段都使用了 "初次接触"；每个阶段的标识和各语言名称都必须唯一。',
    });

    const badProbability = await put({
      stages: stages.map((s, i) => (i === 2 ? { ...s, probability: 150 } : s)),
      reportingCurrency: 'CNY',
    });
    expect(badProbability.status).toBe(400);
    expect(badProbability.body.error.code).toBe('VALIDATION_FAILED');
    expect(badProbability.body.error.message).toMatch(/^部分输入无效：stages\.2\.probability/u);

    const twoWon = await put({ stages: stages.map((s) => (s.id === 'lost' ? { ...s, kind: 'won' } : s)), reportingCurrency: 'CNY' });
    expect(twoWon.body.error).toMatchObject({ code: 'STAGE_MODEL_INVALID' });

    const unchanged = await api.get<Model>('/pipeline/stages');
    expect(unchanged.body.etag).toBe(current.body.etag);
    expect(unchanged.body.stages).toEqual(current.body.stages);

    expect((await put({ stages, reportingCurrency: 'CNY' })).status).toBe(200);
    const stale = await put({ stages, reportingCurrency: 'CNY' });
    expect(stale.status).toBe(409);
    expect(stale.body.error.code).toBe('CONFLICT');
  });
});

describe('opportunities', () => {
  it('creates a deal with the amount from its products and the stage probability', async () => {
    const api = client();
    const accountId = await account(api, { industry: 'Manufacturing', region: 'Jiangsu' });
    const created = await api.post<Deal>('/pipeline/opportunities', {
      title: 'Line 3 sensors',
      accountId,
      products: [
        { name: 'Sensor', quantity: 40, unitPrice: 250.5 },
        { name: 'Gateway', quantity: 2, unitPrice: 1000 },
      ],
      competitors: [{ name: 'Fabrikam', swot: 'cheaper, weaker service' }],
      expectedCloseDate: '2026-12-15',
    });
    expect(created.status).toBe(201);
    expect(created.headers.get('etag')).toBe(created.body.etag);
    expect(created.body).toMatchObject({
      amount: 12_020,
      currency: 'CNY',
      reportingAmount: 12_020,
      stageId: 'initial-contact',
      probability: 5,
      status: 'open',
      industry: 'Manufacturing',
    });
    const read = await api.get<Deal>(`/pipeline/opportunities/${created.body.id}`);
    expect(read.body).toEqual(created.body);
  });

  it('converts other currencies through the model rates and refuses one without a rate', async () => {
    const api = client();
    const accountId = await account(api);
    const current = await api.get<Model>('/pipeline/stages');
    const stages = current.body.stages.map(({ retired: _r, ...s }) => s);
    await api.call(
      'PUT',
      '/pipeline/stages',
      { stages, reportingCurrency: 'CNY', rates: { USD: 7.2 } },
      { 'if-match': current.body.etag, ...admin },
    );
    expect(await deal(api, accountId, { amount: 1000, currency: 'USD' })).toMatchObject({
      amount: 1000,
      currency: 'USD',
      reportingAmount: 7200,
    });
    const unknown = await api.post<ErrorBody>('/pipeline/opportunities', {
      title: 'X',
      amount: 5,
      currency: 'EUR',
      accountId,
      expectedCloseDate: '2026-09-30',
    });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error).toMatchObject({
      code: 'UNKNOWN_CURRENCY',
      message: 'There is no exchange rate from EUR to CNY. An admin can add one to the stage model, or use CNY.',
    });
  });

  it.each([
    ['an unknown stage', { stageId: 'closing' }, 'UNKNOWN_STAGE'],
    ['a negative amount', { amount: -5 }, 'VALIDATION_FAILED'],
    ['a non-numeric amount', { amount: '12k' }, 'VALIDATION_FAILED'],
    ['an impossible close date', { expectedCloseDate: '2026-02-30' }, 'VALIDATION_FAILED'],
    ['a close date in another format', { expectedCloseDate: '30/09/2026' }, 'VALIDATION_FAILED'],
    ['a probability over 100', { probability: 120 }, 'VALIDATION_FAILED'],
  ])('refuses %s and stores nothing', async (_name, body, code) => {
    const api = client();
    const accountId = await account(api);
    const refused = await api.post<ErrorBody>('/pipeline/opportunities', {
      title: 'Bad deal',
      amount: 100,
      expectedCloseDate: '2026-09-30',
      accountId,
      ...body,
    });
    expect(refused.status).toBe(400);
    expect(refused.body.error.code).toBe(code);
    const funnel = await api.get<{ stages: { count: number }[] }>('/pipeline/funnel');
    expect(funnel.body.stages.every((s) => s.count === 0)).toBe(true);
  });

  it('localises a refused stage in Chinese', async () => {
    const api = client('zh-CN');
    const accountId = await account(api);
    const refused = await api.post<ErrorBody>('/pipeline/opportunities', {
      title: 'X',
      amount: 1,
      expectedCloseDate: '2026-09-30',
      accountId,
      stageId: 'closing',
    });
    expect(refused.body.error.message).toMatch(/^此销售管线中没有阶段 "closing"。可用阶段：initial-contact/u);
  });

  it('updates only with the current ETag', async () => {
    const api = client();
    const created = await deal(api, await account(api));
    expect((await api.patch<ErrorBody>(`/pipeline/opportunities/${created.id}`, { amount: 1 })).status).toBe(428);
    const updated = await api.patch<Deal>(
      `/pipeline/opportunities/${created.id}`,
      { amount: 90_000, probability: 20 },
      { 'if-match': created.etag },
    );
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({ amount: 90_000, reportingAmount: 90_000, probability: 20 });
    const stale = await api.patch<ErrorBody & { error: { details: { current: Deal } } }>(
      `/pipeline/opportunities/${created.id}`,
      { amount: 5 },
      { 'if-match': created.etag },
    );
    expect(stale.status).toBe(409);
    expect(stale.body.error.details.current).toMatchObject({ amount: 90_000, etag: updated.body.etag });
    const funnel = await api.get<{ stages: { stageId: string; amount: number; weighted: number }[] }>('/pipeline/funnel');
    expect(funnel.body.stages[0]).toMatchObject({ amount: 90_000, weighted: 18_000 });
  });

  it("lists an account's open deals, soonest close first, and refuses a malformed account id", async () => {
    const api = client();
    const accountId = await account(api);
    const later = await deal(api, accountId, { title: 'Later', expectedCloseDate: '2026-12-31' });
    const sooner = await deal(api, accountId, { title: 'Sooner', expectedCloseDate: '2026-10-31' });
    await deal(api, await account(api), { title: 'Another account' });

    const listed = await api.get<{ count: number; items: Deal[] }>(`/pipeline/accounts/${accountId}/opportunities`);

    expect(listed.status).toBe(200);
    expect(listed.body.count).toBe(2);
    expect(listed.body.items.map((item) => item.id)).toEqual([sooner.id, later.id]);
    expect((await api.get<ErrorBody>('/pipeline/accounts/not-an-id/opportunities')).status).toBe(400);
  });
});

describe('stage moves', () => {
  it('moves with If-Match, records history with dwell, and answers a stale move with 409 and the current deal', async () => {
    const api = client();
    const created = await deal(api, await account(api));
    const moved = await api.post<Deal>(`/pipeline/opportunities/${created.id}/move`, { stageId: 'demo' }, { 'if-match': created.etag });
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({ stageId: 'demo', probability: 60, status: 'open' });
    expect(moved.headers.get('etag')).toBe(moved.body.etag);

    const stale = await api.post<ErrorBody & { error: { details: { current: Deal } } }>(
      `/pipeline/opportunities/${created.id}/move`,
      { stageId: 'won' },
      { 'if-match': created.etag },
    );
    expect(stale.status).toBe(409);
    expect(stale.body.error.code).toBe('CONFLICT');
    expect(stale.body.error.details.current).toMatchObject({ id: created.id, stageId: 'demo', etag: moved.body.etag });

    const noEtag = await api.post<ErrorBody>(`/pipeline/opportunities/${created.id}/move`, { stageId: 'won' });
    expect(noEtag.status).toBe(428);

    const won = await api.post<Deal>(
      `/pipeline/opportunities/${created.id}/move`,
      { stageId: 'won', reason: 'Best service terms' },
      { 'if-match': moved.body.etag },
    );
    expect(won.body).toMatchObject({ status: 'won', probability: 100, outcomeReason: 'Best service terms' });
    expect(won.body.closedAt).toBeDefined();

    const history = await api.get<{
      items: { fromStageId?: string; toStageId: string; dwellDays?: number; byUserId: string; reason?: string }[];
    }>(`/pipeline/opportunities/${created.id}/history`);
    expect(history.body.items.map((h) => [h.fromStageId, h.toStageId])).toEqual([
      [undefined, 'initial-contact'],
      ['initial-contact', 'demo'],
      ['demo', 'won'],
    ]);
    expect(history.body.items[1]).toMatchObject({ byUserId: 'dev-user' });
    expect(history.body.items[1]!.dwellDays).toBeGreaterThanOrEqual(0);
    expect(history.body.items[2]!.reason).toBe('Best service terms');

    const winLoss = await api.get<{ won: { count: number; amount: number }; reasons: { reason: string; count: number }[] }>(
      '/pipeline/win-loss',
    );
    expect(winLoss.body.won).toEqual({ count: 1, amount: 120_000 });
    expect(winLoss.body.reasons).toEqual([{ outcome: 'won', reason: 'Best service terms', count: 1, amount: 120_000 }]);
  });

  it('refuses an unknown stage, an unknown deal and a malformed id', async () => {
    const api = client();
    const created = await deal(api, await account(api));
    const unknown = await api.post<ErrorBody>(
      `/pipeline/opportunities/${created.id}/move`,
      { stageId: 'closing' },
      { 'if-match': created.etag },
    );
    expect(unknown.body.error.code).toBe('UNKNOWN_STAGE');
    const badId = await api.post<ErrorBody>('/pipeline/opportunities/nope/move', { stageId: 'demo' }, { 'if-match': created.etag });
    expect(badId.status).toBe(400);
    const missing = await api.post<ErrorBody>(
      '/pipeline/opportunities/00000000-0000-4000-8000-000000000000/move',
      { stageId: 'demo' },
      { 'if-match': created.etag },
    );
    expect(missing.status).toBe(404);
    expect((await api.get(`/pipeline/opportunities/${created.id}`)).body).toMatchObject({ stageId: 'initial-contact', etag: created.etag });
  });
});

describe('leads', () => {
  it('qualifies by MAN and converts into a new account, contact and deal', async () => {
    const api = client();
    const lead = await api.post<{ id: string; status: string; etag: string }>('/pipeline/leads', {
      name: 'Li Na',
      company: 'Northwind Traders',
      contactName: 'Li Na',
      email: 'li.na@northwind.example.com',
      source: 'referral',
      referredBy: 'Wei Zhang',
    });
    expect(lead.status).toBe(201);
    expect(lead.body.status).toBe('new');

    const early = await api.post<ErrorBody>(`/pipeline/leads/${lead.body.id}/convert`, {
      title: 'Warehouse CRM',
      expectedCloseDate: '2026-10-31',
    });
    expect(early.status).toBe(409);
    expect(early.body.error.code).toBe('LEAD_NOT_QUALIFIED');

    const partial = await api.post<{ status: string }>(`/pipeline/leads/${lead.body.id}/qualify`, {
      money: { met: true },
      authority: { met: false, note: 'IT lead only' },
      need: { met: true },
    });
    expect(partial.body.status).toBe('disqualified');
    const qualified = await api.post<{ status: string }>(`/pipeline/leads/${lead.body.id}/qualify`, {
      money: { met: true },
      authority: { met: true },
      need: { met: true, note: 'warehouse tracking' },
    });
    expect(qualified.body.status).toBe('qualified');

    const converted = await api.post<{
      accountId: string;
      contactId: string;
      lead: { status: string; convertedOpportunityId: string };
      opportunity: Deal & { source: string; leadId: string; accountName: string };
    }>(`/pipeline/leads/${lead.body.id}/convert`, { title: 'Warehouse CRM', amount: 80_000, expectedCloseDate: '2026-10-31' });
    expect(converted.status, JSON.stringify(converted.body)).toBe(201);
    expect(converted.body.lead).toMatchObject({ status: 'converted', convertedOpportunityId: converted.body.opportunity.id });
    expect(converted.body.opportunity).toMatchObject({
      accountName: 'Northwind Traders',
      source: 'referral',
      leadId: lead.body.id,
      amount: 80_000,
    });
    expect((await api.get<{ name: string }>(`/accounts/${converted.body.accountId}`)).body.name).toBe('Northwind Traders');
    expect((await api.get<{ name: string }>(`/accounts/contacts/${converted.body.contactId}`)).body.name).toBe('Li Na');

    const again = await api.post<{ opportunity: { id: string } }>(`/pipeline/leads/${lead.body.id}/convert`, {
      title: 'Warehouse CRM',
      expectedCloseDate: '2026-10-31',
    });
    expect(again.body.opportunity.id).toBe(converted.body.opportunity.id);
  });

  it('reuses the account with the lead company name', async () => {
    const api = client();
    const accountId = await account(api, { name: 'Fabrikam Inc' });
    const lead = await api.post<{ id: string }>('/pipeline/leads', { name: 'Buyer', company: 'fabrikam  inc', source: 'web' });
    await api.post(`/pipeline/leads/${lead.body.id}/qualify`, { money: { met: true }, authority: { met: true }, need: { met: true } });
    const converted = await api.post<{ accountId: string; contactId?: string }>(`/pipeline/leads/${lead.body.id}/convert`, {
      title: 'Renewal',
      expectedCloseDate: '2026-08-31',
    });
    expect(converted.body.accountId).toBe(accountId);
    expect(converted.body.contactId).toBeUndefined();
  });

  it('lists leads by owner and status and refuses bad input', async () => {
    const api = client();
    await api.post('/pipeline/leads', { name: 'A', source: 'web' });
    await api.post('/pipeline/leads', { name: 'B', source: 'phone' }, { 'x-dev-user-id': 'rep-2' });
    const mine = await api.get<{ items: { name: string }[] }>('/pipeline/leads?owner=me&status=new');
    expect(mine.body.items.map((l) => l.name)).toEqual(['A']);
    const bad = await api.post<ErrorBody>('/pipeline/leads', { name: 'C', source: 'carrier pigeon' });
    expect(bad.status).toBe(400);
  });
});
