// Pins the activity schema on activities shaped as Teams sends them: each is read, nulls and unknown fields included.
import { describe, expect, it } from 'vitest';
import { readActivity } from '../../bot/activity.schema';

const tenant = { id: '72f988bf-86f1-41af-91ab-2d7cd011db47' };
const envelope = {
  id: '1736928751456',
  timestamp: '2025-01-15T08:12:31.456Z',
  localTimestamp: '2025-01-15T16:12:31.456+08:00',
  channelId: 'msteams',
  serviceUrl: 'https://smba.trafficmanager.net/apac/',
  from: { id: '29:1Xk3rJ', name: 'Li Wei', aadObjectId: '6b8f3c1e-7d2a-4f5b-9c0d-1e2f3a4b5c6d' },
  recipient: { id: '28:6a5b1c3e-1111-4222-8333-944455556666', name: 'Guanxi CRM' },
  conversation: { isGroup: true, conversationType: 'channel', tenantId: tenant.id, id: '19:a1b2c3@thread.tacv2;messageid=1736928751456' },
  channelData: {
    teamsChannelId: '19:a1b2c3@thread.tacv2',
    teamsTeamId: '19:d4e5f6@thread.tacv2',
    channel: { id: '19:a1b2c3@thread.tacv2' },
    team: { id: '19:d4e5f6@thread.tacv2' },
    tenant,
  },
  locale: 'zh-CN',
  localTimezone: 'Asia/Shanghai',
};

describe('readActivity', () => {
  it('reads a channel message that @mentions the bot, with the client information Teams adds', () => {
    const message = {
      ...envelope,
      type: 'message',
      text: '<at>Guanxi CRM</at> 客户 Contoso',
      textFormat: 'plain',
      attachments: [{ contentType: 'text/html', content: '<div><at>Guanxi CRM</at> 客户 Contoso</div>' }],
      entities: [
        { mentioned: { id: envelope.recipient.id, name: 'Guanxi CRM' }, text: '<at>Guanxi CRM</at>', type: 'mention' },
        { locale: 'zh-CN', country: 'CN', platform: 'Windows', timezone: 'Asia/Shanghai', type: 'clientInfo' },
      ],
    };
    expect(readActivity(message).kind).toBe('readable');
  });

  it("reads the bot's install in a team and a search as the user opens it", () => {
    const install = {
      ...envelope,
      type: 'conversationUpdate',
      membersAdded: [{ id: envelope.recipient.id }],
      channelData: { ...envelope.channelData, eventType: 'teamMemberAdded' },
    };
    const initialRun = {
      ...envelope,
      type: 'invoke',
      name: 'composeExtension/query',
      value: { commandId: 'searchCrm', parameters: [{ name: 'initialRun', value: 'true' }], queryOptions: { skip: 0, count: 25 } },
    };
    expect(readActivity(install).kind).toBe('readable');
    expect(readActivity(initialRun).kind).toBe('readable');
  });

  it("reads a message action on a message whose payload has Teams' nulls", () => {
    const messagePayload = {
      id: '1736928751456',
      replyToId: null,
      createdDateTime: '2025-01-15T08:12:31.456Z',
      lastModifiedDateTime: null,
      deleted: false,
      subject: null,
      summary: null,
      importance: 'normal',
      locale: 'zh-cn',
      linkToMessage: 'https://teams.microsoft.com/l/message/19:a1b2c3@thread.tacv2/1736928751456',
      from: {
        user: { id: envelope.from.aadObjectId, displayName: 'Li Wei', userIdentityType: 'aadUser' },
        application: null,
        device: null,
        conversation: null,
      },
      body: { contentType: 'html', content: '<p>Call with the buyer</p>' },
      attachments: [],
      mentions: [],
      reactions: [],
    };
    const action = {
      ...envelope,
      type: 'invoke',
      name: 'composeExtension/submitAction',
      value: {
        commandId: 'saveToCrm',
        commandContext: 'message',
        context: { theme: 'dark' },
        data: { account: 'Contoso' },
        messagePayload,
      },
    };
    expect(readActivity(action).kind).toBe('readable');
  });

  it('tells a malformed activity from an invoke it can answer, with the path of each issue', () => {
    const noType = readActivity({ ...envelope, text: 'help' });
    const badVerb = readActivity({
      ...envelope,
      type: 'invoke',
      name: 'adaptiveCard/action',
      value: { action: { type: 'Action.Execute', verb: 7 } },
    });
    expect(noType.kind).toBe('malformed');
    expect(badVerb.kind).toBe('unreadableInvoke');
    expect(
      [noType, badVerb].map((reading) => ('error' in reading ? reading.error.issues.map((issue) => issue.path.join('.')) : [])),
    ).toEqual([['type'], ['value.action.verb']]);
  });

  it("routes an activity type it does not know on its envelope alone, even one named like an object's own property", () => {
    expect(readActivity({ ...envelope, type: 'toString' }).kind).toBe('readable');
    expect(readActivity({ ...envelope, type: 'invoke', name: 'task/fetch', value: 'anything' }).kind).toBe('readable');
  });
});
