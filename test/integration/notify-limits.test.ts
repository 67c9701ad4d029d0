// Proactive delivery under Teams' limits and failures, over real HTTP against a local Bot Connector stand-in: Retry-After,
// back-off, unreachable recipients, the per-conversation rate, uninstalls, and deliveries resumed after a restart.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Clock } from '../../src/core/clock';
import type { RunningServer } from '../../src/server';
import { plugins } from '../../src/plugins';
import { createConversationReferences } from '../../bot/conversation-reference.store';
import { deliveryTables } from '../../bot/delivery-setup';
import { createDeliveryStore } from '../../bot/delivery.store';
import { postActivity } from '../fixtures/activities';
import { faults, startBotConnector, type BotConnectorStandIn, type ConnectorRequest } from '../fixtures/bot-connector';
import {
  alertCard,
  channelMessage,
  notifyingPlugin,
  personalMessage,
  personalUninstall,
  teamInstall,
  teamUninstall,
} from '../fixtures/conversations';
import { deliveryWhen } from '../fixtures/deliveries';
import { newTenantId, startTestServer } from '../fixtures/server';
import { openTestTable } from '../fixtures/tables';

const alerts = notifyingPlugin();
const retry = { baseDelayMs: 50, maxDelayMs: 400, maxAttempts: 4 };
let server: RunningServer;
let connector: BotConnectorStandIn;

beforeAll(async () => {
  connector = await startBotConnector();
  server = await startTestServer({}, { plugins: [...plugins, alerts.plugin], delivery: { retry } });
});
afterAll(async () => {
  await server.stop();
  await connector.close();
});

async function chat(tenantId: string, userId: string): Promise<string> {
  const activity = personalMessage('help', { tenantId, userId, serviceUrl: connector.url });
  expect((await postActivity(server.url, activity)).status).toBe(200);
  return activity.conversation!.id;
}

const sentTo = (conversationId: string) => (request: Pick<ConnectorRequest, 'kind' | 'conversationId'>) =>
  request.kind === 'send' && request.conversationId === conversationId;
