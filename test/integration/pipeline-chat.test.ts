// The pipeline chat commands over real HTTP, in English and Chinese: new deals with pick-lists and create offers, moves, won/lost, MAN, the summary card.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/server';
import { makeAccount } from '../fixtures/accounts';
import {
  cardOf,
  executeActionsOf,
  invokeCardOf,
  makeCardAction,
  makeMessage,
  postActivity,
  type ExecuteAction,
} from '../fixtures/activities';
import { apiClient } from '../fixtures/api';
import { expectValidCard } from '../fixtures/cards';
import { newTenantId, startTestServer } from '../fixtures/server';

const dayMs = 24 * 60 * 60 * 1000;
/** Days the server's clock runs behind real time: deals made "in the past" have stayed long in their stage. */
let daysAgo = 0;
let server: RunningServer;
beforeAll(async () => {
  server = await startTestServer({}, { clock: { now: () => new Date(Date.now() - daysAgo * dayMs) } });
});
beforeEach(() => {
  daysAgo = 0;
});
afterAll(() => server.stop());

type Reply = { text: string; card?: Record<string, unknown>; json: string; actions: ExecuteAction[] };
type Locale = 'en' | 'zh';

function teams<T extends object>(activity: T, locale: Locale): T {
  const tag = locale === 'zh' ? 'zh-CN' : 'en-US';
  return { ...activity, locale: tag, entities: [{ type: 'clientInfo', locale: tag, timezone: 'Asia/Shanghai' }] };
}

async function say(text: string, tenantId: string, locale: Locale = 'en'): Promise<Reply> {
  const response = await postActivity(server.url, teams(makeMessage(text, { tenantId }), locale));
  expect(response.status).toBe(200);
  expect(response.activities).toHaveLength(1);
  const card = cardOf(response.activities[0]);
  if (card) expectValidCard(card);
  return { text: response.activities[0]!.text ?? '', card, json: JSON.stringify(card ?? {}), actions: executeActionsOf(card) };
}

async function click(action: Pick<ExecuteAction, 'verb' | 'data'>, tenantId: string, locale: Locale = 'en'): Promise<Reply> {
  const response = await postActivity(server.url, teams(makeCardAction(action.verb, action.data, { tenantId }), locale));
  expect(response.status).toBe(200);
  const card = invokeCardOf(response);
  expectValidCard(card);
  return { text: '', card, json: JSON.stringify(card), actions: executeActionsOf(card) };
}

/** The tab API as the person the chat messages come from, so chat and tabs are one person (and the tenant's first, its admin). */
const api = (tenantId: string) => apiClient(server.url, tenantId, 'en', { 'x-dev-user-id': 'user-1' });
const createAccount = async (tenantId: string, name: string) =>
  (await api(tenantId).post<{ id: string }>('/accounts', makeAccount({ name }))).body.id;

interface Deal {
  id: string;
  title: string;
  accountId: string;
  accountName: string;
  amount: number;
  currency: string;
  stageId: string;
  status: string;
  expectedCloseDate: string;
  outcomeReason?: string;
  ownerId: string;
}
async function deal(tenantId: string, id: string): Promise<Deal> {
  const response = await api(tenantId).get<Deal>(`/pipeline/opportunities/${id}`);
  expect(response.status).toBe(200);
  return response.body;
}
/** The deal id a deal card links to. */
function dealIdOf(reply: Reply): string {
  const id = /opportunity(?:=|%3A)([0-9a-f-]{36})/u.exec(reply.json)?.[1];
  expect(id, 'a deal card').toBeDefined();
  return id!;
}
/** Open deals in the tenant, from the funnel rollup. */
async function openDeals(tenantId: string): Promise<number> {
  const response = await api(tenantId).get<{ stages: { count: number }[] }>('/pipeline/funnel');
  expect(response.status).toBe(200);
  return response.body.stages.reduce((sum, stage) => sum + stage.count, 0);
}
async function newDeal(tenantId: string, line: string, locale: Locale = 'en'): Promise<string> {
  const reply = await say(line, tenantId, locale);
  expect(reply.json).toContain(locale === 'zh' ? '已创建销售机会' : 'Opportunity created.');
  return dealIdOf(reply);
}

