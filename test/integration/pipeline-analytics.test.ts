// Pipeline analytics over real HTTP and Azurite, on a clock the test moves: board, funnel, forecast, dwell, stuck, win/loss, reps.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Clock } from '../../src/core/clock';
import type { RunningServer } from '../../src/server';
import { makeAccount } from '../fixtures/accounts';
import { cardOf, makeMessage, postActivity } from '../fixtures/activities';
import { apiClient, type ErrorBody } from '../fixtures/api';
import { newTenantId, startTestServer } from '../fixtures/server';

type Deal = { id: string; etag: string; stageId: string; title: string; expectedCloseDate: string };
type Column = { stageId: string; count: number; amount: number; weighted: number; items: Deal[]; continuationToken?: string };

const day = 86_400_000;
let now = Date.parse('2026-07-10T09:00:00.000Z');
const clock: Clock = { now: () => new Date(now) };

let server: RunningServer;
beforeAll(async () => {
  server = await startTestServer({}, { clock });
});
afterAll(() => server.stop());

const client = (locale?: string) => {
  const tenantId = newTenantId();
  return { tenantId, ...apiClient(server.url, tenantId, locale) };
};
type Client = ReturnType<typeof client>;

async function account(api: Client, overrides = {}): Promise<string> {
  return (await api.post<{ id: string }>('/accounts', makeAccount(overrides))).body.id;
}
async function deal(
  api: Client,
  accountId: string,
  body: Record<string, unknown> = {},
  headers: Record<string, string> = {},
): Promise<Deal> {
  const created = await api.post<Deal>(
    '/pipeline/opportunities',
    { title: 'ERP rollout', amount: 100_000, expectedCloseDate: '2026-08-31', accountId, ...body },
    headers,
  );
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  return created.body;
}
const move = async (api: Client, d: Deal, stageId: string, reason?: string, headers: Record<string, string> = {}) => {
  const moved = await api.post<Deal>(
    `/pipeline/opportunities/${d.id}/move`,
    { stageId, ...(reason ? { reason } : {}) },
    { 'if-match': d.etag, ...headers },
  );
  expect(moved.status, JSON.stringify(moved.body)).toBe(200);
  return moved.body;
};

describe('board', () => {
  it('shows every open stage with figures, soonest close first, and pages a column past its first cards', async () => {
    const api = client();
    const accountId = await account(api);
    const dates = Array.from({ length: 30 }, (_, i) => `2026-09-${String((i % 28) + 1).padStart(2, '0')}`);
    for (const [i, date] of dates.entries())
      await deal(api, accountId, { stageId: 'demo', expectedCloseDate: date, title: `Deal ${i}`, amount: 1000 });
    const board = await api.get<{ reportingCurrency: string; columns: Column[] }>('/pipeline/board?perStage=10');
    expect(board.body.reportingCurrency).toBe('CNY');
    expect(board.body.columns.map((c) => c.stageId)).toEqual([
      'initial-contact',
      'shows-interest',
      'meets-decision-maker',
      'needs-identified',
      'solution-proposed',
      'demo',
      'evaluate-revise',
      'verbal-commitment',
      'contract-negotiation',
    ]);
    const demo = board.body.columns.find((c) => c.stageId === 'demo')!;
    expect(demo).toMatchObject({ count: 30, amount: 30_000, weighted: 18_000 });
    expect(demo.items).toHaveLength(10);
    const sorted = [...dates].sort();
    expect(demo.items.map((d) => d.expectedCloseDate)).toEqual(sorted.slice(0, 10));

    const seen = [...demo.items];
    let token = demo.continuationToken;
    while (token) {
      const page = await api.get<Column>(`/pipeline/board/demo?pageSize=7&continuationToken=${token}`);
      expect(page.status).toBe(200);
      seen.push(...page.body.items);
      token = page.body.continuationToken;
    }
    expect(seen.map((d) => d.expectedCloseDate)).toEqual(sorted);
    expect(new Set(seen.map((d) => d.id)).size).toBe(30);
  });

  it('filters by owner, team, industry and region, one at a time', async () => {
    const api = client();
    const retail = await account(api, { industry: 'Retail', region: 'Shanghai' });
    const energy = await account(api, { industry: 'Energy', region: 'Beijing' });
    await deal(api, retail, { team: 'East' });
    await deal(api, energy, { team: 'North' }, { 'x-dev-user-id': 'rep-2' });
    await deal(api, energy, { team: 'North' }, { 'x-dev-user-id': 'rep-2' });
    const count = async (query: string) =>
      (await api.get<{ columns: Column[] }>(`/pipeline/board?${query}`)).body.columns.reduce((n, c) => n + c.count, 0);
    expect(await count('')).toBe(3);
    expect(await count('owner=me')).toBe(1);
    expect(await count('owner=rep-2')).toBe(2);
    expect(await count('team=north')).toBe(2);
    expect(await count('industry=retail')).toBe(1);
    expect(await count('region=Beijing')).toBe(2);
    const both = await api.get<ErrorBody>('/pipeline/board?team=North&industry=Energy');
    expect(both.status).toBe(400);
    expect(both.body.error.code).toBe('ONE_SCOPE_FILTER');
  });
});