const references = async () => createConversationReferences(await openTestTable(deliveryTables.conversations), { now: () => new Date() });
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('Teams answers with an error', () => {
  it("waits as long as a 429's Retry-After asks before sending again", async () => {
    const tenantId = newTenantId();
    const conversationId = await chat(tenantId, 'rep-throttled');
    connector.failNext(faults.throttled(1), { match: sentTo(conversationId) });

    const deliveryId = await alerts.notify().send({ tenantId, to: { user: 'rep-throttled' }, card: alertCard('Throttled once') });

    const [refused, accepted] = await connector.waitFor(sentTo(conversationId), 2);
    expect(refused!.status).toBe(429);
    expect(accepted!.status).toBe(201);
    expect(accepted!.at - refused!.at).toBeGreaterThanOrEqual(1_000);
    expect(await deliveryWhen(server.url, tenantId, deliveryId, ['delivered'])).toMatchObject({ attempts: 2, lastErrorCode: 'throttled' });
  });

  it('delivers the latest card when it was updated while waiting to be sent', async () => {
    const tenantId = newTenantId();
    const conversationId = await chat(tenantId, 'rep-waiting');
    connector.failNext(faults.throttled(1), { match: sentTo(conversationId) });
    const deliveryId = await alerts.notify().send({ tenantId, to: { user: 'rep-waiting' }, card: alertCard('Deal stuck') });
    await deliveryWhen(server.url, tenantId, deliveryId, ['retrying']);

    await alerts.notify().update(deliveryId, alertCard('Deal moving again'));

    const [, accepted] = await connector.waitFor(sentTo(conversationId), 2);
    expect(JSON.stringify(accepted!.body)).toContain('Deal moving again');
    expect(await deliveryWhen(server.url, tenantId, deliveryId, ['delivered'])).toMatchObject({ attempts: 2, updates: 0 });
    expect(connector.requests.filter((request) => request.kind === 'update' && request.conversationId === conversationId)).toEqual([]);
  });

  it('retries a 503 with growing back-off, and gives up after the last attempt', async () => {
    const tenantId = newTenantId();
    const conversationId = await chat(tenantId, 'rep-outage');
    connector.failNext(faults.unavailable(), { times: 2, match: sentTo(conversationId) });
    const recovered = await alerts.notify().send({ tenantId, to: { user: 'rep-outage' }, card: alertCard('After an outage') });
    expect(await deliveryWhen(server.url, tenantId, recovered, ['delivered'])).toMatchObject({ attempts: 3 });

    connector.failNext(faults.unavailable(), { times: 10, match: sentTo(conversationId) });
    const abandoned = await alerts.notify().send({ tenantId, to: { user: 'rep-outage' }, card: alertCard('During a long outage') });
    const failed = await deliveryWhen(server.url, tenantId, abandoned, ['failed']);

    expect(failed).toMatchObject({ attempts: retry.maxAttempts, lastErrorCode: 'service-unavailable' });
    expect(failed.lastError).toContain('Gave up after 4 attempts: 503 ServiceUnavailable');
    const tries = connector.requests.filter(sentTo(conversationId)).slice(-retry.maxAttempts);
    const gaps = tries.slice(1).map((request, i) => request.at - tries[i]!.at);
    // Back-off doubles from 50 ms, with jitter over the upper half of each step: at least 25, 50 and 100 ms.
    gaps.forEach((gap, i) => expect(gap).toBeGreaterThanOrEqual(25 * 2 ** i));
  });

  it('marks a recipient who blocked the bot unreachable, never retries, and fails later sends at once', async () => {
    const tenantId = newTenantId();
    const conversationId = await chat(tenantId, 'rep-blocked');
    connector.failNext(faults.writesBlocked(), { match: sentTo(conversationId) });

    const blocked = await alerts.notify().send({ tenantId, to: { user: 'rep-blocked' }, card: alertCard('Blocked') });
    const unreachable = await deliveryWhen(server.url, tenantId, blocked, ['unreachable']);
    const later = await alerts.notify().send({ tenantId, to: { user: 'rep-blocked' }, card: alertCard('Still blocked') });
    const failedFast = await deliveryWhen(server.url, tenantId, later, ['unreachable']);
    await pause(300);

    expect(unreachable).toMatchObject({ attempts: 1, lastErrorCode: 'unreachable' });
    expect(unreachable.lastError).toContain('MessageWritesBlocked');
    expect(failedFast).toMatchObject({ attempts: 0, lastErrorCode: 'unreachable' });
    expect(failedFast.lastError).toContain('MessageWritesBlocked');
    expect(connector.requests.filter(sentTo(conversationId))).toHaveLength(1);
    await expect(alerts.notify().update(blocked, alertCard('Too late'))).rejects.toMatchObject({ code: 'DELIVERY_CLOSED' });
  });

  it('reaches the person again once they write to the bot', async () => {
    const tenantId = newTenantId();
    const conversationId = await chat(tenantId, 'rep-unblocked');
    connector.failNext(faults.writesBlocked(), { match: sentTo(conversationId) });
    await deliveryWhen(
      server.url,
      tenantId,
      await alerts.notify().send({ tenantId, to: { user: 'rep-unblocked' }, card: alertCard('Blocked') }),
      ['unreachable'],
    );

    await chat(tenantId, 'rep-unblocked');
    const deliveryId = await alerts.notify().send({ tenantId, to: { user: 'rep-unblocked' }, card: alertCard('Welcome back') });

    expect(await deliveryWhen(server.url, tenantId, deliveryId, ['delivered'])).toMatchObject({ attempts: 1 });
  });
});

describe("Teams' rate limits", () => {
  it('sends a burst of 20 cards to one conversation at no more than 7 a second', async () => {
    const tenantId = newTenantId();
    const conversationId = await chat(tenantId, 'rep-burst');

    const ids = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        alerts.notify().send({ tenantId, to: { user: 'rep-burst' }, card: alertCard(`Alert ${i + 1}`) }),
      ),
    );

    const sent = await connector.waitFor(sentTo(conversationId), 20, 15_000);
    const times = sent.map((request) => request.at).sort((a, b) => a - b);
    const busiestSecond = Math.max(...times.map((start) => times.filter((at) => at >= start && at < start + 1_000).length));
    expect(busiestSecond).toBeLessThanOrEqual(7);
    expect(times.at(-1)! - times[0]!).toBeGreaterThanOrEqual(2_000);
    for (const id of ids) await deliveryWhen(server.url, tenantId, id, ['delivered']);
  });
});

