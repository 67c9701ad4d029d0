// The demo's sales pipeline: reps in two teams, about sixty deals across every stage (some stuck, some won or lost), and leads.
import type { Man, NewLead, PastMove, PastOpportunity, Stage } from '../plugins/pipeline';
import { seededRandom } from './crm-data.generator';

export const demoTeams = { east: 'East', north: 'North' } as const;
type Team = (typeof demoTeams)[keyof typeof demoTeams];

export interface DemoRep {
  userId: string;
  name: string;
  team: Team;
}

/** The dev user sells in the East team, so the personal pipeline tab and `my day` have their own deals. */
export function demoReps(devUser: { userId: string; displayName: string }): DemoRep[] {
  return [
    { userId: devUser.userId, name: devUser.displayName, team: demoTeams.east },
    { userId: 'demo-rep-li-na', name: '李娜', team: demoTeams.east },
    { userId: 'demo-rep-sofia-garcia', name: 'Sofia Garcia', team: demoTeams.east },
    { userId: 'demo-rep-zhang-wei', name: '张伟', team: demoTeams.north },
    { userId: 'demo-rep-james-miller', name: 'James Miller', team: demoTeams.north },
    { userId: 'demo-rep-wang-fang', name: '王芳', team: demoTeams.north },
  ];
}

const northCities = new Set([
  'Beijing',
  'Tianjin',
  'Harbin',
  'Yantai',
  'Qingdao',
  'Dalian',
  'Xi’an',
  'Zhengzhou',
  'Wuhan',
  'Chengdu',
  'Chongqing',
  'Kunming',
  '北京',
  '天津',
  '青岛',
  '大连',
  '西安',
  '郑州',
  '武汉',
  '成都',
  '重庆',
  '昆明',
]);
/** Accounts in the north and west belong to the North team 华北, the rest to East 华东. */
export const teamOfRegion = (region: string): Team => (northCities.has(region) ? demoTeams.north : demoTeams.east);

/** The rep who looks after an account: one of its team's reps, taken in turn. */
export function repOfAccount(reps: readonly DemoRep[], team: Team, accountIndex: number): number {
  const ofTeam = reps.flatMap((rep, index) => (rep.team === team ? [index] : []));
  return ofTeam[accountIndex % ofTeam.length]!;
}

const products = {
  en: [
    'ERP rollout',
    'CRM licences',
    'Cloud migration',
    'Data platform',
    'Service contract renewal',
    'Warehouse automation',
    'Reporting module',
    'Security upgrade',
    'Training programme',
    'Field service app',
  ],
  zh: [
    'ERP 系统实施',
    'CRM 许可证采购',
    '云迁移项目',
    '数据平台建设',
    '服务合同续约',
    '仓储自动化',
    '报表模块升级',
    '信息安全升级',
    '员工培训项目',
    '现场服务应用',
  ],
};
const reasons = {
  won: {
    en: ['Best fit with their ERP', 'Price and support package', 'Strong reference customers'],
    zh: ['方案最贴合需求', '价格和服务更有优势', '客户高层认可'],
  },
  lost: { en: ['Price', 'Went with a competitor', 'Budget frozen'], zh: ['价格', '选择了竞争对手', '预算冻结'] },
};
const sources = ['referral', 'web', 'marketing', 'phone', 'event', 'partner'] as const;

export interface DemoAccountFacts {
  team: Team;
  chinese: boolean;
}

export interface DemoDeal {
  repIndex: number;
  accountIndex: number;
  /** The account's contact (by its index among the demo's contacts) named on the deal. */
  contactIndex: number;
  deal: Omit<PastOpportunity, 'accountId' | 'contacts'>;
}

const dayMs = 86_400_000;
const openDeals = 44;
const closed = { won: 9, lost: 7 };

/**
 * About sixty deals at `now` over the tenant's stages (open ones in order, then won and lost): every open stage has
 * some, the second deal of every other stage has waited past its dwell limit, and the won and lost ones closed over
 * this quarter and the last with their reasons. Amounts are in the tenant's reporting currency (the deals name none).
 */
