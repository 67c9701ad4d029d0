// The activities REST API over real HTTP and Azurite: logging, the timeline, the daily report, and every kind of bad input.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/server';
import { makeAccount } from '../fixtures/accounts';
import { makeActivity } from '../fixtures/activities-data';
import { cardOf, makeMessage, postActivity } from '../fixtures/activities';
import { apiClient, type ErrorBody } from '../fixtures/api';
import { expectValidCard } from '../fixtures/cards';
import { newTenantId, startTestServer } from '../fixtures/server';

type ActivityBody = {
  id: string;
  accountId: string;
  subject: string;
  notes?: string;
  occurredAt: string;
  etag: string;
  source: string;
  followUpDone: boolean;
};
type PageBody = { items: ActivityBody[]; continuationToken?: string };
type Api = ReturnType<typeof apiClient>;

let server: RunningServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.stop());

const client = (locale?: string) => apiClient(server.url, newTenantId(), locale);
const newAccount = async (api: Api) => (await api.post<{ id: string }>('/accounts', makeAccount())).body.id;
const log = (api: Api, body: unknown, headers?: Record<string, string>) => api.post<ActivityBody & ErrorBody>('/activities', body, headers);
const timeline = (api: Api, accountId: string, query = '') => api.get<PageBody>(`/activities/accounts/${accountId}/timeline${query}`);

describe('logging an activity', () => {
  it('creates it and reads it back by id with the same ETag', async () => {
    const api = client();
    const accountId = await newAccount(api);

    const created = await log(api, makeActivity({ accountId, subject: 'Quarterly review' }));
    const read = await api.get<ActivityBody>(`/activities/${created.body.id}`);

    expect(created.status).toBe(201);
    expect(created.headers.get('location')).toBe(`/api/v1/activities/${created.body.id}`);
    expect(read.body).toMatchObject({ subject: 'Quarterly review', source: 'api', accountId });
    expect(read.headers.get('etag')).toBe(created.headers.get('etag'));
  });

  it('logs a redelivered request once: the second answer is the first activity', async () => {
    const api = client();
    const accountId = await newAccount(api);
    const body = makeActivity({ accountId });

    const [first, second] = await Promise.all([
      log(api, body, { 'idempotency-key': 'req-42' }),
      log(api, body, { 'idempotency-key': 'req-42' }),
    ]);

    expect([first.status, second.status].sort()).toEqual([200, 201]);
    expect(second.body.id).toBe(first.body.id);
    expect((await timeline(api, accountId)).body.items).toHaveLength(1);
  });

  it('refuses an account the tenant does not have', async () => {
    const response = await log(client(), makeActivity({ accountId: '5b0e3f8a-1c2d-4e6f-8a9b-0c1d2e3f4a5b' }));
    expect(response.status).toBe(404);
    expect(response.body.error.code).toBe('NOT_FOUND');
  });

  it('refuses a contact of another account', async () => {
    const api = client();
    const accountId = await newAccount(api);
    const contact = await api.post<{ id: string }>(`/accounts/${await newAccount(api)}/contacts`, { name: 'Li Wei' });
    expect(contact.status).toBe(201);

    const response = await log(api, makeActivity({ accountId, contactIds: [contact.body.id] }));

    expect(response.status).toBe(400);
    expect(response.body.error).toMatchObject({
      code: 'VALIDATION_FAILED',
      message: expect.stringContaining(`contact ${contact.body.id} is not a contact of account ${accountId}`),
    });
  });

  it('refuses notes over 32,768 characters and stores nothing', async () => {
    const api = client();
    const accountId = await newAccount(api);

    const response = await log(api, makeActivity({ accountId, notes: '记'.repeat(32 * 1024 + 1) }));

    expect(response.status).toBe(400);
    expect(response.body.error).toMatchObject({
      code: 'VALUE_TOO_LONG',
      message: 'The field "notes" is too long (32769 characters; at most 32768).',
    });
    expect((await timeline(api, accountId)).body.items).toEqual([]);
    expect((await api.get(`/activities/accounts/${accountId}/digest`)).body).toMatchObject({ activityCount: 0 });
  });

  it('stores notes of exactly 32,768 characters', async () => {
    const api = client();
    const accountId = await newAccount(api);

    const notes = '关'.repeat(32 * 1024);

    const response = await log(api, makeActivity({ accountId, notes }));
    const read = await api.get<ActivityBody>(`/activities/${response.body.id}`);

    expect(response.status).toBe(201);
    expect(read.body.notes === notes).toBe(true);
  });

  it.each([
    ['a time zone that is not an IANA zone', { timeZone: 'Beijing Time' }],
    ['an occurredAt that is not a date-time', { occurredAt: 'yesterday' }],
    ['a follow-up date that does not exist', { followUpOn: '2026-02-30' }],
    ['an unknown field', { priority: 'high' }],
    ['an unknown type', { type: 'lunch' }],
  ])('refuses %s', async (_name, override) => {
    const api = client();
    const accountId = await newAccount(api);

    const response = await log(api, { ...makeActivity({ accountId }), ...override });

    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('VALIDATION_FAILED');
  });

  it('answers in Chinese when the client asks for it', async () => {
    const response = await log(client('zh-CN'), makeActivity({ accountId: '5b0e3f8a-1c2d-4e6f-8a9b-0c1d2e3f4a5b' }));
    expect(response.body.error.message).toBe('未找到“5b0e3f8a-1c2d-4e6f-8a9b-0c1d2e3f4a5b”对应的客户。');
  });
});

