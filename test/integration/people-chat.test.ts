// Roles and teams from chat over /api/messages, in English and Chinese: `role Ana manager` · `角色 Ana 经理`,
// `team East add Ana` · `团队 East 添加 Ana`, `teams` · `团队`; people named by display name; non-admins refused.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/server';
import type { Person, Team } from '../../src/plugins/people';
import { apiAs, chatAs, personIn, type TestPerson } from '../fixtures/people';
import { newTenantId, startTestServer } from '../fixtures/server';

let server: RunningServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.stop());

/** A tenant whose admin is Wang Lei, with Ana Silva, Ana Lima, Ben Carter and 李娜 who have each used the CRM once. */
async function tenant() {
  const tenantId = newTenantId();
  const admin = personIn(tenantId, 'wang-lei', 'Wang Lei');
  await chatAs(server.url, admin, 'hi');
  const others = [
    personIn(tenantId, 'ana-s', 'Ana Silva'),
    personIn(tenantId, 'ana-l', 'Ana Lima'),
    personIn(tenantId, 'ben', 'Ben Carter'),
    personIn(tenantId, 'li-na', '李娜'),
  ];
  await Promise.all(others.map((person) => apiAs(server.url, person).get('/people/me')));
  const say = (text: string, locale: 'en' | 'zh' = 'en', as: TestPerson = admin) => chatAs(server.url, as, text, locale);
  const rolesOf = async (userId: string) =>
    (await apiAs(server.url, admin).get<{ items: Person[] }>('/people')).body.items.find((person) => person.userId === userId)?.roles;
  const teams = async () => (await apiAs(server.url, admin).get<{ items: Team[] }>('/people/teams')).body.items;
  return { admin, ana: others[0]!, say, rolesOf, teams };
}

describe('role <person> <roles> / 角色', () => {
  it('sets roles by full name, first name or Chinese name, and answers in the language written', async () => {
    const { say, rolesOf } = await tenant();
    expect((await say('role Ben manager')).text).toBe('Ben Carter now has the roles: rep, manager.');
    expect(await rolesOf('ben')).toEqual(['rep', 'manager']);
    expect((await say('角色 李娜 经理、管理员', 'zh')).text).toBe('李娜现在的角色：销售代表、销售经理、管理员。');
    expect(await rolesOf('li-na')).toEqual(['rep', 'manager', 'admin']);
    expect((await say('role Ana Silva service agent')).text).toBe('Ana Silva now has the roles: rep, service agent.');
    expect((await say('role ben rep')).text).toBe('Ben Carter now has the roles: rep.');
    expect((await say('role Ben')).text).toBe('Ben Carter has the roles: rep.');
  });

  it('asks for the full name when a name fits several people, and says who is unknown', async () => {
    const { say, rolesOf } = await tenant();
    expect((await say('role Ana manager')).text).toBe('Several people are called “Ana”: Ana Lima, Ana Silva. Write the full name.');
    expect((await say('角色 Ana 经理', 'zh')).text).toBe('有多人名为“Ana”：Ana Lima、Ana Silva。请写出全名。');
    expect(await rolesOf('ana-s')).toEqual(['rep']);
    expect((await say('role Zoe manager')).text).toContain('Nobody called “Zoe” has used Guanxi CRM');
    expect((await say('角色 张三 经理', 'zh')).text).toContain('还没有名为“张三”的人使用过关系 CRM');
    expect((await say('role')).text).toContain('Write the person and their roles');
  });

  it('keeps the last admin', async () => {
    const { say, rolesOf } = await tenant();
    const reply = await say('role Wang Lei manager');
    expect(reply.json).toContain('Wang Lei is the only admin');
    expect(await rolesOf('wang-lei')).toEqual(['rep', 'admin']);
  });
});

describe('team <team> add | remove | manager | rename / 团队', () => {
  it('makes a team from its first member, sets its manager, removes and renames, in both languages', async () => {
    const { say, teams, rolesOf } = await tenant();
    expect((await say('team East add Ana Silva')).text).toBe('Created the sales team East. Ana Silva is now a member of East.');
    expect((await say('团队 East 添加 李娜', 'zh')).text).toBe('李娜已加入East。');
    expect((await say('team east add Ana Silva')).text).toBe('Ana Silva is already a member of East.');
    expect((await say('team East manager Ben')).text).toBe('Ben Carter now manages East, and has the manager role.');
    expect(await rolesOf('ben')).toEqual(['rep', 'manager']);
    expect((await say('团队 East 移除 李娜', 'zh')).text).toBe('李娜已不再是East的成员。');
    expect((await say('team East rename 华东')).text).toBe('The team East is now called 华东.');
    expect(await teams()).toEqual([expect.objectContaining({ name: '华东', kind: 'sales', managerId: 'ben', memberIds: ['ana-s'] })]);
  });

  it('lists the teams with their managers and members on a card', async () => {
    const { say } = await tenant();
    await say('team East add Ana Silva');
    await say('team East manager Ben Carter');
    await say('团队 华北 添加 李娜', 'zh');
    const english = await say('teams');
    expect(english.json).toContain('**East** · sales team');
    expect(english.json).toContain('Ben Carter');
    expect(english.json).toContain('Members (1)');
    const chinese = await say('团队', 'zh');
    expect(chinese.json).toContain('**华北** · 销售团队');
    expect(chinese.json).toContain('暂无');
    expect((await say('team East')).json).not.toContain('华北');
  });

  it('says when the team or the person is unknown, or the line cannot be read', async () => {
    const { say, teams } = await tenant();
    expect((await say('team North remove Ana Silva')).text).toBe(
      'There are no teams yet. Create one by adding its first member, e.g. “team East add Ana”.',
    );
    expect((await say('team East add Zoe')).text).toContain('Nobody called “Zoe”');
    expect(await teams()).toEqual([]);
    await say('team East add Ana Silva');
    expect((await say('团队 North 改名 South', 'zh')).text).toBe('没有名为“North”的团队。现有团队：East。');
    expect((await say('team East add')).text).toContain('Write the team, what to do and the person');
    expect((await say('team East add Ana')).text).toContain('Several people are called “Ana”');
  });
});

describe('people commands from someone who is not an admin', () => {
  it('are refused in their language, and change nothing', async () => {
    const { say, ana, rolesOf, teams } = await tenant();
    const english = await say('role Ana Silva admin', 'en', ana);
    expect(english.json).toContain('Only an admin of Guanxi CRM can change roles, teams and settings.');
    const chinese = await say('团队 East 添加 Ana Silva', 'zh', ana);
    expect(chinese.json).toContain('只有关系 CRM 管理员可以修改角色、团队和设置。');
    expect((await say('teams', 'en', ana)).json).toContain('Only an admin');
    expect(await rolesOf('ana-s')).toEqual(['rep']);
    expect(await teams()).toEqual([]);
  });

  it('work for them as soon as an admin makes them one, in the same process', async () => {
    const { say, ana } = await tenant();
    expect((await say('teams', 'en', ana)).json).toContain('Only an admin');
    await say('role Ana Silva admin');
    expect((await say('teams', 'en', ana)).json).toContain('There are no teams yet.');
  });
});
