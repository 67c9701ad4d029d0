// The message extension over real HTTP: "Search CRM", link unfurling and "Save to CRM", as Teams invokes them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/server';
import { makeAccount } from '../fixtures/accounts';
import {
  invokeResponseOf,
  makeLinkQuery,
  makeSearchQuery,
  makeSubmitAction,
  postActivity,
  type SelectedMessage,
} from '../fixtures/activities';
import { apiClient } from '../fixtures/api';
import { expectValidCard } from '../fixtures/cards';
import { newTenantId, startTestServer } from '../fixtures/server';

const publicUrl = 'https://crm.example.com';
const linkTo = (accountId: string) => `${publicUrl}/tabs/home/index.html?account=${accountId}`;

type Attachment = {
  contentType: string;
  content: Record<string, unknown> & { actions?: { type: string; url: string }[] };
  preview: { content: { title: string; subtitle?: string; text?: string } };
};
type ExtensionBody = { composeExtension: { type: string; attachments: Attachment[] } };
type ActionBody = {
  task: { type: 'message'; value: string } | { type: 'continue'; value: { card: { content: Record<string, unknown> } } };
};
type Note = { type: string; subject: string; notes?: string; occurredAt: string; source: string; accountId: string };

let server: RunningServer;
beforeAll(async () => {
  server = await startTestServer({ PUBLIC_URL: publicUrl });
});
afterAll(() => server.stop());

function tenant() {
  const tenantId = newTenantId();
  const api = apiClient(server.url, tenantId);
  return {
    tenantId,
    api,
    account: async (name: string, extra: Parameters<typeof makeAccount>[0] = {}) =>
      (await api.post<{ id: string }>('/accounts', makeAccount({ name, ...extra }))).body.id,
    timeline: async (accountId: string) => (await api.get<{ items: Note[] }>(`/activities/accounts/${accountId}/timeline`)).body.items,
  };
}

/** Runs a search and returns its results, after checking every card. */
async function search(tenantId: string, query: string, paging: { skip?: number; count?: number; locale?: string } = {}) {
  const response = await postActivity(server.url, makeSearchQuery(query, { tenantId, ...paging }));
  expect(response.status).toBe(200);
  const { composeExtension } = invokeResponseOf<ExtensionBody>(response).body;
  expect(composeExtension.type).toBe('result');
  for (const attachment of composeExtension.attachments) expectValidCard(attachment.content);
  return composeExtension.attachments;
}

const titles = (attachments: Attachment[]) => attachments.map((attachment) => attachment.preview.content.title);

async function unfurl(tenantId: string, url: string) {
  const response = await postActivity(server.url, makeLinkQuery(url, { tenantId }));
  expect(response.status).toBe(200);
  return invokeResponseOf<ExtensionBody>(response).body.composeExtension.attachments;
}

async function saveToCrm(tenantId: string, data: Record<string, unknown>, message: SelectedMessage, locale?: string) {
  const response = await postActivity(server.url, makeSubmitAction('saveToCrm', data, message, { tenantId, locale }));
  expect(response.status).toBe(200);
  return invokeResponseOf<ActionBody>(response).body.task;
}