describe('the account card', () => {
  it("shows the account's recent activities and open follow-ups when looked up in chat", async () => {
    const tenantId = newTenantId();
    const api = apiClient(server.url, tenantId);
    const account = await api.post<{ id: string; name: string }>('/accounts', makeAccount());
    await log(api, makeActivity({ accountId: account.body.id, type: 'demo', subject: 'Product demo for IT', followUpOn: '2026-11-30' }));

    const reply = await postActivity(server.url, makeMessage(`account ${account.body.name}`, { tenantId }));

    const card = cardOf(reply.activities[0]);
    expectValidCard(card);
    const text = JSON.stringify(card);
    expect(text).toContain('Recent activities');
    expect(text).toContain('Product demo for IT');
    expect(text).toContain('Open follow-ups (1)');
  });
});

describe('the account timeline', () => {
  it('lists activities newest first whatever order they were logged in', async () => {
    const api = client();
    const accountId = await newAccount(api);
    for (const day of ['12', '30', '05', '21']) await log(api, makeActivity({ accountId, occurredAt: `2026-11-${day}T08:00:00.000Z` }));

    const page = await timeline(api, accountId);

    expect(page.body.items.map((item) => item.occurredAt.slice(8, 10))).toEqual(['30', '21', '12', '05']);
  });

  it('pages with continuation tokens', async () => {
    const api = client();
    const accountId = await newAccount(api);
    for (let day = 1; day <= 5; day += 1) await log(api, makeActivity({ accountId, occurredAt: `2026-11-0${day}T08:00:00.000Z` }));

    const first = await timeline(api, accountId, '?pageSize=3');
    const second = await timeline(api, accountId, `?pageSize=3&continuationToken=${encodeURIComponent(first.body.continuationToken!)}`);

    expect(first.body.items.map((item) => item.occurredAt.slice(8, 10))).toEqual(['05', '04', '03']);
    expect(second.body.items.map((item) => item.occurredAt.slice(8, 10))).toEqual(['02', '01']);
    expect(second.body.continuationToken).toBeUndefined();
  });

  it('is a 404 for an account of another tenant', async () => {
    const accountId = await newAccount(client());
    expect((await timeline(client(), accountId)).status).toBe(404);
  });
});

describe('deleting an activity', () => {
  it('deletes it from the current ETag: gone by id and from the account digest', async () => {
    const api = client();
    const accountId = await newAccount(api);
    const kept = await log(api, makeActivity({ accountId, subject: 'Kept', occurredAt: '2026-11-20T08:00:00.000Z' }));
    const created = await log(api, makeActivity({ accountId, subject: 'Logged by mistake', occurredAt: '2026-11-21T08:00:00.000Z' }));

    const stale = await api.call<ErrorBody>('DELETE', `/activities/${created.body.id}`, undefined, { 'if-match': '"v9"' });
    const deleted = await api.call('DELETE', `/activities/${created.body.id}`, undefined, { 'if-match': created.body.etag });

    expect(stale.status).toBe(409);
    expect(deleted.status).toBe(204);
    expect((await api.get(`/activities/${created.body.id}`)).status).toBe(404);
    const digest = await api.get<{ activityCount: number; recent: { id: string }[] }>(`/activities/accounts/${accountId}/digest`);
    expect(digest.body.activityCount).toBe(1);
    expect(digest.body.recent.map((item) => item.id)).toEqual([kept.body.id]);
  });
});

