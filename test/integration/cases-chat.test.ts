// Service cases in chat over real HTTP and Azurite: new case and complaint in English and Chinese, the case card and its actions in place, my cases, the queue, Create case from message and the account card.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Activity } from 'botbuilder';
import type { RunningServer } from '../../src/server';
import type { CaseDetailBody, CaseListBody } from '../../src/plugins/cases';
import { makeAccount } from '../fixtures/accounts';
import {
  cardOf,
  executeActionsOf,
  invokeResponseOf,
  makeCardAction,
  makeMessage,
  makeSubmitAction,
  postActivity,
  withClientInfo,
  type ExecuteAction,
  type SelectedMessage,
} from '../fixtures/activities';
import { expectValidCard } from '../fixtures/cards';
import { apiAs, personHeaders, personIn, type TestPerson } from '../fixtures/people';
import { newTenantId, startTestServer } from '../fixtures/server';

let server: RunningServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.stop());

type Locale = 'en' | 'zh';
interface Reply {
  text: string;
  card?: Record<string, unknown>;
  json: string;
  actions: ExecuteAction[];
}

const asTeams = (activity: Partial<Activity>, locale: Locale) =>
  withClientInfo({ ...activity, locale: locale === 'zh' ? 'zh-CN' : 'en-US' }, { timeZone: 'Asia/Shanghai' });

const replyOf = (text: string, card: Record<string, unknown> | undefined): Reply => {
  if (card) expectValidCard(card);
  return { text, card, json: JSON.stringify(card ?? {}), actions: executeActionsOf(card) };
};

/** A chat message from `person`, in Teams as Teams sends it (their time zone in clientInfo); the one reply. */
async function say(person: TestPerson, text: string, locale: Locale = 'en', id?: string): Promise<Reply> {
  const message = makeMessage(text, { tenantId: person.tenantId, userId: person.userId });
  const response = await postActivity(server.url, asTeams({ ...message, ...(id ? { id } : {}) }, locale), personHeaders(person));
  expect(response.status).toBe(200);
  expect(response.activities).toHaveLength(1);
  return replyOf(response.activities[0]!.text ?? '', cardOf(response.activities[0]));
}

/** Clicks an Action.Execute with a form's inputs; a card answer replaces the clicked card, a text one leaves it. */
async function click(
  person: TestPerson,
  action: Pick<ExecuteAction, 'verb' | 'data'>,
  inputs: Record<string, string> = {},
  locale: Locale = 'en',
) {
  const activity = makeCardAction(action.verb, { ...action.data, ...inputs }, { tenantId: person.tenantId, userId: person.userId });
  const response = await postActivity(server.url, asTeams(activity, locale), personHeaders(person));
  expect(response.status).toBe(200);
  const { body } = invokeResponseOf<{ type: string; value: unknown }>(response);
  return body.type === 'application/vnd.microsoft.card.adaptive'
    ? replyOf('', body.value as Record<string, unknown>)
    : replyOf(String(body.value), undefined);
}

/** The Execute in a card (inside show-cards too) whose data names `action` (and `step`). */
function button(reply: Reply, action: string, step?: number): ExecuteAction {
  const found = reply.actions.find((one) => one.data.action === action && (step === undefined || one.data.step === step));
  expect(found, `a ${action} button`).toBeDefined();
  return found!;
}

interface Desk {
  rep: TestPerson;
  manager: TestPerson;
  admin: TestPerson;
  teamId: string;
  accountId: string;
  api: ReturnType<typeof apiAs>;
}

