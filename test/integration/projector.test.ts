// The projector against a real Azurite: a change applied again, late or out of order counts once; money summed exactly over
// a thousand moves; a process killed right after its writes converges with no further write; two processes moving one
// tenant's deals at once leave no drift.
import { afterAll, beforeAll, describe, expect, it, inject, vi } from 'vitest';
import type { Actor } from '../../src/core/actor';
import type { Opportunity } from '../../src/plugins/pipeline';
import { defaultStages } from '../../src/plugins/pipeline/stage-model.defaults';
import { makeAccount } from '../fixtures/accounts';
import { startPipelineProcess, type PipelineProcess } from '../fixtures/pipeline-process';
import { killStartedProcesses, startScript, within } from '../fixtures/process';
import { newTenantId } from '../fixtures/server';
import { adminIn } from '../fixtures/services';

const connectionString = () => inject('azuriteConnectionString');
const rep = (tenantId: string, userId = 'rep-a'): Actor => ({ tenantId, userId, displayName: `Rep ${userId}`, roles: ['rep'] });
const openStages = defaultStages.filter((stage) => stage.kind === 'open').map((stage) => stage.id);
/** Cents, as the views show them: a sum of exact amounts rounded once. */
const cents = (value: number) => Math.round(value * 100) / 100;

let server: PipelineProcess;
beforeAll(async () => {
  server = await startPipelineProcess(connectionString(), 'projector-test');
});
afterAll(async () => {
  killStartedProcesses();
  await server.stop();
});

async function dealsOf(process: PipelineProcess, tenantId: string, count: number, amount: (i: number) => number, owner = 'rep-a') {
  const { value: account } = await process.accounts.createAccount(
    rep(tenantId, owner),
    makeAccount({ name: `投影 ${tenantId.slice(0, 8)} ${owner}` }),
  );
  return Promise.all(
    Array.from(
      { length: count },
      async (_, i) =>
        (
          await process.pipeline.createOpportunity(rep(tenantId, owner), {
            title: `Deal ${owner} ${i}`,
            accountId: account.id,
            amount: amount(i),
            stageId: openStages[i % openStages.length],
            expectedCloseDate: `2027-0${(i % 9) + 1}-15`,
          })
        ).value,
    ),
  );
}

/** The funnel every view shows, as the records make it: count, amount and weighted amount per open stage, each rounded once. */
function funnelOf(deals: readonly Opportunity[]) {
  return openStages.map((stageId) => {
    const inStage = deals.filter((deal) => deal.status === 'open' && deal.stageId === stageId);
    const amount = inStage.reduce((sum, deal) => sum + Math.round(deal.reportingAmount * 100), 0);
    const weighted = inStage.reduce((sum, deal) => sum + Math.round(deal.reportingAmount * 100) * deal.probability, 0);
    return { stageId, count: inStage.length, amount: cents(amount / 100), weighted: cents(weighted / 10_000) };
  });
}

const current = (process: PipelineProcess, tenantId: string, deals: readonly Opportunity[]) =>
  Promise.all(deals.map(async (deal) => (await process.pipeline.getOpportunity(tenantId, deal.id)).value));

describe('a change applied again', () => {
  it('counts once when applied three times, and an older version after a newer one changes nothing', async () => {
    const tenantId = newTenantId();
    const [deal] = await dealsOf(server, tenantId, 1, () => 2500.55);
    await server.pipeline.moveOpportunity(rep(tenantId), deal!.id, { stageId: 'demo' });
    await server.pipeline.moveOpportunity(rep(tenantId), deal!.id, { stageId: 'contract-negotiation' });
    const funnel = await server.pipeline.funnel(adminIn(tenantId), {});

    for (let i = 0; i < 3; i += 1) await server.projector.handle({ type: 'opportunity.changed', tenantId, recordId: deal!.id, version: 3 });
    await server.projector.handle({ type: 'opportunity.changed', tenantId, recordId: deal!.id, version: 1 });

    expect(await server.pipeline.funnel(adminIn(tenantId), {})).toEqual(funnel);
    expect(funnel.stages.find((stage) => stage.stageId === 'contract-negotiation')).toMatchObject({ count: 1, amount: 2500.55 });
    expect(funnel.stages.reduce((sum, stage) => sum + stage.count, 0)).toBe(1);
    expect(await server.drift(tenantId)).toEqual([]);
  });
});

