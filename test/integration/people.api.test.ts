// The people directory over real HTTP and real Azurite: the first person of a tenant is its admin (also when many arrive
// at once), everyone else a rep; admins manage roles, teams and settings under /api/v1/people, anyone else gets 403.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Clock } from '../../src/core/clock';
import type { RunningServer } from '../../src/server';
import { directoryCacheMs, type Person, type Team } from '../../src/plugins/people';
import type { ErrorBody } from '../fixtures/api';
import { apiAs, chatAs, personIn } from '../fixtures/people';
import { newTenantId, startTestServer } from '../fixtures/server';

let server: RunningServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.stop());

type Me = { person: Person; teams: { name: string; manages: boolean; member: boolean }[]; settings: { repsSeeTeam: boolean } };

/** A new tenant whose first person, Wang Lei, is its admin, and two reps. */
async function tenantWithPeople() {
  const tenantId = newTenantId();
  const admin = personIn(tenantId, 'wang-lei', 'Wang Lei');
  const ana = personIn(tenantId, 'ana', 'Ana Silva');
  const ben = personIn(tenantId, 'ben', '李本');
  await apiAs(server.url, admin).get('/people/me');
  await Promise.all([apiAs(server.url, ana).get('/people/me'), apiAs(server.url, ben).get('/people/me')]);
  return { tenantId, admin, ana, ben, api: apiAs(server.url, admin) };
}

describe('the first person of a tenant', () => {
  it('becomes its admin; the next ones are reps, recorded with their display names', async () => {
    const { admin, ana, api } = await tenantWithPeople();
    expect((await apiAs(server.url, admin).get<Me>('/people/me')).body.person).toMatchObject({
      userId: 'wang-lei',
      displayName: 'Wang Lei',
      roles: ['rep', 'admin'],
    });
    expect((await apiAs(server.url, ana).get<Me>('/people/me')).body.person.roles).toEqual(['rep']);
    const people = (await api.get<{ items: Person[] }>('/people')).body.items;
    expect(people.map((person) => [person.userId, person.displayName, person.roles])).toEqual([
      ['ana', 'Ana Silva', ['rep']],
      ['ben', '李本', ['rep']],
      ['wang-lei', 'Wang Lei', ['rep', 'admin']],
    ]);
  });

  it('is exactly one admin when a dozen people arrive at once, through the tab API and through chat', async () => {
    const tenantId = newTenantId();
    const people = Array.from({ length: 12 }, (_, i) => personIn(tenantId, `user-${i}`, `Person ${i}`));
    await Promise.all(
      people.map((person, i) => (i % 2 === 0 ? apiAs(server.url, person).get('/people/me') : chatAs(server.url, person, 'hi'))),
    );
    const roles = await Promise.all(
      people.map(async (person) => (await apiAs(server.url, person).get<Me>('/people/me')).body.person.roles),
    );
    expect(roles.filter((held) => held.includes('admin'))).toHaveLength(1);
    const admin = people[roles.findIndex((held) => held.includes('admin'))]!;
    const listed = (await apiAs(server.url, admin).get<{ items: Person[] }>('/people')).body.items;
    expect(listed).toHaveLength(12);
    expect(listed.filter((person) => person.roles.includes('admin')).map((person) => person.userId)).toEqual([admin.userId]);
  });

  it('keeps the name Teams gives later, so chat can name the person by it', async () => {
    const { tenantId, api } = await tenantWithPeople();
    await apiAs(server.url, personIn(tenantId, 'ana', 'Ana Souza')).get('/people/me');
    expect((await api.get<{ items: Person[] }>('/people')).body.items.find((person) => person.userId === 'ana')?.displayName).toBe(
      'Ana Souza',
    );
  });
});