/** A tenant with a service team (a rep in it, a manager over it) and the account Contoso. */
async function serviceDesk(): Promise<Desk> {
  const tenantId = newTenantId();
  const admin = personIn(tenantId, 'admin-1', 'Ada Admin');
  const rep = personIn(tenantId, 'rep-1', 'Li Lei');
  const manager = personIn(tenantId, 'mgr-1', 'Wang Fang');
  const adminApi = apiAs(server.url, admin);
  expect((await adminApi.get('/people/me')).status).toBe(200);
  for (const person of [rep, manager]) expect((await apiAs(server.url, person).get('/people/me')).status).toBe(200);
  const team = await adminApi.post<{ id: string }>('/people/teams', { name: 'Service East', kind: 'service' });
  expect((await adminApi.call('PUT', `/people/teams/${team.body.id}/members/rep-1`)).status).toBe(200);
  expect((await adminApi.call('PUT', `/people/teams/${team.body.id}/manager`, { userId: 'mgr-1' })).status).toBe(200);
  const api = apiAs(server.url, rep);
  const account = await api.post<{ id: string }>('/accounts', makeAccount({ name: 'Contoso' }));
  expect(account.status).toBe(201);
  return { rep, manager, admin, teamId: team.body.id, accountId: account.body.id, api };
}

const getCase = async (desk: Desk, number: number) => (await desk.api.get<CaseDetailBody>(`/cases/${number}`)).body;
const casesOf = async (desk: Desk) => (await desk.api.get<CaseListBody>('/cases?view=opened')).body.items;

describe('new case / 新建工单', () => {
  it.each([
    ['new case Contoso: printer jams on every job, priority high', 'en', 'printer jams on every job', 'high'],
    ['new case contoso printer jams on every job urgent', 'en', 'printer jams on every job', 'urgent'],
    ['new case Contoso - printer jams. Customer waiting since Monday, prio hgih', 'en', 'printer jams', 'high'],
    ['new case Contoso:printer jams,high', 'en', 'printer jams', 'high'],
    ['新建工单 Contoso：打印机卡纸，优先级 高', 'zh', '打印机卡纸', 'high'],
    ['新建工单 Contoso：打印机卡纸 加急', 'zh', '打印机卡纸', 'urgent'],
    ['新建工单 Contoso 打印机卡纸，低优先级', 'zh', '打印机卡纸', 'low'],
  ] as const)(
    'opens %s on the account with its title and priority, answering with the case card',
    async (line, locale, title, priority) => {
      const desk = await serviceDesk();
      const reply = await say(desk.rep, line, locale);
      expect(reply.json).toContain(locale === 'zh' ? '已创建工单 C-1001' : 'Case C-1001 opened.');
      expect(await getCase(desk, 1001)).toMatchObject({
        case: { title, priority, accountId: desk.accountId, type: 'after-sales', channel: 'chat', teamName: 'Service East', status: 'new' },
      });
      expect(reply.json).toContain(locale === 'zh' ? '首次响应' : 'First response');
      expect(reply.json).toContain('/tabs/cases/index.html?case=1001');
    },
  );

  it('opens a complaint, and reads the type words', async () => {
    const desk = await serviceDesk();
    const complaint = await say(desk.rep, 'new complaint Contoso: invoice charged twice');
    expect(complaint.json).toContain('Complaint step');
    expect(complaint.json).toContain('1/8 · Recorded');
    const typed = await say(desk.rep, '新建工单 Contoso：售前，想了解新款打印机', 'zh');
    expect(typed.json).toContain('售前咨询');
    expect((await getCase(desk, 1001)).case).toMatchObject({ type: 'complaint', complaint: { step: 1 } });
    expect((await getCase(desk, 1002)).case).toMatchObject({ type: 'pre-sales', title: '想了解新款打印机' });
  });

  it('answers an unknown priority with the localised error, and opens nothing', async () => {
    const desk = await serviceDesk();
    expect((await say(desk.rep, 'new case Contoso: printer jams, priority sometime')).text).toBe(
      '"sometime" is not a priority. Priorities: low, normal, high, urgent.',
    );
    expect((await say(desk.rep, '新建工单 Contoso：打印机卡纸，优先级 很高', 'zh')).text).toContain('“很高”不是有效的优先级');
    expect(await casesOf(desk)).toEqual([]);
  });

  it('answers an unknown account without writing, and opens the case on the account the click creates', async () => {
    const desk = await serviceDesk();
    const reply = await say(desk.rep, 'new case Northwind: scanner offline');
    expect(reply.json).toContain('I found no account named \\"Northwind\\", so no case is opened yet.');
    expect(await casesOf(desk)).toEqual([]);
    expect((await desk.api.get<{ items: unknown[] }>('/accounts?q=Northwind')).body.items).toEqual([]);
    const opened = await click(desk.rep, reply.actions[0]!);
    expect(opened.json).toContain('Case C-1001 opened.');
    // Teams delivering the click again opens nothing more.
    await click(desk.rep, reply.actions[0]!);
    expect(await casesOf(desk)).toHaveLength(1);
    expect((await say(desk.rep, '新建工单 Northwest：扫描仪离线', 'zh')).json).toContain('没有找到名为“Northwest”的客户');
  });

  it('asks which account when the name only begins some, and opens on the one clicked', async () => {
    const desk = await serviceDesk();
    await desk.api.post('/accounts', makeAccount({ name: 'Fabrikam East' }));
    const west = (await desk.api.post<{ id: string }>('/accounts', makeAccount({ name: 'Fabrikam West' }))).body.id;
    const reply = await say(desk.rep, 'new case Fabrikam: scanner offline');
    expect(reply.json).toContain('Several accounts match');
    expect(await casesOf(desk)).toEqual([]);
    const chosen = reply.actions.find((action) => (action.data as { accountId: string }).accountId === west)!;
    expect((await click(desk.rep, chosen)).json).toContain('Case C-1001 opened.');
    expect((await getCase(desk, 1001)).case).toMatchObject({ accountName: 'Fabrikam West', title: 'scanner offline' });
  });

  it('opens one case however often Teams delivers the line', async () => {
    const desk = await serviceDesk();
    const id = `msg-${Date.now()}`;
    await say(desk.rep, 'new case Contoso: printer jams', 'en', id);
    const again = await say(desk.rep, 'new case Contoso: printer jams', 'en', id);
    expect(again.json).toContain('C-1001');
    expect(await casesOf(desk)).toHaveLength(1);
  });

  it('says what is missing from a line it cannot read', async () => {
    const desk = await serviceDesk();
    expect((await say(desk.rep, 'new case')).text).toContain('Tell me the account and what is wrong');
    expect((await say(desk.rep, 'new case Contoso:')).text).toContain('What is the case about?');
    expect((await say(desk.rep, '新建工单', 'zh')).text).toContain('请告诉我客户和问题');
  });
});