export function demoDeals(
  now: Date,
  stages: { open: readonly Stage[]; won: string; lost: string },
  accounts: readonly DemoAccountFacts[],
  reps: readonly DemoRep[],
): DemoDeal[] {
  const random = seededRandom(20_260_301);
  const between = (low: number, high: number) => low + random() * (high - low);
  const at = (daysAgo: number) => new Date(now.getTime() - daysAgo * dayMs).toISOString();
  const dateIn = (days: number) => new Date(now.getTime() + days * dayMs).toISOString().slice(0, 10);
  /** The stages before `upTo` a deal went through (some skipped, as reps do), each stay 2 to 15 days, ending `endDaysAgo` ago. */
  const pathTo = (upTo: number, endDaysAgo: number) => {
    const path = stages.open.slice(0, upTo).filter((_, i) => i === 0 || random() < 0.7);
    let daysAgo = endDaysAgo;
    const times = path.map(() => (daysAgo += between(2, 15))).reverse();
    return path.map((stage, i) => ({ stageId: stage.id, daysAgo: times[i]! }));
  };
  const deals: DemoDeal[] = [];
  /** The next deal, on the next account in turn; a closing move's reason in the account's language. */
  const add = (
    path: { stageId: string; daysAgo: number }[],
    expectedCloseDate: string,
    reason?: { en: string; zh: string },
    repIndex?: number,
  ) => {
    const k = deals.length;
    const accountIndex = (k * 7) % accounts.length;
    const { team, chinese } = accounts[accountIndex]!;
    const language = chinese ? 'zh' : 'en';
    const [first, ...later] = path;
    const moves: PastMove[] = later.map(({ stageId, daysAgo }, i) => ({
      stageId,
      at: at(daysAgo),
      ...(reason && i === later.length - 1 ? { reason: reason[language] } : {}),
    }));
    deals.push({
      repIndex: repIndex ?? repOfAccount(reps, team, accountIndex),
      accountIndex,
      contactIndex: accountIndex * 3 + (k % 3),
      deal: {
        title: products[language][(accountIndex + Math.floor(k / accounts.length) * 3) % products.en.length]!,
        amount: Math.round(30 + random() ** 2 * 1_500) * 1_000,
        expectedCloseDate,
        stageId: first!.stageId,
        source: sources[k % sources.length]!,
        createdAt: at(first!.daysAgo),
        moves,
      },
    });
  };

  // The last day of this quarter: the late stages' first deals close before it, so this quarter's forecast has figures.
  const quarterEnd = Date.UTC(now.getUTCFullYear(), Math.floor(now.getUTCMonth() / 3) * 3 + 3, 0);
  const daysLeft = Math.floor((quarterEnd - now.getTime()) / dayMs);
  stages.open.forEach((stage, i) => {
    const count = Math.floor(openDeals / stages.open.length) + (i < openDeals % stages.open.length ? 1 : 0);
    const late = i >= stages.open.length - 3;
    for (let n = 0; n < count; n += 1) {
      const limit = stage.dwellLimitDays ?? 30;
      const stuck = n === 1 && i % 2 === 0 && stage.dwellLimitDays !== undefined;
      // Not stuck: entered at least a day and a half before the limit runs out, whatever the hour.
      const inStage = stuck ? limit + between(4, 30) : between(0.5, Math.max(0.5, limit - 1.5));
      const closesIn = late && n === 0 && daysLeft >= 1 ? between(1, daysLeft) : 10 + (stages.open.length - i) * 12 + between(0, 45);
      // The viewer's own stuck deals show on their own pipeline card, not only on everyone's.
      add([...pathTo(i, inStage), { stageId: stage.id, daysAgo: inStage }], dateIn(closesIn), undefined, stuck && i < 4 ? 0 : undefined);
    }
  });
  const previousQuarter = Date.UTC(now.getUTCFullYear(), Math.floor(now.getUTCMonth() / 3) * 3 - 3, 1);
  const sinceQuarterDays = (now.getTime() - previousQuarter) / dayMs;
  for (const [outcome, count] of [
    ['won', closed.won],
    ['lost', closed.lost],
  ] as const) {
    for (let n = 0; n < count; n += 1) {
      // The first of each closed this week, the rest since the last quarter began.
      const closedDaysAgo = n === 0 ? between(1, 6) : between(7, sinceQuarterDays - 1);
      const lastStage = outcome === 'won' ? stages.open.length : 1 + Math.floor(random() * Math.max(1, stages.open.length - 2));
      const reason = { en: reasons[outcome].en[n % 3]!, zh: reasons[outcome].zh[n % 3]! };
      add(
        [...pathTo(lastStage, closedDaysAgo), { stageId: stages[outcome], daysAgo: closedDaysAgo }],
        at(closedDaysAgo).slice(0, 10),
        reason,
      );
    }
  }
  return deals;
}

