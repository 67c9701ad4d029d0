// The storage meter against the real emulator: each kind of request counts exactly the requests and entities Azure bills.
import { randomUUID } from 'node:crypto';
import { odata, TableClient, type TableClient as Table, type TransactionAction } from '@azure/data-tables';
import { beforeEach, describe, expect, inject, it } from 'vitest';
import { createStorageMeter, type StorageMeter } from '../../src/storage/storage-meter';
import { createTableStorage } from '../../src/storage/table-storage';

const connectionString = () => inject('azuriteConnectionString');
const uniqueTable = () => `Meter${randomUUID().replace(/-/g, '').slice(0, 20)}`;
const rows = (partitionKey: string, count: number): TransactionAction[] =>
  Array.from({ length: count }, (_, i): TransactionAction => ['create', { partitionKey, rowKey: String(i).padStart(3, '0'), n: i }]);

describe('storage meter', () => {
  let meter: StorageMeter;
  let table: Table;

  beforeEach(async () => {
    meter = createStorageMeter();
    table = await createTableStorage({ kind: 'connection-string', connectionString: connectionString() }, '', { meter }).openTable(
      uniqueTable(),
    );
    meter.reset();
  });

  it('counts a point read that finds its entity as one request and one entity read', async () => {
    await table.createEntity({ partitionKey: 'p', rowKey: 'r', name: 'Contoso' });

    const counts = await meter.measure(() => table.getEntity('p', 'r'));

    expect(counts).toEqual({ requests: 1, entitiesRead: 1, entitiesWritten: 0 });
  });

  it('counts a point read of a missing entity as a request that read nothing', async () => {
    const counts = await meter.measure(() => expect(table.getEntity('p', 'absent')).rejects.toMatchObject({ statusCode: 404 }));

    expect(counts).toEqual({ requests: 1, entitiesRead: 0, entitiesWritten: 0 });
  });

  it('counts a query page as one request and the rows it holds', async () => {
    await table.submitTransaction(rows('p', 60));
    meter.reset();

    const counts = await meter.measure(async () => {
      const page = await table
        .listEntities({ queryOptions: { filter: odata`PartitionKey eq ${'p'}` } })
        .byPage({ maxPageSize: 25 })
        .next();
      expect(page.value).toHaveLength(25);
    });

    expect(counts).toEqual({ requests: 1, entitiesRead: 25, entitiesWritten: 0 });
  });

  it('counts every page of a query that follows its continuation tokens', async () => {
    await table.submitTransaction(rows('p', 60));
    meter.reset();

    const counts = await meter.measure(async () => {
      let seen = 0;
      for await (const page of table.listEntities({ queryOptions: { filter: odata`PartitionKey eq ${'p'}` } }).byPage({ maxPageSize: 25 }))
        seen += page.length;
      expect(seen).toBe(60);
    });

    expect(counts).toEqual({ requests: 3, entitiesRead: 60, entitiesWritten: 0 });
  });

  it('counts each single-entity write as one request and one entity written', async () => {
    const counts = await meter.measure(async () => {
      await table.createEntity({ partitionKey: 'p', rowKey: 'r', n: 1 });
      await table.upsertEntity({ partitionKey: 'p', rowKey: 'r', n: 2 }, 'Replace');
      await table.updateEntity({ partitionKey: 'p', rowKey: 'r', n: 3 }, 'Merge');
      await table.deleteEntity('p', 'r');
    });

    expect(counts).toEqual({ requests: 4, entitiesRead: 0, entitiesWritten: 4 });
  });

  it('counts a refused write as a request that wrote nothing', async () => {
    await table.createEntity({ partitionKey: 'p', rowKey: 'r' });
    meter.reset();

    const counts = await meter.measure(() =>
      expect(table.createEntity({ partitionKey: 'p', rowKey: 'r' })).rejects.toMatchObject({ statusCode: 409 }),
    );

    expect(counts).toEqual({ requests: 1, entitiesRead: 0, entitiesWritten: 0 });
  });

  it('counts a 100-operation transaction as one request and 100 entities written', async () => {
    const counts = await meter.measure(() => table.submitTransaction(rows('p', 100)));

    expect(counts).toEqual({ requests: 1, entitiesRead: 0, entitiesWritten: 100 });
  });

  it('counts a transaction the SDK builds itself the same way', async () => {
    const sdkClient = TableClient.fromConnectionString(connectionString(), table.tableName, {
      allowInsecureConnection: true,
      additionalPolicies: meter.policies,
    });

    const counts = await meter.measure(() => sdkClient.submitTransaction(rows('p', 100)));

    expect(counts).toEqual({ requests: 1, entitiesRead: 0, entitiesWritten: 100 });
  });

  it('counts a transaction the service refused as a request that wrote nothing', async () => {
    await table.createEntity({ partitionKey: 'p', rowKey: '050' });
    meter.reset();

    const counts = await meter.measure(() => expect(table.submitTransaction(rows('p', 100))).rejects.toMatchObject({ statusCode: 409 }));

    expect(counts).toEqual({ requests: 1, entitiesRead: 0, entitiesWritten: 0 });
  });

  it('counts creating a table as a request with no entities', async () => {
    const counts = await meter.measure(() => table.createTable());

    expect(counts).toEqual({ requests: 1, entitiesRead: 0, entitiesWritten: 0 });
  });

  it('adds up until reset, and measures only what ran inside', async () => {
    await table.createEntity({ partitionKey: 'p', rowKey: 'r' });
    const inside = await meter.measure(() => table.getEntity('p', 'r'));

    expect(inside).toEqual({ requests: 1, entitiesRead: 1, entitiesWritten: 0 });
    expect(meter.counts()).toEqual({ requests: 2, entitiesRead: 1, entitiesWritten: 1 });
    meter.reset();
    expect(meter.counts()).toEqual({ requests: 0, entitiesRead: 0, entitiesWritten: 0 });
  });

  it('leaves clients made without a meter without its policies', async () => {
    const unmetered = await createTableStorage({ kind: 'connection-string', connectionString: connectionString() }).openTable(
      uniqueTable(),
    );

    const names = unmetered.pipeline.getOrderedPolicies().map((policy) => policy.name);
    await unmetered.createEntity({ partitionKey: 'p', rowKey: 'r' });

    expect(names).not.toContain('storageMeterEntities');
    expect(names).not.toContain('storageMeterRequests');
    expect(table.pipeline.getOrderedPolicies().map((policy) => policy.name)).toContain('storageMeterEntities');
    expect(meter.counts()).toEqual({ requests: 0, entitiesRead: 0, entitiesWritten: 0 });
  });
});
