// Proactive delivery over real HTTP: conversation references captured from Teams activities, cards sent through a local
// Bot Connector stand-in, updated in place, to people, channels and managers, and read back by admins.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Activity } from 'botbuilder';
import type { RunningServer } from '../../src/server';
import { plugins } from '../../src/plugins';
import { postActivity } from '../fixtures/activities';
import { apiClient, type ErrorBody } from '../fixtures/api';
import { startBotConnector, type BotConnectorStandIn, type ConnectorRequest } from '../fixtures/bot-connector';
import { expectValidCard } from '../fixtures/cards';
import { alertCard, botAccount, channelMessage, notifyingPlugin, personalMessage, teamInstall } from '../fixtures/conversations';
import { deliveryWhen, listDeliveries } from '../fixtures/deliveries';
import { newTenantId, startTestServer } from '../fixtures/server';

const alerts = notifyingPlugin();
/** The tenant's directory of managers, as the roles directory will answer: person → manager, per tenant. */
const managerTable = new Map<string, string>();
let server: RunningServer;
let connector: BotConnectorStandIn;

beforeAll(async () => {
  connector = await startBotConnector();
  server = await startTestServer(
    {},
    {
      plugins: [...plugins, alerts.plugin],
      managers: { managerOf: async (tenantId, userId) => managerTable.get(`${tenantId}/${userId}`) },
    },
  );
});
afterAll(async () => {
  await server.stop();
  await connector.close();
});

/** The person writes to the bot, from the stand-in's service URL; returns their chat's conversation id. */
async function chat(tenantId: string, userId: string): Promise<string> {
  const activity = personalMessage('help', { tenantId, userId, serviceUrl: connector.url });
  expect((await postActivity(server.url, activity)).status).toBe(200);
  return activity.conversation!.id;
}

const cardIn = (request: ConnectorRequest) =>
  ((request.body as Partial<Activity>).attachments ?? [])[0]?.content as Record<string, unknown>;
const sentTo = (conversationId: string) => (request: Pick<ConnectorRequest, 'kind' | 'conversationId'>) =>
  request.kind === 'send' && request.conversationId === conversationId;

