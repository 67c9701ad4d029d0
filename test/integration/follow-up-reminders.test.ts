// The morning follow-up reminder over real HTTP: a scheduled job of the reminders plugin, run on demand by an admin,
// sends each person one card of their follow-ups through a local Bot Connector stand-in, and never twice for one day.
import type { Activity } from 'botbuilder';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/server';
import { makeAccount } from '../fixtures/accounts';
import { postActivity } from '../fixtures/activities';
import { makeActivity } from '../fixtures/activities-data';
import { apiClient } from '../fixtures/api';
import { startBotConnector, type BotConnectorStandIn, type ConnectorRequest } from '../fixtures/bot-connector';
import { expectValidCard } from '../fixtures/cards';
import { personalMessage } from '../fixtures/conversations';
import { adminApi } from '../fixtures/schedules';
import { newTenantId, startTestServer } from '../fixtures/server';

let server: RunningServer;
let connector: BotConnectorStandIn;
beforeAll(async () => {
  connector = await startBotConnector();
  server = await startTestServer();
});
afterAll(async () => {
  await server.stop();
  await connector.close();
});

/** The day of the job's latest slot: 08:30 in the tenant's time zone (UTC until an admin sets one). */
function slotDate(now = new Date()): string {
  const slot = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate(), 8, 30));
  if (slot > now) slot.setUTCDate(slot.getUTCDate() - 1);
  return slot.toISOString().slice(0, 10);
}
const daysBefore = (date: string, days: number) => new Date(Date.parse(`${date}T00:00:00Z`) - days * 86_400_000).toISOString().slice(0, 10);

const cardIn = (request: ConnectorRequest) => JSON.stringify(((request.body as Partial<Activity>).attachments ?? [])[0]?.content ?? {});
const sendsTo = (conversationId: string) =>
  connector.requests.filter((request) => request.kind === 'send' && request.conversationId === conversationId);

/** A rep who has chatted with the bot (so their chat is known) and has follow-ups on an account. */
async function repWithFollowUps(tenantId: string, userId: string, followUps: { subject: string; followUpOn: string }[]) {
  const chat = personalMessage('help', { tenantId, userId, serviceUrl: connector.url });
  expect((await postActivity(server.url, chat)).status).toBe(200);
  const api = apiClient(server.url, tenantId, 'en', { 'x-dev-user-id': userId });
  const account = (await api.post<{ id: string }>('/accounts', makeAccount({ name: `Contoso ${userId}` }))).body;
  for (const followUp of followUps) {
    const logged = await api.post(
      '/activities',
      makeActivity({
        accountId: account.id,
        subject: followUp.subject,
        followUpOn: followUp.followUpOn,
        nextStep: 'Send the quote',
        timeZone: 'UTC',
      }),
    );
    expect(logged.status).toBe(201);
  }
  return { conversationId: chat.conversation!.id, accountId: account.id };
}

describe('follow-up reminders', () => {
  it('sends each person one card with their follow-ups due and overdue, linking to the account, and nothing to people with none', async () => {
    const tenantId = newTenantId();
    const date = slotDate();
    const ana = await repWithFollowUps(tenantId, 'rep-ana', [
      { subject: 'Renewal call', followUpOn: date },
      { subject: 'Price list', followUpOn: daysBefore(date, 3) },
    ]);
    const ben = await repWithFollowUps(tenantId, 'rep-ben', []);

    const run = await adminApi(server.url, tenantId).run('follow-ups', 'reminders');
    expect(run.status).toBe(200);
    expect(run.body).toMatchObject({ run: { outcome: 'succeeded' } });

    const [sent] = await connector.waitFor((request) => request.kind === 'send' && request.conversationId === ana.conversationId);
    const card = JSON.parse(cardIn(sent!)) as Record<string, unknown>;
    expectValidCard(card);
    const text = JSON.stringify(card);
    expect(text).toContain(`Your follow-ups for ${date}`);
    expect(text).toContain('待跟进');
    expect(text).toContain('1 due today, 1 overdue.');
    expect(text).toContain('Renewal call');
    expect(text).toContain('Price list');
    expect(text).toContain(`account=${ana.accountId}`);
    expect(sendsTo(ben.conversationId)).toHaveLength(0);
  });

  it("sends a person's card once for a day, however often the job runs", async () => {
    const tenantId = newTenantId();
    const cai = await repWithFollowUps(tenantId, 'rep-cai', [{ subject: 'Demo follow-up', followUpOn: slotDate() }]);

    for (let i = 0; i < 3; i += 1) expect((await adminApi(server.url, tenantId).run('follow-ups', 'reminders')).status).toBe(200);

    await connector.waitFor((request) => request.kind === 'send' && request.conversationId === cai.conversationId);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(sendsTo(cai.conversationId)).toHaveLength(1);
  });
});
