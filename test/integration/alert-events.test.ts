// Alerts on events and from chat, over real HTTP, Azurite and the Bot Connector stand-in: `alerts` · `提醒` shows the
// rules and opens the rule builder as a Teams dialog; a large deal lost is alerted within seconds without a sweep; a
// quiet key account's card carries the retention message, and logging it resolves the alert in place.
import type { Activity } from 'botbuilder';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { plugins } from '../../src/plugins';
import type { RunningServer } from '../../src/server';
import { makeAccount } from '../fixtures/accounts';
import { executeActionsOf, invokeCardOf, makeCardAction, postActivity } from '../fixtures/activities';
import { apiClient } from '../fixtures/api';
import { startBotConnector, type BotConnectorStandIn, type ConnectorRequest } from '../fixtures/bot-connector';
import { expectValidCard } from '../fixtures/cards';
import { personalMessage } from '../fixtures/conversations';
import { chatAs, personIn, personHeaders } from '../fixtures/people';
import { movableClock } from '../fixtures/schedules';
import { newTenantId, startTestServer } from '../fixtures/server';

const clock = movableClock('2026-12-07T02:00:00.000Z');
let server: RunningServer;
let connector: BotConnectorStandIn;
beforeAll(async () => {
  connector = await startBotConnector();
  server = await startTestServer({}, { plugins, clock });
});
afterAll(async () => {
  await server.stop();
  await connector.close();
});

const dayMs = 86_400_000;
const sendTo = (conversationId: string, text: string) => (request: Pick<ConnectorRequest, 'kind' | 'conversationId' | 'body'>) =>
  (request.kind === 'send' || request.kind === 'update') &&
  request.conversationId === conversationId &&
  JSON.stringify(request.body).includes(text);
const cardOfRequest = (request: ConnectorRequest) =>
  ((request.body as Partial<Activity>).attachments ?? [])[0]?.content as Record<string, unknown>;

async function tenantWithRep() {
  const tenantId = newTenantId();
  const admin = apiClient(server.url, tenantId, 'en', { 'x-dev-user-id': 'admin-al', 'x-dev-roles': 'admin' });
  await admin.get('/people/me');
  expect((await postActivity(server.url, personalMessage('help', { tenantId, userId: 'rep-ana', serviceUrl: connector.url }))).status).toBe(
    200,
  );
  const mei = apiClient(server.url, tenantId, 'en', { 'x-dev-user-id': 'mgr-mei', 'x-dev-roles': 'manager' });
  const ana = apiClient(server.url, tenantId, 'en', { 'x-dev-user-id': 'rep-ana' });
  return { tenantId, mei, ana };
}

