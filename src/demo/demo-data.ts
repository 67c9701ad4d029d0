// The demo data set a new user sees: forty accounts in English and Chinese, their contacts with CUTE roles, two months of
// activities, and the sales pipeline of six reps in two teams (demo-pipeline.ts).
import { cuteRoles, type NewAccount, type NewContact } from '../plugins/accounts/account.schema';
import { localDateOf, type ActivityType, type NewActivity } from '../plugins/activities';
import type { Stage } from '../plugins/pipeline';
import { seededRandom } from './crm-data.generator';
import { demoDeals, demoLeads, demoReps, repOfAccount, teamOfRegion, type DemoDeal, type DemoLead, type DemoRep } from './demo-pipeline';

/** The demo's first account: when the tenant has it, the demo was loaded already. */
export const demoMarkerAccount = 'Contoso Pharmaceuticals';

const englishAccounts: [string, string, string][] = [
  [demoMarkerAccount, 'Healthcare', 'Shanghai'],
  ['Fabrikam Manufacturing', 'Manufacturing', 'Suzhou'],
  ['Northwind Traders', 'Retail', 'Singapore'],
  ['Tailspin Toys', 'Retail', 'Shenzhen'],
  ['Litware Systems', 'Software', 'Beijing'],
  ['Adatum Corporation', 'Finance', 'Hong Kong'],
  ['Proseware Logistics', 'Logistics', 'Ningbo'],
  ['Wingtip Electronics', 'Manufacturing', 'Dongguan'],
  ['Woodgrove Bank', 'Finance', 'Shanghai'],
  ['Lamna Healthcare', 'Healthcare', 'Guangzhou'],
  ['Alpine Ski House', 'Retail', 'Harbin'],
  ['Coho Winery', 'Food and beverage', 'Yantai'],
  ['Fourth Coffee', 'Food and beverage', 'Hangzhou'],
  ['Humongous Insurance', 'Finance', 'Shenzhen'],
  ["Margie's Travel", 'Travel', 'Xiamen'],
  ['Trey Research', 'Education', 'Nanjing'],
  ['Wide World Importers', 'Logistics', 'Tianjin'],
  ['Blue Yonder Airlines', 'Travel', 'Chengdu'],
  ['Graphic Design Institute', 'Education', 'Wuhan'],
  ['Relecloud Energy', 'Energy', 'Xi’an'],
];
const chineseAccounts: [string, string, string][] = [
  ['上海星辰科技有限公司', '软件', '上海'],
  ['北京东方贸易有限公司', '零售', '北京'],
  ['深圳长江物流集团', '物流', '深圳'],
  ['广州新华医疗器械有限公司', '医疗', '广州'],
  ['杭州海通信息技术有限公司', '软件', '杭州'],
  ['南京金桥能源股份有限公司', '能源', '南京'],
  ['成都天合食品有限公司', '食品', '成都'],
  ['武汉恒信制造有限公司', '制造业', '武汉'],
  ['苏州盛达精密机械有限公司', '制造业', '苏州'],
  ['天津永安物流集团', '物流', '天津'],
  ['重庆华东建材有限公司', '制造业', '重庆'],
  ['青岛海通电子有限公司', '制造业', '青岛'],
  ['厦门金桥贸易有限公司', '零售', '厦门'],
  ['西安星辰教育科技有限公司', '教育', '西安'],
  ['宁波东方港口物流有限公司', '物流', '宁波'],
  ['长沙新华文化传媒有限公司', '传媒', '长沙'],
  ['郑州恒信农业发展有限公司', '农业', '郑州'],
  ['合肥天合新能源有限公司', '能源', '合肥'],
  ['昆明永安医药有限公司', '医疗', '昆明'],
  ['大连长江海运有限公司', '物流', '大连'],
];

const people = {
  en: {
    given: ['Ana', 'James', 'Sofia', 'Ravi', 'Hannah', 'Tom', 'Mei', 'Arjun', 'Laura', 'David'],
    family: ['Silva', 'Miller', 'Garcia', 'Patel', 'Becker', 'Wright', 'Lin', 'Rao', 'Chen', 'Kim'],
  },
  zh: {
    given: ['伟', '芳', '娜', '敏', '静', '磊', '洋', '婷', '杰', '勇'],
    family: ['王', '李', '张', '刘', '陈', '杨', '赵', '黄', '周', '吴'],
  },
};
/** The k-th person: the first 100 of a language are all different, so no two demo contacts share a name. */
const personName = (language: 'en' | 'zh', k: number) => {
  const { given, family } = people[language];
  const [first, last] = [given[k % 10]!, family[(Math.floor(k / 10) + k * 3) % 10]!];
  return language === 'zh' ? `${last}${first}` : `${first} ${last}`;
};
const titles = {
  en: ['CFO', 'IT Director', 'Procurement Manager', 'Operations Lead', 'General Manager'],
  zh: ['财务总监', '技术总监', '采购经理', '运营主管', '总经理'],
};
const subjects: Record<'en' | 'zh', [ActivityType, string][]> = {
  en: [
    ['callOutbound', 'Renewal pricing call'],
    ['meeting', 'Quarterly business review'],
    ['visit', 'Site visit at the plant'],
    ['demo', 'Demo of the reporting module'],
    ['email', 'Sent the revised quote'],
    ['callInbound', 'Support question about invoices'],
    ['note', 'Budget approved for next year'],
  ],
  zh: [
    ['callOutbound', '续约报价电话'],
    ['meeting', '季度业务回顾'],
    ['visit', '工厂现场拜访'],
    ['demo', '报表模块演示'],
    ['email', '发送修改后的报价'],
    ['callInbound', '客户来电咨询发票'],
    ['note', '明年预算已批准'],
  ],
};