describe('money', () => {
  it('sums amounts and weighted amounts exactly over a thousand moves', async () => {
    const tenantId = newTenantId();
    const deals = await dealsOf(server, tenantId, 20, (i) => 1000 + i * 13.37 + 0.01);
    const lanes = deals.map(async (deal, lane) => {
      for (let move = 0; move < 50; move += 1)
        await server.pipeline.moveOpportunity(rep(tenantId), deal.id, { stageId: openStages[(lane + move + 1) % openStages.length]! });
    });
    await Promise.all(lanes);

    const funnel = await server.pipeline.funnel(adminIn(tenantId), {});
    expect(funnel.stages).toEqual(funnelOf(await current(server, tenantId, deals)));
    expect(await server.drift(tenantId)).toEqual([]);
  }, 240_000);
});

describe('a process killed right after its writes', () => {
  it('leaves its changes to the outbox: another process converges the funnel and board within seconds, with no further write', async () => {
    const tenantId = newTenantId();
    const child = startScript('test/fixtures/pipeline-crash.ts', {
      CRASH_TEST_CONNECTION_STRING: connectionString(),
      CRASH_TEST_TENANT: tenantId,
      CRASH_TEST_DEALS: '12',
    });
    const exit = await within(child.exited, 60_000, 'the crashing process to die');
    expect(exit.signal).toBe('SIGKILL');
    const ids = /moved (\S+)/u.exec(child.stdout())![1]!.split(',');

    const deals = await current(
      server,
      tenantId,
      ids.map((id) => ({ id }) as Opportunity),
    );
    await vi.waitFor(
      async () => {
        const funnel = await server.pipeline.funnel(adminIn(tenantId), {});
        expect(funnel.stages).toEqual(funnelOf(deals));
        const board = await server.pipeline.board(adminIn(tenantId), {}, 50);
        const byStage = Object.fromEntries(board.columns.map((column) => [column.stageId, column.items.map((card) => card.id).sort()]));
        for (const stageId of openStages)
          expect(byStage[stageId] ?? [], stageId).toEqual(
            deals
              .filter((deal) => deal.status === 'open' && deal.stageId === stageId)
              .map((deal) => deal.id)
              .sort(),
          );
      },
      { timeout: 20_000, interval: 500 },
    );
    expect(await server.drift(tenantId)).toEqual([]);
  }, 120_000);
});

describe('two processes on one storage account', () => {
  it("moving one tenant's deals at the same time leave every view as the records make it", async () => {
    const other = await startPipelineProcess(connectionString(), 'projector-test-other');
    try {
      const tenantId = newTenantId();
      const [mine, theirs] = await Promise.all([
        dealsOf(server, tenantId, 8, (i) => 999.99 + i, 'rep-a'),
        dealsOf(other, tenantId, 8, (i) => 1234.56 + i, 'rep-b'),
      ]);
      const moves = (process: PipelineProcess, deals: Opportunity[], owner: string) =>
        Promise.all(
          deals.map(async (deal, lane) => {
            for (let move = 0; move < 6; move += 1)
              await process.pipeline.moveOpportunity(rep(tenantId, owner), deal.id, {
                stageId: move === 5 && lane % 4 === 0 ? 'won' : openStages[(lane + move + 1) % openStages.length]!,
              });
          }),
        );
      await Promise.all([moves(server, mine!, 'rep-a'), moves(other, theirs!, 'rep-b')]);

      const deals = await current(server, tenantId, [...mine!, ...theirs!]);
      await vi.waitFor(async () => expect(await server.drift(tenantId)).toEqual([]), { timeout: 30_000, interval: 1_000 });
      expect((await server.pipeline.funnel(adminIn(tenantId), {})).stages).toEqual(funnelOf(deals));
    } finally {
      await other.stop();
    }
  }, 180_000);
});
