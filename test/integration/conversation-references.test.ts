// Conversation references kept from real Teams activities posted to /api/messages: stored on install and on messages,
// written only when they change, and deleted when the app or a channel goes away.
import type { TableClient } from '@azure/data-tables';
import type { Activity } from 'botbuilder';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createConversationReferences, type ConversationReferences } from '../../bot/conversation-reference.store';
import { deliveryTables } from '../../bot/delivery-setup';
import { systemClock } from '../../src/core/clock';
import type { RunningServer } from '../../src/server';
import { composeKey, tenantPartitionKey } from '../../src/storage/keys';
import { createStorageMeter } from '../../src/storage/storage-meter';
import { createTableStorage } from '../../src/storage/table-storage';
import { postActivity } from '../fixtures/activities';
import { channelMessage, personalMessage, teamInstall } from '../fixtures/conversations';
import { newTenantId, startTestServer } from '../fixtures/server';
import { openTestTable } from '../fixtures/tables';

const serviceUrl = 'https://smba.trafficmanager.net/emea/';
let server: RunningServer;
let table: TableClient;
let references: ConversationReferences;

beforeAll(async () => {
  server = await startTestServer();
  table = await openTestTable(deliveryTables.conversations);
  references = createConversationReferences(table, systemClock);
});
afterAll(() => server.stop());

/** The row's ETag changes with every write, so an unchanged one proves that nothing was written. */
const etagOf = async (tenantId: string, row: string[]) =>
  (await table.getEntity(tenantPartitionKey(tenantId, ['conversation']), composeKey(row))).etag;

describe('conversation references', () => {
  it('are stored when a person installs the app in their personal scope', async () => {
    const tenantId = newTenantId();
    const install: Partial<Activity> = {
      ...personalMessage('', { tenantId, userId: 'rep-new', serviceUrl }),
      type: 'installationUpdate',
      action: 'add',
      text: undefined,
    };

    await postActivity(server.url, install);

    const stored = await references.find(tenantId, { kind: 'user', userId: 'rep-new' });
    expect(stored?.reference).toMatchObject({
      serviceUrl,
      channelId: 'msteams',
      bot: { id: '28:guanxi-bot' },
      conversation: { id: 'a:chat-rep-new', tenantId },
      user: { aadObjectId: 'rep-new' },
    });
  });

  it('are written on a message only when they changed', async () => {
    const tenantId = newTenantId();
    await postActivity(server.url, personalMessage('help', { tenantId, userId: 'rep-chatty', serviceUrl }));
    const first = await etagOf(tenantId, ['user', 'rep-chatty']);

    await postActivity(server.url, personalMessage('help', { tenantId, userId: 'rep-chatty', serviceUrl }));
    const unchanged = await etagOf(tenantId, ['user', 'rep-chatty']);
    await postActivity(
      server.url,
      personalMessage('help', { tenantId, userId: 'rep-chatty', serviceUrl: 'https://smba.trafficmanager.net/apac/' }),
    );
    const moved = await references.find(tenantId, { kind: 'user', userId: 'rep-chatty' });

    expect(unchanged).toBe(first);
    expect(moved?.reference?.serviceUrl).toBe('https://smba.trafficmanager.net/apac/');
    expect(await etagOf(tenantId, ['user', 'rep-chatty'])).not.toBe(first);
  });

  it('are kept per team on install and per channel on a message, addressing the channel rather than the thread', async () => {
    const tenantId = newTenantId();
    const team = { tenantId, teamId: '19:north@thread.tacv2', serviceUrl };
    await postActivity(server.url, teamInstall(team));
    await postActivity(server.url, channelMessage('help', { ...team, channelId: '19:renewals@thread.tacv2' }));

    const general = await references.find(tenantId, { kind: 'channel', teamId: team.teamId, channelId: team.teamId });
    const renewals = await references.find(tenantId, { kind: 'channel', teamId: team.teamId, channelId: '19:renewals@thread.tacv2' });

    expect(general?.reference?.conversation.id).toBe(team.teamId);
    expect(renewals?.reference?.conversation).toMatchObject({ id: '19:renewals@thread.tacv2', conversationType: 'channel' });
    // A channel's reference belongs to no one person.
    expect(renewals?.reference?.user).toBeUndefined();
  });

  it("of a channel are deleted with the channel, and the team's stay", async () => {
    const tenantId = newTenantId();
    const team = { tenantId, teamId: '19:south@thread.tacv2', serviceUrl };
    await postActivity(server.url, teamInstall(team));
    const channel = channelMessage('help', { ...team, channelId: '19:old-deals@thread.tacv2' });
    await postActivity(server.url, channel);

    const deleted = {
      ...channel,
      type: 'conversationUpdate',
      text: undefined,
      channelData: { ...(channel.channelData as object), eventType: 'channelDeleted' },
    };
    await postActivity(server.url, deleted);

    expect(
      await references.find(tenantId, { kind: 'channel', teamId: team.teamId, channelId: '19:old-deals@thread.tacv2' }),
    ).toBeUndefined();
    expect(await references.find(tenantId, { kind: 'channel', teamId: team.teamId, channelId: team.teamId })).toBeDefined();
  });

  it('are read once for a burst of cards to one person, and again at once after this process changes them', async () => {
    const tenantId = newTenantId();
    const meter = createStorageMeter();
    const metered = createConversationReferences(
      await createTableStorage({ kind: 'connection-string', connectionString: inject('azuriteConnectionString') }, '', { meter }).openTable(
        deliveryTables.conversations,
      ),
      systemClock,
    );
    const person = { kind: 'user' as const, userId: 'rep-busy' };
    await postActivity(server.url, personalMessage('hi', { tenantId, userId: 'rep-busy', serviceUrl }));

    const burst = await meter.measure(() => Promise.all(Array.from({ length: 20 }, () => metered.find(tenantId, person))));
    expect(burst.requests).toBe(1);

    await metered.markUnreachable(tenantId, person, 'The person left the organisation');
    expect((await metered.find(tenantId, person))?.unreachable).toBe('The person left the organisation');
  });
});
