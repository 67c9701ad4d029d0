// Logging activities from chat over real HTTP, in English and Chinese: resolution, pick-lists, create offers, idempotency, "my day".
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/server';
import { activityTypes } from '../../src/plugins/activities';
import { activityTypeWords } from '../../src/plugins/activities/chat/activity-type.words';
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

// Tuesday 2026-11-24, 10:00 in Shanghai.
const start = new Date('2026-11-24T02:00:00Z');
let now = start;
let server: RunningServer;
beforeAll(async () => {
  server = await startTestServer({}, { clock: { now: () => now } });
});
beforeEach(() => {
  now = start;
});
afterAll(() => server.stop());

type Reply = { text: string; card?: Record<string, unknown>; json: string };
type Execute = Pick<ExecuteAction, 'verb' | 'data'>;
interface Turn {
  locale?: 'en' | 'zh';
  /** The Teams activity id; the same id twice is a redelivery. */
  id?: string;
  /** The IANA zone Teams sends in the clientInfo entity; null sends none. */
  timeZone?: string | null;
}

function teams<T extends object>(activity: T, { locale = 'en', id, timeZone = 'Asia/Shanghai' }: Turn): T {
  const tag = locale === 'zh' ? 'zh-CN' : 'en-US';
  const entities = timeZone === null ? [] : [{ type: 'clientInfo', locale: tag, timezone: timeZone }];
  return { ...activity, locale: tag, entities, ...(id && { id }) };
}

async function say(text: string, tenantId: string, turn: Turn = {}): Promise<Reply> {
  const response = await postActivity(server.url, teams(makeMessage(text, { tenantId }), turn));
  expect(response.activities).toHaveLength(1);
  const card = cardOf(response.activities[0]);
  if (card) expectValidCard(card);
  return { text: response.activities[0]!.text ?? '', card, json: JSON.stringify(card ?? {}) };
}

async function click(action: Execute, tenantId: string, turn: Turn = {}): Promise<Reply> {
  const response = await postActivity(server.url, teams(makeCardAction(action.verb, action.data, { tenantId }), turn));
  const card = invokeCardOf(response);
  expectValidCard(card);
  return { text: '', card, json: JSON.stringify(card) };
}

const api = (tenantId: string) => apiClient(server.url, tenantId);
const createAccount = async (tenantId: string, name: string) =>
  (await api(tenantId).post<{ id: string }>('/accounts', makeAccount({ name }))).body.id;
const createContact = async (tenantId: string, accountId: string, name: string) =>
  (await api(tenantId).post<{ id: string }>(`/accounts/${accountId}/contacts`, { name })).body.id;

interface Logged {
  type: string;
  subject: string;
  notes?: string;
  occurredAt: string;
  timeZone: string;
  durationMinutes?: number;
  followUpOn?: string;
  contactIds: string[];
  source: string;
}
async function activitiesOf(tenantId: string, accountId: string): Promise<Logged[]> {
  const response = await api(tenantId).get<{ items: Logged[] }>(`/activities?accountId=${accountId}`);
  expect(response.status).toBe(200);
  return response.body.items;
}