describe('new opportunity / 新建商机', () => {
  it('creates a deal on the account named exactly, with amount and close date', async () => {
    const tenantId = newTenantId();
    const contoso = await createAccount(tenantId, 'Contoso');
    const id = await newDeal(tenantId, 'new opportunity Contoso ERP 120k close 2030-06-30');
    expect(await deal(tenantId, id)).toMatchObject({
      title: 'ERP',
      accountId: contoso,
      amount: 120_000,
      expectedCloseDate: '2030-06-30',
      stageId: 'initial-contact',
      status: 'open',
      ownerId: 'user-1',
    });
  });

  it('creates a deal from a Chinese line and answers in Chinese', async () => {
    const tenantId = newTenantId();
    const account = await createAccount(tenantId, '华为');
    const reply = await say('新建商机 华为 云平台 12万 预计 2030年6月30日 成交', tenantId, 'zh');
    expect(reply.json).toContain('已创建销售机会');
    expect(reply.json).toContain('初次接触');
    expect(await deal(tenantId, dealIdOf(reply))).toMatchObject({
      title: '云平台',
      accountId: account,
      amount: 120_000,
      currency: 'CNY',
      expectedCloseDate: '2030-06-30',
    });
  });

  it.each([
    ['新建商机 华为 云平台 12万 预计 2030-02 成交', 'zh'],
    ['新建商机 华为 云平台 12万 预计 2030年2月 成交', 'zh'],
    ['new opportunity 华为 云平台 120k close Feb 2030', 'en'],
    ['new opportunity 华为 云平台 120k close February 2030', 'en'],
  ] as const)('reads the close month in %s as its last day', async (line, locale) => {
    const tenantId = newTenantId();
    await createAccount(tenantId, '华为');
    const id = await newDeal(tenantId, line, locale);
    expect(await deal(tenantId, id)).toMatchObject({ title: '云平台', amount: 120_000, expectedCloseDate: '2030-02-28' });
  });

  it('prefers the longest account name typed, and keeps a typed currency', async () => {
    const tenantId = newTenantId();
    await createAccount(tenantId, 'Contoso');
    const pharma = await createAccount(tenantId, 'Contoso Pharma');
    const id = await newDeal(tenantId, 'new opportunity Contoso Pharma ERP upgrade ¥1.2m close 2030-03-31');
    expect(await deal(tenantId, id)).toMatchObject({ title: 'ERP upgrade', accountId: pharma, amount: 1_200_000, currency: 'CNY' });
  });

  it('offers a pick-list when the name only begins accounts, and creates nothing until one is chosen', async () => {
    const tenantId = newTenantId();
    const east = await createAccount(tenantId, 'Fabrikam East');
    await createAccount(tenantId, 'Fabrikam West');
    const reply = await say('new opportunity Fabrikam ERP 50k close 2030-01-31', tenantId);
    expect(reply.json).toContain('Several accounts match');
    expect(reply.actions).toHaveLength(2);
    expect(await openDeals(tenantId)).toBe(0);
    const chosen = reply.actions.find((action) => (action.data as { accountId: string }).accountId === east)!;
    const created = await click(chosen, tenantId);
    expect(created.json).toContain('Opportunity created.');
    expect(await deal(tenantId, dealIdOf(created))).toMatchObject({ title: 'ERP', accountId: east, amount: 50_000 });
  });

  it('asks yes or no, never with a list of one, when the name only begins one account', async () => {
    const tenantId = newTenantId();
    const east = await createAccount(tenantId, 'Fabrikam East');
    const reply = await say('new opportunity Fabrikam ERP 50k close 2030-01-31', tenantId);
    expect(reply.json).toContain('Did you mean Fabrikam East?');
    expect(reply.json).not.toContain('Several accounts');
    expect(reply.actions.map((action) => action.verb)).toEqual([expect.any(String), 'accounts.dismiss']);
    expect(await openDeals(tenantId)).toBe(0);
    const created = await click(reply.actions[0]!, tenantId);
    expect(await deal(tenantId, dealIdOf(created))).toMatchObject({ title: 'ERP', accountId: east, amount: 50_000 });
  });

  it('offers to create an unknown account, and a click creates both', async () => {
    const tenantId = newTenantId();
    const reply = await say('new opportunity Northwind CRM rollout 80k close 2030-09-30', tenantId);
    expect(reply.json).toContain('I found no account named \\"Northwind\\"');
    expect(await openDeals(tenantId)).toBe(0);
    expect((await api(tenantId).get<{ items: unknown[] }>('/accounts')).body.items).toEqual([]);
    const created = await click(reply.actions[0]!, tenantId);
    const stored = await deal(tenantId, dealIdOf(created));
    expect(stored).toMatchObject({ title: 'CRM rollout', accountName: 'Northwind', amount: 80_000 });
    // A second delivery of the click makes neither a second account nor a second deal.
    const again = await click(reply.actions[0]!, tenantId);
    expect(again.json).toContain('already has an open deal with this title');
    expect(await openDeals(tenantId)).toBe(1);
  });

  it('creates a deal in a foreign currency with the default rates, and shows what it counts for in totals', async () => {
    const tenantId = newTenantId();
    await createAccount(tenantId, 'Contoso');
    const reply = await say('new opportunity Contoso ERP USD 5000 close Q3', tenantId);
    expect(reply.json).toContain('Opportunity created.');
    expect(reply.json).toContain('$5,000 (≈ ¥');
    expect(reply.json).toContain('in totals)');
    const stored = await deal(tenantId, dealIdOf(reply));
    expect(stored).toMatchObject({ amount: 5000, currency: 'USD' });
    const model = await api(tenantId).get<{ rates: Record<string, number> }>('/pipeline/stages');
    expect((stored as Deal & { reportingAmount: number }).reportingAmount).toBe(Math.round(5000 * model.body.rates.USD! * 100) / 100);
    const zh = await say('新建商机 Contoso 云平台 5000美元 预计 Q3 成交', tenantId, 'zh');
    expect(zh.json).toContain('已创建销售机会');
    expect(zh.json).toContain('计入合计约');
  });

  it('answers a currency without an exchange rate with a localised error, and saves nothing', async () => {
    const tenantId = newTenantId();
    await createAccount(tenantId, 'Contoso');
    const model = await api(tenantId).get<{ etag: string; stages: { retired?: boolean }[] }>('/pipeline/stages');
    const put = await api(tenantId).call(
      'PUT',
      '/pipeline/stages',
      { stages: model.body.stages, reportingCurrency: 'CNY', rates: {} },
      { 'if-match': model.body.etag, 'x-dev-roles': 'admin' },
    );
    expect(put.status).toBe(200);
    const reply = await say('new opportunity Contoso ERP $5000 close 2030-06-30', tenantId);
    expect(reply.json).toContain('There is no exchange rate from USD to CNY');
    const zh = await say('新建商机 Contoso ERP 5000美元 预计 2030年6月30日 成交', tenantId, 'zh');
    expect(zh.json).toContain('没有从 USD 到 CNY 的汇率');
    expect(await openDeals(tenantId)).toBe(0);
  });

  it('does not create the same deal twice on one account', async () => {
    const tenantId = newTenantId();
    await createAccount(tenantId, 'Contoso');
    await newDeal(tenantId, 'new opportunity Contoso ERP 120k close 2030-06-30');
    const again = await say('new opportunity Contoso ERP 120k close 2030-06-30', tenantId);
    expect(again.json).toContain('already has an open deal with this title');
    expect(await openDeals(tenantId)).toBe(1);
  });

  it.each([
    ['new opportunity Contoso ERP -5k close 2030-06-30', 'en', 'is negative'],
    ['new opportunity Contoso ERP amount lots close 2030-06-30', 'en', 'I could not read "lots" as an amount'],
    ['new opportunity Contoso ERP 120k close 2030-02-30', 'en', 'I could not read "2030-02-30" as a close date'],
    ['new opportunity Contoso ERP 120k close yesterday', 'en', 'is already past'],
    ['new opportunity Contoso ERP 120k', 'en', 'When do you expect to close?'],
    ['新建商机 Contoso ERP 金额 -12万 预计 Q3 成交', 'zh', '是负数'],
    ['新建商机 Contoso ERP 12万 预计 2030-13-45 成交', 'zh', '无法把“2030-13-45”识别为成交日期'],
  ] as const)('refuses %s with a clear answer and saves nothing', async (line, locale, answer) => {
    const tenantId = newTenantId();
    await createAccount(tenantId, 'Contoso');
    const reply = await say(line, tenantId, locale);
    expect(reply.text).toContain(answer);
    expect(await openDeals(tenantId)).toBe(0);
  });
});

