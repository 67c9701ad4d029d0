// What makes applying a deal change again harmless: change ids remembered by rollup rows, and history keys made from them.
import { describe, expect, it } from 'vitest';
import { changeIdOf } from '../../src/plugins/pipeline/deal-snapshot';
import { historyRow, versionTag } from '../../src/plugins/pipeline/opportunity.store';
import { dealChanges } from '../../src/plugins/pipeline/pipeline-rollups';
import type { StageChange } from '../../src/plugins/pipeline/pipeline.schema';

const dealId = '3f1c2a9e-8b7d-4c6e-9f0a-1b2c3d4e5f60';

describe("a rollup row's applied changes", () => {
  it('take a change the first time only', () => {
    const state = { applied: [] as string[] };

    const first = dealChanges.take(state, changeIdOf(dealId, 2));
    const again = dealChanges.take(state, changeIdOf(dealId, 2));

    expect([first, again]).toEqual([true, false]);
    expect(state.applied).toHaveLength(1);
    expect(state.applied[0]).toMatch(/^[\w-]{10}$/u);
    expect(dealChanges.take(state, changeIdOf(dealId, 3))).toBe(true);
  });

  it('remember only the latest changes, oldest forgotten first', () => {
    const state = { applied: [] as string[] };

    for (let version = 1; version <= dealChanges.keep + 5; version += 1) dealChanges.take(state, changeIdOf(dealId, version));

    expect(state.applied).toHaveLength(dealChanges.keep);
    expect(dealChanges.take(state, changeIdOf(dealId, dealChanges.keep + 5))).toBe(false);
    expect(dealChanges.take({ applied: [...state.applied] }, changeIdOf(dealId, 6))).toBe(false);
    expect(dealChanges.take({ applied: [...state.applied] }, changeIdOf(dealId, 5))).toBe(true);
  });
});

describe('stage history row keys', () => {
  const change: StageChange = {
    opportunityId: dealId,
    fromStageId: 'demo',
    toStageId: 'won',
    at: '2026-11-23T08:00:00.000Z',
    byUserId: 'rep-a',
    byName: 'Rep A',
  };

  it('are the same each time one change is written, so writing it again finds the row', () => {
    expect(historyRow(change, changeIdOf(dealId, 7))).toEqual(historyRow(change, changeIdOf(dealId, 7)));
  });

  it('keep two changes of one millisecond apart, in version order', () => {
    const [, earlier] = historyRow(change, changeIdOf(dealId, 9));
    const [, later] = historyRow(change, changeIdOf(dealId, 10));

    expect(earlier! < later!).toBe(true);
  });
});

describe('deal ETags', () => {
  it('name the record version, which housekeeping writes leave alone', () => {
    expect(versionTag({ version: 4 })).toBe('"v4"');
  });
});
