// The pipeline rollups against a recomputation from the records: after concurrent moves, updates and closes, every
// view built from rollups (board, funnel, forecast, win/loss, reps, account deals) equals what the deals themselves say.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/core/actor';
import type { AccountsService } from '../../src/plugins/accounts';
import type { Opportunity, PipelinePluginService } from '../../src/plugins/pipeline';
import { makeAccount } from '../fixtures/accounts';
import { newTenantId } from '../fixtures/server';
import { adminIn, loadServices } from '../fixtures/services';

let pipeline: PipelinePluginService;
let accounts: AccountsService;
beforeAll(async () => {
  const { services } = await loadServices();
  pipeline = services.pipeline as PipelinePluginService;
  accounts = services.accounts as AccountsService;
});

const rep = (tenantId: string, userId: string): Actor => ({ tenantId, userId, displayName: `Rep ${userId}`, roles: ['rep'] });
const round = (n: number) => Math.round(n * 100) / 100;
const openStages = [
  'initial-contact',
  'shows-interest',
  'meets-decision-maker',
  'needs-identified',
  'solution-proposed',
  'demo',
  'evaluate-revise',
  'verbal-commitment',
  'contract-negotiation',
];

/** What the views must say, computed from the deals alone. */
function recompute(deals: Opportunity[], keep: (deal: Opportunity) => boolean) {
  const open = deals.filter((deal) => deal.status === 'open' && keep(deal));
  const stages = openStages.map((stageId) => {
    const inStage = open.filter((deal) => deal.stageId === stageId);
    return {
      stageId,
      count: inStage.length,
      amount: round(inStage.reduce((s, d) => s + d.reportingAmount, 0)),
      weighted: round(inStage.reduce((s, d) => s + (d.reportingAmount * d.probability) / 100, 0)),
    };
  });
  const won = deals.filter((deal) => deal.status === 'won' && keep(deal));
  const lost = deals.filter((deal) => deal.status === 'lost' && keep(deal));
  return {
    stages,
    won: { count: won.length, amount: round(won.reduce((s, d) => s + d.reportingAmount, 0)) },
    lost: { count: lost.length, amount: round(lost.reduce((s, d) => s + d.reportingAmount, 0)) },
    open,
  };
}

async function expectViewsMatch(tenantId: string, ids: string[], owners: string[], accountIds: string[]) {
  const deals = await Promise.all(ids.map(async (id) => (await pipeline.getOpportunity(tenantId, id)).value));
  const scopes: [Parameters<PipelinePluginService['funnel']>[1], (deal: Opportunity) => boolean][] = [
    [{}, () => true],
    ...owners.map((ownerId): [{ ownerId: string }, (deal: Opportunity) => boolean] => [{ ownerId }, (deal) => deal.ownerId === ownerId]),
    [{ team: 'east' }, (deal) => deal.team === 'East'],
    [{ industry: 'Energy' }, (deal) => deal.industry === 'Energy'],
    [{ region: 'Shanghai' }, (deal) => deal.region === 'Shanghai'],
  ];
  const period = { from: '2026-01', to: '2027-12' };
  for (const [scope, keep] of scopes) {
    const expected = recompute(deals, keep);
    const [funnel, board, forecast, winLoss] = await Promise.all([
      pipeline.funnel(adminIn(tenantId), scope),
      pipeline.board(adminIn(tenantId), scope, 50),
      pipeline.forecast(adminIn(tenantId), scope, period),
      pipeline.winLoss(adminIn(tenantId), scope, period),
    ]);
    expect(funnel.stages, JSON.stringify(scope)).toEqual(expected.stages);
    expect(board.columns.map((c) => ({ stageId: c.stageId, ids: c.items.map((d) => d.id).sort() }))).toEqual(
      openStages.map((stageId) => ({
        stageId,
        ids: expected.open
          .filter((d) => d.stageId === stageId)
          .map((d) => d.id)
          .sort(),
      })),
    );
    const etags = new Map((await Promise.all(ids.map((id) => pipeline.getOpportunity(tenantId, id)))).map((s) => [s.value.id, s.etag]));
    for (const column of board.columns) for (const card of column.items) expect(card.etag).toBe(etags.get(card.id));
    const forecastTotal = forecast.quarters.reduce((s, q) => ({ count: s.count + q.count, amount: round(s.amount + q.amount) }), {
      count: 0,
      amount: 0,
    });
    expect(forecastTotal).toEqual({ count: expected.open.length, amount: round(expected.open.reduce((s, d) => s + d.reportingAmount, 0)) });
    expect({ won: winLoss.won, lost: winLoss.lost }).toEqual({ won: expected.won, lost: expected.lost });
  }
  const reps = (await pipeline.reps(adminIn(tenantId), {}, period)).items;
  for (const ownerId of owners) {
    const mine = recompute(deals, (deal) => deal.ownerId === ownerId);
    expect(reps.find((r) => r.ownerId === ownerId)).toMatchObject({
      openCount: mine.open.length,
      wonCount: mine.won.count,
      lostCount: mine.lost.count,
      newOpportunities: deals.filter((d) => d.ownerId === ownerId).length,
    });
  }
  for (const accountId of accountIds) {
    const listed = await pipeline.accountDeals(tenantId, accountId, 20);
    const expected = deals
      .filter((d) => d.accountId === accountId && d.status === 'open')
      .sort((a, b) => a.expectedCloseDate.localeCompare(b.expectedCloseDate) || a.id.localeCompare(b.id));
    expect(listed.count).toBe(expected.length);
    // The account card's list is the soonest to close: up to 20, and never fewer than the 5 the card shows.
    expect(listed.items.length).toBeGreaterThanOrEqual(Math.min(5, expected.length));
    expect(listed.items.length).toBeLessThanOrEqual(20);
    expect(listed.items.map((d) => d.id)).toEqual(expected.slice(0, listed.items.length).map((d) => d.id));
  }
}

