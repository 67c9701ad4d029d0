// The physical layout on a fresh deployment: few tables (one per plugin, plus the core's), and every plugin row keyed
// [tenant, logical table, …], so no query of a plugin's can cross tenants.
import { TableServiceClient } from '@azure/data-tables';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { coreTableNames, physicalTableOf } from '../../src/core/plugin-tables';
import { plugins } from '../../src/plugins';
import type { RunningServer } from '../../src/server';
import { makeAccount, makeContact } from '../fixtures/accounts';
import { makeActivity } from '../fixtures/activities-data';
import { apiClient } from '../fixtures/api';
import { newTenantId, startTestServer } from '../fixtures/server';
import { newTablePrefix } from '../fixtures/schedules';
import { testStorage } from '../fixtures/tables';

const prefix = newTablePrefix();
let server: RunningServer;
let stopped = false;
beforeAll(async () => {
  server = await startTestServer({ TABLE_PREFIX: prefix });
});
afterAll(() => (stopped ? undefined : server.stop()));

async function tablesOfDeployment(): Promise<string[]> {
  const service = TableServiceClient.fromConnectionString(inject('azuriteConnectionString'), { allowInsecureConnection: true });
  const names: string[] = [];
  for await (const table of service.listTables()) if (table.name?.startsWith(prefix)) names.push(table.name.slice(prefix.length));
  return names.sort();
}

describe('a deployment with every plugin', () => {
  it('creates the core tables and one table per plugin that stores anything: at most 30', async () => {
    const tables = await tablesOfDeployment();
    expect(tables).toEqual([
      'Accounts',
      'Activities',
      'Alerts',
      'BotConversations',
      'BotDeliveries',
      'Cases',
      'Leases',
      'Outbox',
      'People',
      'Pipeline',
      'Tenants',
    ]);
    expect(tables.length).toBeLessThanOrEqual(30);
    const pluginTables = plugins.filter((plugin) => (plugin.tables ?? []).length > 0).map((plugin) => physicalTableOf(plugin.id));
    expect(new Set(tables)).toEqual(new Set([...coreTableNames, ...pluginTables]));
  });

  it('writes every plugin row under [tenant id, one of the plugin’s logical tables, …]', async () => {
    const tenantId = newTenantId();
    const api = apiClient(server.url, tenantId, 'en', { 'x-dev-roles': 'rep,manager,admin', 'x-dev-user-id': 'layout-admin' });
    expect((await api.get('/people/me')).status).toBe(200);
    const account = await api.post<{ id: string }>('/accounts', makeAccount({ name: '布局测试有限公司' }));
    expect(account.status).toBe(201);
    const accountId = account.body.id;
    const { accountId: _, ...contact } = makeContact(accountId);
    expect((await api.post(`/accounts/${accountId}/contacts`, contact)).status).toBe(201);
    expect((await api.post('/activities', makeActivity({ accountId }))).status).toBe(201);
    const stages = await api.get<{ stages: { id: string }[] }>('/pipeline/stages');
    const deal = await api.post('/pipeline/opportunities', {
      title: 'Layout ERP',
      accountId,
      amount: 1000,
      stageId: stages.body.stages[0]!.id,
      expectedCloseDate: '2031-03-31',
    });
    expect(deal.status).toBe(201);
    expect((await api.post('/pipeline/leads', { name: 'Layout lead', source: 'web' })).status).toBe(201);
    expect((await api.post('/people/teams', { name: 'Layout team' })).status).toBe(201);
    // A stop finishes the derived rows the writes left to do, so every row of the flow is there to check.
    await server.stop();
    stopped = true;

    const storage = testStorage();
    const seen = new Map<string, Set<string>>();
    for (const plugin of plugins.filter((p) => (p.tables ?? []).length > 0)) {
      const table = storage.tableClient(`${prefix}${physicalTableOf(plugin.id)}`);
      const logical = new Set<string>();
      for await (const row of table.listEntities({ queryOptions: { select: ['PartitionKey'] } })) {
        const [tenant, name] = row.partitionKey!.split('|');
        if (tenant !== tenantId) continue;
        expect(plugin.tables).toContain(name);
        logical.add(name!);
      }
      for await (const row of table.listEntities({ queryOptions: { select: ['PartitionKey'] } }))
        expect(row.partitionKey!.startsWith(`${tenantId}|`), `${plugin.id}: ${row.partitionKey}`).toBe(true);
      seen.set(plugin.id, logical);
    }
    expect([...seen.get('accounts')!].sort()).toEqual([
      'AccountContacts',
      'AccountKeys',
      'AccountSearch',
      'AccountViews',
      'Accounts',
      'ContactSearch',
      'Contacts',
    ]);
    expect(seen.get('activities')!.has('Activities')).toBe(true);
    expect(seen.get('pipeline')!.has('Opportunities')).toBe(true);
    expect(seen.get('people')!.has('People')).toBe(true);
  });
});