describe('the case card / 工单卡片', () => {
  it('shows the case with its clocks and actions, in both languages', async () => {
    const desk = await serviceDesk();
    await say(desk.rep, 'new case Contoso: printer jams, priority urgent');
    for (const line of ['case C-1001', 'case 1001', 'case #1001']) {
      const card = await say(desk.rep, line);
      expect(card.json).toContain('C-1001 · printer jams');
      expect(card.actions.map((action) => action.data.action)).toEqual(['take', 'reply', 'wait', 'resolve']);
      expect(card.actions.every((action) => action.verb === 'cases.case.act' && action.data.number === 1001 && action.data.etag)).toBe(
        true,
      );
    }
    const zh = await say(desk.rep, '工单 C-1001', 'zh');
    for (const text of ['客户', '紧急', '新建', '首次响应', '我来处理', '等待客户']) expect(zh.json).toContain(text);
    expect((await say(desk.rep, 'case C-9999')).json).toContain('There is no case C-9999');
  });

  it('works the case from its card: take, reply, wait pauses the clocks, resume, resolve with a rating', async () => {
    const desk = await serviceDesk();
    let card = await say(desk.rep, 'new case Contoso: printer jams, priority high');
    card = await click(desk.rep, button(card, 'take'));
    expect(card.json).toContain('You own this case now.');
    expect(card.json).toContain('Li Lei');
    expect(card.actions.map((action) => action.data.action)).not.toContain('take');

    card = await click(desk.rep, button(card, 'reply'), { 'reply.text': 'We are sending a technician' });
    expect(card.json).toContain('Reply recorded.');
    expect(card.json).toContain('replied: We are sending a technician');

    card = await click(desk.rep, button(card, 'wait'));
    expect(card.json).toContain('the SLA clocks are paused');
    expect(card.json).toMatch(/Paused · (\d+ h )?\d+ min left/u);
    expect((await getCase(desk, 1001)).case.status).toBe('waiting');

    card = await click(desk.rep, button(card, 'resume'));
    expect(card.json).toContain('Back in progress');
    expect(card.json).not.toContain('Paused ·');

    const outOfRange = await click(desk.rep, button(card, 'resolve'), { 'resolve.resolution': 'Roller replaced', 'resolve.rating': '9' });
    expect(outOfRange.text).toBe('A satisfaction rating is a whole number from 1 to 5 (got "9").');
    card = await click(desk.rep, button(card, 'resolve'), {
      'resolve.resolution': 'Roller replaced',
      'resolve.rating': '5',
      'resolve.comment': 'Fast',
    });
    expect(card.json).toContain('Resolved.');
    expect(card.json).toContain('5/5');
    expect((await getCase(desk, 1001)).case).toMatchObject({
      status: 'resolved',
      resolution: 'Roller replaced',
      satisfaction: { rating: 5 },
    });
    expect(card.actions.map((action) => action.data.action)).toEqual(['close', 'reopen']);
    card = await click(desk.rep, button(card, 'reopen'), { 'reopen.reason': 'Jams again' });
    expect(card.json).toContain('Reopened.');
  });

  it('answers a click on an out-of-date card with the fresh case, saving nothing', async () => {
    const desk = await serviceDesk();
    const first = await say(desk.rep, 'new case Contoso: printer jams');
    await click(desk.rep, button(first, 'take'));
    const stale = await click(desk.rep, button(first, 'wait'));
    expect(stale.json).toContain('Someone else changed this case in the meantime');
    expect(stale.json).toContain('Li Lei');
    expect((await getCase(desk, 1001)).case.status).toBe('in-progress');
    const zh = await click(desk.rep, button(first, 'reply'), { 'reply.text': 'x' }, 'zh');
    expect(zh.json).toContain('在此期间有其他人修改了这个工单');
  });

  it('takes a complaint through its steps from the card; only the team manager approves', async () => {
    const desk = await serviceDesk();
    let card = await say(desk.rep, '新建投诉 Contoso：发票重复扣款', 'zh');
    card = await click(desk.rep, button(card, 'step', 2), { 'step.valid': 'true', 'step.notes': '账单上有两笔扣款' }, 'zh');
    expect(card.json).toContain('第 2 步已完成：判定是否成立');
    card = await click(desk.rep, button(card, 'step', 3), { 'step.department': '财务部' });
    card = await click(desk.rep, button(card, 'step', 4), { 'step.cause': 'billing', 'step.notes': 'Batch ran twice' });
    card = await click(desk.rep, button(card, 'step', 5), { 'step.notes': 'Refund the second charge' });
    expect(card.json).toContain('5/8 · Resolution proposed');
    // Step 6 is not offered to the rep; an old card's button is refused in words, the card stays.
    expect(card.actions.some((action) => action.data.action === 'step')).toBe(false);
    const forged = await click(
      desk.rep,
      { verb: 'cases.case.act', data: { ...button(card, 'reply').data, action: 'step', step: 6 } },
      { 'step.approved': 'true' },
    );
    expect(forged.text).toBe('Only a manager of Service East may approve or send back the resolution of complaint C-1001.');

    let managerCard = await say(desk.manager, 'case C-1001');
    managerCard = await click(desk.manager, button(managerCard, 'step', 6), {
      'step.approved': 'false',
      'step.notes': 'Add a goodwill credit',
    });
    expect(managerCard.json).toContain('Sent back to the resolution step');
    card = await say(desk.rep, 'case C-1001');
    expect(card.json).toContain('Sent back by the manager: Add a goodwill credit');
    const outOfOrder = await click(
      desk.rep,
      { verb: 'cases.case.act', data: { ...button(card, 'step', 5).data, step: 7 } },
      { 'step.notes': 'x' },
    );
    expect(outOfOrder.text).toContain('the next step is 5');
    card = await click(desk.rep, button(card, 'step', 5), { 'step.notes': 'Refund plus credit' });
    managerCard = await say(desk.manager, '工单 1001', 'zh');
    managerCard = await click(desk.manager, button(managerCard, 'step', 6), { 'step.approved': 'true' }, 'zh');
    expect(managerCard.json).toContain('第 6 步已完成：主管审批');
    card = await say(desk.rep, 'case 1001');
    card = await click(desk.rep, button(card, 'step', 7), { 'step.notes': 'Refunded; told by phone', 'step.rating': '4' });
    expect(card.json).toContain('Resolved');
    card = await click(desk.rep, button(card, 'step', 8), { 'step.notes': 'Billing job fixed' });
    expect((await getCase(desk, 1001)).case).toMatchObject({ status: 'closed', complaint: { step: 8 }, satisfaction: { rating: 4 } });
  });

  it('refuses card data that was tampered with', async () => {
    const desk = await serviceDesk();
    const reply = await click(desk.rep, { verb: 'cases.case.act', data: { number: 'C-1', action: 'take' } });
    expect(reply.json).toContain('This card is out of date or was changed');
  });
});

