// The demo's service desk: a service team with two agents under the dev user, and cases at every point of their flow, complaints mid-workflow among them.
import type { Actor } from '../core/actor';
import type { Account } from '../plugins/accounts';
import type { CaseActionRequest, CasesService, NewCaseRequest } from '../plugins/cases';
import type { PeopleService, Team } from '../plugins/people';

/** The desk's agents; the dev user manages the team, so they can approve a complaint's resolution. */
export const demoAgents = [
  { userId: 'demo-agent-chen-jing', name: '陈静' },
  { userId: 'demo-agent-tom-baker', name: 'Tom Baker' },
] as const;
export const demoServiceTeam = '客服中心 Service Desk';

interface DemoCase {
  by: 0 | 1 | 'dev';
  input: Omit<NewCaseRequest, 'accountId' | 'teamId'>;
  accountIndex: number;
  then: CaseActionRequest[];
}

const cases: DemoCase[] = [
  {
    by: 0,
    accountIndex: 0,
    input: {
      title: '打印机每次都卡纸',
      description: '客户反映新装的打印机每个任务都卡纸。',
      type: 'after-sales',
      afterSalesKind: 'repair',
      priority: 'high',
      channel: 'phone',
    },
    then: [{ action: 'take' }, { action: 'reply', text: '已安排工程师明天上午上门。' }],
  },
  {
    by: 1,
    accountIndex: 1,
    input: { title: 'Invoice charged twice for November', type: 'complaint', priority: 'high', channel: 'email' },
    then: [
      { action: 'take' },
      { action: 'reply', text: 'We are looking into the double charge and will come back today.' },
      { action: 'step', step: 2, valid: true, notes: 'Two charges on the statement' },
      { action: 'step', step: 3, department: 'Finance' },
      { action: 'step', step: 4, cause: 'billing', notes: 'The billing batch ran twice on 30 November' },
      { action: 'step', step: 5, notes: 'Refund the second charge and add a 5% goodwill credit' },
    ],
  },
  {
    by: 0,
    accountIndex: 2,
    input: { title: '交货延迟三天', type: 'complaint', priority: 'normal', channel: 'chat' },
    then: [{ action: 'take' }],
  },
  {
    by: 1,
    accountIndex: 3,
    input: { title: 'Training for the new finance team', type: 'after-sales', afterSalesKind: 'training', priority: 'low', channel: 'web' },
    then: [{ action: 'take' }, { action: 'reply', text: 'Which dates suit your team?' }, { action: 'wait', text: 'Asked for dates' }],
  },
  {
    by: 'dev',
    accountIndex: 4,
    input: { title: '咨询年度维保方案报价', type: 'pre-sales', priority: 'normal', channel: 'visit' },
    then: [],
  },
  {
    by: 0,
    accountIndex: 5,
    input: {
      title: 'Server room install: rack arrives Friday',
      type: 'after-sales',
      afterSalesKind: 'installation',
      priority: 'urgent',
      channel: 'phone',
    },
    then: [{ action: 'take' }],
  },
  {
    by: 1,
    accountIndex: 6,
    input: { title: '退换货：型号发错', type: 'after-sales', afterSalesKind: 'return', priority: 'normal', channel: 'email' },
    then: [
      { action: 'take' },
      { action: 'reply', text: '已为您安排换货，快递单号稍后发送。' },
      { action: 'resolve', resolution: '已换货并确认收到', rating: 5, comment: '处理很快' },
    ],
  },
  {
    by: 0,
    accountIndex: 7,
    input: { title: 'Licence keys for 20 more seats', type: 'in-sales', priority: 'normal', channel: 'chat' },
    then: [
      { action: 'take' },
      { action: 'reply', text: 'Keys sent by email.' },
      { action: 'resolve', resolution: 'Keys issued', rating: 4 },
      { action: 'close' },
    ],
  },
];

async function serviceTeam(people: PeopleService, admin: Actor): Promise<Team> {
  const existing = await people.findTeam(admin, demoServiceTeam);
  const team = existing ?? (await people.createTeam(admin, { name: demoServiceTeam, kind: 'service' }));
  for (const agent of demoAgents) {
    await people.personOf({ tenantId: admin.tenantId, userId: agent.userId, displayName: agent.name });
    await people.setRoles(admin, agent.userId, ['service-agent']);
    await people.addMember(admin, team.id, agent.userId);
  }
  await people.addMember(admin, team.id, admin.userId);
  return people.setManager(admin, team.id, admin.userId);
}

/** Opens the demo's cases through the cases service, each by its agent (or the dev user) and worked as far as its story goes. */
export async function loadDemoCases(
  cases_: CasesService,
  people: PeopleService,
  admin: Actor,
  accounts: readonly Account[],
): Promise<number> {
  const team = await serviceTeam(people, admin);
  const actorOf = (by: DemoCase['by']): Actor =>
    by === 'dev'
      ? admin
      : { tenantId: admin.tenantId, userId: demoAgents[by].userId, displayName: demoAgents[by].name, roles: ['rep', 'service-agent'] };
  for (const demo of cases) {
    const actor = actorOf(demo.by);
    const account = accounts[demo.accountIndex % accounts.length]!;
    let detail = await cases_.openCase(actor, { ...demo.input, accountId: account.id, teamId: team.id });
    for (const action of demo.then) detail = await cases_.act(actor, detail.case.number, action, detail.etag);
  }
  return cases.length;
}
