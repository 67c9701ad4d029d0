// Capped rollup lists: they always hold the first members of the full set, so a capped list is never wrong, only short.
import { describe, expect, it } from 'vitest';
import { placeInList } from '../../src/plugins/activities/activity-rollup.store';

const ascending = (a: number, b: number) => a - b;

describe('capped rollup lists', () => {
  it('insert an item in order', () => {
    expect(placeInList([1, 3, 5], 4, ascending, 4, 10)).toEqual([1, 3, 4, 5]);
  });

  it('drop the last items beyond the cap', () => {
    expect(placeInList([1, 2, 3], 0, ascending, 4, 3)).toEqual([0, 1, 2]);
  });

  it('leave out an item that sorts after the last member of an incomplete list', () => {
    // Seven members in all, three listed: 9 may come after members that are only counted.
    expect(placeInList([1, 2, 3], 9, ascending, 7, 3)).toEqual([1, 2, 3]);
  });

  it('add an item after the last member when the list holds the whole set', () => {
    expect(placeInList([1, 2, 3], 9, ascending, 4, 10)).toEqual([1, 2, 3, 9]);
  });

  it('leave an emptied, incomplete list empty rather than guess', () => {
    expect(placeInList([], 9, ascending, 5, 10)).toEqual([]);
  });
});
