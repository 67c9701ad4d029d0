// Every list of the API pages with opaque continuation tokens: one it did not give out is a 400 INVALID_CONTINUATION, never a 500.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/server';
import { makeAccount } from '../fixtures/accounts';
import { apiClient, type ErrorBody } from '../fixtures/api';
import { newTenantId, startTestServer } from '../fixtures/server';

let server: RunningServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.stop());

const asAdmin = { 'x-dev-roles': 'rep,manager,admin', 'x-dev-user-id': 'list-admin' };
const encoded = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** Tokens no list gave out: not base64url, not JSON, not ours, ours around a service token the SDK cannot read, another list's. */
const bogusTokens = [
  'garbage!!',
  'bm90IGpzb24',
  encoded({ nextPartitionKey: 'x' }),
  encoded({ v: 1, s: Buffer.from('not json').toString('base64') }),
  encoded({ v: 2, s: 'x' }),
];

/** A tenant with an account, its first person (the admin) and the stage model, so every list has something to page. */
async function tenant() {
  const tenantId = newTenantId();
  const api = apiClient(server.url, tenantId, 'en', asAdmin);
  await api.get('/people/me');
  const account = await api.post<{ id: string }>('/accounts', makeAccount());
  expect(account.status).toBe(201);
  const stages = await api.get<{ stages: { id: string }[] }>('/pipeline/stages');
  return { tenantId, api, accountId: account.body.id, stageId: stages.body.stages[0]!.id };
}

describe('a continuation token a list did not give out', () => {
  const lists: [string, (t: Awaited<ReturnType<typeof tenant>>) => string][] = [
    ['accounts', () => '/accounts'],
    ['accounts with a filter', () => '/accounts?industry=Retail'],
    ["an account's contacts", (t) => `/accounts/${t.accountId}/contacts`],
    ["an account's activities", (t) => `/activities?accountId=${t.accountId}`],
    ["an author's activities", () => '/activities?authorId=list-admin&from=2025-01-01&to=2025-01-07'],
    ["an account's activity timeline", (t) => `/activities/accounts/${t.accountId}/timeline`],
    ['a pipeline board column', (t) => `/pipeline/board/${t.stageId}`],
    ['leads', () => '/pipeline/leads'],
    ['people', () => '/people'],
    ['deliveries', () => '/admin/deliveries'],
  ];

  it.each(lists)('is a 400 INVALID_CONTINUATION on %s', async (_name, path) => {
    const t = await tenant();
    const base = path(t);
    const join = base.includes('?') ? '&' : '?';
    expect((await t.api.get(base)).status).toBe(200);
    for (const token of bogusTokens) {
      const response = await t.api.get<ErrorBody>(`${base}${join}continuationToken=${encodeURIComponent(token)}`);
      expect({ token, status: response.status, code: response.body.error?.code }).toEqual({
        token,
        status: 400,
        code: 'INVALID_CONTINUATION',
      });
    }
  });

  it('is explained in Chinese to a Chinese client', async () => {
    const { tenantId, accountId } = await tenant();
    const response = await apiClient(server.url, tenantId, 'zh-CN', asAdmin).get<ErrorBody>(
      `/activities/accounts/${accountId}/timeline?continuationToken=garbage`,
    );
    expect(response.status).toBe(400);
    expect(response.body.error).toMatchObject({ code: 'INVALID_CONTINUATION', message: '续页令牌不是此列表发出的，请从第一页重新开始。' });
  });

  it("never reaches another tenant's rows: the filter names the caller's tenant, whatever the token", async () => {
    const owner = await tenant();
    for (let i = 0; i < 3; i += 1) expect((await owner.api.post('/accounts', makeAccount())).status).toBe(201);
    const firstPage = await owner.api.get<{ items: unknown[]; continuationToken?: string }>('/accounts?pageSize=1');
    expect(firstPage.body.continuationToken).toBeDefined();
    const stranger = apiClient(server.url, newTenantId(), 'en', asAdmin);
    await stranger.get('/people/me');
    const borrowed = await stranger.get<{ items: unknown[] }>(
      `/accounts?pageSize=10&continuationToken=${firstPage.body.continuationToken}`,
    );
    expect(borrowed.status).toBe(200);
    expect(borrowed.body.items).toEqual([]);
  });
});
