import { describe, expect, it } from 'vitest';
import { BatchQueue } from '../../src/core/batch-queue';

const options = { maxBatch: 3, retryDelaysMs: [1, 1] };

describe('BatchQueue', () => {
  it('runs the items that arrive together in one batch, in arrival order, up to the batch size', async () => {
    const runs: string[][] = [];
    const queue = new BatchQueue<string>(async (key, batch) => {
      runs.push(batch.map((item) => `${key}:${item}`));
    }, options);

    await Promise.all(['a', 'b', 'c', 'd', 'e'].map((item) => queue.add('t1', item)));

    expect(runs).toEqual([
      ['t1:a', 't1:b', 't1:c'],
      ['t1:d', 't1:e'],
    ]);
    expect(queue.size).toBe(0);
  });

  it('keeps keys apart, and settles a key once everything queued before was run', async () => {
    const done: string[] = [];
    const queue = new BatchQueue<string>(async (key, batch) => {
      await new Promise((resolve) => setTimeout(resolve, 5));
      done.push(...batch.map((item) => `${key}:${item}`));
    }, options);

    void queue.add('t1', 'a');
    void queue.add('t2', 'b');
    await queue.settled('t1');

    expect(done).toContain('t1:a');
    await queue.settled('t2');
    expect(done.sort()).toEqual(['t1:a', 't2:b']);
  });

  it('runs a failed batch item by item, retrying each, so only the item that cannot run fails', async () => {
    const attempts = new Map<string, number>();
    const queue = new BatchQueue<string>(async (_key, batch) => {
      for (const item of batch) attempts.set(item, (attempts.get(item) ?? 0) + 1);
      if (batch.includes('bad')) throw new Error('cannot run bad');
      if (batch.includes('flaky') && attempts.get('flaky')! < 3) throw new Error('not yet');
    }, options);

    const outcomes = await Promise.allSettled(['good', 'bad', 'flaky'].map((item) => queue.add('t1', item)));

    expect(outcomes.map((outcome) => outcome.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((outcomes[1] as PromiseRejectedResult).reason).toEqual(new Error('cannot run bad'));
    // The batch try, a try alone, then one retry per delay.
    expect(attempts.get('bad')).toBe(1 + 1 + options.retryDelaysMs.length);
    expect(attempts.get('good')).toBe(2);
  });

  it('settles a key whose items failed', async () => {
    const queue = new BatchQueue<string>(
      async () => {
        throw new Error('storage down');
      },
      { maxBatch: 3, retryDelaysMs: [] },
    );

    const added = queue.add('t1', 'a');

    await expect(queue.settled('t1')).resolves.toBeUndefined();
    await expect(added).rejects.toThrow('storage down');
  });
});