describe('move / 推进', () => {
  it('moves a deal to a stage named in English or Chinese, recording the history', async () => {
    const tenantId = newTenantId();
    await createAccount(tenantId, 'Contoso');
    const id = await newDeal(tenantId, 'new opportunity Contoso ERP 120k close 2030-06-30');
    const moved = await say('move Contoso ERP to demo', tenantId);
    expect(moved.json).toContain('Moved from Initial contact to Demo.');
    expect((await deal(tenantId, id)).stageId).toBe('demo');
    const zh = await say('推进 ERP 到 合同谈判', tenantId, 'zh');
    expect(zh.json).toContain('已从 演示 推进到 合同谈判。');
    expect((await deal(tenantId, id)).stageId).toBe('contract-negotiation');
    const history = await api(tenantId).get<{ items: { fromStageId?: string; toStageId: string }[] }>(
      `/pipeline/opportunities/${id}/history`,
    );
    expect(history.body.items.map((change) => change.toStageId)).toEqual(['initial-contact', 'demo', 'contract-negotiation']);
  });

  it('answers an unknown stage with the list of stages, and an unknown deal plainly; nothing moves', async () => {
    const tenantId = newTenantId();
    await createAccount(tenantId, 'Contoso');
    const id = await newDeal(tenantId, 'new opportunity Contoso ERP 120k close 2030-06-30');
    const unknown = await say('move Contoso ERP to banana', tenantId);
    expect(unknown.text).toContain('There is no stage "banana". The stages are: 1 Initial contact · 2 Shows interest');
    const zh = await say('推进 Contoso ERP 到 香蕉', tenantId, 'zh');
    expect(zh.text).toContain('没有名为“香蕉”的阶段。可选阶段：1 初次接触');
    const ambiguous = await say('move Contoso ERP to con', tenantId);
    expect(ambiguous.text).toContain('"con" could be Contract negotiation / Contract signed (won)');
    const noDeal = await say('move Tailspin to demo', tenantId);
    expect(noDeal.text).toContain('I found no open deal named "Tailspin"');
    expect((await deal(tenantId, id)).stageId).toBe('initial-contact');
  });

  it('asks which deal when several match, then moves the one clicked', async () => {
    const tenantId = newTenantId();
    await createAccount(tenantId, 'Contoso');
    const erp = await newDeal(tenantId, 'new opportunity Contoso ERP 120k close 2030-06-30');
    const crm = await newDeal(tenantId, 'new opportunity Contoso ERP add-on 20k close 2030-06-30');
    // "ERP" typed in full names one deal exactly even though another title begins with it.
    expect((await say('move Contoso ERP to demo', tenantId)).json).toContain('Moved from Initial contact to Demo.');
    expect((await deal(tenantId, erp)).stageId).toBe('demo');
    const pick = await say('move Contoso to needs identified', tenantId);
    expect(pick.json).toContain('Several open deals match');
    expect(pick.actions.map((action) => (action.data as { opportunityId: string }).opportunityId).sort()).toEqual([erp, crm].sort());
    const moved = await click(
      pick.actions.find((action) => (action.data as { opportunityId: string }).opportunityId === crm)!,
      tenantId,
    );
    expect(moved.json).toContain('Moved from Initial contact to Needs identified.');
    expect((await deal(tenantId, crm)).stageId).toBe('needs-identified');
    expect((await deal(tenantId, erp)).stageId).toBe('demo');
  });

  it('the deal card moves to the next stage; a repeated or out-of-date click changes nothing', async () => {
    const tenantId = newTenantId();
    await createAccount(tenantId, 'Contoso');
    const created = await say('new opportunity Contoso ERP 120k close 2030-06-30', tenantId);
    const id = dealIdOf(created);
    const next = created.actions.find((action) => action.title === 'Move to Shows interest')!;
    expect(next).toBeDefined();
    const moved = await click(next, tenantId);
    expect(moved.json).toContain('Moved from Initial contact to Shows interest.');
    expect(moved.actions.map((action) => action.title)).toEqual(['Move to Meets decision maker']);
    expect((await click(next, tenantId)).json).toContain('Already in Shows interest: nothing changed.');
    // The first card's button is now stale: someone moved the deal on; a click on the old card must not pull it back.
    await say('move Contoso ERP to demo', tenantId);
    const stale = await click(moved.actions[0]!, tenantId);
    expect(stale.json).toContain('Someone changed this deal in the meantime');
    expect((await deal(tenantId, id)).stageId).toBe('demo');
  });

  it('refuses card data that was tampered with', async () => {
    const tenantId = newTenantId();
    const reply = await click({ verb: 'pipeline.deal.move', data: { opportunityId: 'not-an-id', stageId: 'demo' } }, tenantId);
    expect(reply.json).toContain('This card is out of date or was changed');
  });
});

