// Manager alerts over real HTTP, Azurite and the Bot Connector stand-in, with a clock the test moves: a new tenant's
// default rules, a stuck deal alerted once to its owner and manager and resolved in place when it moves, two server
// processes sweeping one storage account, snooze and reassign from the card, and the refusals of bad input.
import type { Activity } from 'botbuilder';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { plugins } from '../../src/plugins';
import type { RunningServer } from '../../src/server';
import { makeAccount } from '../fixtures/accounts';
import { makeCardAction, postActivity, invokeCardOf, executeActionsOf } from '../fixtures/activities';
import { apiClient } from '../fixtures/api';
import { startBotConnector, type BotConnectorStandIn, type ConnectorRequest } from '../fixtures/bot-connector';
import { expectValidCard } from '../fixtures/cards';
import { personalMessage } from '../fixtures/conversations';
import { movableClock } from '../fixtures/schedules';
import { newTenantId, startTestServer } from '../fixtures/server';

const clock = movableClock('2026-12-07T02:00:00.000Z');
let server: RunningServer;
let second: RunningServer;
let connector: BotConnectorStandIn;
beforeAll(async () => {
  connector = await startBotConnector();
  server = await startTestServer({}, { plugins, clock });
  second = await startTestServer({}, { plugins, clock });
});
afterAll(async () => {
  await Promise.all([server.stop(), second.stop()]);
  await connector.close();
});

const dayMs = 86_400_000;
const cardOfRequest = (request: ConnectorRequest) =>
  ((request.body as Partial<Activity>).attachments ?? [])[0]?.content as Record<string, unknown>;
const sendTo = (conversationId: string, text: string) => (request: Pick<ConnectorRequest, 'kind' | 'conversationId' | 'body'>) =>
  request.kind === 'send' && request.conversationId === conversationId && JSON.stringify(request.body).includes(text);
const sendsTo = (conversationId: string, text: string) => connector.requests.filter(sendTo(conversationId, text));

/** A tenant with an admin, a sales team managed by Mei with Ana in it, and Ana and Mei known to the bot. */
async function salesTeam() {
  const tenantId = newTenantId();
  const as = (userId: string, roles?: string, locale = 'en') =>
    apiClient(server.url, tenantId, locale, { 'x-dev-user-id': userId, ...(roles ? { 'x-dev-roles': roles } : {}) });
  const admin = as('admin-al', 'admin');
  await admin.get('/people/me');
  for (const userId of ['rep-ana', 'mgr-mei', 'rep-bo', 'rep-out']) {
    const chat = personalMessage('help', { tenantId, userId, serviceUrl: connector.url });
    expect((await postActivity(server.url, chat)).status).toBe(200);
  }
  const team = (await admin.post<{ id: string }>('/people/teams', { name: 'East sales', kind: 'sales' })).body;
  for (const userId of ['rep-ana', 'rep-bo'])
    expect((await admin.call('PUT', `/people/teams/${team.id}/members/${userId}`, {})).status).toBe(200);
  expect((await admin.call('PUT', `/people/teams/${team.id}/manager`, { userId: 'mgr-mei' })).status).toBe(200);
  const ana = as('rep-ana');
  const account = (await ana.post<{ id: string }>('/accounts', makeAccount({ name: `Contoso ${tenantId.slice(2, 8)}` }))).body;
  return { tenantId, as, ana, mei: as('mgr-mei', 'manager'), account, teamId: team.id };
}

async function dealOf(api: ReturnType<typeof apiClient>, accountId: string, title: string) {
  const created = await api.post<{ id: string; etag: string }>('/pipeline/opportunities', {
    title,
    accountId,
    amount: 50_000,
    expectedCloseDate: '2027-06-30',
    stageId: 'initial-contact',
  });
  expect(created.status).toBe(201);
  return created.body;
}

