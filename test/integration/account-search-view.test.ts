// An account's pinyin and initials rows as the projector keeps them: found right after the write, moved with a rename,
// gone with nothing left behind, and reported and rebuilt by `verify`/`rebuild` when a row goes missing or is orphaned.
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { systemClock } from '../../src/core/clock';
import { physicalTableOf } from '../../src/core/plugin-tables';
import { accountTables } from '../../src/plugins/accounts';
import { accountViewIds } from '../../src/plugins/accounts/account.views';
import { where } from '../../src/storage/filter';
import { logicalTable, partitionRange } from '../../src/storage/logical-table';
import { rebuildView } from '../../src/storage/projection-audit';
import { createTenantRegistry } from '../../src/storage/tenant-registry';
import { makeAccount } from '../fixtures/accounts';
import { startPipelineProcess, type PipelineProcess } from '../fixtures/pipeline-process';
import { newTenantId } from '../fixtures/server';
import { testStorage } from '../fixtures/tables';

let server: PipelineProcess;
const tenantId = newTenantId();
const rep = { tenantId, userId: 'rep-a', displayName: 'Rep A', roles: ['rep' as const] };

/** Every AccountKeys row of the tenant, read straight from the accounts plugin's table. */
async function keyRows() {
  const table = logicalTable(await testStorage().openTable(physicalTableOf('accounts')), accountTables.keys);
  const { from, before } = partitionRange(table, tenantId, ['search']);
  const rows: { partitionKey: string; rowKey: string; accountId: string }[] = [];
  for await (const row of table.client.listEntities<{ accountId: string }>({
    queryOptions: { filter: where`PartitionKey ge ${from} and PartitionKey lt ${before}` },
  }))
    rows.push({ partitionKey: row.partitionKey!, rowKey: row.rowKey!, accountId: row.accountId });
  return { table, rows };
}

const names = async (prefix: string) => (await server.accounts.searchAccounts(tenantId, prefix, 10)).map((hit) => hit.name);

beforeAll(async () => {
  server = await startPipelineProcess(inject('azuriteConnectionString'), 'account-search-view-test');
  await createTenantRegistry(await testStorage().openTable('Tenants'), systemClock).ensure(tenantId);
}, 60_000);
afterAll(() => server.stop());

describe('the accounts.search view', () => {
  it('finds a new Chinese name by its pinyin and initials as soon as the write returns, and a rename moves them', async () => {
    const created = await server.accounts.createAccount(rep, makeAccount({ name: '华为技术有限公司' }));
    expect(await names('huawei')).toEqual(['华为技术有限公司']);
    expect(await names('hwjs')).toEqual(['华为技术有限公司']);

    await server.accounts.updateAccount(rep, created.value.id, { name: '中兴通讯股份有限公司' }, created.etag);
    expect(await names('huawei')).toEqual([]);
    expect(await names('hwjs')).toEqual([]);
    expect(await names('zhongxing')).toEqual(['中兴通讯股份有限公司']);
    expect(await names('zxtx')).toEqual(['中兴通讯股份有限公司']);
    // Only the new name's keys are stored: the old ones went with the rename.
    const { rows } = await keyRows();
    expect(
      rows
        .filter((row) => row.accountId === created.value.id)
        .map((row) => row.rowKey.split('!')[0]!)
        .sort(),
    ).toEqual(['zhongxingtongxungufenyouxiangongsi', 'zxtxgfyxgs']);
    expect(await server.drift(tenantId)).toEqual([]);
  });

  it('gives a Latin name no derived rows: the name is its own claim', async () => {
    const { value } = await server.accounts.createAccount(rep, makeAccount({ name: 'Contoso Trading' }));
    await server.projector.settled(tenantId);
    expect((await keyRows()).rows.filter((row) => row.accountId === value.id)).toEqual([]);
    expect(await names('conto')).toEqual(['Contoso Trading']);
  });

  it('reports a missing and an orphaned key row as drift, and a rebuild puts both right', async () => {
    await server.accounts.createAccount(rep, makeAccount({ name: '阿里巴巴网络技术' }));
    await server.projector.settled(tenantId);
    const { table, rows } = await keyRows();
    const initials = rows.find((row) => row.rowKey.startsWith('albbwljs!'))!;
    await table.client.deleteEntity(initials.partitionKey, initials.rowKey);
    const orphanKey = initials.partitionKey.replace(/\|[^|]*$/, '|gho');
    await table.client.createEntity({ partitionKey: orphanKey, rowKey: 'ghost!no-such-account', accountId: 'no-such-account' });
    expect(await names('albb')).toEqual([]);

    const drift = await server.drift(tenantId);
    expect(drift.map((d) => [d.view, d.key.split(' ')[0]])).toEqual([
      [accountViewIds.search, 'row'],
      [accountViewIds.search, 'row'],
    ]);
    const registered = server.projector.views().get(accountViewIds.search)!;
    await rebuildView(registered, tenantId);
    expect(await server.drift(tenantId)).toEqual([]);
    expect(await names('albb')).toEqual(['阿里巴巴网络技术']);
    expect((await keyRows()).rows.filter((row) => row.accountId === 'no-such-account')).toEqual([]);
  });
});