describe('roles', () => {
  it('are set by an admin, always with rep', async () => {
    const { ana, api } = await tenantWithPeople();
    const set = await api.call<Person>('PUT', '/people/ana/roles', { roles: ['manager', 'service-agent'] });
    expect(set.status).toBe(200);
    expect(set.body.roles).toEqual(['rep', 'manager', 'service-agent']);
    expect((await apiAs(server.url, ana).get<Me>('/people/me')).body.person.roles).toEqual(['rep', 'manager', 'service-agent']);
  });

  it('refuse to take the admin role from the only admin, and allow it once another admin exists', async () => {
    const { api } = await tenantWithPeople();
    const refused = await api.call<ErrorBody>('PUT', '/people/wang-lei/roles', { roles: [] });
    expect(refused.status).toBe(409);
    expect(refused.body.error).toMatchObject({ code: 'LAST_ADMIN', message: expect.stringContaining('Wang Lei is the only admin') });
    expect((await api.call('PUT', '/people/ana/roles', { roles: ['admin'] })).status).toBe(200);
    expect((await api.call<Person>('PUT', '/people/wang-lei/roles', { roles: ['manager'] })).body.roles).toEqual(['rep', 'manager']);
  });

  it('answer 404 for someone who never used the CRM and 400 for an unknown role', async () => {
    const { api } = await tenantWithPeople();
    expect((await api.call<ErrorBody>('PUT', '/people/nobody/roles', { roles: ['manager'] })).body.error.code).toBe('NOT_FOUND');
    const bad = await api.call<ErrorBody>('PUT', '/people/ana/roles', { roles: ['owner'] });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('VALIDATION_FAILED');
  });
});

describe('teams', () => {
  it('are created, renamed, given members and a manager, who gets the manager role', async () => {
    const { ana, ben, api } = await tenantWithPeople();
    const created = await api.post<Team>('/people/teams', { name: 'East', kind: 'sales' });
    expect(created.status).toBe(201);
    expect(created.headers.get('location')).toBe(`/api/v1/people/teams/${created.body.id}`);
    const id = created.body.id;
    await api.call('PUT', `/people/teams/${id}/members/ana`);
    await api.call('PUT', `/people/teams/${id}/members/ana`);
    await api.call('PUT', `/people/teams/${id}/members/ben`);
    const managed = await api.call<Team>('PUT', `/people/teams/${id}/manager`, { userId: 'ben' });
    expect(managed.body).toMatchObject({ name: 'East', managerId: 'ben', memberIds: ['ana', 'ben'] });
    const renamed = await api.patch<Team>(`/people/teams/${id}`, { name: '华东' });
    expect(renamed.body.name).toBe('华东');
    expect((await api.call<Team>('DELETE', `/people/teams/${id}/members/ana`)).body.memberIds).toEqual(['ben']);
    expect((await apiAs(server.url, ben).get<Me>('/people/me')).body).toMatchObject({
      person: { roles: ['rep', 'manager'] },
      teams: [{ name: '华东', manages: true, member: true }],
    });
    expect((await apiAs(server.url, ana).get<Me>('/people/me')).body.teams).toEqual([]);
    expect((await api.get<{ items: Team[] }>('/people/teams')).body.items.map((team) => team.name)).toEqual(['华东']);
  });

  it('keep each name once, whatever its case, also when two admins create it at once', async () => {
    const { api } = await tenantWithPeople();
    const [first, second] = await Promise.all([
      api.post<Team | ErrorBody>('/people/teams', { name: 'North' }),
      api.post<Team | ErrorBody>('/people/teams', { name: 'north ' }),
    ]);
    expect([first.status, second.status].sort()).toEqual([201, 409]);
    const north = await api.post<Team>('/people/teams', { name: 'South' });
    const taken = await api.patch<ErrorBody>(`/people/teams/${north.body.id}`, { name: 'NORTH' });
    expect(taken.status).toBe(409);
    expect(taken.body.error).toMatchObject({ code: 'ALREADY_EXISTS', message: 'The name "NORTH" is already used by another team.' });
    expect((await api.get<{ items: Team[] }>('/people/teams')).body.items.map((team) => team.name).sort()).toEqual(['North', 'South']);
  });

  it('refuse a member nobody has seen, a bad id and an empty name', async () => {
    const { api } = await tenantWithPeople();
    const team = (await api.post<Team>('/people/teams', { name: 'West' })).body;
    expect((await api.call<ErrorBody>('PUT', `/people/teams/${team.id}/members/ghost`)).body.error.code).toBe('NOT_FOUND');
    expect((await api.call<ErrorBody>('PUT', '/people/teams/not-a-team/members/ana')).status).toBe(400);
    expect((await api.post<ErrorBody>('/people/teams', { name: '  ' })).status).toBe(400);
  });
});

