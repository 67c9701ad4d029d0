// The product's domain events from its real write paths, over real HTTP and Azurite: a plugin passed to the server handles
// account.created, activity.logged and opportunity.stageChanged; writes that do not happen publish nothing.
import type { TableClient } from '@azure/data-tables';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/core/clock';
import { coreMessages } from '../../src/core/core.messages';
import type { DomainEvent } from '../../src/core/events';
import { I18n, defineMessages } from '../../src/core/i18n';
import { createLogger } from '../../src/core/logger';
import { definePlugin } from '../../src/core/plugin';
import { loadPlugins } from '../../src/core/plugin-host';
import { plugins } from '../../src/plugins';
import { accountsPlugin, accountTables, type AccountsService } from '../../src/plugins/accounts';
import { activitiesPlugin } from '../../src/plugins/activities';
import { peoplePlugin } from '../../src/plugins/people';
import { pipelinePlugin } from '../../src/plugins/pipeline';
import type { RunningServer } from '../../src/server';
import { where } from '../../src/storage/filter';
import { tenantPartitionKey } from '../../src/storage/keys';
import { eventRowPrefix } from '../../src/storage/outbox-rows';
import { makeAccount } from '../fixtures/accounts';
import { makeActivity } from '../fixtures/activities-data';
import { makeMessage, postActivity } from '../fixtures/activities';
import { apiClient } from '../fixtures/api';
import { testOutbox, testProjector } from '../fixtures/events';
import { newTenantId, startTestServer } from '../fixtures/server';
import { actorIn } from '../fixtures/services';
import { logicalTableOfCall, testStorage } from '../fixtures/tables';

const messages = defineMessages({ en: {}, 'zh-CN': {} });
/** Every event the watching plugin received, in the order it received them. */
const received: DomainEvent[] = [];

/** A plugin outside the product that handles the product's three events, typed through its dependencies. */
const watcher = definePlugin({
  id: 'event-watcher',
  dependsOn: { accounts: accountsPlugin, activities: activitiesPlugin, pipeline: pipelinePlugin },
  messages,
  setup: () => ({
    handles: {
      'account.created': async (event) => void received.push(event),
      'activity.logged': async (event) => void received.push(event),
      'opportunity.stageChanged': async (event) => void received.push(event),
    },
  }),
});

let server: RunningServer;
beforeAll(async () => {
  server = await startTestServer({}, { plugins: [...plugins, watcher] });
});
afterAll(() => server.stop());

/** Rows of a tenant's partitions that start with `partition`, in the given tables, within a RowKey range. */
async function storedRows(
  tables: readonly string[],
  tenantId: string,
  partition: readonly string[],
  rows: { from: string; before: string } = { from: '', before: '\uffff' },
): Promise<string[]> {
  const storage = testStorage();
  const from = `${tenantPartitionKey(tenantId, partition)}|`;
  const found: string[] = [];
  for (const name of tables) {
    const filter = where`PartitionKey ge ${from} and PartitionKey lt ${`${from}\uffff`} and RowKey ge ${rows.from} and RowKey lt ${rows.before}`;
    for await (const row of (await storage.openTable(name)).listEntities({ queryOptions: { filter } }))
      found.push(`${row.partitionKey}/${row.rowKey}`);
  }
  return found;
}
const eventRowRange = { from: eventRowPrefix, before: '~%outbox}' };

const eventsOf = (tenantId: string, type?: string) =>
  received.filter((event) => event.tenantId === tenantId && (type === undefined || event.type === type));

/** Waits for `count` events of the tenant (they are delivered right after the answer), then a moment for any extra one. */
async function settled(tenantId: string, count: number, type?: string): Promise<DomainEvent[]> {
  for (const deadline = Date.now() + 10_000; eventsOf(tenantId, type).length < count && Date.now() < deadline;)
    await new Promise((resolve) => setTimeout(resolve, 20));
  await new Promise((resolve) => setTimeout(resolve, 300));
  return eventsOf(tenantId, type);
}

describe('account.created', () => {
  it("is published when an account is created through the REST API, with the account's facts", async () => {
    const tenantId = newTenantId();
    const created = await apiClient(server.url, tenantId).post<{ id: string }>(
      '/accounts',
      makeAccount({ name: 'Contoso Events Ltd', industry: 'Retail' }),
    );

    const events = await settled(tenantId, 1);

    expect(created.status).toBe(201);
    expect(events).toEqual([
      expect.objectContaining({
        id: `account.created:${created.body.id}:1`,
        type: 'account.created',
        recordId: created.body.id,
        version: 1,
        payload: expect.objectContaining({
          accountId: created.body.id,
          name: 'Contoso Events Ltd',
          industry: 'Retail',
          type: 'enterprise',
        }),
      }),
    ]);
  });

  it('is published once for every account a CSV import creates, and not for the rows it refuses', async () => {
    const tenantId = newTenantId();
    const csv = ['name,industry', ...Array.from({ length: 60 }, (_, i) => `Imported ${i},Energy`), 'Imported 7,Energy'].join('\n');
    const response = await fetch(`${server.url}/api/v1/accounts/csv/import`, {
      method: 'POST',
      headers: { 'x-dev-tenant-id': tenantId, 'content-type': 'text/csv' },
      body: csv,
    });

    const events = await settled(tenantId, 60);

    expect(response.status).toBe(200);
    expect(events).toHaveLength(60);
    expect(new Set(events.map((event) => (event.payload as { name: string }).name)).size).toBe(60);
  });
});

