// GUANXI_DEMO_DATA: the demo set is loaded into an empty dev tenant at start-up, once, and never into one holding data;
// it tells the product's story: accounts, activities, follow-ups due today, and a pipeline every tab view shows.
import { beforeAll, describe, expect, it } from 'vitest';
import { demoMarkerAccount } from '../../src/demo/demo-data';
import { demoServiceTeam } from '../../src/demo/demo-cases';
import { localDateOf } from '../../src/plugins/activities';
import { defaultStages } from '../../src/plugins/pipeline/stage-model.defaults';
import { apiClient } from '../fixtures/api';
import { newTenantId, startTestServer } from '../fixtures/server';

type Api = ReturnType<typeof apiClient>;
type AccountList = { items: { id: string; name: string }[]; continuationToken?: string };
type Card = { id: string; title: string; accountName: string; ownerId: string; team?: string; stageId: string; stageEnteredAt: string };
type Figures = { stageId: string; count: number; amount: number; weighted: number };
type Bucket = { period: string; count: number; amount: number; weighted: number };

/** Starts the server with the demo flag for `tenantId`, reads what the dev user sees, and stops it again. */
async function startAndRead<T>(tenantId: string, read: (api: Api) => Promise<T>): Promise<T> {
  const server = await startTestServer({ GUANXI_DEMO_DATA: 'true', DEV_TENANT_ID: tenantId, DEV_USER_ID: 'dev-user' });
  try {
    return await read(apiClient(server.url, tenantId));
  } finally {
    await server.stop();
  }
}

const accountsOf = async (api: Api) => (await api.get<AccountList>('/accounts?pageSize=1000')).body.items;
const month = (date: Date, add = 0) => new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + add, 1)).toISOString().slice(0, 7);
/** This quarter and the one before it, as the win/loss and reps views take a period. */
const lastTwoQuarters = () => {
  const now = new Date();
  return `from=${month(now, -(now.getUTCMonth() % 3) - 3)}&to=${month(now)}`;
};

/** Every pipeline view of the tab, as the dev user (a manager) sees the whole tenant and each team. */
async function pipelineViews(api: Api) {
  const get = async <T>(path: string) => {
    const response = await api.get<T>(`/pipeline/${path}`);
    expect(response.status, `${path}: ${JSON.stringify(response.body)}`).toBe(200);
    return response.body;
  };
  const [board, funnel, forecast, stuck, winLoss, reps, east, north, leads] = await Promise.all([
    get<{ reportingCurrency: string; columns: (Figures & { items: Card[] })[] }>('board?perStage=50'),
    get<{ stages: Figures[]; conversion: { rate: number }[] }>('funnel'),
    get<{ quarters: Bucket[] }>(`forecast?from=${month(new Date())}&to=${month(new Date(), 11)}`),
    get<{ items: { deal: Card; daysInStage: number; limitDays: number }[]; total: number }>('stuck?limit=50'),
    get<{ won: { count: number }; lost: { count: number }; reasons: { outcome: string; reason: string }[] }>(
      `win-loss?${lastTwoQuarters()}`,
    ),
    get<{ items: { ownerId: string; openCount: number; wonCount: number; lostCount: number; activitiesLogged: number }[] }>(
      `reps?${lastTwoQuarters()}`,
    ),
    get<{ stages: Figures[] }>('funnel?team=East'),
    get<{ stages: Figures[] }>('funnel?team=North'),
    get<{ items: { status: string; man?: unknown }[] }>('leads?pageSize=100'),
  ]);
  const stuckHistory = stuck.items[0]
    ? await get<{ items: { toStageId: string; at: string }[] }>(`opportunities/${stuck.items[0].deal.id}/history`)
    : undefined;
  return { board, funnel, forecast, stuck, stuckHistory, winLoss, reps: reps.items, teams: { east, north }, leads: leads.items };
}

const openStageIds = defaultStages.filter((stage) => stage.kind === 'open').map((stage) => stage.id);
const total = (stages: Figures[]) => stages.reduce((sum, stage) => sum + stage.count, 0);

