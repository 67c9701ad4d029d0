// The embedded emulator finds one entity by its keys through its indexes: the right entity for keys of every kind, and a
// write to a partition of many rows costs what a write to a small one does.
import { randomUUID } from 'node:crypto';
import type { TableClient, TransactionAction } from '@azure/data-tables';
import { describe, expect, it } from 'vitest';
import { openTestTable } from '../fixtures/tables';

/** Keys that sort differently as numbers and as text, or that LokiJS compares loosely ('1e3' and '1000'), and several scripts. */
const keys = ['', ' ', '0', '9', '10', '1e3', '1000', '-1', 'NaN', 'a', 'a b', "O'Brien", 'é', '关', '😀', '~'];

const status = (error: unknown) => (error as { statusCode?: number }).statusCode;

describe('entities found by their keys', () => {
  it('reads, refuses a second insert, replaces by ETag and deletes the entity of exactly its keys', async () => {
    const table: TableClient = await openTestTable(`Points${randomUUID().slice(0, 8)}`);
    // Every pair but a third of them, so that some lookups land on keys present in both indexes but not together.
    const stored = keys.flatMap((partitionKey, p) =>
      keys.filter((_, r) => (p + r) % 3 !== 0).map((rowKey) => ({ partitionKey, rowKey, n: p * 100 })),
    );
    for (const entity of stored) await table.createEntity(entity);

    for (const [p, partitionKey] of keys.entries()) {
      for (const [r, rowKey] of keys.entries()) {
        const present = (p + r) % 3 !== 0;
        const read = await table.getEntity<{ n: number }>(partitionKey, rowKey).then(
          (entity) => entity,
          (error: unknown) => status(error),
        );
        expect(read, `(${partitionKey}, ${rowKey})`).toEqual(present ? expect.objectContaining({ partitionKey, rowKey, n: p * 100 }) : 404);
      }
    }
    await expect(table.createEntity({ partitionKey: '1000', rowKey: '1e3' })).rejects.toMatchObject({ statusCode: 409 });
    const entity = await table.getEntity('1000', '1e3');
    await table.updateEntity({ partitionKey: '1000', rowKey: '1e3', n: 7 }, 'Replace', { etag: entity.etag });
    await expect(table.updateEntity({ partitionKey: '1000', rowKey: '1e3', n: 8 }, 'Replace', { etag: entity.etag })).rejects.toMatchObject(
      {
        statusCode: 412,
      },
    );
    await table.deleteEntity('1000', '1e3');
    await expect(table.getEntity('1e3', '1000')).resolves.toMatchObject({ n: 500 });
    await expect(table.getEntity('1000', '1e3')).rejects.toMatchObject({ statusCode: 404 });
  });

  it('writes to a partition of 15,000 rows about as fast as to an empty one', async () => {
    const table = await openTestTable(`Points${randomUUID().slice(0, 8)}`);
    const partitionKey = `t-${randomUUID()}|AccountSearch|search|cra`;
    const stepMs: number[] = [];
    for (let base = 0; base < 15_000; base += 100) {
      const rows = Array.from({ length: 100 }, (_, i) => ({ partitionKey, rowKey: `crash ${base + i}!`, pendingSince: 'then' }));
      const began = performance.now();
      // A claim's two writes: created pending, then confirmed.
      await table.submitTransaction(rows.map((row): TransactionAction => ['create', row]));
      await table.submitTransaction(rows.map((row): TransactionAction => ['upsert', { ...row, pendingSince: undefined }, 'Replace']));
      stepMs.push(performance.now() - began);
    }
    const median = (steps: number[]) => [...steps].sort((a, b) => a - b)[Math.floor(steps.length / 2)]!;
    const [first, last] = [median(stepMs.slice(0, 15)), median(stepMs.slice(-15))];
    console.log(
      `100 rows created and replaced: ${first.toFixed(1)} ms in an empty partition, ${last.toFixed(1)} ms with 15,000 rows in it`,
    );
    // Read through the whole partition, the last steps took over ten times the first.
    expect(last).toBeLessThan(first * 3);
  }, 180_000);
});
