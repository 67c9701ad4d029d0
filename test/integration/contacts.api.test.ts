// The contacts REST API over real HTTP and Azurite: create under an account, read, ETag-checked update, list, search, bad input.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/server';
import { makeAccount, makeContact } from '../fixtures/accounts';
import { cardOf, makeMessage, postActivity } from '../fixtures/activities';
import { apiClient, type ErrorBody } from '../fixtures/api';
import { expectValidCard } from '../fixtures/cards';
import { newTenantId, startTestServer } from '../fixtures/server';

type ContactBody = {
  id: string;
  accountId: string;
  name: string;
  etag: string;
  email?: string;
  cuteRole?: string;
  consent: Record<string, boolean>;
};
type HitBody = { contactId: string; accountId: string; name: string; accountName: string };
const unknownId = '3f1c0c7e-3b9a-4a43-9a55-2d8f3c1b8e11';

let server: RunningServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.stop());

/** A tenant with one account; `contact()` is a valid contact body for the account's contacts route. */
async function withAccount(name = 'Contoso Ltd', locale?: string) {
  const tenantId = newTenantId();
  const api = apiClient(server.url, tenantId, locale);
  const account = (await api.post<{ id: string; etag: string }>('/accounts', makeAccount({ name }))).body;
  const contact = (overrides: Record<string, unknown> = {}) => {
    const { accountId: _, ...fields } = makeContact(account.id);
    return { ...fields, ...overrides };
  };
  return { tenantId, api, account, contact };
}

describe('contacts API', () => {
  it('creates a contact under its account, taking the account from the path, and reads it back with its ETag', async () => {
    const { api, account, contact } = await withAccount();
    const created = await api.post<ContactBody>(`/accounts/${account.id}/contacts`, contact({ name: 'Ana Silva', cuteRole: 'economic' }));
    expect(created.status).toBe(201);
    expect(created.headers.get('location')).toBe(`/api/v1/accounts/contacts/${created.body.id}`);
    const read = await api.get<ContactBody>(`/accounts/contacts/${created.body.id}`);
    expect(read.body).toMatchObject({
      accountId: account.id,
      name: 'Ana Silva',
      cuteRole: 'economic',
      consent: { phone: false, email: false, mail: false, sms: false },
    });
    expect(read.headers.get('etag')).toBe(created.body.etag);
    expect(read.body.etag).toBe(created.body.etag);
  });

  it('updates only the version the client read', async () => {
    const { api, account, contact } = await withAccount();
    const created = (await api.post<ContactBody>(`/accounts/${account.id}/contacts`, contact())).body;
    const updated = await api.patch<ContactBody>(
      `/accounts/contacts/${created.id}`,
      { title: 'CFO', consent: { email: true } },
      { 'if-match': created.etag },
    );
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({ title: 'CFO', consent: { email: true, phone: false } });
    const stale = await api.patch<ErrorBody>(`/accounts/contacts/${created.id}`, { title: 'CEO' }, { 'if-match': created.etag });
    expect(stale.status).toBe(409);
    expect(stale.body.error.code).toBe('CONFLICT');
  });

  it('requires If-Match on update', async () => {
    const { api, account, contact } = await withAccount();
    const created = (await api.post<ContactBody>(`/accounts/${account.id}/contacts`, contact())).body;
    const response = await api.patch<ErrorBody>(`/accounts/contacts/${created.id}`, { title: 'CFO' });
    expect(response.status).toBe(428);
  });

  it("pages an account's contacts in name order", async () => {
    const { api, account, contact } = await withAccount();
    for (const name of ['Wu Fang', 'ana', 'Bo Li']) await api.post(`/accounts/${account.id}/contacts`, contact({ name }));
    const first = await api.get<{ items: ContactBody[]; continuationToken?: string }>(`/accounts/${account.id}/contacts?pageSize=2`);
    const second = await api.get<{ items: ContactBody[]; continuationToken?: string }>(
      `/accounts/${account.id}/contacts?pageSize=2&continuationToken=${encodeURIComponent(first.body.continuationToken!)}`,
    );
    expect([...first.body.items, ...second.body.items].map((item) => item.name)).toEqual(['ana', 'Bo Li', 'Wu Fang']);
    expect(first.body.items[0]?.etag).toBeTruthy();
    expect(second.body.continuationToken).toBeUndefined();
  });

  it('searches contacts by name prefix and by pinyin, optionally inside one account', async () => {
    const { api, account, contact } = await withAccount('中国移动');
    const other = (await api.post<{ id: string }>('/accounts', makeAccount({ name: 'Fabrikam' }))).body;
    await api.post(`/accounts/${account.id}/contacts`, contact({ name: '李雷' }));
    await api.post(`/accounts/${other.id}/contacts`, contact({ name: 'Li Na' }));
    const all = await api.get<{ items: HitBody[] }>('/accounts/contacts?q=li');
    expect(all.body.items.map((hit) => [hit.name, hit.accountName])).toEqual([
      ['Li Na', 'Fabrikam'],
      ['李雷', '中国移动'],
    ]);
    const inside = await api.get<{ items: HitBody[] }>(`/accounts/contacts?q=ll&accountId=${account.id}`);
    expect(inside.body.items.map((hit) => hit.name)).toEqual(['李雷']);
  });

  it('stores and finds names with characters keys cannot hold, and emoji', async () => {
    const { api, account, contact } = await withAccount();
    const created = await api.post<ContactBody>(`/accounts/${account.id}/contacts`, contact({ name: 'A/B \\ C #1 ? 🚀' }));
    expect(created.status).toBe(201);
    const found = await api.get<{ items: HitBody[] }>(`/accounts/contacts?q=${encodeURIComponent('a/b \\ c #1 ?')}`);
    expect(found.body.items.map((hit) => hit.name)).toEqual(['A/B \\ C #1 ? 🚀']);
  });

  it("keeps one tenant's contacts invisible to another", async () => {
    const { api, account, contact } = await withAccount();
    const created = (await api.post<ContactBody>(`/accounts/${account.id}/contacts`, contact({ name: 'Hidden Person' }))).body;
    const stranger = apiClient(server.url, newTenantId());
    expect((await stranger.get<ErrorBody>(`/accounts/contacts/${created.id}`)).status).toBe(404);
    expect((await stranger.get<{ items: unknown[] }>('/accounts/contacts?q=hidden')).body.items).toEqual([]);
    expect((await stranger.get<ErrorBody>(`/accounts/${account.id}/contacts`)).status).toBe(404);
  });
});