describe('uninstalling the app', () => {
  it("deletes the person's reference and closes the sends still waiting for them", async () => {
    const tenantId = newTenantId();
    const conversationId = await chat(tenantId, 'rep-leaving');
    connector.failNext(faults.throttled(2), { match: sentTo(conversationId) });
    const waiting = await alerts.notify().send({ tenantId, to: { user: 'rep-leaving' }, card: alertCard('Waiting') });
    await deliveryWhen(server.url, tenantId, waiting, ['retrying']);

    await postActivity(server.url, personalUninstall({ tenantId, userId: 'rep-leaving', serviceUrl: connector.url }));

    expect(await (await references()).find(tenantId, { kind: 'user', userId: 'rep-leaving' })).toBeUndefined();
    expect(await deliveryWhen(server.url, tenantId, waiting, ['failed'])).toMatchObject({ lastErrorCode: 'uninstalled' });
    await pause(2_300);
    expect(connector.requests.filter(sentTo(conversationId))).toHaveLength(1);
  });

  it("deletes the team's reference and every one of its channels'", async () => {
    const tenantId = newTenantId();
    const team = { tenantId, teamId: '19:leaving-team@thread.tacv2', serviceUrl: connector.url };
    await postActivity(server.url, teamInstall(team));
    await postActivity(server.url, channelMessage('help', { ...team, channelId: '19:pipeline@thread.tacv2' }));
    const store = await references();
    expect(await store.find(tenantId, { kind: 'channel', teamId: team.teamId, channelId: '19:pipeline@thread.tacv2' })).toBeDefined();

    await postActivity(server.url, teamUninstall(team));

    // Read as stored now (a store keeps what it read for a few seconds).
    const stored = await references();
    expect(await stored.find(tenantId, { kind: 'channel', teamId: team.teamId, channelId: team.teamId })).toBeUndefined();
    expect(await stored.find(tenantId, { kind: 'channel', teamId: team.teamId, channelId: '19:pipeline@thread.tacv2' })).toBeUndefined();
    const deliveryId = await alerts
      .notify()
      .send({ tenantId, to: { channel: { teamId: team.teamId, channelId: team.teamId } }, card: alertCard('Gone') });
    expect(await deliveryWhen(server.url, tenantId, deliveryId, ['failed'])).toMatchObject({ lastErrorCode: 'no-conversation' });
  });
});

describe('more than one process', () => {
  /** Processes with tables of their own, so that no other test's deliveries are theirs to resume. */
  const isolated = { TABLE_PREFIX: 'Resumed' };

  /** A process whose delivery to a person waits an hour, as Teams asked (429, Retry-After: 3600). */
  async function processWithWaitingDelivery(userId: string) {
    const tenantId = newTenantId();
    const alertsOfFirst = notifyingPlugin('restart-alerts');
    const first = await startTestServer(isolated, { plugins: [...plugins, alertsOfFirst.plugin] });
    const activity = personalMessage('help', { tenantId, userId, serviceUrl: connector.url });
    await postActivity(first.url, activity);
    const conversationId = activity.conversation!.id;
    connector.failNext(faults.throttled(3_600), { match: sentTo(conversationId) });
    const deliveryId = await alertsOfFirst.notify().send({ tenantId, to: { user: userId }, card: alertCard('Across a restart') });
    await deliveryWhen(first.url, tenantId, deliveryId, ['retrying']);
    return { first, tenantId, conversationId, deliveryId };
  }

  it("leaves a live process's deliveries to it", async () => {
    const { first, tenantId, conversationId, deliveryId } = await processWithWaitingDelivery('rep-busy');
    const records = createDeliveryStore(await openTestTable(`${isolated.TABLE_PREFIX}${deliveryTables.deliveries}`));
    const rowId = deliveryId.split('.')[1]!;
    const driver = (await records.get(tenantId, rowId))?.value.worker;
    try {
      const second = await startTestServer(isolated, { plugins: [...plugins, notifyingPlugin('restart-alerts').plugin] });
      await pause(500);
      await second.stop();
      expect(driver).toBeDefined();
      expect((await records.get(tenantId, rowId))?.value).toMatchObject({ worker: driver, status: 'retrying', attempts: 1 });
      expect(connector.requests.filter(sentTo(conversationId))).toHaveLength(1);
    } finally {
      await first.stop();
    }
  });

  it('resumes a delivery its stopped process left retrying, once it is due', async () => {
    const { first, tenantId, conversationId, deliveryId } = await processWithWaitingDelivery('rep-restart');
    await first.stop();

    // The next process starts after the hour Teams asked for.
    const later: Clock = { now: () => new Date(Date.now() + 3_600_000 + 1_000) };
    const second = await startTestServer(isolated, { plugins: [...plugins, notifyingPlugin('restart-alerts').plugin], clock: later });
    try {
      expect(await deliveryWhen(second.url, tenantId, deliveryId, ['delivered'])).toMatchObject({ attempts: 2 });
      expect(connector.requests.filter(sentTo(conversationId)).map((request) => request.status)).toEqual([429, 201]);
    } finally {
      await second.stop();
    }
  });
});