describe('my cases / 我的工单 and queue / 队列', () => {
  it('lists the cases I own or opened, soonest due first, each with a button to its card', async () => {
    const desk = await serviceDesk();
    expect((await say(desk.rep, 'my cases')).text).toContain('You have no open cases.');
    await say(desk.rep, 'new case Contoso: toner low, priority low');
    await say(desk.rep, 'new case Contoso: server down, priority urgent');
    const mine = await say(desk.rep, 'my cases');
    const rows = mine.json.indexOf('C-1002 · server down') < mine.json.indexOf('C-1001 · toner low');
    expect(rows).toBe(true);
    expect(mine.actions.map((action) => action.data.number)).toEqual([1002, 1001]);
    expect(mine.json).toContain('On track, due');
    const shown = await click(desk.rep, mine.actions[0]!);
    expect(shown.json).toContain('C-1002 · server down');
    expect((await say(desk.rep, '我的工单', 'zh')).json).toContain('正常，');
  });

  it("summarises the person's service team queue, or a team named; no team gets a clear answer", async () => {
    const desk = await serviceDesk();
    await say(desk.rep, 'new case Contoso: toner low');
    const second = await say(desk.rep, 'new case Contoso: server down, urgent');
    await click(desk.rep, button(second, 'wait'));
    const queue = await say(desk.rep, 'queue');
    for (const text of ['Queue · Service East', 'New', 'Waiting on customer', 'SLA breached', 'SLA at risk', 'C-1001 · toner low'])
      expect(queue.json).toContain(text);
    // The waiting case has no clock running, so it comes after the one whose clocks run.
    expect(queue.json.indexOf('C-1001 · toner low')).toBeLessThan(queue.json.indexOf('C-1002 · server down'));
    expect((await say(desk.manager, '队列 service east', 'zh')).json).toContain('队列 · Service East');
    // Any part of the name will do, and the card's button opens that team's queue in the tab.
    const byPart = await say(desk.manager, 'queue east');
    expect(byPart.json).toContain('Queue · Service East');
    expect(byPart.json).toContain(`/tabs/cases/index.html?view=team&teamId=${desk.teamId}`);
    expect((await say(desk.admin, 'queue')).text).toContain('You are not in a service team');
    expect((await say(desk.admin, 'queue Nowhere')).text).toBe('There is no service team named "Nowhere". Service teams: Service East');
  });
});

