// A seeded generator of realistic CRM data (accounts, contacts, activities) in English and Chinese, for the demo and the bench.
import { activityTypes, localDateOf, type ActivityType, type NewActivity } from '../plugins/activities';
import { accountSizes, accountTypes, cuteRoles, type NewAccount, type NewContact } from '../plugins/accounts/account.schema';

/** mulberry32: small, fast and good enough to make the same data set from the same seed. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = <T>(random: () => number, items: readonly T[]): T => items[Math.floor(random() * items.length)]!;

const englishStems = [
  'Contoso',
  'Fabrikam',
  'Northwind',
  'Tailspin',
  'Litware',
  'Adatum',
  'Proseware',
  'Wingtip',
  'Woodgrove',
  'Lamna',
  'Alpine',
  'Coho',
  'Fourth Coffee',
  'Humongous',
  'Margie',
  'Trey',
  'Wide World',
  'Blue Yonder',
  'Graphic Design',
  'Relecloud',
];
const englishSuffixes = ['Ltd', 'Inc', 'Group', 'Holdings', 'Trading', 'Logistics', 'Health', 'Energy', 'Foods', 'Systems'];
const chineseStems = [
  '中国',
  '华东',
  '北京',
  '上海',
  '深圳',
  '广州',
  '杭州',
  '南京',
  '成都',
  '武汉',
  '星辰',
  '长江',
  '东方',
  '新华',
  '海通',
  '金桥',
  '天合',
  '恒信',
  '盛达',
  '永安',
];
const chineseSuffixes = [
  '科技有限公司',
  '贸易有限公司',
  '物流集团',
  '医疗器械有限公司',
  '能源股份有限公司',
  '食品有限公司',
  '制造有限公司',
  '信息技术有限公司',
];
const industries = {
  en: ['Retail', 'Manufacturing', 'Logistics', 'Healthcare', 'Energy', 'Finance', 'Education', 'Government'],
  zh: ['零售', '制造业', '物流', '医疗', '能源', '金融', '教育', '政府'],
};
const regions = {
  en: ['Shanghai', 'Beijing', 'Shenzhen', 'Guangzhou', 'Hangzhou', 'Chengdu', 'Singapore', 'Hong Kong'],
  zh: ['上海', '北京', '深圳', '广州', '杭州', '成都', '华东', '华北'],
};
const givenNames = ['Ana', 'Wei', 'Li', 'Chen', 'Mei', 'James', 'Sofia', 'Ravi', 'Hannah', 'Tom'];
const familyNames = ['Silva', 'Wang', 'Zhang', 'Liu', 'Chen', 'Smith', 'Garcia', 'Patel', 'Müller', 'Kim'];
const chineseNames = ['李雷', '韩梅梅', '王芳', '张伟', '刘洋', '陈静', '杨帆', '赵磊', '黄晓明', '周婷'];
const titles = [
  'CFO',
  'CIO',
  'Procurement Manager',
  'IT Director',
  'Operations Lead',
  '采购经理',
  '技术总监',
  '总经理',
  '财务总监',
  '运营主管',
];
const subjects = {
  en: ['Discussed renewal', 'Demo of the new module', 'Pricing follow-up', 'Quarterly business review', 'Site visit', 'Contract questions'],
  zh: ['讨论续约', '新模块演示', '报价跟进', '季度业务回顾', '现场拜访', '合同问题沟通'],
};

export interface GeneratedAccount {
  index: number;
  account: NewAccount;
}

/** The `index`-th account of the data set: unique name, Chinese for about a third of them. */
export function generateAccount(seed: number, index: number): GeneratedAccount {
  const random = seededRandom(seed * 1_000_003 + index);
  const chinese = random() < 0.35;
  const language = chinese ? 'zh' : 'en';
  const name = chinese
    ? `${pick(random, chineseStems)}${pick(random, chineseSuffixes)} ${index}`
    : `${pick(random, englishStems)} ${pick(random, englishSuffixes)} ${index}`;
  return {
    index,
    account: {
      name,
      industry: pick(random, industries[language]),
      region: pick(random, regions[language]),
      size: pick(random, accountSizes),
      type: random() < 0.9 ? 'enterprise' : pick(random, accountTypes),
      tags: random() < 0.2 ? ['vip'] : [],
      consent: { phone: random() < 0.6, email: random() < 0.8, mail: random() < 0.3, sms: false },
    },
  };
}

/** The `index`-th contact of account `accountIndex`. */
export function generateContact(seed: number, accountIndex: number, index: number): Omit<NewContact, 'accountId'> {
  const random = seededRandom(seed * 7_000_003 + accountIndex * 101 + index);
  const chinese = random() < 0.4;
  const name = chinese ? pick(random, chineseNames) : `${pick(random, givenNames)} ${pick(random, familyNames)}`;
  return {
    name: `${name} ${accountIndex}-${index}`,
    title: pick(random, titles),
    email: `contact${accountIndex}.${index}@example.com`,
    cuteRole: pick(random, cuteRoles),
    consent: { phone: random() < 0.5, email: true, mail: false, sms: false },
  };
}

export interface GeneratedActivity {
  type: ActivityType;
  subject: string;
  notes: string;
  /** Minutes before `now`. */
  minutesAgo: number;
  durationMinutes: number;
  /** Days after the activity that its follow-up is due, for about one activity in seven. */
  followUpAfterDays?: number;
}

/** The `index`-th activity of an account; spread over the last year, a few with follow-ups. */
export function generateActivity(seed: number, accountIndex: number, index: number): GeneratedActivity {
  const random = seededRandom(seed * 13_000_003 + accountIndex * 1009 + index);
  const language = random() < 0.4 ? 'zh' : 'en';
  const subject = pick(random, subjects[language]);
  return {
    type: pick(random, activityTypes),
    subject,
    notes: `${subject}. ${language === 'zh' ? '客户反馈积极，需要准备下一步方案。' : 'The customer was positive; prepare the next proposal.'}`,
    minutesAgo: Math.floor(random() * 365 * 24 * 60),
    durationMinutes: 15 * (1 + Math.floor(random() * 6)),
    followUpAfterDays: random() < 0.15 ? 1 + Math.floor(random() * 14) : undefined,
  };
}

const dayMs = 86_400_000;

/**
 * A generated activity as the activities service takes it, at `now`. Follow-ups more than two weeks overdue count as
 * done, as reps close them: a CRM whose every old follow-up is still open is not one anybody uses.
 */
export function toNewActivity(generated: GeneratedActivity, accountId: string, now: Date, timeZone = 'Asia/Shanghai'): NewActivity {
  const occurred = now.getTime() - generated.minutesAgo * 60_000;
  const activity: NewActivity = {
    accountId,
    type: generated.type,
    subject: generated.subject,
    notes: generated.notes,
    occurredAt: new Date(occurred).toISOString(),
    timeZone,
    durationMinutes: generated.durationMinutes,
  };
  if (generated.followUpAfterDays === undefined) return activity;
  const due = occurred + generated.followUpAfterDays * dayMs;
  return { ...activity, followUpOn: localDateOf(new Date(due).toISOString(), timeZone), followUpDone: due < now.getTime() - 14 * dayMs };
}