describe('won / lost · 赢单 / 丢单', () => {
  it('marks a deal lost with the reason typed after its name', async () => {
    const tenantId = newTenantId();
    await createAccount(tenantId, 'Contoso');
    const id = await newDeal(tenantId, 'new opportunity Contoso ERP 120k close 2030-06-30');
    const reply = await say('lost Contoso ERP price', tenantId);
    expect(reply.json).toContain('Marked as lost.');
    expect(await deal(tenantId, id)).toMatchObject({ status: 'lost', stageId: 'lost', outcomeReason: 'price' });
    expect(reply.actions).toEqual([]);
  });

  it('marks deals won and lost in Chinese', async () => {
    const tenantId = newTenantId();
    await createAccount(tenantId, '华为');
    const cloud = await newDeal(tenantId, '新建商机 华为 云平台 12万 预计 2030年6月30日 成交', 'zh');
    const erp = await newDeal(tenantId, '新建商机 华为 ERP 30万 预计 2030年6月30日 成交', 'zh');
    expect((await say('赢单 华为 云平台：集成能力最强', tenantId, 'zh')).json).toContain('已标记为赢单。');
    expect(await deal(tenantId, cloud)).toMatchObject({ status: 'won', outcomeReason: '集成能力最强' });
    expect((await say('丢单 华为 ERP 价格太高', tenantId, 'zh')).json).toContain('已标记为丢单。');
    expect(await deal(tenantId, erp)).toMatchObject({ status: 'lost', outcomeReason: '价格太高' });
  });

  it('asks for the reason of a loss and for an unknown deal; nothing changes', async () => {
    const tenantId = newTenantId();
    await createAccount(tenantId, 'Contoso');
    const id = await newDeal(tenantId, 'new opportunity Contoso ERP 120k close 2030-06-30');
    expect((await say('lost Contoso ERP', tenantId)).text).toContain('Why was "Contoso ERP" lost?');
    expect((await say('丢单 Tailspin 价格', tenantId, 'zh')).text).toContain('没有找到名为“Tailspin 价格”的在途商机');
    expect((await deal(tenantId, id)).status).toBe('open');
  });

  it('won <deal> needs no reason, and a closed deal no longer moves', async () => {
    const tenantId = newTenantId();
    await createAccount(tenantId, 'Contoso');
    const created = await say('new opportunity Contoso ERP 120k close 2030-06-30', tenantId);
    const id = dealIdOf(created);
    expect((await say('won Contoso ERP', tenantId)).json).toContain('Marked as won.');
    expect((await deal(tenantId, id)).status).toBe('won');
    expect((await click(created.actions[0]!, tenantId)).json).toContain('This deal is already closed (Won)');
    expect((await say('move Contoso ERP to demo', tenantId)).text).toContain('I found no open deal named "Contoso ERP"');
  });
});