export interface DemoLead {
  repIndex: number;
  lead: NewLead;
  /** MAN as the rep recorded it; none for a lead not yet assessed. */
  man?: Man;
}

const yes = (note?: string) => ({ met: true, ...(note ? { note } : {}) });
const no = (note: string) => ({ met: false, note });
const leadFacts: [NewLead, Man | undefined][] = [
  [
    {
      name: 'Northwind Health Partners',
      company: 'Northwind Health Partners',
      contactName: 'Laura Becker',
      email: 'laura.becker@example.com',
      source: 'referral',
      referredBy: 'Lamna Healthcare',
    },
    { money: yes('Budget approved for Q1'), authority: yes('Laura is the COO'), need: yes('Replacing spreadsheets') },
  ],
  [
    {
      name: '苏州云帆智能科技',
      company: '苏州云帆智能科技有限公司',
      contactName: '陈静',
      email: 'chen.jing@example.com',
      source: 'event',
      notes: '展会上留下的名片',
    },
    { money: yes('年度预算已批'), authority: yes('总经理亲自参与'), need: yes('需要统一客户管理') },
  ],
  [
    {
      name: 'Blue Harbor Logistics',
      company: 'Blue Harbor Logistics',
      contactName: 'David Kim',
      email: 'david.kim@example.com',
      source: 'web',
    },
    { money: yes(), authority: no('Needs the regional director'), need: yes() },
  ],
  [
    { name: '北京智源教育', company: '北京智源教育科技有限公司', contactName: '刘洋', email: 'liu.yang@example.com', source: 'phone' },
    { money: no('明年才有预算'), authority: yes(), need: yes() },
  ],
  [
    {
      name: 'Summit Foods',
      company: 'Summit Foods Ltd',
      contactName: 'Hannah Wright',
      email: 'hannah.wright@example.com',
      source: 'marketing',
    },
    { money: yes(), authority: yes(), need: yes('Wants mobile field sales') },
  ],
  [
    {
      name: '杭州青禾农业',
      company: '杭州青禾农业发展有限公司',
      contactName: '周婷',
      email: 'zhou.ting@example.com',
      source: 'referral',
      referredBy: '成都天合食品有限公司',
    },
    { money: yes(), authority: yes(), need: yes('渠道管理') },
  ],
  [
    { name: 'Granite Energy', company: 'Granite Energy Group', contactName: 'Ravi Rao', email: 'ravi.rao@example.com', source: 'partner' },
    { money: yes(), authority: yes(), need: no('Happy with their current system') },
  ],
  [{ name: '天津海港物流', company: '天津海港物流有限公司', contactName: '赵磊', email: 'zhao.lei@example.com', source: 'web' }, undefined],
  [
    { name: 'Orchid Retail', company: 'Orchid Retail Co', contactName: 'Mei Lin', email: 'mei.lin@example.com', source: 'email' },
    undefined,
  ],
  [
    { name: '深圳蓝鲸电子', company: '深圳蓝鲸电子有限公司', contactName: '黄杰', email: 'huang.jie@example.com', source: 'marketing' },
    { money: yes(), authority: yes('采购总监'), need: yes() },
  ],
  [
    {
      name: 'Pioneer Clinics',
      company: 'Pioneer Clinics',
      contactName: 'Tom Wright',
      email: 'tom.wright@example.com',
      source: 'service-request',
    },
    undefined,
  ],
  [
    { name: '西安丝路文旅', company: '西安丝路文旅集团', contactName: '杨帆', email: 'yang.fan@example.com', source: 'event' },
    { money: no('预算未定'), authority: no('需集团审批'), need: yes() },
  ],
];

/** Twelve leads over the reps: five qualified by MAN, four that fall short on one or more, three not yet assessed. */
export function demoLeads(reps: readonly DemoRep[]): DemoLead[] {
  return leadFacts.map(([lead, man], i) => {
    const repIndex = i % reps.length;
    return { repIndex, lead: { ...lead, team: reps[repIndex]!.team }, ...(man ? { man } : {}) };
  });
}