describe('Search CRM', () => {
  it('finds accounts by the start of their name, in name order', async () => {
    const { tenantId, account } = tenant();
    await account('Contoso Ltd');
    await account('Contoso Health');
    await account('Fabrikam');

    const results = await search(tenantId, 'conto');

    expect(titles(results)).toEqual(['Contoso Health', 'Contoso Ltd']);
  });

  it('finds a Chinese account by its pinyin', async () => {
    const { tenantId, account } = tenant();
    await account('中国移动');

    expect(titles(await search(tenantId, 'zhong'))).toEqual(['中国移动']);
  });

  it('finds contacts, after the accounts, with their title, CUTE role and account', async () => {
    const { tenantId, api, account } = tenant();
    const accountId = await account('Lin Holdings');
    await api.post(`/accounts/${accountId}/contacts`, { name: 'Li Wei', title: 'CFO', cuteRole: 'economic' });

    const results = await search(tenantId, 'li');

    expect(titles(results)).toEqual(['Lin Holdings', 'Li Wei']);
    const contactCard = JSON.stringify(results[1]!.content);
    expect(contactCard).toContain('CFO');
    expect(contactCard).toContain('Economic buyer');
    expect(contactCard).toContain('Lin Holdings');
    expect(results[1]!.content.actions).toEqual([expect.objectContaining({ type: 'Action.OpenUrl', url: linkTo(accountId) })]);
  });

  it('pages through accounts and then contacts by skip and count', async () => {
    const { tenantId, api, account } = tenant();
    for (const name of ['Page A', 'Page B', 'Page C']) await account(name);
    await api.post(`/accounts/${await account('Other')}/contacts`, { name: 'Page Reader' });

    const pages = [
      await search(tenantId, 'page', { skip: 0, count: 2 }),
      await search(tenantId, 'page', { skip: 2, count: 2 }),
      await search(tenantId, 'page', { skip: 4, count: 2 }),
    ];

    expect(pages.map(titles)).toEqual([['Page A', 'Page B'], ['Page C', 'Page Reader'], []]);
  });

  it("answers each account with a compact card linking to the account, in the user's language", async () => {
    const { tenantId, account } = tenant();
    const accountId = await account('Tailspin Toys', { industry: 'Retail', region: 'Shanghai' });

    const [result] = await search(tenantId, 'tailspin', { locale: 'zh-CN' });

    expect(result!.preview.content).toMatchObject({ title: 'Tailspin Toys', subtitle: 'Retail · Shanghai' });
    expect(JSON.stringify(result!.content)).toContain('行业');
    expect(result!.content.actions).toEqual([expect.objectContaining({ type: 'Action.OpenUrl', url: linkTo(accountId) })]);
  });

  it('keeps the cards of the longest names and fields under 28 KB', async () => {
    const { tenantId, api, account } = tenant();
    const long = (start: string) => `${start} ${'長'.repeat(200 - start.length - 1)}`;
    const accountId = await account(long('Huge'), { industry: '行'.repeat(100), region: '区'.repeat(100) });
    const contact = await api.post(`/accounts/${accountId}/contacts`, {
      name: long('Huge *Contact*'),
      title: '职'.repeat(100),
      cuteRole: 'technical',
    });
    expect(contact.status).toBe(201);

    const results = await search(tenantId, 'huge');

    expect(results).toHaveLength(2);
  });

  it('answers an empty query with no results', async () => {
    const { tenantId, account } = tenant();
    await account('Contoso Ltd');

    expect(await search(tenantId, '   ')).toEqual([]);
  });
  it('tells the user, in their language, that a search command the app no longer has is unknown', async () => {
    const response = await postActivity(
      server.url,
      makeSearchQuery('Contoso', { tenantId: newTenantId(), commandId: 'searchOldCrm', locale: 'zh-CN' }),
    );
    expect(response.status).toBe(200);
    const { composeExtension } = invokeResponseOf<{ composeExtension: { type: string; text: string } }>(response).body;
    expect(composeExtension.type).toBe('message');
    expect(composeExtension.text).toMatch(/[\u4e00-\u9fff]/);
  });
});

describe('link unfurling', () => {
  it("unfurls the app's own account link to the compact account card", async () => {
    const { tenantId, account } = tenant();
    const accountId = await account('Northwind Traders', { industry: 'Logistics' });

    const [card, ...rest] = await unfurl(tenantId, linkTo(accountId));

    expect(rest).toEqual([]);
    expectValidCard(card!.content);
    expect(card!.preview.content.title).toBe('Northwind Traders');
    expect(JSON.stringify(card!.content)).toContain('Logistics');
  });

  it('gives no card for the same link on another host', async () => {
    const { tenantId, account } = tenant();
    const accountId = await account('Northwind Traders');

    expect(await unfurl(tenantId, `https://evil.example.com/tabs/home/index.html?account=${accountId}`)).toEqual([]);
  });

  it('gives no card for a link with another scheme, port or page, or with credentials', async () => {
    const { tenantId, account } = tenant();
    const accountId = await account('Northwind Traders');
    const foreign = [
      `http://crm.example.com/tabs/home/index.html?account=${accountId}`,
      `https://crm.example.com:8443/tabs/home/index.html?account=${accountId}`,
      `https://crm.example.com/tabs/other/index.html?account=${accountId}`,
      `https://someone@crm.example.com/tabs/home/index.html?account=${accountId}`,
      `https://crm.example.com.evil.example/tabs/home/index.html?account=${accountId}`,
    ];

    const answers = await Promise.all(foreign.map((url) => unfurl(tenantId, url)));

    expect(answers).toEqual(foreign.map(() => []));
  });

  it('gives no card for a malformed account id', async () => {
    expect(await unfurl(newTenantId(), `${publicUrl}/tabs/home/index.html?account=..%2F..%2Fsecrets`)).toEqual([]);
  });

  it('gives no card for an account the tenant does not have', async () => {
    const other = tenant();
    const accountId = await other.account('Someone Else Ltd');

    expect(await unfurl(newTenantId(), linkTo(accountId))).toEqual([]);
  });
});