describe('log <type> … / 记录<类型> …', () => {
  it("logs a call from one English line, with the follow-up resolved in the user's zone", async () => {
    const tenantId = newTenantId();
    const contoso = await createAccount(tenantId, 'Contoso');
    const reply = await say('log call with Contoso: discussed renewal, follow up Friday', tenantId);
    expect(reply.json).toContain('Outbound call logged');
    expect(reply.json).toContain('2026-11-27 (Fri)');
    expect(await activitiesOf(tenantId, contoso)).toEqual([
      expect.objectContaining({
        type: 'callOutbound',
        subject: 'discussed renewal',
        followUpOn: '2026-11-27',
        timeZone: 'Asia/Shanghai',
        source: 'chat',
      }),
    ]);
  });

  it('logs a call from a Chinese line and confirms in Chinese', async () => {
    const tenantId = newTenantId();
    const contoso = await createAccount(tenantId, 'Contoso');
    const reply = await say('记录电话 Contoso：讨论续约，周五跟进', tenantId, { locale: 'zh' });
    expect(reply.json).toContain('已记录呼出');
    expect(reply.json).toContain('2026-11-27 (周五)');
    expect(await activitiesOf(tenantId, contoso)).toEqual([
      expect.objectContaining({ type: 'callOutbound', notes: '讨论续约', followUpOn: '2026-11-27' }),
    ]);
  });

  it('logs a meeting with a contact at an account, at the time and for the duration typed', async () => {
    const tenantId = newTenantId();
    const contoso = await createAccount(tenantId, 'Contoso');
    const ana = await createContact(tenantId, contoso, 'Ana Silva');
    const reply = await say('log meeting with Ana Silva at Contoso yesterday 3pm 45m: demo went well', tenantId);
    expect(reply.json).toContain('45 min');
    expect(reply.json).toContain('{{DATE(2026-11-23T07:00:00Z, SHORT)}} {{TIME(2026-11-23T07:00:00Z)}}');
    const [meeting] = await activitiesOf(tenantId, contoso);
    expect(meeting).toMatchObject({ type: 'meeting', durationMinutes: 45, contactIds: [ana], subject: 'demo went well' });
    expect(Date.parse(meeting!.occurredAt)).toBe(Date.parse('2026-11-23T15:00:00+08:00'));
  });

  it('finds the account through a contact named alone', async () => {
    const tenantId = newTenantId();
    const contoso = await createAccount(tenantId, 'Contoso Ltd');
    const ana = await createContact(tenantId, contoso, 'Ana Silva');
    const reply = await say('log visit with Ana Silva: site tour', tenantId);
    expect(reply.json).toContain('Contoso Ltd');
    expect(await activitiesOf(tenantId, contoso)).toEqual([expect.objectContaining({ type: 'visit', contactIds: [ana] })]);
  });

  it('finds the account through the contact when the account name typed is only its start', async () => {
    const tenantId = newTenantId();
    const contoso = await createAccount(tenantId, 'Contoso Ltd');
    await createAccount(tenantId, 'Contoso Pharma');
    const ana = await createContact(tenantId, contoso, 'Ana Silva');
    await say('log email with Ana Silva at Contoso: sent the quote', tenantId);
    expect(await activitiesOf(tenantId, contoso)).toEqual([expect.objectContaining({ type: 'email', contactIds: [ana] })]);
  });

  it.each(activityTypes)('logs a %s from its English and its Chinese word', async (type) => {
    const tenantId = newTenantId();
    const contoso = await createAccount(tenantId, 'Contoso');
    await say(`log ${activityTypeWords[type].en[0]} with Contoso: first`, tenantId);
    await say(`记录${activityTypeWords[type]['zh-CN'][0]} Contoso：第二`, tenantId, { locale: 'zh' });
    expect((await activitiesOf(tenantId, contoso)).map((a) => a.type)).toEqual([type, type]);
  });

  it('logs on the longest known account name a line begins with, and reads the words after it as notes', async () => {
    const tenantId = newTenantId();
    await createAccount(tenantId, 'Contoso');
    const contosoLtd = await createAccount(tenantId, 'Contoso Ltd');
    const reply = await say('log call contoso ltd discussed pricing', tenantId);
    expect(reply.json).toContain('Outbound call logged');
    expect(await activitiesOf(tenantId, contosoLtd)).toEqual([
      expect.objectContaining({ type: 'callOutbound', subject: 'discussed pricing', notes: 'discussed pricing' }),
    ]);
  });

  it.each([
    ['without "with"', 'log meeting woodgrove bank yesterday 3pm 45m went thru the QBR deck 👍'],
    ['with "with" and no colon', 'log meeting with woodgrove bank yesterday 3pm 45m went thru the QBR deck 👍'],
    ['with the time after the first notes', 'log meeting woodgrove bank 45m yesterday 3pm, went thru the QBR deck 👍'],
  ])('reads the time and duration typed after an account name %s, as the colon form does', async (_form, line) => {
    const tenantId = newTenantId();
    const woodgrove = await createAccount(tenantId, 'Woodgrove Bank');
    const control = newTenantId();
    const controlAccount = await createAccount(control, 'Woodgrove Bank');
    await say('log meeting with woodgrove bank yesterday 3pm 45m: went thru the QBR deck 👍', control);
    const reply = await say(line, tenantId);
    expect(reply.json).toContain('45 min');
    const [meeting] = await activitiesOf(tenantId, woodgrove);
    const [expected] = await activitiesOf(control, controlAccount);
    expect(meeting).toMatchObject({
      type: 'meeting',
      durationMinutes: 45,
      subject: 'went thru the QBR deck 👍',
      notes: 'went thru the QBR deck 👍',
    });
    expect(Date.parse(meeting!.occurredAt)).toBe(Date.parse('2026-11-23T15:00:00+08:00'));
    const read = ({ type, subject, notes, occurredAt, durationMinutes, followUpOn }: Logged) => ({
      type,
      subject,
      notes,
      occurredAt,
      durationMinutes,
      followUpOn,
    });
    expect(read(meeting!)).toEqual(read(expected!));
  });

  it('reads a follow-up typed right after the account name as the follow-up, not as when it happened', async () => {
    const tenantId = newTenantId();
    const fabrikam = await createAccount(tenantId, 'Fabrikam Inc');
    await say('log visit fabrikam inc follow up friday', tenantId);
    const [visit] = await activitiesOf(tenantId, fabrikam);
    expect(visit).toMatchObject({ type: 'visit', subject: 'Visit with fabrikam inc', followUpOn: '2026-11-27' });
    expect(visit!.notes).toBeUndefined();
    expect(Date.parse(visit!.occurredAt)).toBe(start.getTime());
  });

  it('reads "w/" as "with" and keeps the emoji of the notes', async () => {
    const tenantId = newTenantId();
    const contoso = await createAccount(tenantId, 'Contoso Ltd');
    await say('log call w/ Contoso Ltd: price ok 👍', tenantId);
    expect(await activitiesOf(tenantId, contoso)).toEqual([expect.objectContaining({ notes: 'price ok 👍' })]);
  });

  it('finds a Chinese account at the start of a Chinese line, by its name or its pinyin, and the rest is notes', async () => {
    const tenantId = newTenantId();
    const xingchen = await createAccount(tenantId, '上海星辰');
    await createAccount(tenantId, '上海星辰科技');
    await say('记录拜访 上海星辰 讨论续约，周五跟进', tenantId, { locale: 'zh' });
    await say('log visit shanghaixingchen renewal talk', tenantId);
    const logged = await activitiesOf(tenantId, xingchen);
    expect(logged.sort((a, b) => (a.notes! < b.notes! ? -1 : 1))).toEqual([
      expect.objectContaining({ type: 'visit', notes: 'renewal talk' }),
      expect.objectContaining({ type: 'visit', notes: '讨论续约', followUpOn: '2026-11-27' }),
    ]);
  });

  it('keeps an account name with / # ? \\ and emoji', async () => {
    const tenantId = newTenantId();
    const odd = await createAccount(tenantId, 'A/B #1? C\\D 🚀');
    const reply = await say('log note with A/B #1? C\\D 🚀: asked about pricing', tenantId);
    expect(reply.json).toContain('🚀');
    expect(await activitiesOf(tenantId, odd)).toEqual([expect.objectContaining({ type: 'note', subject: 'asked about pricing' })]);
  });

  it('reads times in UTC when Teams sends no time zone', async () => {
    const tenantId = newTenantId();
    const contoso = await createAccount(tenantId, 'Contoso');
    await say('log call with Contoso yesterday 3pm: quick check-in', tenantId, { timeZone: null });
    const [call] = await activitiesOf(tenantId, contoso);
    expect(call).toMatchObject({ timeZone: 'UTC' });
    expect(Date.parse(call!.occurredAt)).toBe(Date.parse('2026-11-23T15:00:00Z'));
  });
});

