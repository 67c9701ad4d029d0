// The accounts chat commands over real HTTP: look up, pick-lists, create offers, find, new account and new contact, in English and Chinese.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/server';
import { makeAccount } from '../fixtures/accounts';
import {
  cardOf,
  makeCardAction,
  makeMessage,
  postActivity,
  executeActionsOf,
  invokeCardOf,
  type ExecuteAction,
} from '../fixtures/activities';
import { apiClient } from '../fixtures/api';
import { expectValidCard } from '../fixtures/cards';
import { newTenantId, startTestServer } from '../fixtures/server';

let server: RunningServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.stop());

type Reply = { text: string; card?: Record<string, unknown>; json: string };
type Execute = Pick<ExecuteAction, 'verb' | 'data'>;

const activityLocale = (locale: string) => (locale === 'zh' ? 'zh-CN' : 'en-US');

/** Sends a chat message and returns the single reply, after checking any card it carries. */
async function say(text: string, tenantId: string, locale = 'en'): Promise<Reply> {
  const response = await postActivity(server.url, makeMessage(text, { tenantId, locale: activityLocale(locale) }));
  expect(response.status).toBe(200);
  expect(response.activities).toHaveLength(1);
  const card = cardOf(response.activities[0]);
  if (card) expectValidCard(card);
  return { text: response.activities[0]!.text ?? '', card, json: JSON.stringify(card ?? {}) };
}

/** Clicks an Action.Execute; the card in the invoke response is what replaces the clicked card. */
async function click(action: Pick<Execute, 'verb' | 'data'>, tenantId: string, locale = 'en'): Promise<Reply> {
  const response = await postActivity(server.url, makeCardAction(action.verb, action.data, { tenantId, locale: activityLocale(locale) }));
  expect(response.status).toBe(200);
  const card = invokeCardOf(response);
  expectValidCard(card);
  return { text: '', card, json: JSON.stringify(card) };
}

async function createAccount(tenantId: string, fields: Parameters<typeof makeAccount>[0]) {
  return (await apiClient(server.url, tenantId).post<{ id: string; name: string }>('/accounts', makeAccount(fields))).body;
}

const contactsOf = async (tenantId: string, accountId: string) =>
  (
    await apiClient(server.url, tenantId).get<{ items: { name: string; title?: string; cuteRole?: string }[] }>(
      `/accounts/${accountId}/contacts`,
    )
  ).body.items;

const searchAccounts = async (tenantId: string, q: string) =>
  (await apiClient(server.url, tenantId).get<{ items: { name: string }[] }>(`/accounts?q=${encodeURIComponent(q)}`)).body.items;

