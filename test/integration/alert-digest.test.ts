// Held cards and the daily digest over real HTTP, Azurite and the Bot Connector stand-in, with a clock the test moves:
// cards found in quiet hours wait for their end, a recipient gets at most the rule's cap of cards in a day, and the
// overflow arrives in one digest at the rule's digest time, grouped by rule.
import type { Activity } from 'botbuilder';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { plugins } from '../../src/plugins';
import type { RunningServer } from '../../src/server';
import { makeAccount } from '../fixtures/accounts';
import { postActivity } from '../fixtures/activities';
import { apiClient } from '../fixtures/api';
import { startBotConnector, type BotConnectorStandIn, type ConnectorRequest } from '../fixtures/bot-connector';
import { expectValidCard } from '../fixtures/cards';
import { personalMessage } from '../fixtures/conversations';
import { adminApi, movableClock } from '../fixtures/schedules';
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

const anaSend = (text: string) => (request: Pick<ConnectorRequest, 'kind' | 'conversationId' | 'body'>) =>
  request.kind === 'send' && request.conversationId === 'a:chat-rep-ana' && JSON.stringify(request.body).includes(text);
const anaSends = (text: string) => connector.requests.filter(anaSend(text));
const cardOfRequest = (request: ConnectorRequest) =>
  ((request.body as Partial<Activity>).attachments ?? [])[0]?.content as Record<string, unknown>;
const settle = () => new Promise((resolve) => setTimeout(resolve, 1500));

describe('held alerts and the daily digest', () => {
  it('holds cards through quiet hours, sends no more than the cap, and folds the rest into one digest by rule', async () => {
    const tenantId = newTenantId();
    const admin = apiClient(server.url, tenantId, 'en', { 'x-dev-user-id': 'admin-al', 'x-dev-roles': 'admin' });
    await admin.get('/people/me');
    expect(
      (await postActivity(server.url, personalMessage('help', { tenantId, userId: 'rep-ana', serviceUrl: connector.url }))).status,
    ).toBe(200);
    const ana = apiClient(server.url, tenantId, 'en', { 'x-dev-user-id': 'rep-ana' });
    const mei = apiClient(server.url, tenantId, 'en', { 'x-dev-user-id': 'mgr-mei', 'x-dev-roles': 'manager' });

    // Only the rule under test: the tenant's defaults are switched off.
    await mei.post('/alerts/sweep', {});
    for (const rule of (await mei.get<{ items: ({ id: string; etag: string } & Record<string, unknown>)[] }>('/alerts/rules')).body.items) {
      const { id, etag, version: _v, createdAt: _c, updatedAt: _u, updatedBy: _b, updatedByName: _n, ...settings } = rule;
      expect((await mei.call('PUT', `/alerts/rules/${id}`, { ...settings, enabled: false }, { 'if-match': etag })).status).toBe(200);
    }
    const rule = await mei.post<{ id: string }>('/alerts/rules', {
      name: 'Late deals 逾期商机',
      condition: 'close-date-passed',
      thresholds: { graceDays: 0 },
      recipients: { owner: true },
      cadence: { mode: 'immediate', digestAt: '10:00' },
      quietHours: { from: '00:00', to: '09:00' },
      capPerDay: 2,
    });
    expect(rule.status).toBe(201);

    const account = (await ana.post<{ id: string }>('/accounts', makeAccount({ name: `Late Co ${tenantId.slice(2, 8)}` }))).body;
    for (const n of [1, 2, 3, 4]) {
      const deal = await ana.post('/pipeline/opportunities', {
        title: `Late deal ${n}`,
        accountId: account.id,
        amount: 1000 * n,
        expectedCloseDate: '2026-12-01',
      });
      expect(deal.status).toBe(201);
    }
    const swept = await mei.post<{ found: number; sent: number }>('/alerts/sweep', {});
    expect(swept.body.found).toBe(4);
    await settle();
    expect(anaSends('Late deal')).toHaveLength(0);

    clock.set('2026-12-07T05:00:00.000Z');
    expect((await adminApi(server.url, tenantId).run('due', 'alerts')).status).toBe(200);
    await settle();
    expect(anaSends('Late deal')).toHaveLength(0);

    clock.set('2026-12-07T09:01:00.000Z');
    expect((await adminApi(server.url, tenantId).run('due', 'alerts')).status).toBe(200);
    await connector.waitFor(anaSend('Late deal'), 2);
    await settle();
    expect(anaSends('Late deal')).toHaveLength(2);
    for (const request of anaSends('Late deal')) expectValidCard(cardOfRequest(request));

    clock.set('2026-12-07T10:01:00.000Z');
    const run = await adminApi(server.url, tenantId).run('due', 'alerts');
    expect(run.body).toMatchObject({ run: { outcome: 'succeeded' } });

    const [digest] = await connector.waitFor(anaSend('Your alerts for 2026-12-07'));
    const card = cardOfRequest(digest!);
    expectValidCard(card);
    const text = JSON.stringify(card);
    expect(text).toContain('Late deals 逾期商机');
    expect(text.match(/Late deal \d/g)).toHaveLength(2);
    await settle();
    expect(anaSends('Your alerts for')).toHaveLength(1);
  });
});
