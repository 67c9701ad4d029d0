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

/** The card's buttons that send a chat message for the user (Teams `imBack`), with the text each sends. */
function buttonsOf(card: Record<string, unknown> | undefined): { title: string; sends: string }[] {
  const actions = (card?.actions ?? []) as { type: string; title: string; data?: { msteams?: { type?: string; value?: string } } }[];
  return actions
    .filter((action) => action.type === 'Action.Submit' && action.data?.msteams?.type === 'imBack')
    .map((action) => ({ title: action.title, sends: action.data!.msteams!.value! }));
}

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

  it("lists the loaded plugins' commands on help, in the user's language", async () => {
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
    // The chat user owns the account; the list shows each rep their own.
    const list = await apiClient(server.url, tenantId).call<{ items: unknown[] }>('GET', '/accounts', undefined, {
      'x-dev-user-id': 'user-1',
    });
    expect(list.body.items).toHaveLength(1);
  });

  it('answers text it does not understand with a pointer to help', async () => {
    expect((await ask('what is the weather', newTenantId())).text).toContain('Type "help"');
  });

  it('answers a misspelt command with the command it probably meant, as a button that sends it', async () => {
    const tenantId = newTenantId();
    await apiClient(server.url, tenantId).post('/accounts', makeAccount({ name: 'Contoso' }));

    const reply = await ask('acount Contoso', tenantId);

    expect(reply.json).toContain('Did you mean \\"account Contoso\\"?');
    expect(buttonsOf(reply.card)).toEqual([{ title: 'account Contoso', sends: 'account Contoso' }]);
    expect((await ask(buttonsOf(reply.card)[0]!.sends, tenantId)).json).toContain('Contoso');
  });

  it('suggests the commands the plugins registered, in the language of the suggestion', async () => {
    const pipeline = await ask('pipline', newTenantId());
    expect(buttonsOf(pipeline.card)).toEqual([{ title: 'pipeline', sends: 'pipeline' }]);
    const help = await ask('帮忙', newTenantId(), 'en-US');
    expect(help.json).toContain('您是不是想输入“帮助”');
    expect(buttonsOf(help.card)).toEqual([{ title: '帮助', sends: '帮助' }]);
  });

  it('greets back with a short help: what the bot does, a few examples and a button for the full list', async () => {
    for (const greeting of ['hi', 'hello', 'Hey!']) {
      const reply = await ask(greeting, newTenantId());
      expect(reply.json).toContain('Hi! I am Guanxi CRM.');
      expect(reply.json).toContain('account Contoso');
      expect(buttonsOf(reply.card)).toEqual([{ title: 'Show everything I can do', sends: 'help' }]);
    }
    for (const greeting of ['你好', '您好']) {
      const reply = await ask(greeting, newTenantId(), 'en-US');
      expect(reply.json).toContain('您好！我是关系 CRM。');
      expect(reply.json).toContain('客户 Contoso');
      expect(buttonsOf(reply.card)).toEqual([{ title: '查看我能做的全部事情', sends: '帮助' }]);
    }
  });

  it('answers thanks in the language it was written in', async () => {
    expect((await ask('thanks!', newTenantId())).text).toBe('You are welcome. Type "help" whenever you need the list of what I can do.');
    expect((await ask('谢谢', newTenantId(), 'en-US')).text).toBe('不客气。需要时输入“帮助”即可查看我能做的事。');
  });

  it('introduces itself when a message has nothing readable in it', async () => {
    for (const blank of [' ', '\u200b']) expect((await ask(blank, newTenantId())).json).toContain('Hi! I am Guanxi CRM.');
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

  it('refuses a malformed x-dev-tenant-id header as the tab API does', async () => {
    const response = await postActivity(server.url, makeMessage('help', playground), { 'x-dev-tenant-id': 'not a tenant!' });

    expect(response.status).toBe(400);
    expect((response.body as { error: { code: string } }).error.code).toBe('VALIDATION_FAILED');
  });

  it("creates from chat an account the tabs show as the dev user's, and none in the Playground's own tenant", async () => {
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
