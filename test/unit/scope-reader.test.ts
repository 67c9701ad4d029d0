// Summing owners' rollups for a manager's view: figures add up, and merged card lists stop where any owner's list is cut.
import { describe, expect, it } from 'vitest';
import { byCloseOrder, emptyScope } from '../../src/plugins/pipeline/pipeline-rollups';
import type { OpportunityCard } from '../../src/plugins/pipeline/pipeline.service';
import { mergePrefixes, mergeScopes } from '../../src/plugins/pipeline/scope-reader';

const card = (id: string, expectedCloseDate: string, ownerId: string) => ({ id, expectedCloseDate, ownerId }) as OpportunityCard;

describe('merged card lists', () => {
  it('interleave complete lists in order', () => {
    const ana = [card('a1', '2026-01-05', 'ana'), card('a2', '2026-03-01', 'ana')];
    const ben = [card('b1', '2026-02-01', 'ben')];
    expect(mergePrefixes([ana, ben], [2, 1], byCloseOrder).map((c) => c.id)).toEqual(['a1', 'b1', 'a2']);
  });

  it("stop at the last card of a list that holds only the first of its owner's deals", () => {
    const ana = [card('a1', '2026-01-05', 'ana'), card('a2', '2026-02-10', 'ana')];
    const ben = [card('b1', '2026-02-01', 'ben'), card('b2', '2026-04-01', 'ben')];
    // Ana has 30 deals; her 3rd could close before Ben's 2nd, so the merged list ends with her last listed one.
    expect(mergePrefixes([ana, ben], [30, 2], byCloseOrder).map((c) => c.id)).toEqual(['a1', 'b1', 'a2']);
    expect(mergePrefixes([[], ben], [5, 2], byCloseOrder)).toEqual([]);
  });
});

describe('summed scopes', () => {
  it('add stage figures, entries, months, owners and reached counts', () => {
    const ana = emptyScope();
    ana.stages.demo = {
      count: 2,
      amount: 300,
      weighted: 180,
      entered: { '2026-01-01': 2 },
      months: { '2026-03': { count: 2, amount: 300, weighted: 180 } },
      byClose: { n: 2 },
      oldest: { n: 2 },
    };
    ana.owners.ana = { name: 'Ana', count: 2, amount: 300 };
    ana.reached = { demo: 2 };
    const ben = emptyScope();
    ben.stages.demo = {
      count: 1,
      amount: 100.1,
      weighted: 60.06,
      entered: { '2026-01-01': 1, '2026-01-02': 0 },
      months: { '2026-03': { count: 1, amount: 100.1, weighted: 60.06 } },
      byClose: { n: 1 },
      oldest: { n: 1 },
    };
    ben.owners.ben = { name: 'Ben', count: 1, amount: 100.1 };
    ben.reached = { demo: 1, won: 1 };
    const sum = mergeScopes([ana, ben]);
    expect(sum.stages.demo).toMatchObject({
      count: 3,
      amount: 400.1,
      entered: { '2026-01-01': 3, '2026-01-02': 0 },
      months: { '2026-03': { count: 3, amount: 400.1 } },
    });
    expect(sum.owners).toEqual({ ana: { name: 'Ana', count: 2, amount: 300 }, ben: { name: 'Ben', count: 1, amount: 100.1 } });
    expect(sum.reached).toEqual({ demo: 3, won: 1 });
    expect(mergeScopes([])).toEqual(emptyScope());
  });
});