describe('when the account is not certain', () => {
  it('reads the follow-up typed after a Chinese account name without a colon, once the account is confirmed', async () => {
    const tenantId = newTenantId();
    const xingchen = await createAccount(tenantId, '上海星辰科技有限公司');
    await say('记录拜访 上海星辰科技有限公司：讨论续约，下周一跟进', tenantId, { locale: 'zh' });
    const question = await say('记录拜访 上海星辰 讨论续约 下周一跟进', tenantId, { locale: 'zh' });
    expect(question.json).toContain('您是指上海星辰科技有限公司吗');
    const [yes] = executeActionsOf(question.card);
    expect((await click(yes!, tenantId, { locale: 'zh' })).json).toContain('已记录拜访');
    const logged = await activitiesOf(tenantId, xingchen);
    expect(logged).toEqual([
      expect.objectContaining({ type: 'visit', subject: '讨论续约', notes: '讨论续约', followUpOn: '2026-11-30' }),
      expect.objectContaining({ type: 'visit', subject: '讨论续约', notes: '讨论续约', followUpOn: '2026-11-30' }),
    ]);
  });

  it('logs a confirmed account with the time, duration and follow-up typed after its name', async () => {
    const tenantId = newTenantId();
    const fabrikam = await createAccount(tenantId, 'Fabrikam Inc');
    const question = await say('log visit fabrikam yesterday 3pm 45m site tour follow up friday', tenantId);
    expect(question.json).toContain('Did you mean Fabrikam Inc?');
    const [yes] = executeActionsOf(question.card);
    expect((await click(yes!, tenantId)).json).toContain('Visit logged');
    const [visit] = await activitiesOf(tenantId, fabrikam);
    expect(visit).toMatchObject({ type: 'visit', subject: 'site tour', notes: 'site tour', durationMinutes: 45, followUpOn: '2026-11-27' });
    expect(Date.parse(visit!.occurredAt)).toBe(Date.parse('2026-11-23T15:00:00+08:00'));
  });

  it('asks yes or no, never with a list of one, when one account only begins with the name, and logs nothing until yes', async () => {
    const tenantId = newTenantId();
    const fabrikam = await createAccount(tenantId, 'Fabrikam Inc');
    const question = await say('log visit with Fabrikam: site tour', tenantId);
    expect(question.json).not.toContain('Several accounts');
    expect(question.json).toContain('Did you mean Fabrikam Inc?');
    const [yes, no] = executeActionsOf(question.card);
    expect(executeActionsOf(question.card)).toHaveLength(2);
    expect(yes).toMatchObject({ title: 'Yes, log at Fabrikam Inc', verb: 'activities.log.pick', data: { accountId: fabrikam } });
    expect(no).toMatchObject({ title: 'No', verb: 'accounts.dismiss' });
    expect((await click(no!, tenantId)).json).toContain('OK, I changed nothing.');
    expect(await activitiesOf(tenantId, fabrikam)).toEqual([]);
    const confirmation = await click(yes!, tenantId);
    expect(confirmation.json).toContain('Visit logged');
    expect(await activitiesOf(tenantId, fabrikam)).toEqual([expect.objectContaining({ type: 'visit', subject: 'site tour' })]);
  });

  it('asks yes or no in Chinese for the one account a Chinese name begins, keeping the words after it as notes', async () => {
    const tenantId = newTenantId();
    const xingchen = await createAccount(tenantId, '上海星辰科技有限公司');
    const question = await say('记录拜访 上海星辰 讨论续约', tenantId, { locale: 'zh' });
    expect(question.json).toContain('您是指上海星辰科技有限公司吗');
    expect(question.json).not.toContain('有多个客户');
    const [yes] = executeActionsOf(question.card);
    expect(yes).toMatchObject({
      verb: 'activities.log.pick',
      data: { accountId: xingchen, draft: expect.objectContaining({ notes: '讨论续约' }) },
    });
    expect(await activitiesOf(tenantId, xingchen)).toEqual([]);
  });

  it('logs on the account clicked in the pick-list, and the confirmation replaces the list', async () => {
    const tenantId = newTenantId();
    const traders = await createAccount(tenantId, 'Northwind Traders');
    const health = await createAccount(tenantId, 'Northwind Health');
    const list = await say('记录拜访 Northwind 昨天下午3点 1小时：参观工厂，周五跟进', tenantId, { locale: 'zh' });
    const confirmation = await click(
      executeActionsOf(list.card).find((a) => a.data.accountId === health)!,
      tenantId,
      { locale: 'zh' },
    );
    expect(confirmation.json).toContain('已记录拜访');
    expect(confirmation.json).toContain('Northwind Health');
    expect(await activitiesOf(tenantId, health)).toEqual([
      expect.objectContaining({ type: 'visit', durationMinutes: 60, followUpOn: '2026-11-27', notes: '参观工厂' }),
    ]);
    expect(await activitiesOf(tenantId, traders)).toEqual([]);
  });

  it('links the contact of the chosen account when several contacts share the name typed', async () => {
    const tenantId = newTenantId();
    const contoso = await createAccount(tenantId, 'Contoso');
    const fabrikam = await createAccount(tenantId, 'Fabrikam');
    await createContact(tenantId, contoso, 'Wang Wei');
    const wang = await createContact(tenantId, fabrikam, 'Wang Wei');
    const list = await say('log call with Wang Wei: pricing', tenantId);
    await click(
      executeActionsOf(list.card).find((a) => a.data.accountId === fabrikam)!,
      tenantId,
    );
    expect(await activitiesOf(tenantId, fabrikam)).toEqual([expect.objectContaining({ contactIds: [wang] })]);
  });

  it('keeps a full pick-list with long names and long notes within the card size Teams accepts', async () => {
    const tenantId = newTenantId();
    for (let i = 1; i <= 8; i += 1) await createAccount(tenantId, `Northwind ${i} ${'ü'.repeat(180)}`);
    const list = await say(`记录会议 Northwind：参观，${'很'.repeat(470)}`, tenantId, { locale: 'zh' });
    expect(executeActionsOf(list.card)).toHaveLength(8);
  });

  it('asks in words when the notes are too long to ride on every button of a pick-list', async () => {
    const tenantId = newTenantId();
    const traders = await createAccount(tenantId, 'Northwind Traders');
    await createAccount(tenantId, 'Northwind Health');
    const reply = await say(`log meeting with Northwind: ${'long notes '.repeat(1000)}`, tenantId);
    expect(reply.text).toBe(
      'Several accounts match "Northwind": Northwind Health, Northwind Traders. Write the full account name in the log line.',
    );
    expect(await activitiesOf(tenantId, traders)).toEqual([]);
  });

  it.each([
    ['log call tailspin toys ltd discussed pricing', 'tailspin toys ltd', 'discussed pricing'],
    ['log call w/ Tailspin Toys 🙂: hi', 'Tailspin Toys', 'hi'],
    ['log call Tailspin Toys discussed pricing', 'Tailspin Toys', 'discussed pricing'],
  ])('offers to create only the name in "%s", without lead-in, emoji or notes', async (line, name, notes) => {
    const tenantId = newTenantId();
    const offer = await say(line, tenantId);
    expect(offer.json).toContain(`I found no account or contact named \\"${name}\\"`);
    const [create] = executeActionsOf(offer.card);
    expect(create).toMatchObject({ verb: 'activities.log.create', data: { name, draft: expect.objectContaining({ notes }) } });
  });

  it('offers to create an unknown account, and the click creates it and logs', async () => {
    const tenantId = newTenantId();
    const offer = await say('log demo with Tailspin Toys: showed the tab', tenantId);
    const [create] = executeActionsOf(offer.card);
    expect(create).toMatchObject({ verb: 'activities.log.create', data: { name: 'Tailspin Toys' } });
    const confirmation = await click(create!, tenantId);
    expect(confirmation.json).toContain('Demo logged');
    const [account] = (await api(tenantId).get<{ items: { accountId: string; name: string }[] }>('/accounts?q=tailspin')).body.items;
    expect(account?.name).toBe('Tailspin Toys');
    expect(await activitiesOf(tenantId, account!.accountId)).toEqual([
      expect.objectContaining({ type: 'demo', subject: 'showed the tab' }),
    ]);
  });
});

