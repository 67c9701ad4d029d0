// The log-activity form card over real HTTP: opened by a chat command, submitted with Action.Execute, updated in place.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/server';
import { makeAccount } from '../fixtures/accounts';
import { cardOf, invokeResponseOf, makeCardAction, makeMessage, postActivity, withClientInfo } from '../fixtures/activities';
import { apiClient } from '../fixtures/api';
import { expectValidCard } from '../fixtures/cards';
import { newTenantId, startTestServer } from '../fixtures/server';

type Element = { type: string; id?: string; value?: unknown; verb?: string; choices?: unknown[]; items?: Element[]; columns?: Element[] };
type Card = { body: Element[]; actions?: Element[] };
type Stored = {
  type: string;
  subject: string;
  notes?: string;
  occurredAt: string;
  timeZone: string;
  durationMinutes?: number;
  followUpOn?: string;
  source: string;
};

const verb = 'activities.logForm';

let server: RunningServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.stop());

/** Every element of a card, nested ones included. */
function elements(card: Card): Element[] {
  const all: Element[] = [];
  const visit = (element: Element) => {
    all.push(element);
    for (const child of [...(element.items ?? []), ...(element.columns ?? [])]) visit(child);
  };
  for (const element of [...card.body, ...(card.actions ?? [])]) visit(element);
  return all;
}

const input = (card: Card, id: string) => elements(card).find((element) => element.id === id);

function tenant() {
  const tenantId = newTenantId();
  const api = apiClient(server.url, tenantId);
  const accountIds: string[] = [];
  return {
    tenantId,
    async account(name: string) {
      const created = await api.post<{ id: string }>('/accounts', makeAccount({ name }));
      accountIds.push(created.body.id);
    },
    /** What the tenant's accounts hold: every timeline read back. */
    async stored(): Promise<Stored[]> {
      const timelines = await Promise.all(accountIds.map((id) => api.get<{ items: Stored[] }>(`/activities/accounts/${id}/timeline`)));
      return timelines.flatMap((timeline) => timeline.body.items);
    },
  };
}

async function openForm(tenantId: string, text: string, locale = 'en-US'): Promise<Card> {
  const response = await postActivity(server.url, makeMessage(text, { tenantId, locale }));
  const card = cardOf(response.activities[0]);
  expectValidCard(card);
  return card as unknown as Card;
}

/** Submits the form as Teams does from a user in Shanghai; returns the card that replaces it. */
async function submit(tenantId: string, data: unknown, activityId?: string): Promise<Card> {
  const activity = withClientInfo(makeCardAction(verb, data, { tenantId }), { timeZone: 'Asia/Shanghai' });
  const response = await postActivity(server.url, activityId ? { ...activity, id: activityId } : activity);
  expect(response.status).toBe(200);
  const card = invokeResponseOf<{ value: Card }>(response).body.value;
  expectValidCard(card);
  return card;
}

const valid = {
  type: 'visit',
  account: 'Contoso Ltd',
  subject: 'Quarterly review',
  notes: 'Talked about the renewal.\nThey want a demo.',
  date: '2026-11-20',
  time: '10:00',
  durationMinutes: '45',
  followUpOn: '2026-11-27',
};