describe('activity.logged', () => {
  it('is published when an activity is logged in chat through /api/messages', async () => {
    const tenantId = newTenantId();
    const accountId = (await apiClient(server.url, tenantId).post<{ id: string }>('/accounts', makeAccount({ name: 'Fabrikam Events' })))
      .body.id;

    const reply = await postActivity(server.url, makeMessage('log call with Fabrikam Events: discussed renewal', { tenantId }));
    const events = await settled(tenantId, 1, 'activity.logged');

    expect(reply.status).toBe(200);
    expect(events).toEqual([
      expect.objectContaining({
        type: 'activity.logged',
        version: 1,
        payload: expect.objectContaining({
          accountId,
          accountName: 'Fabrikam Events',
          type: 'callOutbound',
          source: 'chat',
          authorId: 'user-1',
        }),
      }),
    ]);
  });

  it('is published once for an activity the REST API receives twice with one idempotency key', async () => {
    const tenantId = newTenantId();
    const api = apiClient(server.url, tenantId);
    const accountId = (await api.post<{ id: string }>('/accounts', makeAccount())).body.id;
    const body = makeActivity({ accountId, subject: 'Quarterly review' });

    const [first, second] = await Promise.all([
      api.post<{ id: string }>('/activities', body, { 'idempotency-key': 'req-7' }),
      api.post<{ id: string }>('/activities', body, { 'idempotency-key': 'req-7' }),
    ]);
    const events = await settled(tenantId, 1, 'activity.logged');

    expect(second.body.id).toBe(first.body.id);
    expect(events).toEqual([
      expect.objectContaining({
        id: `activity.logged:${first.body.id}:1`,
        payload: expect.objectContaining({ subject: 'Quarterly review', source: 'api' }),
      }),
    ]);
  });
});

describe('opportunity.stageChanged', () => {
  it('is published when a deal moves to another stage, and not when it is created or edited in place', async () => {
    const tenantId = newTenantId();
    const api = apiClient(server.url, tenantId);
    const accountId = (await api.post<{ id: string }>('/accounts', makeAccount())).body.id;
    const deal = await api.post<{ id: string; etag: string }>('/pipeline/opportunities', {
      title: 'ERP rollout',
      accountId,
      amount: 5000,
      stageId: 'initial-contact',
      expectedCloseDate: '2027-03-31',
    });
    const edited = await api.patch<{ etag: string }>(
      `/pipeline/opportunities/${deal.body.id}`,
      { amount: 6000 },
      { 'if-match': deal.headers.get('etag')! },
    );

    const moved = await api.post<{ etag: string }>(
      `/pipeline/opportunities/${deal.body.id}/move`,
      { stageId: 'demo' },
      { 'if-match': edited.headers.get('etag')! },
    );
    const events = await settled(tenantId, 1, 'opportunity.stageChanged');

    expect([deal.status, edited.status, moved.status]).toEqual([201, 200, 200]);
    expect(events).toEqual([
      expect.objectContaining({
        recordId: deal.body.id,
        version: 3,
        payload: expect.objectContaining({
          opportunityId: deal.body.id,
          accountId,
          fromStageId: 'initial-contact',
          toStageId: 'demo',
          status: 'open',
          amount: 6000,
          byUserId: 'dev-user',
        }),
      }),
    ]);
  });
});

describe('a write that is undone', () => {
  it('publishes nothing: an account whose search rows cannot be written is never announced', async () => {
    const storage = testStorage();
    const i18n = new I18n();
    i18n.add('core', coreMessages);
    // Only the account name claims refuse upserts (their confirmation), as a failing service would, after the record was written.
    const failing = (table: TableClient): TableClient =>
      new Proxy(table, {
        get: (target, property, receiver) =>
          property === 'upsertEntity'
            ? (...args: unknown[]) =>
                logicalTableOfCall(args) === 'AccountSearch'
                  ? Promise.reject(Object.assign(new Error('injected failure'), { statusCode: 503 }))
                  : target.upsertEntity(...(args as Parameters<TableClient['upsertEntity']>))
            : Reflect.get(target, property, receiver),
      });
    const outbox = await testOutbox();
    const loaded = await loadPlugins([peoplePlugin, accountsPlugin, activitiesPlugin, pipelinePlugin, watcher], {
      openTable: async (name) => (name === 'Accounts' ? failing(await storage.openTable(name)) : storage.openTable(name)),
      i18n,
      clock: systemClock,
      log: createLogger('silent'),
      publicUrl: 'http://127.0.0.1',
      outbox,
      projector: await testProjector(),
    });
    const accounts = loaded.plugins.find((plugin) => plugin.id === 'accounts')!.parts.service as AccountsService;
    const actor = actorIn(newTenantId());

    await expect(accounts.createAccount(actor, makeAccount({ name: '半途事件有限公司' }))).rejects.toMatchObject({
      code: 'STORAGE_UNAVAILABLE',
    });
    await outbox.idle();

    expect(await settled(actor.tenantId, 0)).toEqual([]);
    // Nothing is left for a sweeper to deliver later either: neither the event beside the record nor its marker.
    expect(await storedRows(['Accounts'], actor.tenantId, [accountTables.records, 'accounts'], eventRowRange)).toEqual([]);
    expect(await storedRows(['Outbox'], actor.tenantId, ['outbox'])).toEqual([]);
    await loaded.stop();
  });
});
