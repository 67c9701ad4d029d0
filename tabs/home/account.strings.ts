// The home tab's account view strings, in English and Simplified Chinese (CUTE roles and activity types per DOMAIN.md).
import { translatorFor, type Locale } from '../shared/strings';

const en = {
  back: 'All accounts',
  loadingAccount: 'Loading the account…',
  notFound: 'This account does not exist, or it is not in your organisation’s CRM.',
  facts: 'Facts',
  type: 'Type',
  size: 'Size',
  team: 'Team',
  tags: 'Tags',
  channel: 'Preferred channel',
  website: 'Website',
  phone: 'Phone',
  address: 'Address',
  contacts: 'Contacts',
  noContacts: 'No contacts yet.',
  activities: 'Recent activities',
  noActivities: 'No activities yet.',
  followUp: 'follow up {date}',
  deals: 'Open deals ({count})',
  noDeals: 'No open deals.',
  closes: 'closes {date}',
  'type.enterprise': 'Enterprise',
  'type.individual': 'Individual',
  'type.government': 'Government',
  'size.micro': 'Micro',
  'size.small': 'Small',
  'size.medium': 'Medium',
  'size.large': 'Large',
  'role.coach': 'Coach',
  'role.user': 'User',
  'role.technical': 'Technical buyer',
  'role.economic': 'Economic buyer',
  'activity.callInbound': 'Inbound call',
  'activity.callOutbound': 'Outbound call',
  'activity.meeting': 'Meeting',
  'activity.visit': 'Visit',
  'activity.email': 'Email',
  'activity.correspondence': 'Correspondence',
  'activity.fax': 'Fax',
  'activity.appointment': 'Appointment',
  'activity.demo': 'Demo',
  'activity.milestone': 'Milestone',
  'activity.event': 'Event',
  'activity.research': 'Research',
  'activity.note': 'Note',
  'activity.task': 'Task',
} as const;

export type AccountStringKey = keyof typeof en;

const zhCN: Record<AccountStringKey, string> = {
  back: '全部客户',
  loadingAccount: '正在加载客户…',
  notFound: '该客户不存在，或不属于您所在组织的 CRM。',
  facts: '基本信息',
  type: '类型',
  size: '规模',
  team: '团队',
  tags: '标签',
  channel: '首选联系方式',
  website: '网站',
  phone: '电话',
  address: '地址',
  contacts: '联系人',
  noContacts: '暂无联系人。',
  activities: '最近活动',
  noActivities: '暂无活动。',
  followUp: '{date} 跟进',
  deals: '进行中的商机（{count}）',
  noDeals: '暂无进行中的商机。',
  closes: '预计 {date} 成交',
  'type.enterprise': '企业',
  'type.individual': '个人',
  'type.government': '政府',
  'size.micro': '微型',
  'size.small': '小型',
  'size.medium': '中型',
  'size.large': '大型',
  'role.coach': '教练',
  'role.user': '使用者',
  'role.technical': '技术把关者',
  'role.economic': '经济决策者',
  'activity.callInbound': '呼入',
  'activity.callOutbound': '呼出',
  'activity.meeting': '会议',
  'activity.visit': '拜访',
  'activity.email': '邮件',
  'activity.correspondence': '信函',
  'activity.fax': '传真',
  'activity.appointment': '约会',
  'activity.demo': '演示',
  'activity.milestone': '里程碑',
  'activity.event': '事件',
  'activity.research': '调研',
  'activity.note': '备注',
  'activity.task': '任务',
};

export type AccountTranslate = (key: AccountStringKey, params?: Record<string, string | number>) => string;

export function accountTranslator(locale: Locale): AccountTranslate {
  return translatorFor({ en, 'zh-CN': zhCN }, locale);
}

/** A key of this catalogue for a value the server sends (a type, role or activity type), or undefined if unknown. */
export function keyFor(prefix: 'type' | 'size' | 'role' | 'activity', value: string | undefined): AccountStringKey | undefined {
  const key = `${prefix}.${value}`;
  return value !== undefined && Object.hasOwn(en, key) ? (key as AccountStringKey) : undefined;
}