describe('idempotency', () => {
  it('logs a redelivered message once', async () => {
    const tenantId = newTenantId();
    const contoso = await createAccount(tenantId, 'Contoso');
    const id = randomUUID();
    const first = await say('log call with Contoso: discussed renewal', tenantId, { id });
    const second = await say('log call with Contoso: discussed renewal', tenantId, { id });
    expect(second.json).toBe(first.json);
    expect(await activitiesOf(tenantId, contoso)).toHaveLength(1);
  });

  it('logs a redelivered pick-list click once', async () => {
    const tenantId = newTenantId();
    await createAccount(tenantId, 'Northwind Traders');
    const health = await createAccount(tenantId, 'Northwind Health');
    const list = await say('log call with Northwind: intro', tenantId);
    const choice = executeActionsOf(list.card).find((a) => a.data.accountId === health)!;
    const id = randomUUID();
    await click(choice, tenantId, { id });
    await click(choice, tenantId, { id });
    expect(await activitiesOf(tenantId, health)).toHaveLength(1);
  });

  it('logs once when the buttons of one question are clicked twice, as two clicks with their own ids', async () => {
    const tenantId = newTenantId();
    const traders = await createAccount(tenantId, 'Northwind Traders');
    const health = await createAccount(tenantId, 'Northwind Health');
    const list = await say('log call with Northwind: intro', tenantId);
    const buttons = executeActionsOf(list.card);
    const first = await click(
      buttons.find((a) => a.data.accountId === health)!,
      tenantId,
    );
    const second = await click(
      buttons.find((a) => a.data.accountId === health)!,
      tenantId,
    );
    await click(
      buttons.find((a) => a.data.accountId === traders)!,
      tenantId,
    );
    expect(second.json).toBe(first.json);
    expect(await activitiesOf(tenantId, health)).toHaveLength(1);
    expect(await activitiesOf(tenantId, traders)).toEqual([]);
  });
});

