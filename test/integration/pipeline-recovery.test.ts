// Deal writes whose derived rows fail, against a real Azurite: a storage failure in each derived write (stage history, board
// index, rollups, title search) during create, update and move; the next write of the deal, a later read or the sweep
// then brings every view back in line with a recomputation from the records, and applying a change twice changes nothing.
import { randomUUID } from 'node:crypto';
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
import { snapshotOf } from '../../src/plugins/pipeline/deal-snapshot';
import { createOpportunitySearch } from '../../src/plugins/pipeline/opportunity-search';
import { createPipelineStore, opportunityAddress } from '../../src/plugins/pipeline/opportunity.store';
import { createPipelineRollups } from '../../src/plugins/pipeline/pipeline-rollup.store';
import { calendarDays } from '../../src/plugins/pipeline/pipeline-scope';
import { defaultStages } from '../../src/plugins/pipeline/stage-model.defaults';
import { makeAccount } from '../fixtures/accounts';
import { makeDeal } from '../fixtures/pipeline';
import { testOutbox } from '../fixtures/events';
import { newTenantId } from '../fixtures/server';
import { adminIn } from '../fixtures/services';
import { logicalTableOfCall, openLogicalTable, partitionKeyOfCall, testStorage } from '../fixtures/tables';

/** A storage call of one tenant that fails once (or, sticky, every time until taken away), as a failing service would. */
type Fault = { table: string; method: string; tenantId: string; when?: (args: unknown[]) => boolean; sticky?: boolean; hits?: number };
type FaultOn = Omit<Fault, 'tenantId' | 'sticky' | 'hits'>;

/** The PartitionKey a table call names: its first argument, the entity's, or that of a transaction's first action. */
const partitionKeyOf = partitionKeyOfCall;

const faults: Fault[] = [];
/** Every deal record created, as the storage saw it: how a test finds the id of a deal whose create failed. */
const createdRecords: { partitionKey: string; id: string }[] = [];