describe('Create case from message / 从消息创建工单', () => {
  async function fromMessage(person: TestPerson, data: Record<string, unknown>, message: SelectedMessage, locale: Locale = 'en') {
    const activity = makeSubmitAction('createCase', data, message, { tenantId: person.tenantId, userId: person.userId });
    const response = await postActivity(server.url, asTeams(activity, locale), personHeaders(person));
    expect(response.status).toBe(200);
    const task = invokeResponseOf<{
      task: { type: 'message'; value: string } | { type: 'continue'; value: { card: { content: Record<string, unknown> } } };
    }>(response).body.task;
    if (task.type === 'continue') expectValidCard(task.value.card.content);
    return task;
  }

  it('opens a case on the account the message starts with, once per message', async () => {
    const desk = await serviceDesk();
    const message = { id: '1717000000001', content: '<p>Contoso: the printer jams on every job. Please help, urgent</p>' };
    const task = await fromMessage(desk.rep, {}, message);
    expect(task).toEqual({ type: 'message', value: 'Case C-1001 opened for Contoso: the printer jams on every job' });
    expect(await fromMessage(desk.rep, {}, message)).toEqual(task);
    expect(await casesOf(desk)).toHaveLength(1);
    expect((await getCase(desk, 1001)).case).toMatchObject({ priority: 'urgent', sourceMessageId: 'message:1717000000001' });
    const zh = await fromMessage(desk.rep, {}, { content: 'Contoso：打印机又卡纸了' }, 'zh');
    expect(zh).toEqual({ type: 'message', value: '已为 Contoso 创建工单 C-1002：打印机又卡纸了' });
  });

  it('asks for the account when the message names none, writing nothing, and opens on the one given', async () => {
    const desk = await serviceDesk();
    const message = { content: 'The printer jams on every job' };
    const task = await fromMessage(desk.rep, {}, message);
    expect(task.type).toBe('continue');
    expect(JSON.stringify(task)).toContain('Which account is this case for?');
    expect(await casesOf(desk)).toEqual([]);
    await desk.api.post('/accounts', makeAccount({ name: 'Fabrikam East' }));
    await desk.api.post('/accounts', makeAccount({ name: 'Fabrikam West' }));
    const pick = await fromMessage(desk.rep, { account: 'Fabrikam' }, message);
    expect(JSON.stringify(pick)).toContain('Several accounts match');
    expect(await casesOf(desk)).toEqual([]);
    const opened = await fromMessage(desk.rep, { account: 'contoso' }, message);
    expect(opened).toEqual({ type: 'message', value: 'Case C-1001 opened for Contoso: The printer jams on every job' });
  });
});

describe('the account card and help', () => {
  it("shows the account's open cases with their SLA state", async () => {
    const desk = await serviceDesk();
    expect((await say(desk.rep, 'account Contoso')).json).toContain('No open cases.');
    await say(desk.rep, 'new case Contoso: printer jams, priority high');
    const card = await say(desk.rep, 'account Contoso');
    expect(card.json).toContain('Open cases (1)');
    expect(card.json).toContain('C-1001 printer jams');
    expect(card.json).toContain('High · New · On track');
    expect((await say(desk.rep, '客户 Contoso', 'zh')).json).toContain('未关闭的工单（1）');
  });

  it('lists the case commands with examples in both languages', async () => {
    const desk = await serviceDesk();
    const en = await say(desk.rep, 'help');
    for (const text of ['new case Contoso: printer jams on every job, priority high', 'case C-1042', 'my cases', 'queue [<team>]'])
      expect(en.json).toContain(text);
    const zh = await say(desk.rep, '帮助', 'zh');
    for (const text of ['新建工单 Contoso：打印机卡纸，优先级 高', '工单 C-1042', '我的工单', '新建投诉 Contoso：发票重复扣款'])
      expect(zh.json).toContain(text);
  });
});