describe('manager alerts', () => {
  it('alerts a stuck deal once to its owner and manager, on a card that resolves in place when the deal moves', async () => {
    clock.set('2026-12-07T02:00:00.000Z');
    const { tenantId, ana, mei, account } = await salesTeam();
    const deal = await dealOf(ana, account.id, 'Stuck ERP');

    clock.set(new Date(Date.parse('2026-12-07T02:00:00.000Z') + 20 * dayMs).toISOString());
    const swept = await mei.post<{ rules: number; found: number; sent: number }>('/alerts/sweep', {});
    expect(swept.status).toBe(200);
    expect(swept.body.rules).toBe(3);
    expect(swept.body.found).toBeGreaterThanOrEqual(1);

    const [toAna] = await connector.waitFor(sendTo('a:chat-rep-ana', 'Stuck ERP'));
    const [toMei] = await connector.waitFor(sendTo('a:chat-mgr-mei', 'Stuck ERP'));
    const card = cardOfRequest(toAna!);
    expectValidCard(card);
    expect(JSON.stringify(card)).toContain('20 days in Initial contact; the stage allows 14.');
    expect((card.refresh as { userIds: string[] }).userIds.sort()).toEqual(['mgr-mei', 'rep-ana']);
    expectValidCard(cardOfRequest(toMei!));

    const again = await mei.post<{ created: number }>('/alerts/sweep', {});
    expect(again.body.created).toBe(0);
    const bySecond = await apiClient(second.url, tenantId, 'en', { 'x-dev-user-id': 'mgr-mei', 'x-dev-roles': 'manager' }).post<{
      created: number;
    }>('/alerts/sweep', {});
    expect(bySecond.body.created).toBe(0);
    expect(sendsTo('a:chat-rep-ana', 'Stuck ERP')).toHaveLength(1);

    const moved = await ana.post(`/pipeline/opportunities/${deal.id}/move`, { stageId: 'shows-interest' }, { 'if-match': deal.etag });
    expect(moved.status).toBe(200);
    const [update] = await connector.waitFor(
      (request) =>
        request.kind === 'update' &&
        request.conversationId === 'a:chat-rep-ana' &&
        JSON.stringify(request.body).includes('the deal moved on'),
    );
    expectValidCard(cardOfRequest(update!));

    // A click on the card after it resolved changes nothing: the card comes back as it stands.
    const ack = executeActionsOf(card).find((action) => action.verb === 'alerts.ack')!;
    const late = await postActivity(server.url, makeCardAction('alerts.ack', ack.data, { tenantId, userId: 'rep-ana' }), {
      'x-dev-tenant-id': tenantId,
      'x-dev-user-id': 'rep-ana',
    });
    const replayed = invokeCardOf(late);
    expectValidCard(replayed);
    expect(JSON.stringify(replayed)).toContain('This alert is already resolved');
    expect(JSON.stringify(replayed)).not.toContain('Acknowledged by');
  });

  it('two server processes sweeping one storage account send each alert exactly once', async () => {
    clock.set('2026-12-07T02:00:00.000Z');
    const { tenantId, ana, account } = await salesTeam();
    for (let i = 0; i < 12; i += 1) await dealOf(ana, account.id, `Twin deal ${i}`);
    clock.set(new Date(Date.parse('2026-12-07T02:00:00.000Z') + 16 * dayMs).toISOString());
    const sweepOn = (url: string) =>
      apiClient(url, tenantId, 'en', { 'x-dev-user-id': 'mgr-mei', 'x-dev-roles': 'manager' }).post<{ created: number }>(
        '/alerts/sweep',
        {},
      );
    const [one, two] = await Promise.all([sweepOn(server.url), sweepOn(second.url)]);
    // Each deal's alert is written once, by one of the sweeps or by its own event, whichever came first.
    expect(one.body.created + two.body.created).toBeLessThanOrEqual(12);
    await connector.waitFor(sendTo('a:chat-rep-ana', 'Twin deal 11'));
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const toAna = connector.requests.filter(
      (request) =>
        request.kind === 'send' && request.conversationId === 'a:chat-rep-ana' && JSON.stringify(request.body).includes('Twin deal'),
    );
    expect(toAna).toHaveLength(12);
  }, 30_000);

  it('snoozes and reassigns from the card, and refuses a snooze into the past and a reassign outside the team', async () => {
    clock.set('2026-12-07T02:00:00.000Z');
    const { tenantId, ana, account } = await salesTeam();
    await dealOf(ana, account.id, 'Snoozy deal');
    clock.set(new Date(Date.parse('2026-12-07T02:00:00.000Z') + 20 * dayMs).toISOString());
    await apiClient(server.url, tenantId, 'en', { 'x-dev-user-id': 'mgr-mei', 'x-dev-roles': 'manager' }).post('/alerts/sweep', {});
    const [sent] = await connector.waitFor(sendTo('a:chat-rep-ana', 'Snoozy deal'));
    const card = cardOfRequest(sent!);
    const actions = executeActionsOf(card);
    const snooze1w = actions.find((action) => action.verb === 'alerts.snooze' && action.data.for === '1w')!;
    const click = (userId: string, verb: string, data: Record<string, unknown>, roles?: string) =>
      postActivity(server.url, makeCardAction(verb, data, { tenantId, userId }), {
        'x-dev-tenant-id': tenantId,
        'x-dev-user-id': userId,
        ...(roles ? { 'x-dev-roles': roles } : {}),
      });

    const past = await click('rep-ana', 'alerts.snooze', { ...snooze1w.data, for: 'date', 'alerts.snoozeUntil': '2026-12-01' });
    // A refusal keeps the card, with the reason on top.
    expect(JSON.stringify(invokeCardOf(past))).toContain('A snooze must end in the future');
    expect(JSON.stringify(invokeCardOf(past))).toContain('Snoozy deal');
    const noDate = await click('rep-ana', 'alerts.snooze', { ...snooze1w.data, for: 'date' });
    expect(JSON.stringify(invokeCardOf(noDate))).toContain('Pick the date to snooze until.');

    const stranger = await click('rep-out', 'alerts.snooze', snooze1w.data);
    expect(JSON.stringify(invokeCardOf(stranger))).toContain('This alert was sent to someone else');

    const snoozed = invokeCardOf(await click('rep-ana', 'alerts.snooze', snooze1w.data));
    expectValidCard(snoozed);
    expect(JSON.stringify(snoozed)).toContain('Snoozed by');

    const refreshed = invokeCardOf(await click('mgr-mei', 'alerts.refresh', snooze1w.data, 'manager'));
    expectValidCard(refreshed);
    const reassign = executeActionsOf(refreshed).find((action) => action.verb === 'alerts.reassign');
    expect(reassign).toBeDefined();
    const asRep = invokeCardOf(await click('rep-ana', 'alerts.refresh', snooze1w.data));
    expect(executeActionsOf(asRep).find((action) => action.verb === 'alerts.reassign')).toBeUndefined();

    const outside = await click('mgr-mei', 'alerts.reassign', { ...reassign!.data, 'alerts.assignee': 'rep-out' }, 'manager');
    expect(JSON.stringify(invokeCardOf(outside))).toContain('can be reassigned only to someone in East sales');
    const byRep = await click('rep-ana', 'alerts.reassign', { ...reassign!.data, 'alerts.assignee': 'rep-bo' });
    expect(JSON.stringify(invokeCardOf(byRep))).toContain('Only a manager of the team');

    const done = invokeCardOf(await click('mgr-mei', 'alerts.reassign', { ...reassign!.data, 'alerts.assignee': 'rep-bo' }, 'manager'));
    expectValidCard(done);
    expect(JSON.stringify(done)).toContain('Reassigned to');
    await connector.waitFor(sendTo('a:chat-rep-bo', 'Snoozy deal'));
  });

  it('refuses rules that cannot be meant, in the caller language, and saves nothing', async () => {
    const { as } = await salesTeam();
    const zh = as('mgr-mei', 'manager', 'zh-CN');
    const base = { name: 'Bad', condition: 'deal-stuck', thresholds: { graceDays: 3 } };
    const negative = await zh.post<{ error: { code: string; message: string } }>('/alerts/rules', {
      ...base,
      thresholds: { graceDays: -2 },
    });
    expect(negative.status).toBe(400);
    expect(negative.body.error.code).toBe('THRESHOLD_OUT_OF_RANGE');
    expect(negative.body.error.message).toContain('超出阶段滞留上限的天数”必须在 0 到 365 之间');
    const absurd = await zh.post<{ error: { code: string } }>('/alerts/rules', { ...base, thresholds: { graceDays: 100_000 } });
    expect(absurd.body.error.code).toBe('THRESHOLD_OUT_OF_RANGE');
    const quiet = await zh.post<{ error: { code: string } }>('/alerts/rules', { ...base, quietHours: { from: '08:00', to: '08:00' } });
    expect(quiet.body.error.code).toBe('QUIET_HOURS_WHOLE_DAY');
    const stranger = await zh.post<{ error: { code: string } }>('/alerts/rules', {
      ...base,
      recipients: { owner: true, users: ['nobody-here'] },
    });
    expect(stranger.body.error.code).toBe('UNKNOWN_RECIPIENT');
    const elsewhere = await zh.post<{ error: { code: string; message: string } }>('/alerts/rules', {
      ...base,
      recipients: { owner: true, channels: [{ teamId: '19:not-installed@thread.tacv2', channelId: '19:news@thread.tacv2', name: 'News' }] },
    });
    expect(elsewhere.body.error.code).toBe('CHANNEL_NOT_REACHED');
    expect(elsewhere.body.error.message).toContain('频道“News”所在的团队未安装本应用');
    const byRep = await as('rep-ana').post<{ error: { code: string } }>('/alerts/rules', base);
    expect(byRep.status).toBe(403);
    const rules = await zh.get<{ items: { name: string }[] }>('/alerts/rules');
    expect(rules.body.items.map((rule) => rule.name)).not.toContain('Bad');

    const good = await zh.post<{ id: string; etag: string }>('/alerts/rules', {
      ...base,
      name: '滞留预警',
      recipients: { owner: true, manager: true },
    });
    expect(good.status).toBe(201);
    const anyVersion = await zh.call('PUT', `/alerts/rules/${good.body.id}`, { ...base, name: '滞留预警' }, { 'if-match': '*' });
    expect(anyVersion.status).toBe(428);
    const changed = await zh.call(
      'PUT',
      `/alerts/rules/${good.body.id}`,
      { ...base, name: '滞留预警', enabled: false },
      { 'if-match': good.body.etag },
    );
    expect(changed.status).toBe(200);
    const history = await zh.get<{ items: { action: string; before?: { enabled: boolean }; after?: { enabled: boolean } }[] }>(
      `/alerts/rules/${good.body.id}/changes`,
    );
    expect(history.body.items.map((item) => item.action)).toEqual(['updated', 'created']);
    expect(history.body.items[0]).toMatchObject({ before: { enabled: true }, after: { enabled: false } });
  });
});
