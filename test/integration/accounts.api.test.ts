// The accounts REST API over real HTTP and Azurite: the plugin contract end to end, and every kind of bad input.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/server';
import { makeAccount } from '../fixtures/accounts';
import { cardOf, makeMessage, postActivity } from '../fixtures/activities';
import { apiClient, type ErrorBody } from '../fixtures/api';
import { newTenantId, startTestServer } from '../fixtures/server';

type AccountBody = { id: string; name: string; etag: string; ownerId: string; industry?: string; tags: string[] };

let server: RunningServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.stop());

const client = (locale?: string) => {
  const tenantId = newTenantId();
  return { tenantId, ...apiClient(server.url, tenantId, locale) };
};

describe('accounts API', () => {
  it('creates an account and reads it back with its ETag', async () => {
    const api = client();
    const created = await api.post<AccountBody>('/accounts', makeAccount({ name: 'Contoso Ltd', tags: ['vip'] }));
    expect(created.status).toBe(201);
    expect(created.headers.get('location')).toBe(`/api/v1/accounts/${created.body.id}`);
    const read = await api.get<AccountBody>(`/accounts/${created.body.id}`);
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ name: 'Contoso Ltd', tags: ['vip'], ownerId: 'dev-user' });
    expect(read.headers.get('etag')).toBe(created.body.etag);
  });

  it('treats names that differ only in case, width, accents or spaces as one account', async () => {
    const api = client();
    await api.post('/accounts', makeAccount({ name: 'Café Contoso Ltd' }));
    const duplicate = await api.post<ErrorBody>('/accounts', makeAccount({ name: 'ｃａｆｅ  contoso LTD' }));
    expect(duplicate.status).toBe(409);
    expect(duplicate.body.error).toMatchObject({
      code: 'ALREADY_EXISTS',
      message: 'The name "ｃａｆｅ  contoso LTD" is already used by another account.',
    });
  });

  it('answers in Chinese when the client asks for it', async () => {
    const api = client('zh-CN');
    await api.post('/accounts', makeAccount({ name: '中国移动' }));
    const duplicate = await api.post<ErrorBody>('/accounts', makeAccount({ name: '中国移动' }));
    expect(duplicate.body.error.message).toBe('名称“中国移动”已被另一个客户使用。');
  });

  it("keeps one tenant's accounts invisible to another", async () => {
    const created = await client().post<AccountBody>('/accounts', makeAccount());
    const other = await client().get<ErrorBody>(`/accounts/${created.body.id}`);
    expect(other.status).toBe(404);
    expect(other.body.error.code).toBe('NOT_FOUND');
  });

  it('pages the list with continuation tokens', async () => {
    const api = client();
    for (let i = 0; i < 5; i += 1) await api.post('/accounts', makeAccount());
    const first = await api.get<{ items: AccountBody[]; continuationToken?: string }>('/accounts?pageSize=3');
    expect(first.body.items).toHaveLength(3);
    const second = await api.get<{ items: AccountBody[]; continuationToken?: string }>(
      `/accounts?pageSize=3&continuationToken=${encodeURIComponent(first.body.continuationToken!)}`,
    );
    expect(second.body.items).toHaveLength(2);
    expect(second.body.continuationToken).toBeUndefined();
  });

  it('pages a list that spans the record buckets: every account once, whatever the page size', async () => {
    const api = client();
    const created = new Set<string>();
    for (let i = 0; i < 40; i += 1) created.add((await api.post<AccountBody>('/accounts', makeAccount())).body.id);
    const seen: string[] = [];
    let token: string | undefined;
    do {
      const page = await api.get<{ items: AccountBody[]; continuationToken?: string }>(
        `/accounts?pageSize=7${token ? `&continuationToken=${encodeURIComponent(token)}` : ''}`,
      );
      expect(page.status).toBe(200);
      expect(page.body.items.length).toBeLessThanOrEqual(7);
      seen.push(...page.body.items.map((item) => item.id));
      token = page.body.continuationToken;
    } while (token);
    expect(seen).toHaveLength(40);
    expect(new Set(seen)).toEqual(created);
  });

  it('searches names by prefix, ignoring case and width', async () => {
    const api = client();
    await api.post('/accounts', makeAccount({ name: 'Northwind Traders' }));
    await api.post('/accounts', makeAccount({ name: 'Northwind Health' }));
    await api.post('/accounts', makeAccount({ name: 'Fabrikam' }));
    const found = await api.get<{ items: { name: string }[] }>('/accounts?q=ＮＯＲＴＨ');
    expect(found.body.items.map((item) => item.name)).toEqual(['Northwind Health', 'Northwind Traders']);
  });

  it('updates only the version the client read, and frees the old name on rename', async () => {
    const api = client();
    const created = await api.post<AccountBody>('/accounts', makeAccount({ name: 'Old Name' }));
    const renamed = await api.patch<AccountBody>(`/accounts/${created.body.id}`, { name: 'New Name' }, { 'if-match': created.body.etag });
    expect(renamed.status).toBe(200);
    expect(renamed.body.name).toBe('New Name');
    const stale = await api.patch<ErrorBody>(`/accounts/${created.body.id}`, { industry: 'Energy' }, { 'if-match': created.body.etag });
    expect(stale.status).toBe(409);
    expect(stale.body.error.code).toBe('CONFLICT');
    expect((await api.post('/accounts', makeAccount({ name: 'Old Name' }))).status).toBe(201);
    expect((await api.get<AccountBody>(`/accounts/${created.body.id}`)).body).toMatchObject({ name: 'New Name' });
  });

  it('requires If-Match on update', async () => {
    const api = client();
    const created = await api.post<AccountBody>('/accounts', makeAccount());
    const response = await api.patch<ErrorBody>(`/accounts/${created.body.id}`, { industry: 'Energy' });
    expect(response.status).toBe(428);
    expect(response.body.error.code).toBe('PRECONDITION_REQUIRED');
  });
});