describe('funnel and forecast', () => {
  it('counts stages, weights amounts and computes conversion between consecutive stages from history', async () => {
    const api = client();
    const accountId = await account(api);
    const a = await deal(api, accountId, { amount: 10_000 });
    const b = await deal(api, accountId, { amount: 20_000 });
    await deal(api, accountId, { amount: 30_000 });
    await move(api, a, 'shows-interest');
    await move(api, b, 'meets-decision-maker');
    const funnel = await api.get<{
      stages: { stageId: string; count: number; amount: number; weighted: number }[];
      conversion: { fromStageId: string; toStageId: string; rate: number; reached: number }[];
    }>('/pipeline/funnel');
    expect(funnel.body.stages.slice(0, 3)).toEqual([
      { stageId: 'initial-contact', count: 1, amount: 30_000, weighted: 1500 },
      { stageId: 'shows-interest', count: 1, amount: 10_000, weighted: 1500 },
      { stageId: 'meets-decision-maker', count: 1, amount: 20_000, weighted: 6000 },
    ]);
    expect(funnel.body.conversion[0]).toEqual({ fromStageId: 'initial-contact', toStageId: 'shows-interest', rate: 0.667, reached: 3 });
    expect(funnel.body.conversion[1]).toEqual({ fromStageId: 'shows-interest', toStageId: 'meets-decision-maker', rate: 0.5, reached: 2 });
    expect(funnel.body.conversion.at(-1)).toMatchObject({ toStageId: 'won', reached: 0, rate: 0 });
  });

  it('forecasts weighted amounts per month and quarter of the period', async () => {
    const api = client();
    const accountId = await account(api);
    await deal(api, accountId, { amount: 10_000, expectedCloseDate: '2026-07-20', stageId: 'demo' });
    await deal(api, accountId, { amount: 20_000, expectedCloseDate: '2026-09-05', stageId: 'contract-negotiation' });
    await deal(api, accountId, { amount: 50_000, expectedCloseDate: '2026-11-05' });
    const forecast = await api.get<{
      months: { period: string; count: number; amount: number; weighted: number }[];
      quarters: { period: string; weighted: number; count: number }[];
    }>('/pipeline/forecast?from=2026-07&to=2026-12');
    expect(forecast.body.months.map((m) => [m.period, m.count, m.weighted])).toEqual([
      ['2026-07', 1, 6000],
      ['2026-08', 0, 0],
      ['2026-09', 1, 18_000],
      ['2026-10', 0, 0],
      ['2026-11', 1, 2500],
      ['2026-12', 0, 0],
    ]);
    expect(forecast.body.quarters).toEqual([
      { period: '2026-Q3', count: 2, amount: 30_000, weighted: 24_000 },
      { period: '2026-Q4', count: 1, amount: 50_000, weighted: 2500 },
    ]);
    const current = await api.get<{ months: { period: string }[] }>('/pipeline/forecast');
    expect(current.body.months.map((m) => m.period)).toEqual(['2026-07', '2026-08', '2026-09']);
  });

  it.each([['from=2026-13&to=2026-14'], ['from=2026-09&to=2026-07'], ['from=2026-07'], ['from=July&to=2026-09']])(
    'refuses the period %s',
    async (query) => {
      const api = client();
      const refused = await api.get<ErrorBody>(`/pipeline/forecast?${query}`);
      expect(refused.status).toBe(400);
      expect(refused.body.error.code).toBe('VALIDATION_FAILED');
    },
  );
});

