// A derived row takes each change once, however often it is applied, while the change is among the last it remembers.
import { describe, expect, it } from 'vitest';
import { appliedChanges, appliedSchema } from '../../src/storage/applied-changes';

describe('applied changes', () => {
  const changes = appliedChanges({ keep: 3 });

  it('take a change the first time only, keeping its id whole', () => {
    const state = { applied: [] as string[] };

    expect([changes.take(state, 'a:1'), changes.take(state, 'a:1'), changes.take(state, 'a:2')]).toEqual([true, false, true]);
    expect(state.applied).toEqual(['a:1', 'a:2']);
  });

  it('forget the oldest past the ones they keep', () => {
    const state = { applied: ['a:1', 'a:2', 'a:3'] };

    expect(changes.take(state, 'a:4')).toBe(true);
    expect(state.applied).toEqual(['a:2', 'a:3', 'a:4']);
    expect(changes.take(state, 'a:1')).toBe(true);
  });

  it("keep 60 bits of each id's SHA-1 when compact, and recognise the change by them", () => {
    const compact = appliedChanges({ keep: 3, compact: true });
    const state = { applied: [] as string[] };

    compact.take(state, 'deal-1:7');

    expect(state.applied).toEqual([expect.stringMatching(/^[\w-]{10}$/u)]);
    expect(compact.take(state, 'deal-1:7')).toBe(false);
    expect(compact.added([], ['deal-1:7'])).toEqual(state.applied);
  });

  it('add new changes in bulk, unchecked, keeping the last ones', () => {
    expect(changes.added(['a:1', 'a:2'], ['b:1', 'c:1'])).toEqual(['a:2', 'b:1', 'c:1']);
  });

  it('run a state change once per change id, with nothing to write the second time', () => {
    const counted = changes.once<{ applied: string[]; count: number }>('a:1', (state) => {
      state.count += 1;
    });
    const state = { applied: [], count: 0 };

    expect(counted(state)).toEqual({ applied: ['a:1'], count: 1 });
    expect(counted(state)).toBeUndefined();
    expect(state.count).toBe(1);
  });

  it('read a row stored before it had any as none', () => {
    expect(appliedSchema.parse(undefined)).toEqual([]);
  });
});
