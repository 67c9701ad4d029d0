// Deal writes whose derived rows fail, against a real Azurite: a storage failure in each view's writes (stage history, board
// rows, rollups, title search) during create, update and move; the outbox delivers the change again, with no further
// write, and every view comes back in line with a recomputation from the records; applying a change twice changes nothing.
import type { TableClient } from '@azure/data-tables';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { Actor } from '../../src/core/actor';
import type { Clock } from '../../src/core/clock';
import { coreMessages } from '../../src/core/core.messages';
import { I18n } from '../../src/core/i18n';
import { createLogger } from '../../src/core/logger';
import { loadPlugins } from '../../src/core/plugin-host';
import { physicalTableOf } from '../../src/core/plugin-tables';
import { logicalTable } from '../../src/storage/logical-table';
import { plugins } from '../../src/plugins';
import type { AccountsService } from '../../src/plugins/accounts';
import { pipelineTables, type Opportunity, type PipelinePluginService } from '../../src/plugins/pipeline';
import { createBoardIndex } from '../../src/plugins/pipeline/board-index.store';
import { createOpportunitySearch } from '../../src/plugins/pipeline/opportunity-search';
import type { Projector } from '../../src/storage/projector';
import { calendarDays } from '../../src/plugins/pipeline/pipeline-scope';
import { defaultStages } from '../../src/plugins/pipeline/stage-model.defaults';
import { makeAccount } from '../fixtures/accounts';
import { testOutbox, testProjector } from '../fixtures/events';
import { newTenantId } from '../fixtures/server';
import { adminIn } from '../fixtures/services';
import { logicalTableOfCall, partitionKeyOfCall, testStorage } from '../fixtures/tables';

/** A storage call of one tenant that fails once (or, sticky, every time until taken away), as a failing service would. */
type Fault = { table: string; method: string; tenantId: string; when?: (args: unknown[]) => boolean; sticky?: boolean; hits?: number };
type FaultOn = Omit<Fault, 'tenantId' | 'sticky' | 'hits'>;

const partitionKeyOf = partitionKeyOfCall;

const faults: Fault[] = [];

function withFaults(client: TableClient): TableClient {
  return new Proxy(client, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        const base = logicalTableOfCall(args);
        const index = faults.findIndex(
          (f) => f.table === base && f.method === property && partitionKeyOf(args).includes(f.tenantId) && (f.when?.(args) ?? true),
        );
        if (index < 0) return (value as (...a: unknown[]) => unknown).apply(target, args);
        const fault = faults[index]!;
        if (fault.sticky) fault.hits = (fault.hits ?? 0) + 1;
        else faults.splice(index, 1);
        return Promise.reject(Object.assign(new Error('injected storage failure'), { statusCode: 503 }));
      };
    },
  });
}

/** The clock both processes share: tests move it on to make deals stuck. */
let offsetMs = 0;
const clock: Clock = { now: () => new Date(Date.now() + offsetMs) };
const dayMs = 86_400_000;

/** Short outbox waits, so a change its writer could not apply is delivered again within a second or so. */
const timings = { sweepAfterMs: 300, sweepEveryMs: 150, leaseMs: 5_000, abandonAfterMs: 30_000, maxRetryMs: 600 };

async function startProcess(faulty: boolean) {
  const storage = testStorage();
  const outbox = await testOutbox({ clock, timings });
  const projector = await testProjector(clock);
  const i18n = new I18n();
  i18n.add('core', coreMessages);
  const loaded = await loadPlugins(plugins, {
    openTable: async (name) => (faulty ? withFaults(await storage.openTable(name)) : storage.openTable(name)),
    i18n,
    clock,
    log: createLogger('silent'),
    publicUrl: 'http://127.0.0.1:3978',
    outbox,
    projector,
  });
  const sweeper = outbox.startSweeper();
  const service = (id: string) => loaded.plugins.find((plugin) => plugin.id === id)!.parts.service;
  return {
    pipeline: service('pipeline') as PipelinePluginService,
    accounts: service('accounts') as AccountsService,
    projector,
    stop: async () => {
      await sweeper.stop();
      await loaded.stop();
    },
  };
}