export interface DemoDataSet {
  /** The sales reps; the first is the dev user. */
  reps: DemoRep[];
  accounts: NewAccount[];
  /** Contacts by the index of their account in `accounts`. */
  contacts: { accountIndex: number; contact: Omit<NewContact, 'accountId'> }[];
  /**
   * Activities by account index and author (index in `reps`), with contacts by their index in `contacts`; times
   * relative to `now`. The dev user logged each account's latest, with today's activities and the follow-ups.
   */
  activities: {
    accountIndex: number;
    authorIndex: number;
    contactIndexes: number[];
    activity: Omit<NewActivity, 'accountId' | 'contactIds'>;
  }[];
  deals: DemoDeal[];
  leads: DemoLead[];
}

/** What the set depends on besides the time: the viewer's time zone, the dev user, and the tenant's stages. */
export interface DemoSetting {
  timeZone: string;
  devUser: { userId: string; displayName: string };
  stages: { open: readonly Stage[]; won: string; lost: string };
}

const dayMs = 86_400_000;

/**
 * The demo set at `now`, the same every time: 40 accounts, 3 contacts each (coach, technical, economic…), 10 activities
 * each over the last 60 days, a few today, and follow-ups due today, overdue, and in the coming days; sixty deals and
 * twelve leads (demo-pipeline.ts).
 */
export function demoDataSet(now: Date, { timeZone, devUser, stages }: DemoSetting): DemoDataSet {
  const random = seededRandom(20_260_101);
  const reps = demoReps(devUser);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const named = [...englishAccounts.map((a) => ({ a, zh: false })), ...chineseAccounts.map((a) => ({ a, zh: true }))];
  const accounts: NewAccount[] = named.map(({ a: [name, industry, region] }, i) => ({
    name,
    industry,
    region,
    team: teamOfRegion(region),
    size: pick(['small', 'medium', 'large'] as const),
    type: 'enterprise',
    tags: i % 5 === 0 ? ['vip'] : [],
    consent: { phone: true, email: true, mail: random() < 0.3, sms: false },
  }));
  const contacts: DemoDataSet['contacts'] = named.flatMap(({ zh }, accountIndex) =>
    [0, 1, 2].map((n) => {
      const language = zh ? 'zh' : 'en';
      return {
        accountIndex,
        contact: {
          name: personName(language, accountIndex * 3 + n),
          title: titles[language][(accountIndex + n) % 5],
          email: `contact${accountIndex}.${n}@example.com`,
          cuteRole: cuteRoles[(accountIndex + n) % cuteRoles.length],
          consent: { phone: true, email: true, mail: false, sms: false },
        },
      };
    }),
  );
  const today = localDateOf(now.toISOString(), timeZone);
  const activities: DemoDataSet['activities'] = named.flatMap(({ zh }, accountIndex) =>
    Array.from({ length: 10 }, (_, n) => {
      // The first activity of every fourth account happened within the last hour, so today's daily report has some.
      const daysAgo = n === 0 && accountIndex % 4 === 0 ? 0 : 1 + Math.floor(random() * 59);
      const earlier = now.getTime() - daysAgo * dayMs - Math.floor(random() * (daysAgo === 0 ? 3_600_000 : 8 * 3_600_000));
      // Today's stay today where the viewer is, also in the first hour after their midnight.
      const occurred = daysAgo === 0 && localDateOf(new Date(earlier).toISOString(), timeZone) !== today ? now.getTime() - 60_000 : earlier;
      const [type, subject] = pick(subjects[zh ? 'zh' : 'en']);
      // The first activity of every third account asks for a follow-up: due today, overdue, or in the coming days.
      const followUpDays = n === 0 && accountIndex % 3 === 0 ? [0, -2, -5, 3, 6][accountIndex % 5]! : undefined;
      const followUpOn =
        followUpDays === undefined
          ? undefined
          : followUpDays === 0
            ? today
            : localDateOf(new Date(now.getTime() + followUpDays * dayMs).toISOString(), timeZone);
      return {
        accountIndex,
        authorIndex: n === 0 ? 0 : repOfAccount(reps, teamOfRegion(accounts[accountIndex]!.region!), accountIndex),
        contactIndexes: [accountIndex * 3 + (n % 3)],
        activity: {
          type,
          subject,
          notes: zh ? `${subject}：客户反馈积极，下一步准备方案。` : `${subject}: the customer was positive; next, a proposal.`,
          occurredAt: new Date(Math.max(occurred, now.getTime() - 60 * dayMs)).toISOString(),
          timeZone,
          durationMinutes: 15 * (1 + Math.floor(random() * 4)),
          ...(followUpOn ? { followUpOn, nextStep: zh ? '发送方案' : 'Send the proposal' } : {}),
        },
      };
    }),
  );
  const facts = named.map(({ a: [, , region], zh }) => ({ team: teamOfRegion(region), chinese: zh }));
  return { reps, accounts, contacts, activities, deals: demoDeals(now, stages, facts, reps), leads: demoLeads(reps) };
}