describe('pipeline rollups under concurrency', () => {
  it('stay equal to a recomputation from the records after 20 concurrent moves of different deals', async () => {
    const tenantId = newTenantId();
    const owners = ['rep-a', 'rep-b', 'rep-c'];
    const energy = (await accounts.createAccount(rep(tenantId, 'rep-a'), makeAccount({ industry: 'Energy', region: 'Beijing' }))).value.id;
    const retail = (await accounts.createAccount(rep(tenantId, 'rep-a'), makeAccount({ industry: 'Retail', region: 'Shanghai' }))).value.id;
    const deals: { id: string; etag: string }[] = [];
    for (let i = 0; i < 24; i += 1) {
      const created = await pipeline.createOpportunity(rep(tenantId, owners[i % 3]!), {
        title: `Deal ${i}`,
        accountId: i % 2 === 0 ? energy : retail,
        amount: 1000 * (i + 1),
        currency: 'CNY',
        stageId: openStages[i % 5],
        expectedCloseDate: `2026-${String((i % 12) + 1).padStart(2, '0')}-15`,
        ...(i % 4 === 0 ? { team: 'East' } : {}),
      });
      deals.push({ id: created.value.id, etag: created.etag });
    }

    const targets = ['demo', 'won', 'lost', 'contract-negotiation', 'shows-interest'];
    await Promise.all(
      deals
        .slice(0, 20)
        .map((deal, i) =>
          pipeline.moveOpportunity(
            rep(tenantId, 'rep-b'),
            deal.id,
            { stageId: targets[i % 5]!, ...(i % 5 === 2 ? { reason: i % 2 ? 'Price' : 'Timing' } : {}) },
            deal.etag,
          ),
        ),
    );
    await expectViewsMatch(
      tenantId,
      deals.map((d) => d.id),
      owners,
      [energy, retail],
    );

    // Then concurrent updates and moves of the same deals, without ETags, racing each other.
    await Promise.all(
      deals
        .slice(0, 12)
        .flatMap((deal, i) => [
          pipeline.moveOpportunity(rep(tenantId, 'rep-c'), deal.id, { stageId: openStages[(i + 3) % 9]! }),
          pipeline
            .getOpportunity(tenantId, deal.id)
            .then((current) =>
              pipeline.updateOpportunity(rep(tenantId, 'rep-c'), deal.id, { amount: 777 * (i + 1) }, current.etag).catch(() => undefined),
            ),
        ]),
    );
    await expectViewsMatch(
      tenantId,
      deals.map((d) => d.id),
      owners,
      [energy, retail],
    );
  });

  it('keeps every deal of a large batch import in the rollups, and conversion counts from reached stages', async () => {
    const tenantId = newTenantId();
    const accountId = (await accounts.createAccount(rep(tenantId, 'rep-a'), makeAccount({ industry: 'Energy' }))).value.id;
    const inputs = Array.from({ length: 150 }, (_, i) => ({
      title: `Imported ${i}`,
      accountId,
      amount: 100 + i,
      stageId: openStages[i % 9]!,
      expectedCloseDate: `2026-${String((i % 12) + 1).padStart(2, '0')}-01`,
    }));
    const stored = await pipeline.importOpportunities(rep(tenantId, 'rep-a'), inputs);
    expect(stored).toHaveLength(150);
    await expectViewsMatch(
      tenantId,
      stored.map((s) => s.value.id),
      ['rep-a'],
      [accountId],
    );
    const funnel = await pipeline.funnel(adminIn(tenantId), {});
    expect(funnel.conversion[0]).toMatchObject({ fromStageId: 'initial-contact', reached: 150 });
    expect(funnel.conversion[0]!.rate).toBeCloseTo(133 / 150, 3);
  });

  it("refills a stage's first cards from the board index when moves empty them", async () => {
    const tenantId = newTenantId();
    const accountId = (await accounts.createAccount(rep(tenantId, 'rep-a'), makeAccount())).value.id;
    const inputs = Array.from({ length: 40 }, (_, i) => ({
      title: `Deal ${i}`,
      accountId,
      amount: 100,
      stageId: 'demo',
      expectedCloseDate: `2026-${String(Math.floor(i / 28) + 10).padStart(2, '0')}-${String((i % 28) + 1).padStart(2, '0')}`,
    }));
    const stored = await pipeline.importOpportunities(rep(tenantId, 'rep-a'), inputs);
    const soonest = [...stored].sort(
      (a, b) => a.value.expectedCloseDate.localeCompare(b.value.expectedCloseDate) || a.value.id.localeCompare(b.value.id),
    );
    for (const deal of soonest.slice(0, 22))
      await pipeline.moveOpportunity(rep(tenantId, 'rep-a'), deal.value.id, { stageId: 'won' }, deal.etag);
    const board = await pipeline.board(adminIn(tenantId), {}, 25);
    const demo = board.columns.find((column) => column.stageId === 'demo')!;
    expect(demo.count).toBe(18);
    expect(demo.items.map((card) => card.id)).toEqual(soonest.slice(22).map((deal) => deal.value.id));
    await expectViewsMatch(
      tenantId,
      stored.map((s) => s.value.id),
      ['rep-a'],
      [accountId],
    );
  });

  it('finds open deals by title or by account name and title, and forgets closed ones', async () => {
    const tenantId = newTenantId();
    const accountId = (await accounts.createAccount(rep(tenantId, 'rep-a'), makeAccount({ name: 'Contoso Pharma' }))).value.id;
    const erp = await pipeline.createOpportunity(rep(tenantId, 'rep-a'), {
      title: 'ERP rollout',
      accountId,
      amount: 1,
      expectedCloseDate: '2026-09-30',
    });
    const crm = await pipeline.createOpportunity(rep(tenantId, 'rep-a'), {
      title: 'CRM pilot',
      accountId,
      amount: 1,
      expectedCloseDate: '2026-09-30',
    });
    expect((await pipeline.findOpenOpportunities(tenantId, 'erp r', 5)).map((card) => card.id)).toEqual([erp.value.id]);
    expect((await pipeline.findOpenOpportunities(tenantId, 'Contoso Pharma CRM', 5)).map((card) => card.id)).toEqual([crm.value.id]);
    expect((await pipeline.findOpenOpportunities(tenantId, 'contoso', 5)).map((card) => card.id).sort()).toEqual(
      [erp.value.id, crm.value.id].sort(),
    );
    await pipeline.moveOpportunity(rep(tenantId, 'rep-a'), erp.value.id, { stageId: 'lost', reason: 'budget' });
    expect((await pipeline.findOpenOpportunities(tenantId, 'contoso', 5)).map((card) => card.id)).toEqual([crm.value.id]);
    const renamed = await pipeline.updateOpportunity(
      rep(tenantId, 'rep-a'),
      crm.value.id,
      { title: 'Sales cloud' },
      (await pipeline.getOpportunity(tenantId, crm.value.id)).etag,
    );
    expect(await pipeline.findOpenOpportunities(tenantId, 'CRM', 5)).toEqual([]);
    expect((await pipeline.findOpenOpportunities(tenantId, 'sales cl', 5))[0]).toMatchObject({ id: crm.value.id, etag: renamed.etag });
  });
});
