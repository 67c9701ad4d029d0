// The field names and values reps type for accounts and contacts, in English and Chinese.
import type { accountSizes, accountTypes, contactChannels, cuteRoles } from '../account.schema';

/** Field name → the words that introduce it: `industry retail`, `行业 零售`. */
export const accountFieldWords = {
  industry: ['industry', '行业'],
  region: ['region', '地域', '地区', '区域'],
  type: ['type', '类型', '客户类型'],
  size: ['size', '规模'],
  phone: ['phone', 'tel', 'telephone', '电话', '手机'],
  website: ['website', 'web', 'url', '网站', '网址', '官网'],
  tags: ['tags', 'tag', '标签'],
  address: ['address', '地址'],
  team: ['team', '团队'],
  preferredChannel: ['preferred channel', 'channel', '首选渠道', '渠道'],
} as const satisfies Record<string, readonly string[]>;
export type AccountField = keyof typeof accountFieldWords;

export const contactFieldWords = {
  title: ['title', 'job title', 'position', '职位', '职务', '头衔'],
  email: ['email', 'e-mail', '邮箱', '电子邮件', '邮件'],
  phone: ['phone', 'tel', 'mobile', '电话', '手机'],
  cuteRole: ['role', 'cute role', 'cute', '角色'],
  preferredChannel: ['preferred channel', 'channel', '首选渠道', '渠道'],
} as const satisfies Record<string, readonly string[]>;
export type ContactField = keyof typeof contactFieldWords;

export const accountTypeWords: Record<(typeof accountTypes)[number], string[]> = {
  enterprise: ['enterprise', 'company', 'business', '企业', '公司'],
  individual: ['individual', 'person', 'personal', '个人'],
  government: ['government', 'gov', '政府'],
};

export const accountSizeWords: Record<(typeof accountSizes)[number], string[]> = {
  micro: ['micro', '微型', '微'],
  small: ['small', '小型', '小'],
  medium: ['medium', 'mid', '中型', '中'],
  large: ['large', 'big', '大型', '大'],
};

export const channelWords: Record<(typeof contactChannels)[number], string[]> = {
  phone: ['phone', '电话'],
  email: ['email', 'e-mail', '邮件', '电子邮件', '邮箱'],
  mail: ['mail', 'post', '信函', '邮寄'],
  sms: ['sms', 'text', '短信'],
  visit: ['visit', '拜访', '上门'],
  wechat: ['wechat', '微信'],
  teams: ['teams'],
};

/** CUTE: Coach 教练, User 使用者, Technical 技术把关者, Economic 经济决策者. */
export const cuteRoleWords: Record<(typeof cuteRoles)[number], string[]> = {
  coach: ['coach', '教练'],
  user: ['user', '使用者', '用户'],
  technical: ['technical', 'tech', '技术把关者', '技术'],
  economic: ['economic', 'economic buyer', 'decision maker', '经济决策者', '决策者'],
};

/**
 * The value whose words include `typed` (case and width folded), or undefined.
 * @example valueOf(cuteRoleWords, '经济决策者') // 'economic'
 */
export function valueOf<V extends string>(words: Record<V, string[]>, typed: string): V | undefined {
  const folded = typed.normalize('NFKC').trim().toLowerCase();
  return (Object.keys(words) as V[]).find((value) => words[value].includes(folded));
}

/** Digits with the usual punctuation, an optional `+` and an optional extension; at least five digits. */
export function phoneValue(typed: string): string | undefined {
  const plausible = /^\+?[\d\s().-]+(?:\s*(?:x|ext\.?|转)\s*\d+)?$/iu.test(typed) && (typed.match(/\d/gu) ?? []).length >= 5;
  return plausible ? typed : undefined;
}

/** Suggested chat triggers for the account commands that take these fields. */
export const accountChatTriggers = {
  newAccount: { en: ['new account', 'create account'], 'zh-CN': ['新建客户', '新客户'] },
  newContact: { en: ['new contact', 'add contact'], 'zh-CN': ['新建联系人', '新联系人'] },
  findAccounts: { en: ['find accounts', 'find account'], 'zh-CN': ['查找客户', '搜索客户'] },
} as const;
