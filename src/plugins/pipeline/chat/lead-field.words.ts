// The words reps type for a lead's fields and sources, and for a conversion's deal, in English and Chinese.
import type { leadSources } from '../pipeline.schema';

/** Field name → the words that introduce it: `source referral`, `来源 推荐`. */
export const leadFieldWords = {
  company: ['company', 'organisation', 'organization', '公司', '单位', '企业'],
  contactName: ['contact', 'contact name', '联系人'],
  email: ['email', 'e-mail', '邮箱', '电子邮件'],
  phone: ['phone', 'tel', 'mobile', '电话', '手机'],
  source: ['source', 'lead source', '来源', '线索来源'],
  referredBy: ['referred by', 'referrer', '推荐人', '介绍人'],
  notes: ['notes', 'note', '备注'],
  team: ['team', '团队'],
} as const satisfies Record<string, readonly string[]>;
export type LeadField = keyof typeof leadFieldWords;

/** Where a lead came from 线索来源 (DOMAIN.md): marketing, service request, web, phone, email, referral, and the rest. */
export const leadSourceWords: Record<(typeof leadSources)[number], string[]> = {
  marketing: ['marketing', 'campaign', '市场', '市场活动', '营销'],
  'service-request': ['service request', 'service-request', 'service', '服务请求', '服务'],
  web: ['web', 'website', 'online', '网站', '网络', '官网'],
  phone: ['phone', 'call', '电话'],
  email: ['email', 'e-mail', '邮件', '电子邮件'],
  referral: ['referral', 'referred', '推荐', '转介绍', '介绍'],
  event: ['event', 'trade show', '展会', '活动'],
  partner: ['partner', '合作伙伴', '伙伴'],
  other: ['other', '其他'],
};

/** `convert lead Acme; title ERP; amount 120k; close Q3` / `转化线索 Acme；标题 ERP；金额 12万；预计成交 Q3`. */
export const conversionFieldWords = {
  title: ['title', 'deal', 'opportunity', '标题', '商机', '商机标题'],
  amount: ['amount', 'value', '金额', '预计金额'],
  close: ['close', 'expected close', 'closing', 'close date', '预计成交', '成交', '预计', '成交日期'],
} as const satisfies Record<string, readonly string[]>;
export type ConversionField = keyof typeof conversionFieldWords;

/** The source a typed word names (case and width folded), or undefined. */
export function sourceOf(typed: string): (typeof leadSources)[number] | undefined {
  const folded = typed.normalize('NFKC').trim().toLowerCase();
  return (Object.keys(leadSourceWords) as (typeof leadSources)[number][]).find((source) => leadSourceWords[source].includes(folded));
}