/** Faults name a logical table of the plugin's physical one, read from the call's PartitionKey. */
function withFaults(client: TableClient): TableClient {
  return new Proxy(client, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        const base = logicalTableOfCall(args);
        if (base === 'Opportunities' && property === 'createEntity')
          createdRecords.push({ partitionKey: partitionKeyOf(args), id: String((args[0] as { id?: string }).id) });
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

/** The clock both processes share: tests move it on to age a pending change or to make deals stuck. */
let offsetMs = 0;
const clock: Clock = { now: () => new Date(Date.now() + offsetMs) };
const dayMs = 86_400_000;

async function startProcess(faulty: boolean) {
  const storage = testStorage();
  const i18n = new I18n();
  i18n.add('core', coreMessages);
  const loaded = await loadPlugins(plugins, {
    openTable: async (name) => (faulty ? withFaults(await storage.openTable(name)) : storage.openTable(name)),
    i18n,
    clock,
    log: createLogger('silent'),
    publicUrl: 'http://127.0.0.1:3978',
    outbox: await testOutbox({ clock }),
  });
  const service = (id: string) => loaded.plugins.find((plugin) => plugin.id === id)!.parts.service;
  return { pipeline: service('pipeline') as PipelinePluginService, accounts: service('accounts') as AccountsService };
}

let pipeline: PipelinePluginService;
let accounts: AccountsService;
/** A second process over the same storage, which knows nothing of the changes the first applied. */
let other: PipelinePluginService;
let index: ReturnType<typeof createBoardIndex>;
let search: ReturnType<typeof createOpportunitySearch>;
let records: ReturnType<typeof createPipelineStore>;

beforeAll(async () => {
  ({ pipeline, accounts } = await startProcess(true));
  ({ pipeline: other } = await startProcess(false));
  const storage = testStorage();
  const physical = await storage.openTable(physicalTableOf('pipeline'));
  const open = (name: string) => logicalTable(physical, name);
  index = createBoardIndex(open(pipelineTables.board));
  search = createOpportunitySearch(open(pipelineTables.search));
  records = createPipelineStore({
    opportunities: open(pipelineTables.opportunities),
    history: open(pipelineTables.history),
    leads: open(pipelineTables.leads),
    settings: open(pipelineTables.settings),
  });
});

/** The deals whose row still carries a change for its derived rows. */
async function pendingOf(tenantId: string, ids: string[]): Promise<string[]> {
  const rows = await Promise.all(ids.map((id) => records.opportunities.getOrThrow(opportunityAddress(tenantId, id))));
  return rows.filter((row) => row.value.pending !== undefined).map((row) => row.value.id);
}

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
  // Each write clears its change off the row once applied; the tests start from deals with nothing left to do.
  await vi.waitFor(async () => expect(await pendingOf(tenantId, ids)).toEqual([]), { timeout: 5_000 });
  return { tenantId, accountId, ids, history };
}

/** Arms a fault for the tenant; the test then checks it was hit. */
const failNext = (tenantId: string, fault: FaultOn) => faults.push({ ...fault, tenantId });

/** Derived rows are written after the write answered, and tried again when they fail: only a sticky fault leaves them behind. */
const failForGood = (tenantId: string, fault: FaultOn) => faults.push({ ...fault, tenantId, sticky: true });

/**
 * A write whose derived rows fail on every try answers, and its change stays on the deal once the tries gave up (a
 * read of derived rows waits for that). The sticky fault is then taken away.
 */
async function expectLeftBehind(work: Promise<unknown>, tenantId: string): Promise<void> {
  await work;
  await pipeline.funnel(adminIn(tenantId), {});
  const sticky = faults.filter((armed) => armed.sticky);
  expect(sticky).toHaveLength(1);
  expect(sticky[0]!.hits).toBeGreaterThan(1);
  faults.splice(faults.indexOf(sticky[0]!), 1);
  expect(faults).toEqual([]);
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
    const rows = await index.all(tenantId, 'all', id);
    expect(idsOf(rows), `board index of ${id}`).toEqual(idsOf(inStage(id)));
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
  await vi.waitFor(async () => expect(await pendingOf(tenantId, ids)).toEqual([]), { timeout: 5_000 });
}

const isAccountRow = (args: unknown[]) => String((args[0] as { rowKey?: string }).rowKey) === 'state';

describe('a deal create that fails part-way', () => {
  it.each<[string, FaultOn]>([
    ['the stage history row', { table: 'StageHistory', method: 'createEntity' }],
    ['the board index row', { table: 'OpportunityBoard', method: 'upsertEntity' }],
    ['the scope rollups', { table: 'PipelineRollups', method: 'submitTransaction' }],
    ['the account rollup', { table: 'PipelineRollups', method: 'updateEntity', when: isAccountRow }],
    ['the title search rows', { table: 'OpportunitySearch', method: 'upsertEntity' }],
  ])('is completed by the sweep when %s failed, and a second sweep finds nothing to do', async (_name, fault) => {
    const arranged = await arrange();
    const { tenantId, accountId } = arranged;
    failForGood(tenantId, fault);

    await expectLeftBehind(
      pipeline.createOpportunity(rep(tenantId), {
        title: 'Equinox expansion',
        accountId,
        amount: 5000,
        stageId: 'shows-interest',
        expectedCloseDate: '2027-05-15',
        team: 'East',
      }),
      tenantId,
    );
    const id = createdRecords.filter((record) => record.partitionKey.includes(tenantId)).at(-1)!.id;
    const swept = await pipeline.settlePending(tenantId, 0);

    expect(swept.settled).toBeGreaterThanOrEqual(1);
    const all = { ...arranged, ids: [...arranged.ids, id], history: new Map([...arranged.history, [id, ['shows-interest']]]) };
    await expectViewsMatch(all);
    const before = await views(tenantId, all.ids);
    expect(await pipeline.settlePending(tenantId, 0)).toEqual({ settled: 0 });
    expect(await views(tenantId, all.ids)).toEqual(before);
  });

  it('is completed by the next move of the deal', async () => {
    const arranged = await arrange();
    const { tenantId, accountId } = arranged;
    const fault = { table: 'PipelineRollups', method: 'submitTransaction' };
    failForGood(tenantId, fault);

    await expectLeftBehind(
      pipeline.createOpportunity(rep(tenantId), {
        title: 'Equinox expansion',
        accountId,
        amount: 5000,
        expectedCloseDate: '2027-05-15',
        team: 'East',
      }),
      tenantId,
    );
    const id = createdRecords.filter((record) => record.partitionKey.includes(tenantId)).at(-1)!.id;
    await pipeline.moveOpportunity(rep(tenantId), id, { stageId: 'demo' });

    await expectViewsMatch({
      ...arranged,
      ids: [...arranged.ids, id],
      history: new Map([...arranged.history, [id, ['initial-contact', 'demo']]]),
    });
  });
});

describe('a stage move that fails part-way', () => {
  it.each<[string, string, FaultOn]>([
    ['the stage history row', 'demo', { table: 'StageHistory', method: 'createEntity' }],
    ['the new board index row', 'demo', { table: 'OpportunityBoard', method: 'upsertEntity' }],
    ['the removal of the old board index row', 'demo', { table: 'OpportunityBoard', method: 'deleteEntity' }],
    ['the scope rollups', 'demo', { table: 'PipelineRollups', method: 'submitTransaction' }],
    ['the account rollup', 'won', { table: 'PipelineRollups', method: 'updateEntity', when: isAccountRow }],
    ['the removal of the title search rows', 'won', { table: 'OpportunitySearch', method: 'deleteEntity' }],
    ['the scope rollups of a close', 'lost', { table: 'PipelineRollups', method: 'submitTransaction' }],
  ])('is completed when the move is tried again, after %s failed (to %s)', async (_name, stageId, fault) => {
    const arranged = await arrange();
    const { tenantId, ids } = arranged;
    const deal = ids[0]!;
    failForGood(tenantId, fault);

    await expectLeftBehind(pipeline.moveOpportunity(rep(tenantId), deal, { stageId, reason: 'Budget' }), tenantId);
    const retried = await pipeline.moveOpportunity(rep(tenantId), deal, { stageId, reason: 'Budget' });

    expect(retried.value.stageId).toBe(stageId);
    arranged.history.get(deal)!.push(stageId);
    await expectViewsMatch(arranged);
  });

  it('is completed by a read a few seconds later', async () => {
    const arranged = await arrange();
    const { tenantId, ids } = arranged;
    failForGood(tenantId, { table: 'OpportunityBoard', method: 'upsertEntity' });

    await expectLeftBehind(pipeline.moveOpportunity(rep(tenantId), ids[1]!, { stageId: 'verbal-commitment' }), tenantId);
    offsetMs += 10_000;
    await pipeline.getOpportunity(tenantId, ids[1]!);

    arranged.history.get(ids[1]!)!.push('verbal-commitment');
    await expectViewsMatch(arranged);
  });

  it('is completed by the sweep, which leaves a change younger than its cut-off to its writer', async () => {
    const arranged = await arrange();
    const { tenantId, ids } = arranged;
    const fault = { table: 'PipelineRollups', method: 'submitTransaction' };
    failForGood(tenantId, fault);

    await expectLeftBehind(pipeline.moveOpportunity(rep(tenantId), ids[2]!, { stageId: 'won', reason: 'Best terms' }), tenantId);
    expect(await pipeline.settlePending(tenantId, 60_000)).toEqual({ settled: 0 });
    offsetMs += 10_000;
    expect(await other.settlePending(tenantId)).toEqual({ settled: 1 });

    arranged.history.get(ids[2]!)!.push('won');
    await expectViewsMatch(arranged);
  });
});

describe('derived rows that fail after the write answered', () => {
  it.each<[string, string, FaultOn]>([
    ['the scope rollups', 'demo', { table: 'PipelineRollups', method: 'submitTransaction' }],
    ['the account rollup', 'won', { table: 'PipelineRollups', method: 'updateEntity', when: isAccountRow }],
    ['the stage history row', 'demo', { table: 'StageHistory', method: 'createEntity' }],
    ['the new board index row', 'demo', { table: 'OpportunityBoard', method: 'upsertEntity' }],
  ])('are tried again when %s failed once (a move to %s), and the change is cleared off the deal', async (_name, stageId, fault) => {
    const arranged = await arrange();
    const { tenantId, ids } = arranged;
    failNext(tenantId, fault);

    const moved = await pipeline.moveOpportunity(rep(tenantId), ids[0]!, { stageId });

    expect(moved.value.stageId).toBe(stageId);
    await vi.waitFor(() => expect(faults).toEqual([]), { timeout: 5_000 });
    await vi.waitFor(async () => expect(await pendingOf(tenantId, ids)).toEqual([]), { timeout: 5_000 });
    arranged.history.get(ids[0]!)!.push(stageId);
    await expectViewsMatch(arranged);
  });
});

describe('a deal update that fails part-way', () => {
  it.each<[string, FaultOn]>([
    ['the board index rows', { table: 'OpportunityBoard', method: 'submitTransaction' }],
    ['the scope rollups', { table: 'PipelineRollups', method: 'submitTransaction' }],
    ['the account rollup', { table: 'PipelineRollups', method: 'updateEntity', when: isAccountRow }],
    ['the new title search rows', { table: 'OpportunitySearch', method: 'upsertEntity' }],
    ['the removal of the old title search rows', { table: 'OpportunitySearch', method: 'deleteEntity' }],
  ])('is completed by the next update of the deal, after %s failed', async (_name, fault) => {
    const arranged = await arrange();
    const { tenantId, ids } = arranged;
    const deal = ids[1]!;
    failForGood(tenantId, fault);

    const { etag } = await pipeline.getOpportunity(tenantId, deal);
    await expectLeftBehind(
      pipeline.updateOpportunity(rep(tenantId), deal, { title: 'Equinox expansion', amount: 4200, expectedCloseDate: '2027-06-30' }, etag),
      tenantId,
    );
    const current = await pipeline.getOpportunity(tenantId, deal);
    expect(current.value).toMatchObject({ title: 'Equinox expansion', amount: 4200 });
    await pipeline.updateOpportunity(rep(tenantId), deal, { probability: 65 }, current.etag);

    await expectViewsMatch(arranged);
  });
});

describe('applying a change again', () => {
  it.each<[string, number, (arranged: Arranged) => Promise<unknown>]>([
    [
      'a close',
      0,
      async ({ tenantId, ids, history }) => {
        await pipeline.moveOpportunity(rep(tenantId), ids[0]!, { stageId: 'lost', reason: 'Timing' });
        history.get(ids[0]!)!.push('lost');
      },
    ],
    [
      'a move to another open stage',
      1,
      async ({ tenantId, ids, history }) => {
        await pipeline.moveOpportunity(rep(tenantId), ids[1]!, { stageId: 'evaluate-revise' });
        history.get(ids[1]!)!.push('evaluate-revise');
      },
    ],
    [
      'a new close date',
      2,
      async ({ tenantId, ids }) => {
        const { etag } = await pipeline.getOpportunity(tenantId, ids[2]!);
        await pipeline.updateOpportunity(rep(tenantId), ids[2]!, { expectedCloseDate: '2027-09-30', amount: 9100 }, etag);
      },
    ],
  ])('changes nothing when another process completes %s that was applied but not cleared', async (_name, target, write) => {
    const arranged = await arrange();
    const { tenantId, ids } = arranged;
    // The write that clears the applied change off the deal's row is the one that fails: the change stays behind.
    const isClear = (args: unknown[]) => (args[0] as { id?: string }).id === ids[target] && !('pending' in (args[0] as object));
    failNext(tenantId, { table: 'Opportunities', method: 'updateEntity', when: isClear });

    await write(arranged);
    await vi.waitFor(() => expect(faults).toEqual([]), { timeout: 5_000 });
    expect(await pendingOf(tenantId, ids)).toEqual([ids[target]]);
    const before = await views(tenantId, ids);
    offsetMs += 10_000;

    expect(await other.settlePending(tenantId)).toEqual({ settled: 1 });

    expect(await views(tenantId, ids)).toEqual(before);
    await expectViewsMatch(arranged);
  });

  it('changes nothing when a retried move finds its change applied by a read in between', async () => {
    const arranged = await arrange();
    const { tenantId, ids } = arranged;
    failForGood(tenantId, { table: 'OpportunitySearch', method: 'deleteEntity' });

    await expectLeftBehind(pipeline.moveOpportunity(rep(tenantId), ids[1]!, { stageId: 'won' }), tenantId);
    offsetMs += 10_000;
    await other.getOpportunity(tenantId, ids[1]!);
    const before = await views(tenantId, ids);
    await other.moveOpportunity(rep(tenantId), ids[1]!, { stageId: 'won' });
    await pipeline.moveOpportunity(rep(tenantId), ids[1]!, { stageId: 'won' });

    expect(await views(tenantId, ids)).toEqual(before);
    arranged.history.get(ids[1]!)!.push('won');
    await expectViewsMatch(arranged);
  });
});

describe('the rollup rows', () => {
  it('take a change once however often it is applied', async () => {
    const rollups = createPipelineRollups({
      table: await openLogicalTable('pipeline', pipelineTables.rollups),
      index,
      openStageIds: async () => openStages.map((stage) => stage.id),
      clock,
      log: createLogger('silent'),
    });
    const tenantId = newTenantId();
    const now = clock.now().toISOString();
    const month = now.slice(0, 7);
    const deal = makeDeal({
      title: 'Atlas rollout',
      accountId: randomUUID(),
      accountName: 'Contoso Energy',
      industry: 'Energy',
      expectedCloseDate: '2027-03-15',
      ownerId: 'rep-a',
      ownerName: 'Rep A',
      stageEnteredAt: now,
      createdAt: now,
      updatedAt: now,
    });
    const won: Opportunity = { ...deal, stageId: 'won', status: 'won', probability: 100, closedAt: now, outcomeReason: 'Best terms' };
    const create = { changeId: `${deal.id}:1`, from: null, to: snapshotOf(deal, '"v1"', ['initial-contact', 'demo']) };
    const close = {
      changeId: `${deal.id}:2`,
      from: create.to,
      to: snapshotOf(won, '"v2"', ['initial-contact', 'demo', 'won']),
      dwell: { stageId: 'demo', days: 18, at: now },
    };
    const state = async () => ({
      all: await rollups.scope(tenantId, 'all'),
      owner: await rollups.scope(tenantId, 'owner:rep-a'),
      account: await rollups.account(tenantId, deal.accountId),
    });
    await rollups.apply(tenantId, [create]);
    const created = await state();
    await rollups.apply(tenantId, [close]);
    const closed = await state();

    await rollups.apply(tenantId, [create, close]);
    await rollups.apply(tenantId, [close]);

    expect(await state()).toEqual(closed);
    expect(created.all.stages['demo']).toMatchObject({ count: 1, amount: 1000 });
    expect(closed.all.stages['demo']).toMatchObject({ count: 0, amount: 0 });
    expect(closed.all.recent[month]!.owners['rep-a']).toMatchObject({ newCount: 1, wonCount: 1, wonAmount: 1000 });
    expect(closed.all.recent[month]!.dwell['demo']).toMatchObject({ n: 1, sum: 18 });
    expect(closed.account).toMatchObject({ count: 0, items: [] });
  });
});