describe('Save to CRM', () => {
  it('saves the message as a note on the account named exactly, from its HTML as text', async () => {
    const { tenantId, account, timeline } = tenant();
    const accountId = await account('Contoso Ltd');
    const message = {
      content: '<p>Call with <b>Ana</b> went well &amp; fast</p><p>Next: send the quote</p>',
      createdDateTime: '2026-11-20T02:00:00.000Z',
    };

    const task = await saveToCrm(tenantId, { account: 'contoso  LTD' }, message);

    expect(task).toEqual({ type: 'message', value: 'Saved the message to Contoso Ltd as a note.' });
    const [note, ...rest] = await timeline(accountId);
    expect(rest).toEqual([]);
    expect(note).toMatchObject({
      type: 'note',
      source: 'message',
      subject: 'Call with Ana went well & fast',
      occurredAt: '2026-11-20T02:00:00.000Z',
    });
    expect(note!.notes).toContain('Next: send the quote');
    expect(note!.notes).not.toContain('<');
  });

  it('saves to the account named exactly, and confirms in Chinese', async () => {
    const { tenantId, account, timeline } = tenant();
    const accountId = await account('中国移动');

    const task = await saveToCrm(tenantId, { account: '中国移动' }, { content: '客户要求下周报价' }, 'zh-CN');

    expect(task).toEqual({ type: 'message', value: '已将消息作为备注保存到 中国移动。' });
    expect(await timeline(accountId)).toHaveLength(1);
  });

  it('asks yes or no for the single account a partial name matches, storing nothing until yes', async () => {
    const { tenantId, account, timeline } = tenant();
    const accountId = await account('中国移动');

    const question = await saveToCrm(tenantId, { account: 'zhongguo' }, { content: '客户要求下周报价' }, 'zh-CN');

    expect(question.type).toBe('continue');
    const card = (question as { value: { card: { content: Record<string, unknown> } } }).value.card.content;
    expectValidCard(card);
    expect(JSON.stringify(card)).toContain('您是指中国移动吗');
    expect(JSON.stringify(card)).not.toContain('Input.ChoiceSet');
    expect(card.actions).toEqual([expect.objectContaining({ type: 'Action.Submit', data: { accountId } })]);
    expect(await timeline(accountId)).toHaveLength(0);
  });

  it('asks which account when the name is ambiguous, storing nothing, then saves to the one chosen', async () => {
    const { tenantId, account, timeline } = tenant();
    const traders = await account('Northwind Traders');
    const health = await account('Northwind Health');
    const message = { id: '1700000000001', content: 'Renewal is on track' };

    const question = await saveToCrm(tenantId, { account: 'northwind' }, message);

    expect(question.type).toBe('continue');
    const card = (question as { value: { card: { content: Record<string, unknown> } } }).value.card.content;
    expectValidCard(card);
    expect(JSON.stringify(card)).toContain('Northwind Health');
    expect(JSON.stringify(card)).toContain('Northwind Traders');
    expect([...(await timeline(traders)), ...(await timeline(health))]).toEqual([]);

    const saved = await saveToCrm(tenantId, { accountId: health }, message);

    expect(saved).toEqual({ type: 'message', value: 'Saved the message to Northwind Health as a note.' });
    expect(await timeline(health)).toHaveLength(1);
  });

  it('says so when no account has the name', async () => {
    const task = await saveToCrm(newTenantId(), { account: 'Fabrikam' }, { content: 'Hello' });

    expect(task).toEqual({ type: 'message', value: expect.stringContaining('I found no account named "Fabrikam"') });
  });

  it('refuses a message longer than a note holds, storing nothing', async () => {
    const { tenantId, account, timeline } = tenant();
    const accountId = await account('Contoso Ltd');

    const task = await saveToCrm(tenantId, { account: 'Contoso Ltd' }, { content: 'x'.repeat(32_769), contentType: 'text' });

    expect(task).toEqual({
      type: 'message',
      value: 'This message is too long to save: 32769 characters, at most 32768. Nothing was saved.',
    });
    expect(await timeline(accountId)).toEqual([]);
  });

  it('stores one note when the same message is saved twice', async () => {
    const { tenantId, account, timeline } = tenant();
    const accountId = await account('Contoso Ltd');
    const message = { id: '1700000000042', content: 'Budget approved' };

    await saveToCrm(tenantId, { account: 'Contoso Ltd' }, message);
    const second = await saveToCrm(tenantId, { account: 'Contoso Ltd' }, message);

    expect(second).toEqual({ type: 'message', value: 'This message is already saved to Contoso Ltd.' });
    expect(await timeline(accountId)).toHaveLength(1);
  });
});
