// Bounded concurrency for storage work: the limit, the order, and what a failure stops.
import { describe, expect, it } from 'vitest';
import { forEachLimited } from '../../src/core/concurrency';

describe('forEachLimited', () => {
  it('starts work in order and never runs more than the limit at once', async () => {
    const started: number[] = [];
    let running = 0;
    let most = 0;

    await forEachLimited([1, 2, 3, 4, 5, 6, 7], 3, async (item) => {
      started.push(item);
      running += 1;
      most = Math.max(most, running);
      await new Promise((resolve) => setTimeout(resolve, 5 * (8 - item)));
      running -= 1;
    });

    expect(started).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(most).toBe(3);
  });

  it('starts nothing after a failure, lets the calls in flight end, then rejects with the failure', async () => {
    const started: number[] = [];
    const finished: number[] = [];
    const work = forEachLimited([1, 2, 3, 4, 5, 6], 2, async (item) => {
      started.push(item);
      await new Promise((resolve) => setTimeout(resolve, item === 2 ? 1 : 20));
      if (item === 2) throw new Error('item 2 failed');
      finished.push(item);
    });
    await expect(work).rejects.toThrow('item 2 failed');
    expect(started).toEqual([1, 2]);
    expect(finished).toEqual([1]);
  });

  it('passes each item its index and does nothing for no items', async () => {
    const seen: string[] = [];
    await forEachLimited(['a', 'b', 'c'], 8, async (item, index) => {
      seen[index] = item;
    });
    expect(seen).toEqual(['a', 'b', 'c']);
    await forEachLimited([], 4, () => Promise.reject(new Error('never called')));
  });
});