let pipeline: PipelinePluginService;
let accounts: AccountsService;
let projector: Projector;
let index: ReturnType<typeof createBoardIndex>;
let search: ReturnType<typeof createOpportunitySearch>;

beforeAll(async () => {
  const started = await startProcess(true);
  ({ pipeline, accounts, projector } = started);
  const storage = testStorage();
  const physical = await storage.openTable(physicalTableOf('pipeline'));
  index = createBoardIndex(logicalTable(physical, pipelineTables.board));
  search = createOpportunitySearch(logicalTable(physical, pipelineTables.search));
  return started.stop;
});

const rep = (tenantId: string): Actor => ({ tenantId, userId: 'rep-a', displayName: 'Rep A', roles: ['rep'] });
const round = (n: number) => Math.round(n * 100) / 100;
const openStages = defaultStages.filter((stage) => stage.kind === 'open');
const period = { from: '2026-01', to: '2027-12' };
const titles = ['Atlas rollout', 'Borealis pilot', 'Cobalt renewal', 'Delta upgrade'];

/** A tenant with three deals of one account, and the stage history each deal should have. */
interface Arranged {
  tenantId: string;
  accountId: string;
  ids: string[];
  history: Map<string, string[]>;
}

async function arrange(): Promise<Arranged> {
  const tenantId = newTenantId();
  const accountId = (await accounts.createAccount(rep(tenantId), makeAccount({ industry: 'Energy', region: 'Shanghai' }))).value.id;
  const history = new Map<string, string[]>();
  for (const [i, stageId] of ['initial-contact', 'demo', 'contract-negotiation'].entries()) {
    const created = await pipeline.createOpportunity(rep(tenantId), {
      title: titles[i]!,
      accountId,
      amount: 1000 * (i + 1),
      stageId,
      expectedCloseDate: `2027-0${i + 1}-15`,
      team: 'East',
    });
    history.set(created.value.id, [stageId]);
  }
  const ids = [...history.keys()];
  await projector.settled(tenantId);
  return { tenantId, accountId, ids, history };
}

/**
 * Fails every try of a view's write for the tenant until `heal()`: the write itself answers, the views lag behind it,
 * and once healed the outbox's next delivery brings them in line with no further write.
 */
function failForAWhile(tenantId: string, fault: FaultOn): { heal(): void; hits(): number } {
  const armed: Fault = { ...fault, tenantId, sticky: true };
  faults.push(armed);
  return { heal: () => void faults.splice(faults.indexOf(armed), 1), hits: () => armed.hits ?? 0 };
}

/** What the views show, as one value: two reads of unchanged rollups give equal values. */
async function views(tenantId: string, ids: string[]) {
  return {
    funnel: await pipeline.funnel(adminIn(tenantId), {}),
    board: await pipeline.board(adminIn(tenantId), {}, 50),
    forecast: await pipeline.forecast(adminIn(tenantId), {}, period),
    winLoss: await pipeline.winLoss(adminIn(tenantId), {}, period),
    reps: (await pipeline.reps(adminIn(tenantId), {}, period)).items,
    history: await Promise.all(ids.map((id) => pipeline.history(tenantId, id))),
  };
}

/**
 * Every view against what the records say: funnel, board (and its index), forecast, won/lost, stuck, history, search.
 * All the deals of a test share owner, team, industry and region, so each scope holds all of them.
 */