describe('accounts API fields, filters and parents', () => {
  type Page = { items: AccountBody[]; continuationToken?: string };
  const unknownId = '3f1c0c7e-3b9a-4a43-9a55-2d8f3c1b8e11';

  it('stores consent, the preferred channel and the other fields as sent', async () => {
    const api = client();
    const fields = {
      name: 'Consent Ltd',
      preferredChannel: 'wechat',
      consent: { email: true, phone: true },
      size: 'large',
      team: 'East',
      website: 'https://consent.example.com',
      address: '上海市浦东新区',
    };
    const created = await api.post<AccountBody>('/accounts', fields);
    expect((await api.get<AccountBody>(`/accounts/${created.body.id}`)).body).toMatchObject({
      ...fields,
      consent: { email: true, phone: true, mail: false, sms: false },
    });
  });

  it('lists accounts by industry, region, type, team, tag and owner', async () => {
    const api = client();
    await api.post('/accounts', makeAccount({ name: 'Alpha', industry: 'Energy', region: 'Beijing', team: 'North', tags: ['VIP'] }));
    await api.post('/accounts', makeAccount({ name: 'Beta', industry: 'Energy', region: 'Shanghai', type: 'government' }), {
      'x-dev-user-id': 'mei',
    });
    await api.post('/accounts', makeAccount({ name: 'Gamma', industry: 'Retail', region: 'Beijing', tags: ['vip'] }));
    const names = async (query: string) => (await api.get<Page>(`/accounts?${query}`)).body.items.map((item) => item.name).sort();
    expect(await names('industry=Energy')).toEqual(['Alpha', 'Beta']);
    expect(await names('industry=Energy&region=Beijing')).toEqual(['Alpha']);
    expect(await names('type=government')).toEqual(['Beta']);
    expect(await names('team=North')).toEqual(['Alpha']);
    expect(await names('tag=vip')).toEqual(['Alpha', 'Gamma']);
    expect(await names('ownerId=mei')).toEqual(['Beta']);
  });

  it('finds an account by the pinyin or the initials of its Chinese name', async () => {
    const api = client();
    await api.post('/accounts', makeAccount({ name: '中国移动' }));
    for (const q of ['zhong', 'zgyd', '中国'])
      expect(
        (await api.get<Page>(`/accounts?q=${encodeURIComponent(q)}`)).body.items.map((item) => item.name),
        q,
      ).toEqual(['中国移动']);
  });

  it('links an account to its parent and shows the parent on the account card', async () => {
    const api = client();
    const tenantId = api.tenantId;
    const parent = await api.post<AccountBody>('/accounts', makeAccount({ name: 'Contoso Group' }));
    const child = await api.post<AccountBody>('/accounts', makeAccount({ name: 'Contoso Shanghai', parentAccountId: parent.body.id }));
    expect(child.status).toBe(201);
    const reply = await postActivity(server.url, makeMessage('account contoso shanghai', { tenantId }));
    expect(JSON.stringify(cardOf(reply.activities[0]))).toContain('Contoso Group');
  });

  it('refuses a parent the tenant does not have', async () => {
    const response = await client().post<ErrorBody>('/accounts', makeAccount({ parentAccountId: unknownId }));
    expect(response.status).toBe(404);
    expect(response.body.error.code).toBe('NOT_FOUND');
  });

  it('refuses an account as its own parent, and a parent chain that loops back', async () => {
    const api = client();
    const top = await api.post<AccountBody>('/accounts', makeAccount());
    const middle = await api.post<AccountBody>('/accounts', makeAccount({ parentAccountId: top.body.id }));
    const self = await api.patch<ErrorBody>(`/accounts/${top.body.id}`, { parentAccountId: top.body.id }, { 'if-match': top.body.etag });
    expect(self.status).toBe(400);
    expect(self.body.error.code).toBe('VALIDATION_FAILED');
    const loop = await api.patch<ErrorBody>(`/accounts/${top.body.id}`, { parentAccountId: middle.body.id }, { 'if-match': top.body.etag });
    expect(loop.status).toBe(400);
    expect(loop.body.error.code).toBe('VALIDATION_FAILED');
  });

  it('answers an update of an unknown account with 404', async () => {
    const response = await client().patch<ErrorBody>(`/accounts/${unknownId}`, { industry: 'Energy' }, { 'if-match': 'W/"x"' });
    expect(response.status).toBe(404);
  });

  it('refuses a website that is not an http(s) address', async () => {
    const response = await client().post<ErrorBody>('/accounts', makeAccount({ website: 'javascript:alert(1)' }));
    expect(response.status).toBe(400);
  });
});

