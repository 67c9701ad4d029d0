// Importing deals as they went in the past: history, stage entry, dwell, stuck, won and lost come out as the service's own moves at those times would write them.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/core/actor';
import type { Clock } from '../../src/core/clock';
import { AppError } from '../../src/core/errors';
import type { AccountsService } from '../../src/plugins/accounts';
import type { PastOpportunity, PipelinePluginService } from '../../src/plugins/pipeline';
import { makeAccount } from '../fixtures/accounts';
import { newTenantId } from '../fixtures/server';
import { adminIn, loadServices } from '../fixtures/services';

const day = 86_400_000;
const today = Date.parse('2026-11-20T03:00:00.000Z');
let now = today;
const clock: Clock = { now: () => new Date(now) };
const iso = (ms: number) => new Date(ms).toISOString();

let pipeline: PipelinePluginService;
let accounts: AccountsService;
beforeAll(async () => {
  const { services } = await loadServices(clock);
  pipeline = services.pipeline as PipelinePluginService;
  accounts = services.accounts as AccountsService;
});

const rep = (tenantId: string): Actor => ({ tenantId, userId: 'rep-1', displayName: 'Ana Silva', roles: ['rep'] });

/** Three deals: one stuck in Demo for 40 days, one won in September, one lost in October with its reason. */
const story = (accountId: string): PastOpportunity[] => [
  {
    title: 'ERP rollout',
    accountId,
    amount: 120_000,
    expectedCloseDate: '2026-12-15',
    team: 'East',
    createdAt: iso(today - 70 * day),
    moves: [
      { stageId: 'needs-identified', at: iso(today - 55 * day) },
      { stageId: 'demo', at: iso(today - 40 * day) },
    ],
  },
  {
    title: 'CRM licences',
    accountId,
    amount: 80_000,
    expectedCloseDate: '2026-09-30',
    team: 'East',
    createdAt: iso(today - 120 * day),
    moves: [
      { stageId: 'solution-proposed', at: iso(today - 100 * day) },
      { stageId: 'won', reason: 'Best integration', at: iso(today - 70 * day) },
    ],
  },
  {
    title: 'Data platform',
    accountId,
    amount: 50_000,
    expectedCloseDate: '2026-10-31',
    team: 'East',
    stageId: 'shows-interest',
    createdAt: iso(today - 60 * day),
    moves: [{ stageId: 'lost', reason: 'Price', at: iso(today - 30 * day) }],
  },
];

/** The same deals written live: created and moved by the service while the clock stands at each time. */
async function writeLive(actor: Actor, deals: PastOpportunity[]): Promise<string[]> {
  const ids: string[] = [];
  for (const { createdAt, moves, ...input } of deals) {
    now = Date.parse(createdAt);
    const created = await pipeline.createOpportunity(actor, input);
    for (const move of moves) {
      now = Date.parse(move.at);
      await pipeline.moveOpportunity(actor, created.value.id, { stageId: move.stageId, ...(move.reason ? { reason: move.reason } : {}) });
    }
    ids.push(created.value.id);
  }
  now = today;
  return ids;
}

/** What the tenant's views and the deals' histories say, without the ids that differ between two tenants. */
async function views(tenantId: string, ids: string[]) {
  const period = { from: '2026-06', to: '2026-11' };
  const withoutIds = <T extends { id?: string; etag?: string; accountId?: string; opportunityId?: string }>({
    id: _i,
    etag: _e,
    accountId: _a,
    opportunityId: _o,
    ...rest
  }: T) => rest;
  const [funnel, stuck, dwell, winLoss, reps, board] = await Promise.all([
    pipeline.funnel(adminIn(tenantId), {}),
    pipeline.stuck(adminIn(tenantId), {}, 10),
    pipeline.dwell(adminIn(tenantId), {}, period),
    pipeline.winLoss(adminIn(tenantId), { team: 'East' }, period),
    pipeline.reps(adminIn(tenantId), {}, period),
    pipeline.board(adminIn(tenantId), { ownerId: 'rep-1' }, 10),
  ]);
  return {
    deals: await Promise.all(ids.map(async (id) => withoutIds((await pipeline.getOpportunity(tenantId, id)).value))),
    histories: await Promise.all(ids.map(async (id) => (await pipeline.history(tenantId, id)).map(withoutIds))),
    funnel,
    stuck: { total: stuck.total, items: stuck.items.map(({ deal, ...rest }) => ({ ...rest, deal: withoutIds(deal) })) },
    dwell,
    winLoss,
    reps,
    board: board.columns.map(({ items, ...column }) => ({ ...column, items: items.map(withoutIds) })),
  };
}