describe('deals named by their account · 按客户称呼商机', () => {
  /** Woodgrove Bank with the deals "Core banking" and "Payments". */
  async function woodgrove(tenantId: string): Promise<{ core: string; payments: string }> {
    await createAccount(tenantId, 'Woodgrove Bank');
    const core = await newDeal(tenantId, 'new opportunity Woodgrove Bank: Core banking 300k close 2030-06-30');
    const payments = await newDeal(tenantId, 'new opportunity Woodgrove Bank: Payments 80k close 2030-06-30');
    return { core, payments };
  }

  it('lost: the title after the start of the account name is the deal, the rest is the reason', async () => {
    const tenantId = newTenantId();
    const { core, payments } = await woodgrove(tenantId);
    const reply = await say('lost Woodgrove Core banking price too high', tenantId);
    expect(reply.json).toContain('Marked as lost.');
    expect(await deal(tenantId, core)).toMatchObject({ status: 'lost', outcomeReason: 'price too high' });
    expect((await deal(tenantId, payments)).status).toBe('open');
  });

  it('won, move, 赢单 and 丢单 … 原因 … read the deal the same way', async () => {
    const tenantId = newTenantId();
    const { core, payments } = await woodgrove(tenantId);
    expect((await say('move Woodgrove Core banking to demo', tenantId)).json).toContain('Moved from Initial contact to Demo.');
    expect((await deal(tenantId, core)).stageId).toBe('demo');
    expect((await say('won Woodgrove Core banking best integration', tenantId)).json).toContain('Marked as won.');
    expect(await deal(tenantId, core)).toMatchObject({ status: 'won', outcomeReason: 'best integration' });
    expect((await say('丢单 Woodgrove Payments 原因 价格太高', tenantId, 'zh')).json).toContain('已标记为丢单。');
    expect(await deal(tenantId, payments)).toMatchObject({ status: 'lost', outcomeReason: '价格太高' });
  });

  it('赢单 with the reason straight after the title', async () => {
    const tenantId = newTenantId();
    const { core } = await woodgrove(tenantId);
    expect((await say('赢单 Woodgrove Core banking 集成能力最强', tenantId, 'zh')).json).toContain('已标记为赢单。');
    expect(await deal(tenantId, core)).toMatchObject({ status: 'won', outcomeReason: '集成能力最强' });
  });

  it('finds the deal among many of the account', async () => {
    const tenantId = newTenantId();
    const { core } = await woodgrove(tenantId);
    const accountId = (await deal(tenantId, core)).accountId;
    for (let n = 1; n <= 10; n += 1) {
      const created = await api(tenantId).post('/pipeline/opportunities', {
        title: `Branch ${n}`,
        accountId,
        amount: 1000,
        expectedCloseDate: '2030-06-30',
      });
      expect(created.status).toBe(201);
    }
    // The account alone names all twelve: the card offers a readable few.
    const pick = await say('lost Woodgrove price too high', tenantId);
    expect(pick.actions).toHaveLength(8);
    expect((await say('lost Woodgrove Core banking price too high', tenantId)).json).toContain('Marked as lost.');
    expect(await deal(tenantId, core)).toMatchObject({ status: 'lost', outcomeReason: 'price too high' });
  });

  it('asks which deal when two accounts fit, and the one chosen closes with the reason', async () => {
    const tenantId = newTenantId();
    const { core } = await woodgrove(tenantId);
    await createAccount(tenantId, 'Woodgrove Insurance');
    const other = await newDeal(tenantId, 'new opportunity Woodgrove Insurance: Core banking 50k close 2030-06-30');
    const pick = await say('lost Woodgrove Core banking price too high', tenantId);
    expect(pick.json).toContain('Several open deals match \\"Woodgrove Core banking\\"');
    expect(pick.actions.map((action) => (action.data as { opportunityId: string }).opportunityId).sort()).toEqual([core, other].sort());
    expect(pick.actions.every((action) => (action.data as { reason?: string }).reason === 'price too high')).toBe(true);
    expect((await deal(tenantId, core)).status).toBe('open');
    const chosen = await click(
      pick.actions.find((action) => (action.data as { opportunityId: string }).opportunityId === other)!,
      tenantId,
    );
    expect(chosen.json).toContain('Marked as lost.');
    expect(await deal(tenantId, other)).toMatchObject({ status: 'lost', outcomeReason: 'price too high' });
    expect((await deal(tenantId, core)).status).toBe('open');
  });
});

