// Entity-group transactions through the SDK's own submitTransaction, against the real emulator: ETags, failures, keys.
import { odata, RestError, type TableClient } from '@azure/data-tables';
import { beforeAll, describe, expect, it } from 'vitest';
import { newTenantId } from '../fixtures/server';
import { openTestTable } from '../fixtures/tables';

/** Keys with every character a key may hold that a URL or OData treats specially. */
const awkward = { partitionKey: "t|O'Brien & Söhne 100%", rowKey: "r'1 (é) 中文 +=;,$@~!*" };

describe('transactions of a table client', () => {
  let table: TableClient;
  beforeAll(async () => {
    table = await openTestTable('TransactionRows');
  });

  it('stores, replaces and deletes in one transaction, answering each operation’s ETag in order', async () => {
    const partitionKey = `${newTenantId()}|${awkward.partitionKey}`;
    const first = await table.submitTransaction([
      ['create', { partitionKey, rowKey: awkward.rowKey, text: 'one', count: 1, amount: { value: '2.5', type: 'Double' } }],
      ['create', { partitionKey, rowKey: 'b', text: 'two' }],
    ]);
    expect(first.subResponses.map((sub) => sub.status)).toEqual([204, 204]);
    const stored = await table.getEntity<{ text: string; count: number; amount: number }>(partitionKey, awkward.rowKey);
    expect(stored).toMatchObject({ text: 'one', count: 1, amount: 2.5, etag: first.subResponses[0]!.etag });

    const second = await table.submitTransaction([
      ['update', { partitionKey, rowKey: awkward.rowKey, text: 'replaced' }, 'Replace', { etag: stored.etag }],
      ['upsert', { partitionKey, rowKey: 'c', text: 'three' }, 'Replace'],
      ['delete', { partitionKey, rowKey: 'b' }],
    ]);

    expect(second.subResponses).toHaveLength(3);
    expect(second.subResponses[0]!.etag).toBe((await table.getEntity(partitionKey, awkward.rowKey)).etag);
    const rows: { rowKey?: string; text: string }[] = [];
    for await (const row of table.listEntities<{ text: string }>({ queryOptions: { filter: odata`PartitionKey eq ${partitionKey}` } }))
      rows.push(row);
    expect(rows.map((row) => [row.rowKey, row.text])).toEqual([
      ['c', 'three'],
      [awkward.rowKey, 'replaced'],
    ]);
  });

  it('fails whole on an existing row, naming the operation, and writes nothing', async () => {
    const partitionKey = `${newTenantId()}|taken`;
    await table.createEntity({ partitionKey, rowKey: 'b', text: 'already here' });

    const error = await table
      .submitTransaction([
        ['create', { partitionKey, rowKey: 'a', text: 'new' }],
        ['create', { partitionKey, rowKey: 'b', text: 'clash' }],
      ])
      .catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(RestError);
    expect((error as RestError).statusCode).toBe(409);
    expect((error as RestError).message).toMatch(/^1:/);
    await expect(table.getEntity(partitionKey, 'a')).rejects.toMatchObject({ statusCode: 404 });
    expect((await table.getEntity<{ text: string }>(partitionKey, 'b')).text).toBe('already here');
  });

  it('fails with 412 when a replace names an ETag the row no longer has', async () => {
    const partitionKey = `${newTenantId()}|stale`;
    const created = await table.createEntity({ partitionKey, rowKey: 'a', text: 'v1' });
    await table.updateEntity({ partitionKey, rowKey: 'a', text: 'v2' }, 'Replace');

    const error = await table
      .submitTransaction([['update', { partitionKey, rowKey: 'a', text: 'v3' }, 'Replace', { etag: created.etag! }]])
      .catch((caught: unknown) => caught);

    expect((error as RestError).statusCode).toBe(412);
    expect((await table.getEntity<{ text: string }>(partitionKey, 'a')).text).toBe('v2');
  });

  it('merges in a transaction, keeping the properties the change does not name', async () => {
    const partitionKey = `${newTenantId()}|merge`;
    await table.createEntity({ partitionKey, rowKey: 'a', text: 'kept', count: 1 });

    await table.submitTransaction([
      ['update', { partitionKey, rowKey: 'a', count: 2 }, 'Merge'],
      ['upsert', { partitionKey, rowKey: 'b', text: 'new' }, 'Merge'],
    ]);

    expect(await table.getEntity(partitionKey, 'a')).toMatchObject({ text: 'kept', count: 2 });
    expect(await table.getEntity(partitionKey, 'b')).toMatchObject({ text: 'new' });
  });
});