describe('accounts API bad input', () => {
  it.each([
    ['malformed JSON', '{"name": "Contoso",', 400, 'MALFORMED_JSON'],
    ['an unknown field', { name: 'Contoso', colour: 'red' }, 400, 'VALIDATION_FAILED'],
    ['an empty name', { name: '   ' }, 400, 'VALIDATION_FAILED'],
    ['a control character in the name', { name: 'Con\u0007toso' }, 400, 'VALIDATION_FAILED'],
    ['an oversized body', { name: 'Contoso', industry: 'x'.repeat(2 * 1024 * 1024) }, 413, 'PAYLOAD_TOO_LARGE'],
  ])('answers %s with a clear 4xx and stores nothing', async (_, body, status, code) => {
    const api = client();
    const response = await api.post<ErrorBody>('/accounts', body);
    expect(response.status).toBe(status);
    expect(response.body.error.code).toBe(code);
    expect(response.body.error.message.length).toBeGreaterThan(0);
    expect((await api.get<{ items: unknown[] }>('/accounts')).body.items).toEqual([]);
  });

  it('stores names with characters keys cannot hold, and emoji', async () => {
    const api = client();
    const created = await api.post<AccountBody>('/accounts', makeAccount({ name: 'A/B \\ C #1 ? 🚀' }));
    expect(created.status).toBe(201);
    expect((await api.get<{ items: { name: string }[] }>(`/accounts?q=${encodeURIComponent('a/b \\')}`)).body.items[0]?.name).toBe(
      'A/B \\ C #1 ? 🚀',
    );
  });

  it('refuses a body that is not JSON', async () => {
    const response = await client().call<ErrorBody>('POST', '/accounts', 'name=Contoso', { 'content-type': 'text/plain' });
    expect(response.status).toBe(415);
    expect(response.body.error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
  });

  it('answers an id that is not an account id, and an unknown one', async () => {
    expect((await client().get<ErrorBody>('/accounts/not-a-uuid')).body.error.code).toBe('VALIDATION_FAILED');
    expect((await client().get<ErrorBody>('/accounts/3f1c0c7e-3b9a-4a43-9a55-2d8f3c1b8e11')).status).toBe(404);
  });

  it('answers an unknown plugin route with ROUTE_NOT_FOUND', async () => {
    const response = await client().get<ErrorBody>('/no-such-plugin/board');
    expect(response.status).toBe(404);
    expect(response.body.error.code).toBe('ROUTE_NOT_FOUND');
  });

  it('refuses a malformed continuation token', async () => {
    expect((await client().get<ErrorBody>('/accounts?continuationToken=%00%01')).status).toBe(400);
    const notOurs = Buffer.from(JSON.stringify({ partition: 'x' })).toString('base64url');
    const refused = await client('zh-CN').get<ErrorBody>(`/accounts?continuationToken=${notOurs}`);
    expect(refused.status).toBe(400);
    expect(refused.body.error.code).toBe('INVALID_CONTINUATION');
  });
});