async function expectViewsMatch({ tenantId, accountId, ids, history }: Arranged): Promise<void> {
  const stored = await Promise.all(ids.map((id) => pipeline.getOpportunity(tenantId, id)));
  const deals = stored.map((s) => s.value);
  const etags = new Map(stored.map((s) => [s.value.id, s.etag]));
  const open = deals.filter((deal) => deal.status === 'open');
  const inStage = (stageId: string) => open.filter((deal) => deal.stageId === stageId);
  const idsOf = (list: { id: string }[]) => list.map((deal) => deal.id).sort();

  for (const scope of [{}, { ownerId: 'rep-a' }, { team: 'east' }, { industry: 'Energy' }, { region: 'Shanghai' }]) {
    const funnel = await pipeline.funnel(adminIn(tenantId), scope);
    expect(funnel.stages, JSON.stringify(scope)).toEqual(
      openStages.map(({ id }) => ({
        stageId: id,
        count: inStage(id).length,
        amount: round(inStage(id).reduce((s, d) => s + d.reportingAmount, 0)),
        weighted: round(inStage(id).reduce((s, d) => s + (d.reportingAmount * d.probability) / 100, 0)),
      })),
    );
    const board = await pipeline.board(adminIn(tenantId), scope, 50);
    expect(board.columns.map((column) => ({ stageId: column.stageId, ids: idsOf(column.items) }))).toEqual(
      openStages.map(({ id }) => ({ stageId: id, ids: idsOf(inStage(id)) })),
    );
    for (const column of board.columns) for (const card of column.items) expect(card.etag).toBe(etags.get(card.id));
    const forecast = await pipeline.forecast(adminIn(tenantId), scope, period);
    expect(
      forecast.quarters.reduce((s, q) => ({ count: s.count + q.count, amount: round(s.amount + q.amount) }), { count: 0, amount: 0 }),
    ).toEqual({ count: open.length, amount: round(open.reduce((s, d) => s + d.reportingAmount, 0)) });
    const winLoss = await pipeline.winLoss(adminIn(tenantId), scope, period);
    const closed = (status: Opportunity['status']) => deals.filter((deal) => deal.status === status);
    expect({ won: winLoss.won, lost: winLoss.lost }).toEqual({
      won: { count: closed('won').length, amount: round(closed('won').reduce((s, d) => s + d.reportingAmount, 0)) },
      lost: { count: closed('lost').length, amount: round(closed('lost').reduce((s, d) => s + d.reportingAmount, 0)) },
    });
  }
  for (const { id } of openStages) {
    const rows = (await index.page(tenantId, 'all', id, { pageSize: 1000 })).items;
    expect(idsOf(rows), `board rows of ${id}`).toEqual(idsOf(inStage(id)));
    for (const card of rows) expect(card.etag).toBe(etags.get(card.id));
  }
  for (const deal of deals) {
    expect(
      (await pipeline.history(tenantId, deal.id)).map((change) => change.toStageId),
      `history of ${deal.title}`,
    ).toEqual(history.get(deal.id));
    expect(await search.find(tenantId, deal.title, 10), `search for ${deal.title}`).toEqual(deal.status === 'open' ? [deal.id] : []);
  }
  for (const title of titles)
    if (!open.some((deal) => deal.title === title)) expect(await search.find(tenantId, title, 10), `search for ${title}`).toEqual([]);
  expect((await pipeline.accountDeals(tenantId, accountId, 20)).count).toBe(open.filter((deal) => deal.accountId === accountId).length);

  // Forty days on, every deal in a stage with a shorter dwell limit is stuck.
  offsetMs += 40 * dayMs;
  try {
    const now = clock.now();
    const stuck = open.filter((deal) => {
      const limit = openStages.find((stage) => stage.id === deal.stageId)?.dwellLimitDays;
      return limit !== undefined && calendarDays(deal.stageEnteredAt, now) > limit;
    });
    const shown = await pipeline.stuck(adminIn(tenantId), {}, 50);
    expect({ total: shown.total, ids: idsOf(shown.items.map((item) => item.deal)) }).toEqual({ total: stuck.length, ids: idsOf(stuck) });
  } finally {
    offsetMs -= 40 * dayMs;
  }
}