describe('importing past deals', () => {
  it('writes the deals, their history and every view as moves made at those times would', async () => {
    const [live, imported] = [newTenantId(), newTenantId()];
    const [liveAccount, importedAccount] = await Promise.all(
      [live, imported].map(
        async (tenantId) => (await accounts.createAccount(rep(tenantId), makeAccount({ name: 'Contoso Pharmaceuticals' }))).value.id,
      ),
    );
    const liveIds = await writeLive(rep(live), story(liveAccount!));

    const importedIds = (await pipeline.importPastOpportunities(rep(imported), story(importedAccount!))).map((deal) => deal.value.id);

    const [expected, actual] = await Promise.all([views(live, liveIds), views(imported, importedIds)]);
    expect(actual).toEqual(expected);
    expect(actual.stuck.total).toBe(1);
    expect(actual.stuck.items[0]).toMatchObject({ daysInStage: 40, limitDays: 21, deal: { title: 'ERP rollout', stageId: 'demo' } });
    expect(actual.winLoss.reasons.map(({ outcome, reason }) => `${outcome}: ${reason}`).sort()).toEqual([
      'lost: Price',
      'won: Best integration',
    ]);
    expect(actual.histories[0]!.map((change) => change.toStageId)).toEqual(['initial-contact', 'needs-identified', 'demo']);
  });

  it('gives each deal the owner it names, who made its stage changes', async () => {
    const tenantId = newTenantId();
    const accountId = (await accounts.createAccount(rep(tenantId), makeAccount())).value.id;
    const [stuck, won] = story(accountId);

    const [imported] = await pipeline.importPastOpportunities(rep(tenantId), [
      { ...stuck!, owner: { userId: 'rep-2', name: '张伟' } },
      won!,
    ]);

    expect(imported!.value).toMatchObject({ ownerId: 'rep-2', ownerName: '张伟' });
    expect((await pipeline.history(tenantId, imported!.value.id)).map((change) => change.byUserId)).toEqual(['rep-2', 'rep-2', 'rep-2']);
    expect(
      (await pipeline.reps(adminIn(tenantId), {}, { from: '2026-06', to: '2026-11' })).items.map((figures) => [
        figures.ownerId,
        figures.openCount,
        figures.wonCount,
      ]),
    ).toEqual([
      ['rep-2', 1, 0],
      ['rep-1', 0, 1],
    ]);
  });

  it('refuses moves out of time order or in the future, before writing anything', async () => {
    const tenantId = newTenantId();
    const accountId = (await accounts.createAccount(rep(tenantId), makeAccount())).value.id;
    const [deal] = story(accountId);
    const backwards = {
      ...deal!,
      moves: [
        { stageId: 'demo', at: iso(today - 10 * day) },
        { stageId: 'won', at: iso(today - 20 * day) },
      ],
    };
    const future = { ...deal!, moves: [{ stageId: 'demo', at: iso(today + day) }] };

    for (const input of [backwards, future]) {
      const refused = await pipeline.importPastOpportunities(rep(tenantId), [input]).catch((error: unknown) => error);
      expect(refused).toBeInstanceOf(AppError);
      expect((refused as AppError).code).toBe('VALIDATION_FAILED');
    }
    expect((await pipeline.funnel(adminIn(tenantId), {})).stages.every((stage) => stage.count === 0)).toBe(true);
  });
});