describe('the demo data set', () => {
  // One tenant is loaded once, from empty, timed from the server's start to its being ready; the read-only tests share it.
  const loadedTenant = newTenantId();
  let loadMs = 0;
  let pipeline: Awaited<ReturnType<typeof pipelineViews>>;
  beforeAll(async () => {
    const started = performance.now();
    const server = await startTestServer({ GUANXI_DEMO_DATA: 'true', DEV_TENANT_ID: loadedTenant, DEV_USER_ID: 'dev-user' });
    loadMs = performance.now() - started;
    try {
      pipeline = await pipelineViews(apiClient(server.url, loadedTenant));
    } finally {
      await server.stop();
    }
  }, 120_000);

  it('is loaded quickly enough to start the server with it', () => {
    // The import paths load it in a few seconds; one request per record took over half a minute on a busy machine.
    expect(loadMs, `start-up with the demo data took ${Math.round(loadMs)} ms`).toBeLessThan(20_000);
  });

  it('fills an empty dev tenant with accounts, contacts with CUTE roles and activities', async () => {
    const seen = await startAndRead(loadedTenant, async (api) => {
      const accounts = await accountsOf(api);
      const marker = accounts.find((account) => account.name === demoMarkerAccount)!;
      const contacts = await api.get<{ items: { cuteRole?: string }[] }>(`/accounts/${marker.id}/contacts`);
      const digest = await api.get<{ activityCount: number }>(`/activities/accounts/${marker.id}/digest`);
      return { accounts, contacts: contacts.body.items, activityCount: digest.body.activityCount };
    });

    expect(seen.accounts).toHaveLength(40);
    expect(seen.accounts.some((account) => /\p{Script=Han}/u.test(account.name))).toBe(true);
    expect(seen.contacts.map((contact) => contact.cuteRole).every(Boolean)).toBe(true);
    expect(seen.contacts).toHaveLength(3);
    expect(seen.activityCount).toBe(10);
  });

  it('puts the reps in the directory: the dev user an admin managing East, North managed by one of its reps', async () => {
    type Team = { name: string; managerId?: string; memberIds: string[] };
    const seen = await startAndRead(loadedTenant, async (api) => ({
      me: (await api.get<{ person: { roles: string[] } }>('/people/me')).body.person.roles,
      people: (await api.get<{ items: { userId: string; roles: string[] }[] }>('/people')).body.items,
      teams: (await api.get<{ items: Team[] }>('/people/teams')).body.items,
      // A manager who is not an admin sees their team and themselves: the North team's three reps.
      north: (
        await api.call<{ items: { ownerId: string }[] }>('GET', '/pipeline/reps', undefined, { 'x-dev-user-id': 'demo-rep-zhang-wei' })
      ).body.items,
    }));
    expect(seen.me).toEqual(['rep', 'manager', 'admin']);
    expect(seen.people).toHaveLength(8);
    expect(seen.teams.map((team) => [team.name, team.managerId, team.memberIds.length])).toEqual([
      ['East', 'dev-user', 3],
      ['North', 'demo-rep-zhang-wei', 3],
      [demoServiceTeam, 'dev-user', 3],
    ]);
    expect(new Set(seen.north.map((rep) => rep.ownerId))).toEqual(new Set(seen.teams[1]!.memberIds));
  });

  it('opens service cases in the desk queue, a complaint among them waiting for the dev user to approve its resolution', async () => {
    type Item = { number: number; type: string; status: string; complaintStep?: number };
    const seen = await startAndRead(loadedTenant, async (api) => {
      const teams = (await api.get<{ items: { id: string; name: string }[] }>('/people/teams')).body.items;
      const desk = teams.find((team) => team.name === demoServiceTeam)!;
      const queue = (await api.get<{ items: Item[] }>(`/cases?view=team&teamId=${desk.id}`)).body.items;
      const complaint = queue.find((item) => item.complaintStep === 5)!;
      const detail = (await api.get<{ allowed: { action: string; step?: number }[] }>(`/cases/${complaint.number}`)).body;
      return { queue, allowed: detail.allowed };
    });
    expect(seen.queue.length).toBeGreaterThanOrEqual(6);
    expect(new Set(seen.queue.map((item) => item.status))).toEqual(new Set(['new', 'in-progress', 'waiting', 'resolved']));
    expect(seen.allowed).toContainEqual({ action: 'step', step: 6 });
  });

  it('gives the dev user follow-ups due today in their own time zone, and overdue ones', async () => {
    const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    const today = localDateOf(new Date().toISOString(), zone);

    const report = await startAndRead(
      loadedTenant,
      async (api) =>
        (
          await api.get<{ followUpsDue: { followUpOn: string }[]; followUpsOverdue: { followUpOn: string }[] }>(
            `/activities/daily-report?timeZone=${encodeURIComponent(zone)}`,
          )
        ).body,
    );

    expect(report.followUpsDue.length).toBeGreaterThan(0);
    expect(report.followUpsDue.every((followUp) => followUp.followUpOn === today)).toBe(true);
    expect(report.followUpsOverdue.length).toBeGreaterThan(0);
  });

  it('fills every open stage of the board, with the funnel and forecast agreeing on about sixty deals', () => {
    const { board, funnel, forecast, winLoss } = pipeline;
    const open = total(board.columns);

    expect(board.reportingCurrency).toBe('CNY');
    expect(board.columns.map((column) => column.stageId)).toEqual(openStageIds);
    expect(board.columns.every((column) => column.count > 0 && column.items.length === column.count)).toBe(true);
    expect(open + winLoss.won.count + winLoss.lost.count).toBeGreaterThanOrEqual(55);
    expect(open + winLoss.won.count + winLoss.lost.count).toBeLessThanOrEqual(65);
    expect(funnel.stages.map(({ stageId, count }) => ({ stageId, count }))).toEqual(
      board.columns.map(({ stageId, count }) => ({ stageId, count })),
    );
    expect(funnel.conversion.some((step) => step.rate > 0 && step.rate < 1)).toBe(true);
    expect(forecast.quarters.reduce((sum, quarter) => sum + quarter.count, 0)).toBe(open);
    expect(forecast.quarters.filter((quarter) => quarter.weighted > 0).length).toBeGreaterThanOrEqual(2);
  });

  it('shows deals stuck past their stage dwell limit, whose history shows when they entered the stage', () => {
    const { stuck, stuckHistory } = pipeline;
    const [worst] = stuck.items;

    expect(stuck.total).toBeGreaterThan(0);
    expect(stuck.items.every((item) => item.daysInStage > item.limitDays)).toBe(true);
    const entered = stuckHistory!.items.at(-1)!;
    expect(entered.toStageId).toBe(worst!.deal.stageId);
    expect(entered.at).toBe(worst!.deal.stageEnteredAt);
    expect(Date.now() - Date.parse(entered.at)).toBeGreaterThan(worst!.limitDays * 86_400_000);
  });

  it('gives the dev user stuck deals of their own, so their own pipeline shows the alarm', () => {
    expect(pipeline.stuck.items.some((item) => item.deal.ownerId === 'dev-user')).toBe(true);
  });

  // On the quarter's last day no deal can still close in it.
  const quarterDaysLeft =
    (Date.UTC(new Date().getUTCFullYear(), Math.floor(new Date().getUTCMonth() / 3) * 3 + 3, 0) - Date.now()) / 86_400_000;
  it.runIf(quarterDaysLeft >= 2)("puts late-stage deals into this quarter's forecast", () => {
    const [thisQuarter] = pipeline.forecast.quarters;

    expect(thisQuarter!.count).toBeGreaterThanOrEqual(2);
    expect(thisQuarter!.weighted).toBeGreaterThan(0);
  });

  it('has deals won and lost with their reasons over the last two quarters, in English and Chinese', () => {
    const { winLoss } = pipeline;

    expect(winLoss.won.count).toBeGreaterThan(0);
    expect(winLoss.lost.count).toBeGreaterThan(0);
    expect(new Set(winLoss.reasons.map((reason) => reason.outcome))).toEqual(new Set(['won', 'lost']));
    expect(winLoss.reasons.some((reason) => /\p{Script=Han}/u.test(reason.reason))).toBe(true);
    expect(winLoss.reasons.some((reason) => /^[A-Za-z]/u.test(reason.reason))).toBe(true);
  });

  it('spreads the deals over several reps in two teams, the dev user among them', () => {
    const { reps, teams, board } = pipeline;
    const all = board.columns.flatMap((column) => column.items);

    expect(reps.length).toBeGreaterThanOrEqual(4);
    expect(reps.map((rep) => rep.ownerId)).toContain('dev-user');
    expect(reps.every((rep) => rep.openCount > 0)).toBe(true);
    expect(reps.some((rep) => rep.wonCount > 0) && reps.some((rep) => rep.lostCount > 0)).toBe(true);
    expect(reps.every((rep) => rep.activitiesLogged > 0)).toBe(true);
    expect(total(teams.east.stages)).toBeGreaterThan(0);
    expect(total(teams.north.stages)).toBeGreaterThan(0);
    expect(total(teams.east.stages) + total(teams.north.stages)).toBe(total(board.columns));
    expect(all.some((deal) => /\p{Script=Han}/u.test(deal.title)) && all.some((deal) => /^[A-Za-z]/u.test(deal.title))).toBe(true);
  });

  it('has leads, some qualified by MAN and some not', () => {
    const statuses = pipeline.leads.map((lead) => lead.status);

    expect(statuses.length).toBeGreaterThanOrEqual(10);
    expect(statuses).toContain('qualified');
    expect(statuses).toContain('disqualified');
    expect(statuses).toContain('new');
  });

  it('is not loaded a second time when the server starts again', async () => {
    const { accounts, open } = await startAndRead(loadedTenant, async (api) => ({
      accounts: await accountsOf(api),
      open: total((await api.get<{ stages: Figures[] }>('/pipeline/funnel')).body.stages),
    }));

    expect(accounts).toHaveLength(40);
    expect(open).toBe(total(pipeline.board.columns));
  });

  it('leaves a dev tenant that already holds data alone', async () => {
    const tenantId = newTenantId();
    const server = await startTestServer({ DEV_TENANT_ID: tenantId });
    await apiClient(server.url, tenantId).post('/accounts', { name: 'My Own Customer' });
    await server.stop();

    const accounts = await startAndRead(tenantId, accountsOf);

    expect(accounts.map((account) => account.name)).toEqual(['My Own Customer']);
  });
});
