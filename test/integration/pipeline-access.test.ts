// Who sees which deals and accounts, checked in the services, over real HTTP and Azurite: a manager sees their teams'
// members, a rep their own (and their team's when the tenant allows it), an admin everything; the pipeline chat card
// follows the same rule; and outside local development mode a bot turn and a tab call carry the same roles.
import { randomUUID } from 'node:crypto';
import type { Activity } from 'botbuilder';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/server';
import type { Team } from '../../src/plugins/people';
import { makeAccount } from '../fixtures/accounts';
import { cardOf, makeMessage, postActivity } from '../fixtures/activities';
import type { ErrorBody } from '../fixtures/api';
import { expectValidCard } from '../fixtures/cards';
import { apiAs, chatAs, personIn, type TestPerson } from '../fixtures/people';
import { newTenantId, startTestServer } from '../fixtures/server';
import { makeSsoToken, ssoApplicationIdUri, ssoClientId, startJwksServer, type JwksServer } from '../fixtures/sso';

type Figures = { stageId: string; count: number; amount: number };
type Card = { id: string; title: string; ownerId: string };
type Column = Figures & { items: Card[]; continuationToken?: string };

describe('in local development mode', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.stop());

  /**
   * Wang Lei (admin, first), Mia Wong managing East (Ana and Ben), Chen in North. Deals: Ana two in Demo, Ben one in
   * Initial contact, Mia one of her own, Chen one in Demo. Each person has an account of their own; the admin has Contoso.
   */
  async function tenant() {
    const tenantId = newTenantId();
    const [admin, mia, ana, ben, chen] = [
      personIn(tenantId, 'wang', 'Wang Lei'),
      personIn(tenantId, 'mia', 'Mia Wong'),
      personIn(tenantId, 'ana', 'Ana Silva'),
      personIn(tenantId, 'ben', 'Ben Carter'),
      personIn(tenantId, 'chen', '陈晨'),
    ];
    const api = apiAs(server.url, admin);
    const contoso = (await api.post<{ id: string }>('/accounts', makeAccount({ name: 'Contoso' }))).body.id;
    for (const person of [mia, ana, ben, chen])
      await apiAs(server.url, person).post('/accounts', makeAccount({ name: `${person.name} Co` }));
    const east = (await api.post<Team>('/people/teams', { name: 'East' })).body;
    const north = (await api.post<Team>('/people/teams', { name: 'North' })).body;
    for (const [team, member] of [
      [east, ana],
      [east, ben],
      [north, chen],
    ] as const)
      await api.call('PUT', `/people/teams/${team.id}/members/${member.userId}`);
    await api.call('PUT', `/people/teams/${east.id}/manager`, { userId: mia.userId });
    const deal = async (owner: TestPerson, title: string, amount: number, stageId: string) => {
      const created = await apiAs(server.url, owner).post('/pipeline/opportunities', {
        title,
        amount,
        stageId,
        expectedCloseDate: '2031-03-31',
        accountId: contoso,
      });
      expect(created.status, JSON.stringify(created.body)).toBe(201);
    };
    await deal(ana, 'Ana ERP', 10_000, 'demo');
    await deal(ana, 'Ana CRM', 20_000, 'demo');
    await deal(ben, 'Ben Cloud', 40_000, 'initial-contact');
    await deal(mia, 'Mia Training', 5_000, 'shows-interest');
    await deal(chen, 'Chen Data', 80_000, 'demo');
    return { admin, mia, ana, ben, chen, api };
  }

  const funnel = async (person: TestPerson, query = '') => {
    const response = await apiAs(server.url, person).get<{ stages: Figures[] } & ErrorBody>(`/pipeline/funnel${query}`);
    return {
      status: response.status,
      body: response.body,
      count: response.body.stages?.reduce((sum, stage) => sum + stage.count, 0),
      amount: response.body.stages?.reduce((sum, stage) => sum + stage.amount, 0),
    };
  };
  const board = async (person: TestPerson, query = '') =>
    (await apiAs(server.url, person).get<{ columns: Column[] }>(`/pipeline/board${query}`)).body.columns;
  const titles = (columns: Column[]) => columns.flatMap((column) => column.items.map((item) => item.title)).sort();

  it("shows a manager their teams' members and themselves, a rep their own, an admin everything", async () => {
    const { admin, mia, ana, chen } = await tenant();
    expect(await funnel(admin)).toMatchObject({ count: 5, amount: 155_000 });
    expect(await funnel(mia)).toMatchObject({ count: 4, amount: 75_000 });
    expect(await funnel(ana)).toMatchObject({ count: 2, amount: 30_000 });
    expect(await funnel(chen)).toMatchObject({ count: 1, amount: 80_000 });
    expect(titles(await board(mia))).toEqual(['Ana CRM', 'Ana ERP', 'Ben Cloud', 'Mia Training']);
    expect(titles(await board(ana))).toEqual(['Ana CRM', 'Ana ERP']);
    expect(titles(await board(admin))).toHaveLength(5);
  });

  it("lets a manager view one of their teams or one member, and refuses anyone else's with 403", async () => {
    const { mia, ana } = await tenant();
    expect(await funnel(mia, '?team=east')).toMatchObject({ count: 3, amount: 70_000 });
    expect(await funnel(mia, '?owner=ana')).toMatchObject({ count: 2 });
    expect(await funnel(ana, '?owner=me')).toMatchObject({ count: 2 });
    for (const [person, query] of [
      [mia, '?team=North'],
      [mia, '?owner=chen'],
      [mia, '?industry=Retail'],
      [ana, '?team=East'],
      [ana, '?owner=ben'],
    ] as const) {
      const refused = await funnel(person, query);
      expect(refused.status, query).toBe(403);
      expect(refused.body.error).toMatchObject({
        code: 'OUT_OF_SCOPE',
        message: expect.stringContaining('You can see only your own records'),
      });
    }
  });

  it("pages a manager's column past its first cards over their people only", async () => {
    const { mia } = await tenant();
    const seen: string[] = [];
    let token: string | undefined;
    do {
      const query = new URLSearchParams({ pageSize: '1', ...(token ? { continuationToken: token } : {}) });
      const page = (await apiAs(server.url, mia).get<Column>(`/pipeline/board/demo?${query}`)).body;
      expect(page.count).toBe(2);
      seen.push(...page.items.map((item) => item.title));
      token = page.continuationToken;
    } while (token);
    expect(seen.sort()).toEqual(['Ana CRM', 'Ana ERP']);
  });

  it('shows a rep their team once the admin allows it, at once in this process', async () => {
    const { api, ana } = await tenant();
    await api.patch('/people/settings', { repsSeeTeam: true });
    expect(await funnel(ana)).toMatchObject({ count: 3, amount: 70_000 });
    expect(await funnel(ana, '?team=East')).toMatchObject({ count: 3 });
    await api.patch('/people/settings', { repsSeeTeam: false });
    expect(await funnel(ana)).toMatchObject({ count: 2 });
  });

  it('gives the pipeline chat card the same figures as the tab, in both languages', async () => {
    const { admin, mia, ana } = await tenant();
    const totalOf = (json: string) => Number(/\*\*Open pipeline\*\*.*?"\*\*(\d+)\*\*"/su.exec(json)?.[1]);
    const managerCard = await chatAs(server.url, mia, 'pipeline all');
    expect(managerCard.json).toContain('Pipeline · the deals open to you');
    expect(totalOf(managerCard.json)).toBe(4);
    expect(totalOf((await chatAs(server.url, ana, 'pipeline all')).json)).toBe(2);
    expect(totalOf((await chatAs(server.url, admin, 'pipeline all')).json)).toBe(5);
    expect(totalOf((await chatAs(server.url, mia, 'pipeline team East')).json)).toBe(3);
    expect((await chatAs(server.url, mia, '管线 全部', 'zh')).json).toContain('销售管线 · 您可查看的商机');
    expect((await chatAs(server.url, ana, 'pipeline team North')).json).toContain('You can see only your own records');
  });

  it("lists a rep's own accounts, a manager's people's, and all for an admin; anyone finds an account by name", async () => {
    const { admin, mia, ana } = await tenant();
    const names = async (person: TestPerson, query = '') => {
      const response = await apiAs(server.url, person).get<{ items: { name: string }[] } & ErrorBody>(`/accounts${query}`);
      return response.status === 200 ? response.body.items.map((item) => item.name).sort() : response.body.error.code;
    };
    expect(await names(ana)).toEqual(['Ana Silva Co']);
    expect(await names(mia)).toEqual(['Ana Silva Co', 'Ben Carter Co', 'Mia Wong Co']);
    expect(await names(admin)).toEqual(['Ana Silva Co', 'Ben Carter Co', 'Contoso', 'Mia Wong Co', '陈晨 Co']);
    expect(await names(mia, '?ownerId=ben')).toEqual(['Ben Carter Co']);
    expect(await names(mia, '?ownerId=chen')).toBe('OUT_OF_SCOPE');
    expect(await names(ana, `?q=${encodeURIComponent('陈晨')}`)).toEqual(['陈晨 Co']);
  });
});

