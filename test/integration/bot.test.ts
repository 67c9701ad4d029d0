// The bot over real HTTP: Teams activities posted to /api/messages, replies read back and every card checked.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/server';
import { makeAccount } from '../fixtures/accounts';
import { cardOf, invokeCardOf, makeCardAction, makeInstall, makeMessage, postActivity } from '../fixtures/activities';
import { apiClient } from '../fixtures/api';
import { expectValidCard } from '../fixtures/cards';
import { newTenantId, startTestServer } from '../fixtures/server';

let server: RunningServer;
beforeAll(async () => {
  server = await startTestServer();
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