describe('what a non-admin may do', () => {
  it('is read their own entry; every change and every list is 403 ADMIN_REQUIRED, in their language', async () => {
    const { ana, api } = await tenantWithPeople();
    const team = (await api.post<Team>('/people/teams', { name: 'East' })).body;
    const rep = apiAs(server.url, ana);
    expect((await rep.get<Me>('/people/me')).status).toBe(200);
    const calls: [string, string, unknown?][] = [
      ['GET', '/people'],
      ['PUT', '/people/ana/roles', { roles: ['admin'] }],
      ['GET', '/people/teams'],
      ['POST', '/people/teams', { name: 'Mine' }],
      ['PATCH', `/people/teams/${team.id}`, { name: 'Mine' }],
      ['PUT', `/people/teams/${team.id}/members/ana`],
      ['DELETE', `/people/teams/${team.id}/members/ana`],
      ['PUT', `/people/teams/${team.id}/manager`, { userId: 'ana' }],
      ['GET', '/people/settings'],
      ['PATCH', '/people/settings', { repsSeeTeam: true }],
    ];
    for (const [method, path, body] of calls) {
      const response = await rep.call<ErrorBody>(method, path, body);
      expect(response.status, `${method} ${path}`).toBe(403);
      expect(response.body.error).toMatchObject({
        code: 'ADMIN_REQUIRED',
        message: expect.stringContaining('Only an admin of Guanxi CRM'),
      });
    }
    const chinese = await apiAs(server.url, ana, 'zh-CN').call<ErrorBody>('GET', '/people');
    expect(chinese.body.error.message).toContain('只有关系 CRM 管理员');
    expect((await api.get<{ items: Person[] }>('/people')).body.items.find((person) => person.userId === 'ana')?.roles).toEqual(['rep']);
  });
});

describe('access settings', () => {
  it('let an admin allow reps to see their team', async () => {
    const { ana, api } = await tenantWithPeople();
    expect((await api.get('/people/settings')).body).toEqual({ repsSeeTeam: false });
    expect((await api.patch('/people/settings', { repsSeeTeam: true })).body).toEqual({ repsSeeTeam: true });
    expect((await apiAs(server.url, ana).get<Me>('/people/me')).body.settings).toEqual({ repsSeeTeam: true });
    expect((await api.patch<ErrorBody>('/people/settings', { repsSeeTeam: 'yes' })).status).toBe(400);
  });
});

describe('two processes over one storage', () => {
  let now = Date.now();
  const clock: Clock = { now: () => new Date(now) };
  let first: RunningServer;
  let second: RunningServer;
  beforeAll(async () => {
    [first, second] = await Promise.all([startTestServer({}, { clock }), startTestServer({}, { clock })]);
  });
  afterAll(() => Promise.all([first.stop(), second.stop()]));

  it('see a role change at once where it was made, and in the other within the directory cache time', async () => {
    const tenantId = newTenantId();
    const admin = personIn(tenantId, 'wang-lei', 'Wang Lei');
    const ana = personIn(tenantId, 'ana', 'Ana Silva');
    await apiAs(first.url, admin).get('/people/me');
    const rolesIn = async (server: RunningServer) => (await apiAs(server.url, ana).get<Me>('/people/me')).body.person.roles;
    expect(await rolesIn(second)).toEqual(['rep']);

    await apiAs(first.url, admin).call('PUT', '/people/ana/roles', { roles: ['manager'] });
    expect(await rolesIn(first)).toEqual(['rep', 'manager']);
    now += directoryCacheMs - 1_000;
    expect(await rolesIn(second)).toEqual(['rep']);
    now += 2_000;
    expect(await rolesIn(second)).toEqual(['rep', 'manager']);
  });
});