describe('contacts API bad input', () => {
  it.each([
    ['an invalid email', { email: 'not-an-email' }],
    ['an empty name', { name: '  ' }],
    ['an unknown field', { colour: 'red' }],
    ['the account in the body', { accountId: unknownId }],
    ['an unknown CUTE role', { cuteRole: 'boss' }],
  ])('answers %s with 400 and stores nothing', async (_, overrides) => {
    const { api, account, contact } = await withAccount();
    const response = await api.post<ErrorBody>(`/accounts/${account.id}/contacts`, contact(overrides));
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('VALIDATION_FAILED');
    expect((await api.get<{ items: unknown[] }>(`/accounts/${account.id}/contacts`)).body.items).toEqual([]);
  });

  it('answers a contact on an unknown account with 404', async () => {
    const { api, contact } = await withAccount();
    const response = await api.post<ErrorBody>(`/accounts/${unknownId}/contacts`, contact());
    expect(response.status).toBe(404);
    expect(response.body.error.code).toBe('NOT_FOUND');
  });

  it('answers an unknown contact id with 404 and a malformed one with 400', async () => {
    const { api } = await withAccount();
    expect((await api.get<ErrorBody>(`/accounts/contacts/${unknownId}`)).status).toBe(404);
    expect((await api.patch<ErrorBody>(`/accounts/contacts/${unknownId}`, { title: 'CFO' }, { 'if-match': 'W/"x"' })).status).toBe(404);
    expect((await api.get<ErrorBody>('/accounts/contacts/not-a-uuid')).body.error.code).toBe('VALIDATION_FAILED');
  });

  it('refuses a search without a prefix', async () => {
    const { api } = await withAccount();
    expect((await api.get<ErrorBody>('/accounts/contacts?q=')).status).toBe(400);
  });
});

describe('the account card with many contacts', () => {
  it.each([
    ['en-US', '+28 more', 'Economic buyer'],
    ['zh-CN', '另有 28 位联系人', '经济决策者'],
  ])('lists the first contacts with their roles and counts the rest, in %s', async (locale, more, role) => {
    const { tenantId, api, account, contact } = await withAccount('Many Contacts Ltd');
    const roles = ['coach', 'user', 'technical', 'economic'];
    for (let i = 0; i < 40; i += 1)
      await api.post(`/accounts/${account.id}/contacts`, contact({ name: `联系人 ${String(i).padStart(2, '0')}`, cuteRole: roles[i % 4] }));
    const reply = await postActivity(server.url, makeMessage('account many contacts ltd', { tenantId, locale }));
    const card = cardOf(reply.activities[0]);
    expectValidCard(card);
    const json = JSON.stringify(card);
    expect(json).toContain('联系人 00');
    expect(json).not.toContain('联系人 39');
    expect(json).toContain(more);
    expect(json).toContain(role);
  });
});