describe('qualify lead / 评估线索', () => {
  const createLead = async (tenantId: string, name: string) =>
    (await api(tenantId).post<{ id: string }>('/pipeline/leads', { name, source: 'referral' })).body.id;

  it('records MAN and says what is missing', async () => {
    const tenantId = newTenantId();
    const id = await createLead(tenantId, 'Fabrikam');
    const reply = await say('qualify lead Fabrikam M yes A no N yes', tenantId);
    expect(reply.json).toContain('Not qualified. Missing: Authority.');
    const lead = await api(tenantId).get<{ status: string; man: unknown }>(`/pipeline/leads/${id}`);
    expect(lead.body).toMatchObject({
      status: 'disqualified',
      man: { money: { met: true }, authority: { met: false }, need: { met: true } },
    });
  });

  it('qualifies a lead in Chinese', async () => {
    const tenantId = newTenantId();
    const id = await createLead(tenantId, '某某科技');
    const reply = await say('评估线索 某某科技 购买力 有 决策权 有 需求 有', tenantId, 'zh');
    expect(reply.json).toContain('合格：购买力、决策权和需求均已具备');
    expect((await api(tenantId).get<{ status: string }>(`/pipeline/leads/${id}`)).body.status).toBe('qualified');
  });

  it('asks which lead when several match, and answers incomplete lines and unknown leads plainly', async () => {
    const tenantId = newTenantId();
    const east = await createLead(tenantId, 'Tailspin East');
    await createLead(tenantId, 'Tailspin West');
    const pick = await say('qualify lead Tailspin M yes A yes N no', tenantId);
    expect(pick.actions).toHaveLength(2);
    const chosen = await click(
      pick.actions.find((action) => (action.data as { leadId: string }).leadId === east)!,
      tenantId,
    );
    expect(chosen.json).toContain('Not qualified. Missing: Need.');
    expect((await say('qualify lead Tailspin East M yes', tenantId)).text).toContain('Missing: Authority, Need');
    expect((await say('qualify lead Nobody M yes A yes N yes', tenantId)).text).toContain('I found no open lead named "Nobody"');
  });
});