describe('alerts on events and from chat', () => {
  it('lists the rules in chat in both languages and opens the rule builder as a dialog', async () => {
    const { tenantId, mei } = await tenantWithRep();
    await mei.post('/alerts/sweep', {});
    const manager = personIn(tenantId, 'mgr-mei', 'Mei Chen');
    const headers = { ...personHeaders(manager), 'x-dev-roles': 'manager' };
    const en = await chatAs(server.url, manager, 'alerts');
    expect(en.json).toContain('Alert rules');
    expect(en.json).toContain('Deals stuck in a stage');
    expect(en.json).toContain('task/fetch');
    const zh = await chatAs(server.url, manager, '提醒', 'zh');
    expect(zh.json).toContain('提醒规则');
    expect(zh.json).toContain('3 条已开启');

    const fetch: Partial<Activity> = {
      ...makeCardAction('unused', {}, { tenantId, userId: 'mgr-mei', locale: 'zh-CN' }),
      name: 'task/fetch',
      value: { data: { msteams: { type: 'task/fetch' }, dialog: 'alerts.rules' }, context: { theme: 'dark' } },
    };
    const opened = await postActivity(server.url, fetch, headers);
    const body = JSON.stringify(opened.body);
    expect(body).toContain('"type":"continue"');
    expect(body).toContain('/tabs/alerts/?dialog=1');
    expect(body).toContain('locale=zh-CN');
  });

  it('alerts a large deal lost within seconds of the move, without waiting for a sweep', async () => {
    clock.set('2026-12-07T02:00:00.000Z');
    const { mei, ana } = await tenantWithRep();
    const rule = await mei.post('/alerts/rules', {
      name: 'Big losses',
      condition: 'large-deal-lost',
      thresholds: { minAmount: 100_000 },
      recipients: { owner: true },
    });
    expect(rule.status).toBe(201);
    const account = (await ana.post<{ id: string }>('/accounts', makeAccount({ name: 'Fabrikam Lost' }))).body;
    const small = (
      await ana.post<{ id: string; etag: string }>('/pipeline/opportunities', {
        title: 'Small loss',
        accountId: account.id,
        amount: 5_000,
        expectedCloseDate: '2027-03-01',
      })
    ).body;
    const big = (
      await ana.post<{ id: string; etag: string }>('/pipeline/opportunities', {
        title: 'Huge loss',
        accountId: account.id,
        amount: 900_000,
        expectedCloseDate: '2027-03-01',
      })
    ).body;
    await ana.post(`/pipeline/opportunities/${small.id}/move`, { stageId: 'lost', reason: 'Price' }, { 'if-match': small.etag });
    const started = Date.now();
    expect(
      (
        await ana.post(
          `/pipeline/opportunities/${big.id}/move`,
          { stageId: 'lost', reason: 'Went with a competitor' },
          { 'if-match': big.etag },
        )
      ).status,
    ).toBe(200);
    const [sent] = await connector.waitFor(sendTo('a:chat-rep-ana', 'Huge loss'), 1, 5_000);
    expect(Date.now() - started).toBeLessThan(5_000);
    const card = cardOfRequest(sent!);
    expectValidCard(card);
    expect(JSON.stringify(card)).toContain('Went with a competitor');
    expect(connector.requests.filter(sendTo('a:chat-rep-ana', 'Small loss'))).toHaveLength(0);
  });

  it('offers the retention message on a quiet key account, and logging it resolves the alert in place', async () => {
    clock.set('2026-12-07T02:00:00.000Z');
    const { tenantId, mei, ana } = await tenantWithRep();
    expect(
      (
        await mei.post('/alerts/rules', {
          name: 'Quiet key accounts',
          condition: 'key-account-quiet',
          thresholds: { days: 30 },
          recipients: { owner: true },
        })
      ).status,
    ).toBe(201);
    const account = (await ana.post<{ id: string; etag: string }>('/accounts', makeAccount({ name: '华为样例 重点' }))).body;
    // Marked a key account after it was created: the change puts it in the account pulse.
    expect((await ana.patch(`/accounts/${account.id}`, { tags: ['重点客户'] }, { 'if-match': account.etag })).status).toBe(200);
    clock.set(new Date(Date.parse('2026-12-07T02:00:00.000Z') + 31 * dayMs).toISOString());
    const swept = await mei.post<{ created: number }>('/alerts/sweep', {});
    expect(swept.body.created).toBeGreaterThanOrEqual(1);
    const [sent] = await connector.waitFor(sendTo('a:chat-rep-ana', '华为样例 重点'));
    const card = cardOfRequest(sent!);
    expectValidCard(card);
    const text = JSON.stringify(card);
    expect(text).toContain('挽留模板');
    expect(text).toContain('感谢一直以来对我们的支持');

    const log = executeActionsOf(card).find((action) => action.verb === 'alerts.retention')!;
    const clicked = await postActivity(
      server.url,
      makeCardAction(
        'alerts.retention',
        { ...log.data, 'alerts.message': '王总您好，下周二方便拜访吗？' },
        { tenantId, userId: 'rep-ana' },
      ),
      { 'x-dev-tenant-id': tenantId, 'x-dev-user-id': 'rep-ana' },
    );
    expectValidCard(invokeCardOf(clicked));
    const [resolved] = await connector.waitFor(
      (request) =>
        request.kind === 'update' &&
        request.conversationId === 'a:chat-rep-ana' &&
        JSON.stringify(request.body).includes('the account was contacted'),
    );
    expectValidCard(cardOfRequest(resolved!));
    const timeline = await ana.get<{ items: { subject: string; notes?: string }[] }>(`/activities?accountId=${account.id}`);
    expect(timeline.body.items.some((item) => item.notes === '王总您好，下周二方便拜访吗？')).toBe(true);
  });
});
