// Capped rollup lists: they always hold the first members of the full set, so a capped list is never wrong, only short.
import { describe, expect, it } from 'vitest';
import { mergeIntoList, placeInList } from '../../src/storage/capped-list';

const ascending = (a: number, b: number) => a - b;

describe('capped rollup lists', () => {
  it('insert an item in order', () => {
    expect(placeInList([1, 3, 5], 4, ascending, 4, 10)).toEqual([1, 3, 4, 5]);
    expect(placeInList([1, 3], 2, ascending, 3, 5)).toEqual([1, 2, 3]);
  });

  it('drop the last items beyond the cap', () => {
    expect(placeInList([1, 2, 3], 0, ascending, 4, 3)).toEqual([0, 1, 2]);
    expect(placeInList([1, 2, 3], 4, ascending, 6, 3)).toEqual([1, 2, 3]);
  });

  it('leave out an item that sorts after the last member of an incomplete list', () => {
    // Seven members in all, three listed: 9 may come after members that are only counted.
    expect(placeInList([1, 2, 3], 9, ascending, 7, 3)).toEqual([1, 2, 3]);
    expect(placeInList([1, 2], 9, ascending, 5, 3)).toEqual([1, 2]);
  });

  it('add an item after the last member when the list holds the whole set', () => {
    expect(placeInList([1, 2, 3], 9, ascending, 4, 10)).toEqual([1, 2, 3, 9]);
  });

  it('leave an emptied, incomplete list empty rather than guess', () => {
    expect(placeInList([], 9, ascending, 5, 10)).toEqual([]);
  });

  it('stay as they are without an item', () => {
    const list = [1, 2];
    expect(placeInList(list, undefined, ascending, 2, 10)).toBe(list);
  });
});

describe('merging many items into a capped list', () => {
  /** A small deterministic generator, so a failing case can be replayed. */
  function numbers(seed: number) {
    let state = seed;
    return () => {
      state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
      return state % 1_000;
    };
  }

  it('leaves what placing the items one by one leaves, complete or not', () => {
    for (let seed = 1; seed <= 300; seed += 1) {
      const next = numbers(seed);
      const cap = 1 + (next() % 8);
      const members = Array.from({ length: next() % 15 }, next).sort(ascending);
      // The listed prefix: the whole set, or a shorter prefix when earlier removals left the list short.
      const list = members.slice(0, Math.min(cap, next() % (members.length + 1)));
      const added = Array.from({ length: next() % 10 }, next);

      let oneByOne = list;
      added.forEach((item, index) => {
        oneByOne = placeInList(oneByOne, item, ascending, members.length + index + 1, cap);
      });

      expect(mergeIntoList(list, added, ascending, members.length, cap), `seed ${seed}`).toEqual(oneByOne);
    }
  });

  it('takes every item into a complete list, up to the cap', () => {
    expect(mergeIntoList([2, 4], [5, 1, 3], ascending, 2, 4)).toEqual([1, 2, 3, 4]);
  });

  it('takes only items before the last member into an incomplete list', () => {
    expect(mergeIntoList([2, 4], [5, 1, 3], ascending, 9, 10)).toEqual([1, 2, 3, 4]);
    expect(mergeIntoList([], [5, 1], ascending, 3, 10)).toEqual([]);
  });
});