describe('new lead / 新建线索 · convert lead / 转化线索', () => {
  interface LeadRow {
    id: string;
    name: string;
    source: string;
    status: string;
    contactName?: string;
    company?: string;
    convertedOpportunityId?: string;
  }
  const leads = async (tenantId: string) => (await api(tenantId).get<{ items: LeadRow[] }>('/pipeline/leads')).body.items;

  it('creates a lead with its source, once however often the line arrives, and the help example qualifies it', async () => {
    const tenantId = newTenantId();
    const reply = await say('new lead Acme Corp; source referral', tenantId);
    expect(reply.json).toContain('Lead created.');
    expect(reply.json).toContain('Referral');
    expect(reply.json).toContain('qualify lead Acme Corp M yes A yes N yes');
    expect(await leads(tenantId)).toEqual([expect.objectContaining({ name: 'Acme Corp', source: 'referral', status: 'new' })]);
    expect((await say('new lead Acme Corp; source referral', tenantId)).json).toContain('There is already an open lead named');
    expect(await leads(tenantId)).toHaveLength(1);
    expect((await say('qualify lead Acme M yes A no N yes', tenantId)).json).toContain('Not qualified. Missing: Authority.');
  });

  it('does not make a second open lead with a name another rep already has', async () => {
    const tenantId = newTenantId();
    await say('new lead Acme Corp Asia; source web', tenantId);
    expect(
      (await api(tenantId).post('/pipeline/leads', { name: 'Acme Corp', source: 'referral' }, { 'x-dev-user-id': 'user-2' })).status,
    ).toBe(201);
    expect((await say('new lead Acme Corp; source referral', tenantId)).json).toContain(
      'There is already an open lead named \\"Acme Corp\\"',
    );
    expect((await leads(tenantId)).map((lead) => lead.name).sort()).toEqual(['Acme Corp', 'Acme Corp Asia']);
  });

  it('creates a lead from a Chinese line, with its fields', async () => {
    const tenantId = newTenantId();
    const reply = await say('新建线索 某某科技；来源 推荐；联系人 王芳；电话 138 0013 8000；推荐人 李雷', tenantId, 'zh');
    expect(reply.json).toContain('已创建销售线索。');
    expect(reply.json).toContain('推荐');
    expect(await leads(tenantId)).toEqual([
      expect.objectContaining({ name: '某某科技', source: 'referral', contactName: '王芳', referredBy: '李雷', phone: '138 0013 8000' }),
    ]);
  });

  it.each([
    ['new lead Acme Corp', 'en', 'Where did the lead come from?'],
    ['new lead Acme Corp; source billboard', 'en', '"billboard" is not a lead source'],
    ['new lead Acme Corp; source web; email not-an-email', 'en', 'The email "not-an-email" is not valid.'],
    ['新建线索 Acme Corp；颜色 红', 'zh', '无法识别“颜色 红”'],
    ['新建线索', 'zh', '线索是谁，来源是什么？'],
  ] as const)('answers %s plainly and saves nothing', async (line, locale, answer) => {
    const tenantId = newTenantId();
    expect((await say(line, tenantId, locale)).text).toContain(answer);
    expect(await leads(tenantId)).toEqual([]);
  });

  it('converts a qualified lead into a deal on a new account, once', async () => {
    const tenantId = newTenantId();
    await say('new lead Acme Corp; source referral; contact Ana Silva', tenantId);
    expect((await say('convert lead Acme Corp', tenantId)).text).toContain('"Acme Corp" has not been qualified yet');
    await say('qualify lead Acme Corp M yes A yes N yes', tenantId);
    const converted = await say('convert lead Acme Corp; amount 120k; close 2030-06-30', tenantId);
    expect(converted.json).toContain('Lead \\"Acme Corp\\" converted');
    const id = dealIdOf(converted);
    expect(await deal(tenantId, id)).toMatchObject({
      title: 'Acme Corp',
      accountName: 'Acme Corp',
      amount: 120_000,
      expectedCloseDate: '2030-06-30',
      status: 'open',
    });
    expect((await api(tenantId).get<{ source?: string }>(`/pipeline/opportunities/${id}`)).body.source).toBe('referral');
    expect(await leads(tenantId)).toEqual([expect.objectContaining({ status: 'converted', convertedOpportunityId: id })]);
    const again = await say('convert lead Acme Corp', tenantId);
    expect(again.json).toContain('was converted before');
    expect(dealIdOf(again)).toBe(id);
    expect(await openDeals(tenantId)).toBe(1);
  });

  it('转化线索 in Chinese, with the deal’s title and a close month', async () => {
    const tenantId = newTenantId();
    await say('新建线索 某某科技；来源 网站', tenantId, 'zh');
    await say('评估线索 某某科技 购买力 有 决策权 有 需求 有', tenantId, 'zh');
    const converted = await say('转化线索 某某科技；标题 云平台；金额 12万；预计成交 2030年2月', tenantId, 'zh');
    expect(converted.json).toContain('线索“某某科技”已转化');
    expect(await deal(tenantId, dealIdOf(converted))).toMatchObject({
      title: '云平台',
      accountName: '某某科技',
      amount: 120_000,
      expectedCloseDate: '2030-02-28',
    });
  });

  it('asks which lead to convert when several match, and converts the one chosen', async () => {
    const tenantId = newTenantId();
    for (const name of ['Tailspin East', 'Tailspin West']) {
      await say(`new lead ${name}; source web`, tenantId);
      await say(`qualify lead ${name} M yes A yes N yes`, tenantId);
    }
    const east = (await leads(tenantId)).find((lead) => lead.name === 'Tailspin East')!;
    const pick = await say('convert lead Tailspin; close 2030-06-30', tenantId);
    expect(pick.json).toContain('Several leads match');
    expect(pick.actions).toHaveLength(2);
    expect(await openDeals(tenantId)).toBe(0);
    const chosen = await click(
      pick.actions.find((action) => (action.data as { leadId: string }).leadId === east.id)!,
      tenantId,
    );
    expect(chosen.json).toContain('Lead \\"Tailspin East\\" converted');
    expect(await deal(tenantId, dealIdOf(chosen))).toMatchObject({ title: 'Tailspin East', expectedCloseDate: '2030-06-30' });
  });
});

