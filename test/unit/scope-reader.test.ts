// Summing owners' rollups for a manager's view: figures add up.
import { describe, expect, it } from 'vitest';
import { emptyScope } from '../../src/plugins/pipeline/pipeline-rollups';
import { mergeScopes } from '../../src/plugins/pipeline/scope-reader';

describe('summed scopes', () => {
  it('add stage figures, entries, months, owners and reached counts', () => {
    const ana = emptyScope();
    ana.stages.demo = {
      count: 2,
      amount: 300,
      weighted: 180,
      entered: { '2026-01-01': 2 },
      months: { '2026-03': { count: 2, amount: 300, weighted: 180 } },
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