describe('changing an activity', () => {
  it('applies a change made from the current ETag', async () => {
    const api = client();
    const created = await log(api, makeActivity({ accountId: await newAccount(api) }));

    const changed = await api.patch<ActivityBody>(
      `/activities/${created.body.id}`,
      { subject: 'Renewal signed' },
      { 'if-match': created.body.etag },
    );

    expect(changed.status).toBe(200);
    expect(changed.body.subject).toBe('Renewal signed');
    expect(changed.headers.get('etag')).not.toBe(created.body.etag);
  });

  it('refuses a change made from an old ETag', async () => {
    const api = client();
    const created = await log(api, makeActivity({ accountId: await newAccount(api) }));
    await api.patch(`/activities/${created.body.id}`, { subject: 'First' }, { 'if-match': created.body.etag });

    const stale = await api.patch<ErrorBody>(`/activities/${created.body.id}`, { subject: 'Second' }, { 'if-match': created.body.etag });

    expect(stale.status).toBe(409);
    expect(stale.body.error.code).toBe('CONFLICT');
  });

  it('requires If-Match', async () => {
    const api = client();
    const created = await log(api, makeActivity({ accountId: await newAccount(api) }));

    const response = await api.patch<ErrorBody>(`/activities/${created.body.id}`, { subject: 'No ETag' });
    const deleted = await api.call<ErrorBody>('DELETE', `/activities/${created.body.id}`);

    expect(deleted.status).toBe(428);

    expect(response.status).toBe(428);
    expect(response.body.error.code).toBe('PRECONDITION_REQUIRED');
  });

  it('refuses to move an activity to another account', async () => {
    const api = client();
    const created = await log(api, makeActivity({ accountId: await newAccount(api) }));

    const response = await api.patch<ErrorBody>(
      `/activities/${created.body.id}`,
      { accountId: await newAccount(api) },
      { 'if-match': created.body.etag },
    );

    expect(response.status).toBe(400);
  });
});

describe('the daily work report', () => {
  it('counts an activity at 17:30 UTC on the next day in Shanghai, with follow-ups due and overdue', async () => {
    const api = client();
    const accountId = await newAccount(api);
    await log(
      api,
      makeActivity({
        accountId,
        type: 'visit',
        occurredAt: '2026-11-23T17:30:00.000Z',
        timeZone: 'Asia/Shanghai',
        followUpOn: '2026-11-24',
      }),
    );
    await log(api, makeActivity({ accountId, type: 'note', occurredAt: '2026-11-18T03:00:00.000Z', followUpOn: '2026-11-20' }));

    const report = await api.get<{
      countsByType: object;
      followUpsDue: { followUpOn: string }[];
      followUpsOverdue: { followUpOn: string }[];
    }>('/activities/daily-report?date=2026-11-24&timeZone=Asia/Shanghai');

    expect(report.status).toBe(200);
    expect(report.body.countsByType).toEqual({ visit: 1 });
    expect(report.body.followUpsDue.map((f) => f.followUpOn)).toEqual(['2026-11-24']);
    expect(report.body.followUpsOverdue.map((f) => f.followUpOn)).toEqual(['2026-11-20']);
  });

  it.each([
    ['a date that does not exist', '?date=2026-13-01&timeZone=Asia/Shanghai'],
    ['an unknown time zone', '?date=2026-11-24&timeZone=Asia/Atlantis'],
  ])('refuses %s', async (_name, query) => {
    const response = await client().get<ErrorBody>(`/activities/daily-report${query}`);
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('VALIDATION_FAILED');
  });
});

describe('listing activities', () => {
  it("filters an account's activities by type", async () => {
    const api = client();
    const accountId = await newAccount(api);
    await log(api, makeActivity({ accountId, type: 'visit' }));
    await log(api, makeActivity({ accountId, type: 'email' }));

    const page = await api.get<PageBody>(`/activities?accountId=${accountId}&type=email`);

    expect(page.body.items.map((item) => (item as unknown as { type: string }).type)).toEqual(['email']);
  });

  it("lists an author's activities over a date range", async () => {
    const api = client();
    const accountId = await newAccount(api);
    await log(api, makeActivity({ accountId, occurredAt: '2026-11-10T03:00:00.000Z' }));
    await log(api, makeActivity({ accountId, occurredAt: '2026-11-20T03:00:00.000Z' }));

    const page = await api.get<PageBody>('/activities?authorId=dev-user&from=2026-11-15&to=2026-11-30');

    expect(page.body.items.map((item) => item.occurredAt)).toEqual(['2026-11-20T03:00:00.000Z']);
  });

  it.each([
    ['no account or author', '?type=visit'],
    ['an author without dates', '?authorId=dev-user'],
    ['a range longer than a month', '?authorId=dev-user&from=2026-01-01&to=2026-03-01'],
  ])('refuses %s rather than scanning', async (_name, query) => {
    const response = await client().get<ErrorBody>(`/activities${query}`);
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('VALIDATION_FAILED');
  });

  it("keeps one tenant's activities invisible to another", async () => {
    const api = client();
    const created = await log(api, makeActivity({ accountId: await newAccount(api) }));

    const other = await client().get<ErrorBody>(`/activities/${created.body.id}`);

    expect(other.status).toBe(404);
    expect(other.body.error.code).toBe('NOT_FOUND');
  });
});