describe('pipeline / 管线', () => {
  it('summarises the funnel, the quarter and the stuck deals, with deep links into the tab', async () => {
    const tenantId = newTenantId();
    await createAccount(tenantId, 'Contoso');
    daysAgo = 40;
    const stuck = await newDeal(tenantId, 'new opportunity Contoso Legacy ERP 300k close 2030-06-30');
    daysAgo = 0;
    await newDeal(tenantId, 'new opportunity Contoso CRM 100k close 2030-06-30');
    await say('move Contoso CRM to demo', tenantId);
    const reply = await say('pipeline', tenantId);
    expect(reply.json).toContain('Pipeline · my deals');
    expect(reply.json).toContain('Initial contact');
    expect(reply.json).toContain('Stuck deals (1)');
    expect(reply.json).toContain(`/tabs/pipeline/?opportunity=${stuck}`);
    expect(reply.json).toContain('Open the board');
    expect(reply.json).toContain('Amounts in CNY, the reporting currency.');
    expect(reply.json).not.toContain('No open deals yet');
    const zh = await say('管线 全部', tenantId, 'zh');
    expect(zh.json).toContain('销售管线 · 全部商机');
    expect(zh.json).toContain('滞留过久的商机（1）');
    expect(zh.json).toContain('演示');
  });

  it('an empty pipeline says how to start; an unreadable scope is answered', async () => {
    const tenantId = newTenantId();
    expect((await say('pipeline', tenantId)).json).toContain('No open deals yet');
    expect((await say('pipeline for real', tenantId)).text).toContain('I could not read "for real"');
  });

  it('says a team with nothing open has no open deals, rather than how to start a pipeline', async () => {
    const tenantId = newTenantId();
    const reply = await say('pipeline team Nope', tenantId);
    expect(reply.json).toContain('No open deals in team Nope');
    expect(reply.json).not.toContain('No open deals yet');
    expect((await say('管线 团队 Nope', tenantId, 'zh')).json).toContain('团队 Nope没有在途商机');
  });

  it('help lists every pipeline command with an example, in both languages', async () => {
    const tenantId = newTenantId();
    const en = await say('help', tenantId);
    for (const text of [
      'new opportunity Contoso ERP 120k close Q3',
      'move Contoso ERP to demo',
      'lost Contoso ERP price',
      'qualify lead Fabrikam M yes A no N yes',
      'new lead Acme Corp; source referral',
      'convert lead Acme Corp; amount 120k; close Q3',
    ])
      expect(en.json).toContain(text);
    const zh = await say('帮助', tenantId, 'zh');
    for (const text of [
      '新建商机 Contoso ERP 12万 预计 Q3 成交',
      '推进 Contoso ERP 到 演示',
      '丢单 Contoso ERP 价格',
      '评估线索 Fabrikam 购买力 有 决策权 无 需求 有',
      '新建线索 Acme Corp；来源 推荐',
      '转化线索 Acme Corp；金额 12万；预计成交 Q3',
    ])
      expect(zh.json).toContain(text);
  });
});