describe('bad input', () => {
  it.each([
    ['log', 'en', 'Tell me what happened, for example: log call with Contoso: discussed renewal, follow up Friday'],
    ['记录', 'zh', '请说明发生了什么，例如：记录电话 Contoso：讨论续约，周五跟进'],
    ['log dance with Contoso: fun', 'en', 'Which kind of activity? For example: log call, log meeting, log visit, log email, log note.'],
    [
      'log meeting with Contoso 25h: long one',
      'en',
      'I could not read the duration "25h". Write it like 45m, 1h, 1h30m or 90 min (at most 24 hours).',
    ],
    ['记录会议 Contoso 0分钟：很短', 'zh', '无法识别时长“0分钟”。请写成 45分钟、1小时、1.5小时 或 45m（最多 24 小时）。'],
  ] as const)('answers "%s" with a hint and logs nothing', async (line, locale, hint) => {
    const tenantId = newTenantId();
    const contoso = await createAccount(tenantId, 'Contoso');
    expect((await say(line, tenantId, { locale })).text).toBe(hint);
    expect(await activitiesOf(tenantId, contoso)).toEqual([]);
  });

  it.each([
    ['an unknown activity type', { type: 'party' }],
    ['an unknown field', { admin: true }],
    ['a time that is not a date', { occurredAt: 'yesterday' }],
    ['a zone that does not exist', { timeZone: 'Mars/Olympus' }],
  ])('refuses a pick-list click whose draft has %s, and logs nothing', async (_what, change) => {
    const tenantId = newTenantId();
    await createAccount(tenantId, 'Northwind Traders');
    const list = await say('log call with Northwind: intro', tenantId);
    const [choice] = executeActionsOf(list.card);
    const tampered = { ...choice!, data: { ...choice!.data, draft: { ...(choice!.data.draft as object), ...change } } };
    expect((await click(tampered, tenantId)).json).toContain('This card is out of date or was changed, so nothing was logged.');
    expect(await activitiesOf(tenantId, choice!.data.accountId as string)).toEqual([]);
  });
});