describe('account <name> / 客户 <name>', () => {
  it('shows the account card for the exact name, whatever its case, in English and Chinese', async () => {
    const tenantId = newTenantId();
    await createAccount(tenantId, { name: 'Contoso Ltd', industry: 'Retail' });
    const english = await say('account contoso LTD', tenantId);
    const chinese = await say('客户 CONTOSO ltd', tenantId, 'zh');
    expect(english.json).toContain('Contoso Ltd');
    expect(english.json).toContain('Industry');
    expect(chinese.json).toContain('行业');
  });

  it('shows the only account a name prefix or its pinyin matches', async () => {
    const tenantId = newTenantId();
    await createAccount(tenantId, { name: '中国移动' });
    const reply = await say('客户 zhongguo', tenantId, 'zh');
    expect(reply.json).toContain('中国移动');
    expect(reply.json).toContain('地域');
  });

  it('offers a pick-list when several accounts match, and a click shows the chosen one in place of the list', async () => {
    const tenantId = newTenantId();
    await createAccount(tenantId, { name: 'Northwind Traders' });
    const health = await createAccount(tenantId, { name: 'Northwind Health', industry: 'Healthcare' });
    const list = await say('account northwind', tenantId);
    const actions = executeActionsOf(list.card);
    expect(actions.map((a) => a.verb)).toEqual(['accounts.show', 'accounts.show']);
    expect(list.json).not.toContain('Industry');
    const shown = await click(
      actions.find((a) => a.data.accountId === health.id)!,
      tenantId,
    );
    expect(shown.json).toContain('Northwind Health');
    expect(shown.json).toContain('Healthcare');
  });

  it('offers to create an unknown account rather than guessing, and the click creates exactly that name', async () => {
    const tenantId = newTenantId();
    await createAccount(tenantId, { name: 'Contoso' });
    const offer = await say('account Fabrikam', tenantId);
    expect(offer.json).toContain('I found no account named \\"Fabrikam\\"');
    expect(executeActionsOf(offer.card)).toEqual([
      { type: 'Action.Execute', title: 'Create "Fabrikam"', verb: 'accounts.create', data: { name: 'Fabrikam' } },
    ]);
    const created = await click(executeActionsOf(offer.card)[0]!, tenantId);
    expect(created.json).toContain('Created the account');
    expect((await searchAccounts(tenantId, 'fabrikam')).map((a) => a.name)).toEqual(['Fabrikam']);
  });

  it('says why it cannot create a name longer than an account name may be, instead of offering to', async () => {
    const tenantId = newTenantId();
    const reply = await say(`account ${'x'.repeat(3_000)}`, tenantId);
    expect(reply.json).toContain('An account name has at most 200 characters');
    expect(executeActionsOf(reply.card)).toEqual([]);
    expect((await say(`客户 ${'关'.repeat(300)}`, tenantId, 'zh')).json).toContain('客户名称最多 200 个字符');
  });

  it('shows the longest known account the text begins with, whatever follows it', async () => {
    const tenantId = newTenantId();
    await createAccount(tenantId, { name: 'Contoso' });
    await createAccount(tenantId, { name: 'Contoso Ltd', industry: 'Retail' });
    const reply = await say('account contoso ltd 🙂', tenantId);
    expect(reply.json).toContain('Contoso Ltd');
    expect(reply.json).toContain('Retail');
    expect(executeActionsOf(reply.card).filter((a) => a.verb === 'accounts.create')).toEqual([]);
  });

  it('offers to create the name without emoji or the words after a legal form', async () => {
    const tenantId = newTenantId();
    expect(executeActionsOf((await say('account Tailspin Toys 🙂', tenantId)).card)[0]!.data).toEqual({ name: 'Tailspin Toys' });
    expect(executeActionsOf((await say('客户 星辰科技有限公司 上海', tenantId, 'zh')).card)[0]!.data).toEqual({ name: '星辰科技有限公司' });
  });

  it('words the create offer in Chinese', async () => {
    const offer = await say('客户 大华', newTenantId(), 'zh');
    expect(offer.json).toContain('没有找到名为“大华”的客户');
    expect(offer.json).toContain('创建“大华”');
  });

  it('keeps a name with / # ? \\ and an emoji inside it intact from the offer to the account card', async () => {
    const tenantId = newTenantId();
    const name = 'A/B #1? 🚀 C\\D';
    const offer = await say(`account ${name}`, tenantId);
    expect(executeActionsOf(offer.card)[0]!.data).toEqual({ name });
    await click(executeActionsOf(offer.card)[0]!, tenantId);
    expect((await searchAccounts(tenantId, 'a/b')).map((a) => a.name)).toEqual([name]);
    const shown = await say(`account ${name.toLowerCase()}`, tenantId);
    expect(shown.json).toContain('🚀');
    expect(executeActionsOf(shown.card).filter((a) => a.verb === 'accounts.create')).toEqual([]);
  });

  it('asks for the name when none is given', async () => {
    expect((await say('account', newTenantId())).text).toContain('Tell me the account name');
  });

  it('answers a tampered show action with a message instead of an account', async () => {
    const reply = await click({ verb: 'accounts.show', data: { accountId: '../../etc' } }, newTenantId());
    expect(reply.json).toContain('out of date or was changed');
  });
});

