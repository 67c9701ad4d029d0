// The two documented CSV formats, accounts and contacts: their columns in English and Chinese, in file order.
import type { Account, Consent, Contact } from '../account.schema';
import type { CsvColumn } from './csv-columns';
import { guardFormula, writeBoolean, writeChoice, writeTags, type Choices } from './csv-values';

const accountTypeChoices: Choices = { enterprise: { zh: '企业' }, individual: { zh: '个人' }, government: { zh: '政府' } };
const sizeChoices: Choices = { micro: { zh: '微型' }, small: { zh: '小型' }, medium: { zh: '中型' }, large: { zh: '大型' } };
const channelChoices: Choices = {
  phone: { zh: '电话' },
  email: { zh: '邮件', aliases: ['电子邮件', 'e-mail'] },
  mail: { zh: '信函', aliases: ['邮寄', 'post', 'letter'] },
  sms: { zh: '短信', aliases: ['text'] },
  visit: { zh: '拜访' },
  wechat: { zh: '微信' },
  teams: { zh: 'Teams', aliases: ['Microsoft Teams'] },
};
/** CUTE: Coach 教练, User 使用者, Technical 技术把关者, Economic 经济决策者. */
const cuteChoices: Choices = {
  coach: { zh: '教练' },
  user: { zh: '使用者', aliases: ['用户'] },
  technical: { zh: '技术把关者', aliases: ['技术'] },
  economic: { zh: '经济决策者', aliases: ['经济', '决策者'] },
};

/** An account as exported: the record and the name of its parent account, if any. */
export interface AccountLine {
  account: Account;
  parentName?: string;
}

/** A contact as exported, with the name of its account. */
export interface ContactLine {
  contact: Contact;
  accountName: string;
}

const text = (value: string | undefined) => guardFormula(value ?? '');

function consentColumns<Row>(consentOf: (row: Row) => Consent): CsvColumn<Row>[] {
  const labels = {
    phone: ['consentPhone', '允许电话'],
    email: ['consentEmail', '允许邮件'],
    mail: ['consentMail', '允许信函'],
    sms: ['consentSms', '允许短信'],
  } as const;
  return (Object.keys(labels) as (keyof Consent)[]).map((channel) => ({
    name: labels[channel][0],
    zh: labels[channel][1],
    field: `consent.${channel}`,
    kind: 'boolean' as const,
    write: (row: Row, language) => writeBoolean(consentOf(row)[channel], language),
  }));
}

export const accountFormat: readonly CsvColumn<AccountLine>[] = [
  {
    name: 'name',
    zh: '名称',
    aliases: ['客户名称', '客户'],
    field: 'name',
    kind: 'text',
    required: true,
    write: ({ account }) => text(account.name),
  },
  { name: 'industry', zh: '行业', field: 'industry', kind: 'text', write: ({ account }) => text(account.industry) },
  { name: 'region', zh: '地域', aliases: ['地区'], field: 'region', kind: 'text', write: ({ account }) => text(account.region) },
  {
    name: 'size',
    zh: '规模',
    field: 'size',
    kind: { choices: sizeChoices },
    write: ({ account }, language) => writeChoice(account.size, sizeChoices, language),
  },
  {
    name: 'type',
    zh: '类型',
    field: 'type',
    kind: { choices: accountTypeChoices },
    write: ({ account }, language) => writeChoice(account.type, accountTypeChoices, language),
  },
  { name: 'owner', zh: '负责人', kind: 'exportOnly', write: ({ account }) => text(account.ownerName || account.ownerId) },
  { name: 'team', zh: '团队', field: 'team', kind: 'text', write: ({ account }) => text(account.team) },
  { name: 'tags', zh: '标签', field: 'tags', kind: 'tags', write: ({ account }) => text(writeTags(account.tags)) },
  {
    name: 'preferredChannel',
    zh: '首选渠道',
    field: 'preferredChannel',
    kind: { choices: channelChoices },
    write: ({ account }, language) => writeChoice(account.preferredChannel, channelChoices, language),
  },
  ...consentColumns<AccountLine>(({ account }) => account.consent),
  { name: 'website', zh: '网站', field: 'website', kind: 'text', write: ({ account }) => text(account.website) },
  { name: 'phone', zh: '电话', field: 'phone', kind: 'text', write: ({ account }) => text(account.phone) },
  { name: 'address', zh: '地址', field: 'address', kind: 'text', write: ({ account }) => text(account.address) },
  { name: 'parentAccount', zh: '上级客户', aliases: ['母公司'], kind: 'reference', write: ({ parentName }) => text(parentName) },
];

export const contactFormat: readonly CsvColumn<ContactLine>[] = [
  { name: 'account', zh: '客户', aliases: ['客户名称'], kind: 'reference', required: true, write: ({ accountName }) => text(accountName) },
  {
    name: 'name',
    zh: '姓名',
    aliases: ['联系人', '名称'],
    field: 'name',
    kind: 'text',
    required: true,
    write: ({ contact }) => text(contact.name),
  },
  { name: 'title', zh: '职务', aliases: ['职位'], field: 'title', kind: 'text', write: ({ contact }) => text(contact.title) },
  {
    name: 'email',
    zh: '邮箱',
    aliases: ['电子邮件', '电子邮箱'],
    field: 'email',
    kind: 'text',
    write: ({ contact }) => text(contact.email),
  },
  { name: 'phone', zh: '电话', field: 'phone', kind: 'text', write: ({ contact }) => text(contact.phone) },
  {
    name: 'cuteRole',
    zh: '角色',
    aliases: ['CUTE角色', '购买角色'],
    field: 'cuteRole',
    kind: { choices: cuteChoices },
    write: ({ contact }, language) => writeChoice(contact.cuteRole, cuteChoices, language),
  },
  {
    name: 'preferredChannel',
    zh: '首选渠道',
    field: 'preferredChannel',
    kind: { choices: channelChoices },
    write: ({ contact }, language) => writeChoice(contact.preferredChannel, channelChoices, language),
  },
  ...consentColumns<ContactLine>(({ contact }) => contact.consent),
];