describe('my day / 今日工作', () => {
  it("shows today's activities by type and the follow-ups due today", async () => {
    const tenantId = newTenantId();
    await createAccount(tenantId, 'Contoso');
    await createAccount(tenantId, 'Fabrikam');
    await say('log call with Contoso: discussed renewal, follow up today', tenantId);
    await say('log visit with Fabrikam: site tour', tenantId);
    const report = await say('my day', tenantId);
    expect(report.json).toContain('My day · 2026-11-24 (Tue)');
    expect(report.json).toContain('Activities (2)');
    expect(report.json).toContain('discussed renewal');
    expect(report.json).toContain('site tour');
    expect(report.json).toContain('Follow-ups due (1)');
  });

  it('shows overdue follow-ups with their due date, in Chinese', async () => {
    const tenantId = newTenantId();
    await createAccount(tenantId, 'Contoso');
    await say('记录电话 Contoso：报价，明天跟进', tenantId, { locale: 'zh' });
    now = new Date('2026-11-27T02:00:00Z');
    const report = await say('今日工作', tenantId, { locale: 'zh' });
    expect(report.json).toContain('今日工作 · 2026-11-27 (周五)');
    expect(report.json).toContain('尚未记录任何活动');
    expect(report.json).toContain('逾期跟进（1）');
    expect(report.json).toContain('2026-11-25 (周三) 到期');
  });

  it('shows another day when one is named', async () => {
    const tenantId = newTenantId();
    await createAccount(tenantId, 'Contoso');
    await say('log call with Contoso yesterday 3pm: late call', tenantId);
    const report = await say('my day yesterday', tenantId);
    expect(report.json).toContain('Work report · 2026-11-23 (Mon)');
    expect(report.json).toContain('late call');
  });
});