describe('notify', () => {
  it("sends a card to a person's chat and updates it in place", async () => {
    const tenantId = newTenantId();
    const conversationId = await chat(tenantId, 'rep-ana');

    const deliveryId = await alerts.notify().send({ tenantId, to: { user: 'rep-ana' }, card: alertCard('Deal stuck'), text: 'Deal stuck' });

    const [sent] = await connector.waitFor(sentTo(conversationId));
    expectValidCard(cardIn(sent!));
    expect(JSON.stringify(cardIn(sent!))).toContain('Deal stuck');
    expect((sent!.body as Partial<Activity>).from?.id).toBe(botAccount.id);
    const delivered = await deliveryWhen(server.url, tenantId, deliveryId, ['delivered']);
    expect(delivered).toMatchObject({
      pluginId: 'stuck-deal-alerts',
      recipient: { kind: 'user', userId: 'rep-ana' },
      attempts: 1,
      conversationId,
    });

    await alerts.notify().update(deliveryId, alertCard('Deal moving again', 'Contoso renewal moved to Negotiation.'));

    const [updated] = await connector.waitFor((request) => request.kind === 'update' && request.conversationId === conversationId);
    expect(updated!.activityId).toBe(delivered.activityId);
    expectValidCard(cardIn(updated!));
    expect(JSON.stringify(cardIn(updated!))).toContain('Deal moving again');
    await expect.poll(async () => (await deliveryWhen(server.url, tenantId, deliveryId, ['delivered'])).updates).toBe(1);
  });

  it("opens a 1:1 chat through the tenant's service URL when the person has none stored, and keeps it", async () => {
    const tenantId = newTenantId();
    await chat(tenantId, 'someone-else');

    const first = await alerts.notify().send({ tenantId, to: { user: 'new-rep' }, card: alertCard('Welcome aboard') });
    const delivered = await deliveryWhen(server.url, tenantId, first, ['delivered']);

    const creates = connector.requests.filter((request) => request.kind === 'create' && JSON.stringify(request.body).includes('new-rep'));
    expect(creates).toHaveLength(1);
    expect(creates[0]!.body).toMatchObject({
      isGroup: false,
      bot: { id: botAccount.id },
      members: [{ id: 'new-rep' }],
      tenantId,
      channelData: { tenant: { id: tenantId } },
    });
    expect(connector.requests.filter(sentTo(delivered.conversationId!))).toHaveLength(1);

    const second = await alerts.notify().send({ tenantId, to: { user: 'new-rep' }, card: alertCard('Second card') });
    await deliveryWhen(server.url, tenantId, second, ['delivered']);
    expect(
      connector.requests.filter((request) => request.kind === 'create' && JSON.stringify(request.body).includes('new-rep')),
    ).toHaveLength(1);
    expect(connector.requests.filter(sentTo(delivered.conversationId!))).toHaveLength(2);
  });

  it('fails a send to a person when no one in the tenant has installed the app', async () => {
    const tenantId = newTenantId();
    const deliveryId = await alerts.notify().send({ tenantId, to: { user: 'nobody' }, card: alertCard('Unseen') });
    expect(await deliveryWhen(server.url, tenantId, deliveryId, ['failed'])).toMatchObject({
      lastErrorCode: 'no-conversation',
      attempts: 0,
    });
  });

  it("posts to a team's channels through the reference stored when the team installed the app", async () => {
    const tenantId = newTenantId();
    const teamId = '19:sales-team@thread.tacv2';
    await postActivity(server.url, teamInstall({ tenantId, teamId, serviceUrl: connector.url }));

    const toGeneral = await alerts
      .notify()
      .send({ tenantId, to: { channel: { teamId, channelId: teamId } }, card: alertCard('Team digest') });
    const toDeals = await alerts
      .notify()
      .send({ tenantId, to: { channel: { teamId, channelId: '19:deals@thread.tacv2' } }, card: alertCard('Deal room') });

    expect(await deliveryWhen(server.url, tenantId, toGeneral, ['delivered'])).toMatchObject({ conversationId: teamId });
    expect(await deliveryWhen(server.url, tenantId, toDeals, ['delivered'])).toMatchObject({ conversationId: '19:deals@thread.tacv2' });
    expectValidCard(cardIn((await connector.waitFor(sentTo('19:deals@thread.tacv2')))[0]!));
  });

  it('posts a new message to a channel, not into the thread it last heard from', async () => {
    const tenantId = newTenantId();
    const teamId = '19:service-team@thread.tacv2';
    const channelId = '19:escalations@thread.tacv2';
    await postActivity(server.url, channelMessage('help', { tenantId, teamId, channelId, serviceUrl: connector.url }));

    const deliveryId = await alerts.notify().send({ tenantId, to: { channel: { teamId, channelId } }, card: alertCard('Escalation') });

    expect(await deliveryWhen(server.url, tenantId, deliveryId, ['delivered'])).toMatchObject({ conversationId: channelId });
  });

  it("sends to a person's manager, as the directory names them", async () => {
    const tenantId = newTenantId();
    managerTable.set(`${tenantId}/rep-li`, 'manager-wu');
    const managerChat = await chat(tenantId, 'manager-wu');

    const toManager = await alerts.notify().send({ tenantId, to: { managerOf: 'rep-li' }, card: alertCard("Your rep's deal is stuck") });
    const withoutManager = await alerts.notify().send({ tenantId, to: { managerOf: 'rep-alone' }, card: alertCard('Nobody to tell') });

    expect(await deliveryWhen(server.url, tenantId, toManager, ['delivered'])).toMatchObject({
      recipient: { kind: 'user', userId: 'manager-wu', managerOf: 'rep-li' },
      conversationId: managerChat,
    });
    expect(await deliveryWhen(server.url, tenantId, withoutManager, ['failed'])).toMatchObject({
      lastErrorCode: 'no-manager',
      recipient: { managerOf: 'rep-alone' },
    });
  });

  it('sends a card with a dedupe key once, however often it is asked', async () => {
    const tenantId = newTenantId();
    const conversationId = await chat(tenantId, 'rep-dup');
    const request = { tenantId, to: { user: 'rep-dup' }, card: alertCard('Once only'), dedupeKey: 'stuck-deal:opp-7:2025-06' };

    const ids = await Promise.all([alerts.notify().send(request), alerts.notify().send(request), alerts.notify().send(request)]);

    expect(new Set(ids).size).toBe(1);
    await deliveryWhen(server.url, tenantId, ids[0]!, ['delivered']);
    expect(connector.requests.filter(sentTo(conversationId))).toHaveLength(1);
  });

  it('records many cards together, each once: a key sent before, or twice in one call, returns its first delivery', async () => {
    const tenantId = newTenantId();
    const people = ['rep-a', 'rep-b', 'rep-c'];
    const conversations = await Promise.all(people.map((userId) => chat(tenantId, userId)));
    const request = (i: number) => ({
      tenantId,
      to: { user: people[i % 3]! },
      card: alertCard(`Card ${i}`),
      dedupeKey: `batch-card-${i}`,
    });
    const earlier = await alerts.notify().send(request(4));

    // 60 cards: more than one transaction holds with their dedupe marks; card 4 was sent before, card 7 is asked twice.
    const requests = [...Array.from({ length: 60 }, (_, i) => request(i)), request(7)];
    const ids = await alerts.notify().sendAll(requests);

    expect(ids).toHaveLength(61);
    expect(new Set(ids).size).toBe(60);
    expect(ids[4]).toBe(earlier);
    expect(ids[60]).toBe(ids[7]);
    await Promise.all(ids.map((id) => deliveryWhen(server.url, tenantId, id, ['delivered'])));
    const sent = conversations.flatMap((conversationId) => connector.requests.filter(sentTo(conversationId)));
    expect(sent).toHaveLength(60);
    expect(new Set(sent.map((one) => JSON.stringify(cardIn(one)))).size).toBe(60);
  });

  it("refuses a card that is not Adaptive Card 1.5, and updates of deliveries that are not the plugin's own", async () => {
    const tenantId = newTenantId();
    await expect(
      alerts.notify().send({ tenantId, to: { user: 'rep' }, card: { type: 'AdaptiveCard', version: '1.2', body: [] } }),
    ).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    await expect(alerts.notify().update('not-a-delivery', alertCard('x'))).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});

describe('GET /api/v1/admin/deliveries', () => {
  it('is for admins only', async () => {
    const response = await apiClient(server.url, newTenantId()).call<ErrorBody>('GET', '/admin/deliveries', undefined, {
      'x-dev-roles': 'rep',
    });
    expect(response.status).toBe(403);
    expect(response.body.error.code).toBe('FORBIDDEN');
  });

  it("lists the tenant's deliveries newest first, by status, a page at a time", async () => {
    const tenantId = newTenantId();
    await chat(tenantId, 'rep-paged');
    const ids: string[] = [];
    for (const title of ['First', 'Second', 'Third']) {
      ids.push(await alerts.notify().send({ tenantId, to: { user: 'rep-paged' }, card: alertCard(title) }));
      await new Promise((resolve) => setTimeout(resolve, 2)); // a later millisecond, so the order is the sends'
    }
    const failed = await alerts.notify().send({ tenantId, to: { managerOf: 'rep-without-manager' }, card: alertCard('Nobody') });
    for (const id of ids) await deliveryWhen(server.url, tenantId, id, ['delivered']);

    const firstPage = await listDeliveries(server.url, tenantId, '?pageSize=2&status=delivered');
    const secondPage = await listDeliveries(
      server.url,
      tenantId,
      `?pageSize=2&status=delivered&continuationToken=${encodeURIComponent(firstPage.continuationToken!)}`,
    );
    const onlyFailed = await listDeliveries(server.url, tenantId, '?status=failed');
    const otherTenant = await listDeliveries(server.url, newTenantId());

    expect([...firstPage.items, ...secondPage.items].map((delivery) => delivery.id)).toEqual([...ids].reverse());
    expect(onlyFailed.items.map((delivery) => delivery.id)).toEqual([failed]);
    expect(otherTenant.items).toEqual([]);
  });

  it('answers 400 for an unknown status', async () => {
    const response = await apiClient(server.url, newTenantId()).call<ErrorBody>('GET', '/admin/deliveries?status=lost', undefined, {
      'x-dev-roles': 'admin',
    });
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('VALIDATION_FAILED');
  });
});