describe('find accounts / 查找客户', () => {
  it('lists the accounts matching every word with industry, region and owner, each with a show action', async () => {
    const tenantId = newTenantId();
    const contoso = await createAccount(tenantId, { name: 'Contoso', industry: 'Retail', region: 'Shanghai' });
    await createAccount(tenantId, { name: 'Fabrikam', industry: 'Retail', region: 'Beijing' });
    await createAccount(tenantId, { name: 'Tailspin', industry: 'Manufacturing', region: 'Shanghai' });
    const reply = await say('find accounts retail shanghai', tenantId);
    expect(reply.json).toContain('Retail · Shanghai · Local Developer');
    expect(reply.json).not.toContain('Fabrikam');
    expect(reply.json).not.toContain('Tailspin');
    expect(executeActionsOf(reply.card)).toEqual([expect.objectContaining({ verb: 'accounts.show', data: { accountId: contoso.id } })]);
  });

  it('finds accounts by Chinese words and answers in Chinese', async () => {
    const tenantId = newTenantId();
    await createAccount(tenantId, { name: '华联超市', industry: '零售', region: '上海' });
    const reply = await say('查找客户 零售 上海', tenantId, 'zh');
    expect(reply.json).toContain('华联超市');
    expect(reply.json).toContain('匹配的客户');
  });

  it('says clearly when nothing matches', async () => {
    const reply = await say('find accounts aerospace', newTenantId());
    expect(reply.text).toBe('No account matches "aerospace". Try fewer words, or look one up by name: account <name>');
  });

  it('asks what to look for when no words are given', async () => {
    expect((await say('查找客户', newTenantId(), 'zh')).text).toContain('请告诉我要查找什么');
  });
});

describe('new account / 新建客户', () => {
  it('creates an account with the fields typed after the name', async () => {
    const tenantId = newTenantId();
    const reply = await say('new account Contoso Ltd; industry retail; region Shanghai; type government', tenantId);
    expect(reply.text).toBe('Created the account "Contoso Ltd".');
    expect(reply.json).toContain('Government');
    const [hit] = await apiClient(server.url, tenantId)
      .get<{ items: { industry: string; region: string }[] }>('/accounts?q=contoso')
      .then((r) => r.body.items);
    expect(hit).toMatchObject({ industry: 'retail', region: 'Shanghai' });
  });

  it('creates an account from a Chinese line', async () => {
    const reply = await say('新建客户 中国移动；行业 通信；地域 北京', newTenantId(), 'zh');
    expect(reply.text).toBe('已创建客户“中国移动”。');
    expect(reply.json).toContain('通信');
  });

  it('names the field whose value it cannot read, and creates nothing', async () => {
    const tenantId = newTenantId();
    expect((await say('new account Contoso; size gigantic', tenantId)).text).toBe(
      '"gigantic" is not a valid size (micro, small, medium, large).',
    );
    expect((await say('新建客户 Contoso；规模 巨大', tenantId, 'zh')).text).toBe('“巨大”不是有效的规模（微型、小型、中型、大型）。');
    expect(await searchAccounts(tenantId, 'contoso')).toEqual([]);
  });

  it('answers a name already taken with the localised error card', async () => {
    const tenantId = newTenantId();
    await say('new account Tailspin Toys', tenantId);
    const duplicate = await say('新建客户 tailspin toys', tenantId, 'zh');
    expect(duplicate.json).toContain('已被另一个客户使用');
  });

  it('asks for the details when nothing follows the command', async () => {
    expect((await say('new account', newTenantId())).text).toContain('Tell me the details');
  });
});