describe('dwell, stuck deals, win/loss and reps', () => {
  it('measures dwell from stage history and lists deals over their stage limit', async () => {
    const api = client();
    const accountId = await account(api);
    const deals = [];
    for (let i = 0; i < 4; i += 1) deals.push(await deal(api, accountId, { title: `Deal ${i}` }));
    now += 3 * day;
    const moved = [await move(api, deals[0]!, 'shows-interest')];
    now += 7 * day;
    moved.push(await move(api, deals[1]!, 'shows-interest'));
    now += 10 * day;
    const dwell = await api.get<{ items: { stageId: string; samples: number; averageDays: number; p90Days: number }[] }>('/pipeline/dwell');
    expect(dwell.body.items.find((d) => d.stageId === 'initial-contact')).toEqual({
      stageId: 'initial-contact',
      samples: 2,
      averageDays: 6.5,
      p90Days: 10,
    });

    // Initial contact allows 14 days: deals 2 and 3 have waited 20; shows interest allows 21.
    const stuck = await api.get<{ total: number; items: { deal: Deal; daysInStage: number; limitDays: number }[] }>('/pipeline/stuck');
    expect(stuck.body.total).toBe(2);
    expect(stuck.body.items.map((s) => [s.deal.id, s.daysInStage, s.limitDays]).sort()).toEqual(
      [
        [deals[2]!.id, 20, 14],
        [deals[3]!.id, 20, 14],
      ].sort(),
    );
    now += 8 * day;
    const later = await api.get<{ total: number; items: { deal: Deal }[] }>('/pipeline/stuck?limit=1');
    expect(later.body.total).toBe(3);
    expect(later.body.items).toHaveLength(1);
  });

  it('analyses won and lost deals with reasons, and figures per rep with activities logged', async () => {
    const api = client();
    const accountId = await account(api, { name: 'Woodgrove Bank' });
    const mine = [
      await deal(api, accountId, { amount: 10_000 }),
      await deal(api, accountId, { amount: 20_000 }),
      await deal(api, accountId, { amount: 5000 }),
    ];
    const theirs = await deal(api, accountId, { amount: 7000 }, { 'x-dev-user-id': 'rep-2' });
    now += 4 * day;
    await move(api, mine[0]!, 'won', 'Price');
    await move(api, mine[1]!, 'lost', 'price ');
    await move(api, theirs, 'lost', 'Timing', { 'x-dev-user-id': 'rep-2' });
    const activity = await api.post('/activities', {
      accountId,
      type: 'callOutbound',
      subject: 'Renewal call',
      occurredAt: new Date(now).toISOString(),
      timeZone: 'UTC',
    });
    expect(activity.status).toBe(201);

    const winLoss = await api.get<{ won: unknown; lost: unknown; reasons: unknown[] }>('/pipeline/win-loss');
    expect(winLoss.body.won).toEqual({ count: 1, amount: 10_000 });
    expect(winLoss.body.lost).toEqual({ count: 2, amount: 27_000 });
    expect(winLoss.body.reasons).toEqual([
      { outcome: 'lost', reason: 'price', count: 1, amount: 20_000 },
      { outcome: 'won', reason: 'Price', count: 1, amount: 10_000 },
      { outcome: 'lost', reason: 'Timing', count: 1, amount: 7000 },
    ]);

    const reps = await api.get<{ items: Record<string, unknown>[] }>('/pipeline/reps');
    expect(reps.body.items).toEqual([
      {
        ownerId: 'dev-user',
        ownerName: 'Local Developer',
        openCount: 1,
        openAmount: 5000,
        wonAmount: 10_000,
        wonCount: 1,
        lostCount: 1,
        winRate: 0.5,
        averageCycleDays: 4,
        newOpportunities: 3,
        activitiesLogged: 1,
      },
      {
        ownerId: 'rep-2',
        ownerName: 'rep-2',
        openCount: 0,
        openAmount: 0,
        wonAmount: 0,
        wonCount: 0,
        lostCount: 1,
        winRate: 0,
        newOpportunities: 1,
        activitiesLogged: 0,
      },
    ]);
    const mineOnly = await api.get<{ items: { ownerId: string }[] }>('/pipeline/reps?owner=me');
    expect(mineOnly.body.items.map((r) => r.ownerId)).toEqual(['dev-user']);
    const lastYear = await api.get<{ won: { count: number } }>('/pipeline/win-loss?from=2025-01&to=2025-12');
    expect(lastYear.body.won.count).toBe(0);
  });

  it('adds the open opportunities to the account card', async () => {
    const api = client();
    const accountId = await account(api, { name: 'Tailspin Toys' });
    await deal(api, accountId, { title: 'Toy robots', amount: 42_000 });
    const reply = await postActivity(server.url, makeMessage('account Tailspin Toys', { tenantId: api.tenantId, userId: 'dev-user' }));
    const card = JSON.stringify(cardOf(reply.activities[0]));
    expect(card).toContain('Open opportunities (1)');
    expect(card).toContain('Toy robots');
    expect(card).toContain('Initial contact · ¥42,000 · close 2026-08-31');
  });

  it('keeps period figures when their months leave the recent window for rows of their own', async () => {
    const api = client();
    const accountId = await account(api);
    const won = await deal(api, accountId, { amount: 3000 });
    const lost = await deal(api, accountId, { amount: 4000 });
    await move(api, won, 'won', 'Service');
    await move(api, lost, 'lost', 'Price');
    const closedIn = new Date(now).toISOString().slice(0, 7);
    const period = `from=${closedIn}&to=${closedIn}`;
    const before = await api.get<{ won: unknown; lost: unknown; reasons: unknown[] }>(`/pipeline/win-loss?${period}`);
    expect(before.body.won).toEqual({ count: 1, amount: 3000 });

    now += 95 * day;
    // Nothing written since: the month still sits in the scope row but is read as an old month.
    expect((await api.get(`/pipeline/win-loss?${period}`)).body).toEqual(before.body);
    // A write rolls it into its own row; the figures stay the same and new months start empty.
    const later = await deal(api, accountId, { amount: 500 });
    await move(api, later, 'won', 'Service');
    expect((await api.get(`/pipeline/win-loss?${period}`)).body).toEqual(before.body);
    const reps = await api.get<{ items: { ownerId: string; newOpportunities: number; wonCount: number }[] }>(`/pipeline/reps?${period}`);
    expect(reps.body.items[0]).toMatchObject({ newOpportunities: 2, wonCount: 1 });
    const current = await api.get<{ won: { count: number; amount: number } }>('/pipeline/win-loss');
    expect(current.body.won).toEqual({ count: 1, amount: 500 });
  });
});
