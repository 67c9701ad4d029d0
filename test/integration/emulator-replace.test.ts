// The embedded emulator replaces an entity in place: the same answers as a replace on Azure (the new contents whole, a
// new ETag, the ETag checked), a failed transaction puts the old row back, and the replaced row is saved to the folder.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TableClient, type TransactionAction } from '@azure/data-tables';
import { afterAll, describe, expect, it } from 'vitest';
import { findFreePort, startAzurite } from '../../src/storage/azurite';
import { openTestTable } from '../fixtures/tables';

const partitionKey = 'p';

describe('entities replaced', () => {
  it('holds exactly the new contents, with a new ETag, and keeps its place among its neighbours', async () => {
    const table = await openTestTable(`Replace${randomUUID().slice(0, 8)}`);
    for (const rowKey of ['a', 'b', 'c']) await table.createEntity({ partitionKey, rowKey, name: `row ${rowKey}`, note: '关系' });
    const before = await table.getEntity(partitionKey, 'b');

    await table.updateEntity({ partitionKey, rowKey: 'b', name: '新名字 😀', count: 2 }, 'Replace', { etag: before.etag });

    const after = await table.getEntity<{ name: string; count: number }>(partitionKey, 'b');
    expect(after).toMatchObject({ name: '新名字 😀', count: 2 });
    expect(after).not.toHaveProperty('note');
    expect(after.etag).not.toBe(before.etag);
    expect(after.timestamp).not.toBe(before.timestamp);
    const listed = [];
    for await (const entity of table.listEntities<{ name: string }>({ queryOptions: { filter: `PartitionKey eq '${partitionKey}'` } }))
      listed.push([entity.rowKey, entity.name]);
    expect(listed).toEqual([
      ['a', 'row a'],
      ['b', '新名字 😀'],
      ['c', 'row c'],
    ]);
    // The old ETag no longer matches; an upsert replaces whatever is there, and a merge keeps what it does not name.
    await expect(table.updateEntity({ partitionKey, rowKey: 'b', name: 'late' }, 'Replace', { etag: before.etag })).rejects.toMatchObject({
      statusCode: 412,
    });
    await table.upsertEntity({ partitionKey, rowKey: 'b', name: 'upserted' }, 'Replace');
    await table.updateEntity({ partitionKey, rowKey: 'b', extra: true }, 'Merge');
    const merged = await table.getEntity(partitionKey, 'b');
    expect(merged).toMatchObject({ name: 'upserted', extra: true });
    expect(merged).not.toHaveProperty('count');
    await expect(table.updateEntity({ partitionKey, rowKey: 'missing', name: 'x' }, 'Replace')).rejects.toMatchObject({ statusCode: 404 });
  });

  it('puts a replaced row back as it was when a later operation of its transaction fails', async () => {
    const table = await openTestTable(`Replace${randomUUID().slice(0, 8)}`);
    await table.createEntity({ partitionKey, rowKey: 'kept', name: 'original', note: 'stays' });
    await table.createEntity({ partitionKey, rowKey: 'taken', name: 'already here' });
    const before = await table.getEntity(partitionKey, 'kept');

    const actions: TransactionAction[] = [
      ['upsert', { partitionKey, rowKey: 'kept', name: 'replaced' }, 'Replace'],
      ['update', { partitionKey, rowKey: 'kept2', name: 'nowhere' }, 'Replace'],
    ];
    await table.createEntity({ partitionKey, rowKey: 'kept2', name: 'second' });
    await expect(table.submitTransaction([...actions, ['create', { partitionKey, rowKey: 'taken', name: 'again' }]])).rejects.toMatchObject(
      {
        statusCode: 409,
      },
    );

    const after = await table.getEntity(partitionKey, 'kept');
    expect(after).toMatchObject({ name: 'original', note: 'stays', etag: before.etag });
    await expect(table.getEntity(partitionKey, 'kept2')).resolves.toMatchObject({ name: 'second' });
    // The put-back row is a row like any other: it is replaced, read and deleted again.
    await table.submitTransaction(actions);
    await expect(table.getEntity(partitionKey, 'kept')).resolves.toMatchObject({ name: 'replaced' });
    await table.deleteEntity(partitionKey, 'kept');
    await expect(table.getEntity(partitionKey, 'kept')).rejects.toMatchObject({ statusCode: 404 });
  });

  describe('on a data folder', () => {
    const folder = mkdtempSync(join(tmpdir(), 'guanxi-replace-'));
    afterAll(() => rmSync(folder, { recursive: true, force: true }));

    it('keeps the replaced contents after the emulator stops and starts again', async () => {
      const port = await findFreePort();
      const open = (connectionString: string) =>
        TableClient.fromConnectionString(connectionString, 'Replaced', { allowInsecureConnection: true });
      // Each run on the folder: the replace is the only write of the second one, so only it can make that run save.
      const run = async (work: (table: TableClient) => Promise<void>) => {
        const azurite = await startAzurite({ port, location: folder });
        try {
          await work(open(azurite.connectionString));
        } finally {
          await azurite.stop();
        }
      };
      await run(async (table) => {
        await table.createTable();
        await table.createEntity({ partitionKey, rowKey: 'r', name: 'before', note: 'goes' });
      });
      await run((table) => table.upsertEntity({ partitionKey, rowKey: 'r', name: '之后' }, 'Replace').then(() => undefined));
      await run(async (table) => {
        const stored = await table.getEntity(partitionKey, 'r');
        expect(stored).toMatchObject({ name: '之后' });
        expect(stored).not.toHaveProperty('note');
      });
    });
  });
});
