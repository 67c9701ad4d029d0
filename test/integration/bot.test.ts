// The bot over real HTTP: Teams activities posted to /api/messages, replies read back and every card checked.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/server';
import { makeAccount } from '../fixtures/accounts';
import { cardOf, invokeCardOf, makeCardAction, makeInstall, makeMessage, postActivity } from '../fixtures/activities';
import { apiClient } from '../fixtures/api';
import { expectValidCard } from '../fixtures/cards';
import { newTenantId, startTestServer } from '../fixtures/server';

/** The dev identity's tenant, this file's own so that no other test file's data shows. */
const devTenantId = newTenantId();
let server: RunningServer;
beforeAll(async () => {
  server = await startTestServer({ DEV_TENANT_ID: devTenantId, DEV_USER_ID: 'dev-user', DEV_USER_NAME: 'Local Developer' });
});
afterAll(() => server.stop());

/** Sends a message and returns the single reply, after checking any card it carries. */
async function ask(text: string, tenantId: string, locale = 'en-US') {
  const response = await postActivity(server.url, makeMessage(text, { tenantId, locale }));
  expect(response.status).toBe(200);
  expect(response.activities).toHaveLength(1);
  const reply = response.activities[0]!;
  const card = cardOf(reply);
  if (card) expectValidCard(card);
  return { text: reply.text ?? '', card, json: JSON.stringify(card ?? {}) };
}

describe('bot', () => {
  it('welcomes the user with a card when the app is installed', async () => {
    const response = await postActivity(server.url, makeInstall({ tenantId: newTenantId(), locale: 'zh-CN' }));
    const card = cardOf(response.activities[0]);
    expectValidCard(card);
    expect(JSON.stringify(card)).toContain('欢迎使用关系 CRM');
  });

  it('lists the loaded plugins\' commands on help, in the user\'s language', async () => {
    const english = await ask('help', newTenantId());
    expect(english.json).toContain('account <name>');
    const chinese = await ask('帮助', newTenantId(), 'en-US');
    expect(chinese.json).toContain('客户 <名称>');
    expect(chinese.json).toContain('您可以这样问我');
  });

  it('reads back through chat an account created over REST', async () => {
    const tenantId = newTenantId();
    await apiClient(server.url, tenantId).post('/accounts', makeAccount({ name: 'Contoso Ltd', industry: 'Retail', region: 'Shanghai' }));
    const reply = await ask('account contoso  LTD', tenantId);
    expect(reply.json).toContain('Contoso Ltd');
    expect(reply.json).toContain('Retail');
    const chinese = await ask('客户 Contoso Ltd', tenantId);
    expect(chinese.json).toContain('行业');
  });

  it('finds an account by the start of its name, and lists several when the start is ambiguous', async () => {
    const tenantId = newTenantId();
    const api = apiClient(server.url, tenantId);
    await api.post('/accounts', makeAccount({ name: 'Northwind Traders' }));
    expect((await ask('account northwind', tenantId)).json).toContain('Northwind Traders');
    await api.post('/accounts', makeAccount({ name: 'Northwind Health' }));
    const several = await ask('account northwind', tenantId);
    expect(several.json).toContain('Several accounts match \\"northwind\\"');
    expect(several.json).toContain('accounts.show');
  });

  it('says when no account has the name, and offers to create it', async () => {
    const reply = await ask('客户 Fabrikam', newTenantId());
    expect(reply.json).toContain('没有找到名为“Fabrikam”的客户');
    expect(reply.json).toContain('accounts.create');
  });

  it('creates an account from chat, and answers a duplicate with a friendly error card', async () => {
    const tenantId = newTenantId();
    const created = await ask('new account Tailspin Toys', tenantId);
    expect(created.text).toBe('Created the account "Tailspin Toys".');
    const duplicate = await ask('新建客户 tailspin toys', tenantId);
    expect(duplicate.json).toContain('已被另一个客户使用');
    const list = await apiClient(server.url, tenantId).get<{ items: unknown[] }>('/accounts');
    expect(list.body.items).toHaveLength(1);
  });

  it('answers text it does not understand with a pointer to help', async () => {
    expect((await ask('what is the weather', newTenantId())).text).toContain('Type "help"');
  });

  it('answers an unknown card action with an error card instead of failing', async () => {
    const response = await postActivity(server.url, makeCardAction('no.such.verb', {}, { tenantId: newTenantId() }));
    expect(response.status).toBe(200);
    const card = invokeCardOf(response);
    expectValidCard(card);
    expect(JSON.stringify(card)).toContain('not available any more');
  });
});

describe('the Microsoft 365 Agents Playground in local development mode', () => {
  /** The tenant and user the Playground puts on every activity it sends. */
  const playground = { tenantId: '00000000-0000-0000-0000-000000000001', userId: '00000000-0000-0000-0000-0000000000011' };

  async function askFromPlayground(text: string) {
    const response = await postActivity(server.url, makeMessage(text, playground), {});
    expect(response.status).toBe(200);
    const card = cardOf(response.activities[0]);
    if (card) expectValidCard(card);
    return { text: response.activities[0]?.text ?? '', json: JSON.stringify(card ?? {}) };
  }

  it('finds in chat an account the tab API created for the dev tenant', async () => {
    await apiClient(server.url, devTenantId).post('/accounts', makeAccount({ name: 'Playground Traders', industry: 'Retail' }));

    const reply = await askFromPlayground('account Playground Traders');

    expect(reply.json).toContain('Playground Traders');
    expect(reply.json).toContain('Retail');
  });

  it('creates from chat an account the tabs show as the dev user\'s, and none in the Playground\'s own tenant', async () => {
    const created = await askFromPlayground('new account Sandbox Supplies');

    expect(created.text).toBe('Created the account "Sandbox Supplies".');
    const devApi = apiClient(server.url, devTenantId);
    const found = await devApi.get<{ items: { accountId: string; name: string }[] }>('/accounts?q=sandbox');
    expect(found.body.items.map((item) => item.name)).toEqual(['Sandbox Supplies']);
    const account = await devApi.get(`/accounts/${found.body.items[0]!.accountId}`);
    expect(account.body).toMatchObject({ ownerId: 'dev-user', ownerName: 'Local Developer' });
    const playgroundAccounts = await apiClient(server.url, playground.tenantId).get<{ items: unknown[] }>('/accounts');
    expect(playgroundAccounts.body.items).toEqual([]);
  });
});