describe('outside local development mode', () => {
  let server: RunningServer;
  let jwks: JwksServer;
  beforeAll(async () => {
    jwks = await startJwksServer();
    server = await startTestServer({
      GUANXI_DEV_MODE: 'false',
      AAD_APP_CLIENT_ID: ssoClientId,
      AAD_APP_ID_URI: ssoApplicationIdUri,
      ENTRA_JWKS_URL: jwks.url,
    });
  });
  afterAll(async () => {
    await server.stop();
    await jwks.stop();
  });

  /** A person of an Entra tenant: Teams SSO tokens for the tab API, and chat messages from their object id. */
  const entraPerson = (tenantId: string, name: string) => {
    const oid = randomUUID();
    return {
      oid,
      tab: async <T>(method: string, path: string, body?: unknown) => {
        const token = await makeSsoToken({ claims: { tid: tenantId, oid, name } });
        const response = await fetch(`${server.url}/api/v1${path}`, {
          method,
          headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
          body: body === undefined ? undefined : JSON.stringify(body),
        });
        return { status: response.status, body: (await response.json()) as T };
      },
      say: async (text: string) => {
        const message = makeMessage(text, { tenantId, userId: oid });
        const activity: Partial<Activity> = { ...message, from: { id: `29:${oid}`, name, aadObjectId: oid } };
        const response = await postActivity(server.url, activity, {});
        const card = cardOf(response.activities[0]);
        if (card) expectValidCard(card);
        return { text: response.activities[0]?.text ?? '', json: JSON.stringify(card ?? {}) };
      },
    };
  };
  type Me = { person: { roles: string[]; displayName: string } };

  it("makes the tenant's first person its admin whether they first chat or open a tab, with the same roles in both", async () => {
    const tenantId = randomUUID();
    const admin = entraPerson(tenantId, 'Wang Lei');
    const mia = entraPerson(tenantId, 'Mia Wong');
    expect((await admin.say('hi')).json).toContain('Guanxi CRM');
    expect((await mia.tab<Me>('GET', '/people/me')).body.person).toEqual(
      expect.objectContaining({ displayName: 'Mia Wong', roles: ['rep'] }),
    );
    expect((await admin.tab<Me>('GET', '/people/me')).body.person.roles).toEqual(['rep', 'admin']);

    expect((await mia.say('teams')).json).toContain('Only an admin');
    expect((await admin.say('role Mia Wong manager, admin')).text).toBe('Mia Wong now has the roles: rep, manager, admin.');
    expect((await mia.tab<Me>('GET', '/people/me')).body.person.roles).toEqual(['rep', 'manager', 'admin']);
    expect((await mia.say('teams')).json).toContain('There are no teams yet');
  });
});