/** Each view's writes, as the storage sees them: every derived write of the projector is a transaction. */
const viewWrites: [string, FaultOn][] = [
  ['the stage history rows', { table: 'PipelineHistory', method: 'submitTransaction' }],
  ['the board rows', { table: 'PipelineBoard', method: 'submitTransaction' }],
  ['the rollups', { table: 'PipelineViews', method: 'submitTransaction' }],
  ['the title search rows', { table: 'PipelineSearch', method: 'submitTransaction' }],
];

/** Waits until every view matches the records, with no write in between. */
const converges = (arranged: Arranged) => vi.waitFor(() => expectViewsMatch(arranged), { timeout: 15_000, interval: 300 });

describe('a deal create whose views fail for a while', () => {
  it.each(viewWrites)(
    'converges on its own once %s can be written again, and applying its change again changes nothing',
    async (_name, fault) => {
      const arranged = await arrange();
      const { tenantId, accountId } = arranged;
      const failing = failForAWhile(tenantId, fault);

      const created = await pipeline.createOpportunity(rep(tenantId), {
        title: 'Equinox expansion',
        accountId,
        amount: 5000,
        stageId: 'shows-interest',
        expectedCloseDate: '2027-05-15',
        team: 'East',
      });
      await projector.settled(tenantId);
      expect(failing.hits()).toBeGreaterThan(0);
      failing.heal();

      const id = created.value.id;
      const all = { ...arranged, ids: [...arranged.ids, id], history: new Map([...arranged.history, [id, ['shows-interest']]]) };
      await converges(all);
      const before = await views(tenantId, all.ids);
      await projector.handle({ type: 'opportunity.changed', tenantId, recordId: id, version: 1 });
      expect(await views(tenantId, all.ids)).toEqual(before);
    },
  );
});

describe('a stage move whose views fail for a while', () => {
  it.each(viewWrites)('converges on its own once %s can be written again', async (_name, fault) => {
    const arranged = await arrange();
    const { tenantId, ids, history } = arranged;
    const failing = failForAWhile(tenantId, fault);

    await pipeline.moveOpportunity(rep(tenantId), ids[0]!, { stageId: 'won' });
    await pipeline.moveOpportunity(rep(tenantId), ids[1]!, { stageId: 'solution-proposed' });
    await projector.settled(tenantId);
    expect(failing.hits()).toBeGreaterThan(0);
    failing.heal();

    history.set(ids[0]!, [...history.get(ids[0]!)!, 'won']);
    history.set(ids[1]!, [...history.get(ids[1]!)!, 'solution-proposed']);
    await converges(arranged);
  });
});

describe('a deal update whose rollups fail for a while', () => {
  it('converges on its own, counting the new amount once', async () => {
    const arranged = await arrange();
    const { tenantId, ids } = arranged;
    const current = await pipeline.getOpportunity(tenantId, ids[2]!);
    const failing = failForAWhile(tenantId, { table: 'PipelineViews', method: 'submitTransaction' });

    await pipeline.updateOpportunity(rep(tenantId), ids[2]!, { amount: 7777.77 }, current.etag);
    await projector.settled(tenantId);
    failing.heal();

    await converges(arranged);
  });
});

describe('applying a change again', () => {
  it('counts every deal once, whatever version is delivered, how often and in which order', async () => {
    const arranged = await arrange();
    const { tenantId, ids, history } = arranged;
    history.set(ids[0]!, [...history.get(ids[0]!)!, 'solution-proposed', 'lost']);
    await pipeline.moveOpportunity(rep(tenantId), ids[0]!, { stageId: 'solution-proposed' });
    await pipeline.moveOpportunity(rep(tenantId), ids[0]!, { stageId: 'lost', reason: 'price' });
    await projector.settled(tenantId);
    const before = await views(tenantId, ids);

    for (const version of [3, 3, 1, 2, 3]) await projector.handle({ type: 'opportunity.changed', tenantId, recordId: ids[0]!, version });

    expect(await views(tenantId, ids)).toEqual(before);
    await expectViewsMatch(arranged);
  });
});