describe('new contact / 新建联系人', () => {
  it('adds the contact to the account named after "at", with title and CUTE role', async () => {
    const tenantId = newTenantId();
    const contoso = await createAccount(tenantId, { name: 'Contoso' });
    const reply = await say('new contact Ana Silva at Contoso; title CFO; role economic', tenantId);
    expect(reply.json).toContain('Added Ana Silva to Contoso.');
    expect(await contactsOf(tenantId, contoso.id)).toEqual([
      expect.objectContaining({ name: 'Ana Silva', title: 'CFO', cuteRole: 'economic' }),
    ]);
  });

  it('adds a contact from a Chinese line', async () => {
    const tenantId = newTenantId();
    const account = await createAccount(tenantId, { name: '中国移动' });
    const reply = await say('新建联系人 李雷 @ 中国移动；职位 采购经理；角色 经济决策者', tenantId, 'zh');
    expect(reply.json).toContain('已将李雷添加到中国移动。');
    expect(await contactsOf(tenantId, account.id)).toEqual([
      expect.objectContaining({ name: '李雷', title: '采购经理', cuteRole: 'economic' }),
    ]);
  });

  it('asks which account when the name is ambiguous, and adds the contact to the one clicked', async () => {
    const tenantId = newTenantId();
    const traders = await createAccount(tenantId, { name: 'Northwind Traders' });
    const health = await createAccount(tenantId, { name: 'Northwind Health' });
    const list = await say('new contact Ana Silva at Northwind; title CFO', tenantId);
    expect(await contactsOf(tenantId, health.id)).toEqual([]);
    const choice = executeActionsOf(list.card).find((a) => a.data.accountId === health.id)!;
    expect(choice.verb).toBe('accounts.contact.create');
    const added = await click(choice, tenantId);
    expect(added.json).toContain('Added Ana Silva to Northwind Health.');
    expect(await contactsOf(tenantId, health.id)).toEqual([expect.objectContaining({ name: 'Ana Silva', title: 'CFO' })]);
    expect(await contactsOf(tenantId, traders.id)).toEqual([]);
  });

  it('asks yes or no when one account only begins with the name, and adds the contact only on yes', async () => {
    const tenantId = newTenantId();
    const fabrikam = await createAccount(tenantId, { name: 'Fabrikam Inc' });
    const question = await say('new contact Ana Silva at Fabrikam; title CFO', tenantId);
    expect(question.json).toContain('Add Ana Silva to Fabrikam Inc?');
    expect(question.json).not.toContain('Several accounts');
    expect(await contactsOf(tenantId, fabrikam.id)).toEqual([]);
    const [yes, no] = executeActionsOf(question.card);
    expect(executeActionsOf(question.card).map((a) => a.verb)).toEqual(['accounts.contact.create', 'accounts.dismiss']);
    expect((await click(no!, tenantId)).json).toContain('OK, I changed nothing.');
    expect(await contactsOf(tenantId, fabrikam.id)).toEqual([]);
    expect((await click(yes!, tenantId)).json).toContain('Added Ana Silva to Fabrikam Inc.');
    expect(await contactsOf(tenantId, fabrikam.id)).toEqual([expect.objectContaining({ name: 'Ana Silva', title: 'CFO' })]);
  });

  it('refuses a tampered contact draft and adds nothing', async () => {
    const tenantId = newTenantId();
    const account = await createAccount(tenantId, { name: 'Contoso' });
    const reply = await click(
      { verb: 'accounts.contact.create', data: { accountId: account.id, contact: { name: '', admin: true } } },
      tenantId,
      'zh',
    );
    expect(reply.json).toContain('此卡片已过期或被修改');
    expect(await contactsOf(tenantId, account.id)).toEqual([]);
  });

  it('says so when the account is unknown', async () => {
    const reply = await say('new contact Ana Silva at Nowhere Inc', newTenantId());
    expect(reply.text).toBe(
      'I found no account named "Nowhere Inc", so I did not add the contact. Create the account first: new account Nowhere Inc',
    );
  });

  it('names the field whose value it cannot read', async () => {
    const tenantId = newTenantId();
    await createAccount(tenantId, { name: 'Contoso' });
    expect((await say('new contact Ana Silva at Contoso; role boss', tenantId)).text).toBe(
      '"boss" is not a valid role (coach, user, technical, economic).',
    );
  });
});