describe('the log-activity form', () => {
  it('opens from chat with every activity type and a submit that updates the card', async () => {
    const card = await openForm(newTenantId(), 'log form Contoso');

    expect(input(card, 'type')?.choices).toHaveLength(14);
    expect(input(card, 'account')?.value).toBe('Contoso');
    expect(card.actions).toEqual([expect.objectContaining({ type: 'Action.Execute', verb })]);
  });

  it('opens in Chinese from the Chinese command', async () => {
    const card = await openForm(newTenantId(), '记录活动表单', 'en-US');

    expect(JSON.stringify(card)).toContain('活动类型');
    expect(JSON.stringify(card)).toContain('拜访');
  });

  it("logs a valid submission in the user's time zone and replaces the form with a confirmation", async () => {
    const { tenantId, account, stored } = tenant();
    await account('Contoso Ltd');

    const card = await submit(tenantId, valid);

    expect(elements(card).filter((element) => element.type.startsWith('Input.'))).toEqual([]);
    expect(JSON.stringify(card)).toContain('Activity logged');
    expect(await stored()).toEqual([
      expect.objectContaining({
        type: 'visit',
        subject: 'Quarterly review',
        notes: valid.notes,
        occurredAt: '2026-11-20T02:00:00.000Z',
        timeZone: 'Asia/Shanghai',
        durationMinutes: 45,
        followUpOn: '2026-11-27',
        source: 'card',
      }),
    ]);
  });

  it('logs a click Teams delivers twice once', async () => {
    const { tenantId, account, stored } = tenant();
    await account('Contoso Ltd');

    await submit(tenantId, valid, 'invoke-1');
    const second = await submit(tenantId, valid, 'invoke-1');

    expect(JSON.stringify(second)).toContain('already been logged');
    expect(await stored()).toHaveLength(1);
  });

  it('shows the form again with the values and an error when the date is not a date, storing nothing', async () => {
    const { tenantId, account, stored } = tenant();
    await account('Contoso Ltd');

    const card = await submit(tenantId, { ...valid, date: '2026-02-30' });

    expect(JSON.stringify(card)).toContain('Please check: Date.');
    expect(input(card, 'subject')?.value).toBe('Quarterly review');
    expect(input(card, 'type')?.value).toBe('visit');
    expect(await stored()).toEqual([]);
  });

  it('refuses an activity type that is not one of the fourteen', async () => {
    const { tenantId, account, stored } = tenant();
    await account('Contoso Ltd');

    const card = await submit(tenantId, { ...valid, type: 'party' });

    expect(JSON.stringify(card)).toContain('Please check: Activity type.');
    expect(await stored()).toEqual([]);
  });

  it('refuses tampered data without echoing it', async () => {
    const { tenantId, account, stored } = tenant();
    await account('Contoso Ltd');

    const card = await submit(tenantId, { ...valid, subject: { $gt: '' }, durationMinutes: '1e9', notes: 'x'.repeat(10_000) });

    expect(JSON.stringify(card)).toContain('Please check: Subject, Notes, Duration (minutes).');
    expect(input(card, 'subject')?.value).toBeUndefined();
    expect(input(card, 'notes')?.value).toBeUndefined();
    expect(await stored()).toEqual([]);
  });

  it('refuses a follow-up date before the activity', async () => {
    const { tenantId, account, stored } = tenant();
    await account('Contoso Ltd');

    const card = await submit(tenantId, { ...valid, followUpOn: '2026-11-19' });

    expect(JSON.stringify(card)).toContain('The follow-up date is before the date of the activity.');
    expect(await stored()).toEqual([]);
  });

  it('names the account it could not find', async () => {
    const { tenantId, account, stored } = tenant();
    await account('Contoso Ltd');

    const card = await submit(tenantId, { ...valid, account: 'Fabrikam' });

    expect(JSON.stringify(card)).toContain('I found no account named \\"Fabrikam\\"');
    expect(input(card, 'account')?.value).toBe('Fabrikam');
    expect(await stored()).toEqual([]);
  });

  it('asks about the one account a name begins, with its full name filled in, and logs when the form is sent again', async () => {
    const { tenantId, account, stored } = tenant();
    await account('Contoso Ltd');

    const card = await submit(tenantId, { ...valid, account: 'Contoso' });

    expect(JSON.stringify(card)).toContain('Did you mean Contoso Ltd?');
    expect(JSON.stringify(card)).not.toContain('Several accounts');
    expect(input(card, 'account')?.value).toBe('Contoso Ltd');
    expect(await stored()).toEqual([]);
    await submit(tenantId, { ...valid, account: input(card, 'account')!.value });
    expect(await stored()).toEqual([expect.objectContaining({ type: 'visit', subject: 'Quarterly review' })]);
  });

  it('lists the accounts an ambiguous name could mean', async () => {
    const { tenantId, account, stored } = tenant();
    await account('Northwind Traders');
    await account('Northwind Health');

    const card = await submit(tenantId, { ...valid, account: 'Northwind' });

    expect(JSON.stringify(card)).toContain('Several accounts start with \\"Northwind\\": Northwind Health, Northwind Traders.');
    expect(await stored()).toEqual([]);
  });
});
