// Account and contact lines typed in chat, in English or Chinese, become valid new records or name the field at fault.
import { describe, expect, it } from 'vitest';
import { newAccountSchema, newContactSchema } from '../../src/plugins/accounts/account.schema';
import { fieldFailureHint } from '../../src/plugins/accounts/chat/account-chat.messages';
import type { FieldParseFailure } from '../../src/core/field-list.parser';
import { parseFindAccounts } from '../../src/plugins/accounts/chat/find-accounts.parser';
import { parseNewAccount } from '../../src/plugins/accounts/chat/new-account.parser';
import { parseNewContact } from '../../src/plugins/accounts/chat/new-contact.parser';

function account(args: string, locale: 'en' | 'zh-CN' = 'en') {
  const result = parseNewAccount(args, locale);
  if (!result.ok) throw new Error(`expected an account, got ${JSON.stringify(result)}`);
  expect(newAccountSchema.safeParse(result.account).success).toBe(true);
  return result.account;
}

function contact(args: string, locale: 'en' | 'zh-CN' = 'en') {
  const result = parseNewContact(args, locale);
  if (!result.ok) throw new Error(`expected a contact, got ${JSON.stringify(result)}`);
  expect(newContactSchema.omit({ accountId: true }).safeParse(result.contact).success).toBe(true);
  return result;
}

describe('parseNewAccount', () => {
  it('reads every English field', () => {
    const args =
      'Contoso Ltd; industry retail; region Shanghai; type government; size large; phone +86 21 5555 0100; website https://contoso.com; tags vip, key';
    expect(account(args)).toMatchObject({
      name: 'Contoso Ltd',
      industry: 'retail',
      region: 'Shanghai',
      type: 'government',
      size: 'large',
      phone: '+86 21 5555 0100',
      website: 'https://contoso.com',
      tags: ['vip', 'key'],
    });
  });

  it('reads Chinese field names and values', () => {
    expect(account('Contoso；行业 零售；地域 上海；类型 政府；规模 大型', 'zh-CN')).toMatchObject({
      name: 'Contoso',
      industry: '零售',
      region: '上海',
      type: 'government',
      size: 'large',
    });
  });

  it.each<[string, object]>([
    ['Contoso, industry retail, region Shanghai', { name: 'Contoso', industry: 'retail', region: 'Shanghai' }],
    ['Contoso, Ltd, industry retail', { name: 'Contoso, Ltd', industry: 'retail' }],
    ['中国移动，行业 通信，地域 北京', { name: '中国移动', industry: '通信', region: '北京' }],
    ['Contoso；行业零售；标签 重要、大客户', { industry: '零售', tags: ['重要', '大客户'] }],
    ['Contoso; industry: retail; Region：East', { industry: 'retail', region: 'East' }],
    ['Contoso; website contoso.com', { website: 'https://contoso.com' }],
    ['Contoso; type individual; size 小型; channel 微信', { type: 'individual', size: 'small', preferredChannel: 'wechat' }],
    ['Contoso; tags vip, vip, key', { tags: ['vip', 'key'] }],
    ['Contoso', { name: 'Contoso', type: 'enterprise' }],
    ['A/B #1? \\ 🚀 Co; industry 🚀', { name: 'A/B #1? \\ 🚀 Co', industry: '🚀' }],
  ])('reads "%s"', (args, expected) => {
    expect(account(args)).toMatchObject(expected);
  });

  it.each<[string, FieldParseFailure]>([
    ['', { ok: false, reason: 'emptyArgs' }],
    ['; industry retail', { ok: false, reason: 'missingName' }],
    ['Contoso; colour red', { ok: false, reason: 'unknownField', detail: 'colour red' }],
    ['Contoso; industry a; industry b', { ok: false, reason: 'duplicateField', field: 'industry', detail: 'industry b' }],
    ['Contoso; industry', { ok: false, reason: 'badValue', field: 'industry', detail: 'industry' }],
    ['Contoso; type spaceship', { ok: false, reason: 'badValue', field: 'type', detail: 'spaceship' }],
    ['Contoso；规模 巨型', { ok: false, reason: 'badValue', field: 'size', detail: '巨型' }],
    ['Contoso; channel pigeon', { ok: false, reason: 'badValue', field: 'preferredChannel', detail: 'pigeon' }],
    ['Contoso; phone call me', { ok: false, reason: 'badValue', field: 'phone', detail: 'call me' }],
    ['Contoso; website ftp://contoso.com', { ok: false, reason: 'badValue', field: 'website', detail: 'ftp://contoso.com' }],
    [`Contoso; industry ${'x'.repeat(101)}`, { ok: false, reason: 'badValue', field: 'industry', detail: 'x'.repeat(101) }],
    [`${'x'.repeat(201)}; industry retail`, { ok: false, reason: 'badValue', field: 'name', detail: 'x'.repeat(201) }],
  ])('refuses "%s"', (args, failure) => {
    expect(parseNewAccount(args, 'en')).toEqual(failure);
  });

  it('refuses more than 20 tags', () => {
    const tags = Array.from({ length: 21 }, (_, i) => `t${i}`).join(', ');
    expect(parseNewAccount(`Contoso; tags ${tags}`, 'en')).toMatchObject({ ok: false, reason: 'badValue', field: 'tags' });
  });
});

describe('parseNewContact', () => {
  it('reads every English field', () => {
    const result = contact('Ana Silva at Contoso; title CFO; email ana@contoso.com; phone +1 425 555 0100; role economic');
    expect(result).toMatchObject({
      accountName: 'Contoso',
      contact: { name: 'Ana Silva', title: 'CFO', email: 'ana@contoso.com', phone: '+1 425 555 0100', cuteRole: 'economic' },
    });
  });

  it('reads a Chinese line', () => {
    expect(contact('李雷 @ 中国移动；职位 采购经理；角色 经济决策者', 'zh-CN')).toMatchObject({
      accountName: '中国移动',
      contact: { name: '李雷', title: '采购经理', cuteRole: 'economic' },
    });
  });

  it.each<[string, object]>([
    [
      '李雷 在 中国移动，职位 经理，邮箱 li@chinamobile.com',
      { accountName: '中国移动', contact: { name: '李雷', title: '经理', email: 'li@chinamobile.com' } },
    ],
    ['Ana Silva@Contoso', { accountName: 'Contoso', contact: { name: 'Ana Silva' } }],
    ['Ana at Contoso at Work; role coach', { accountName: 'Contoso at Work', contact: { name: 'Ana', cuteRole: 'coach' } }],
    ['Ana at Contoso; title VP, Sales; role 技术把关者', { contact: { title: 'VP, Sales', cuteRole: 'technical' } }],
    ['王芳 @ 中国移动；角色 使用者；渠道 电话', { contact: { cuteRole: 'user', preferredChannel: 'phone' } }],
  ])('reads "%s"', (args, expected) => {
    expect(contact(args)).toMatchObject(expected);
  });

  it.each<[string, FieldParseFailure]>([
    ['', { ok: false, reason: 'emptyArgs' }],
    ['@ Contoso', { ok: false, reason: 'missingName' }],
    ['Ana Silva; title CFO', { ok: false, reason: 'missingAccount', detail: 'Ana Silva' }],
    ['Ana at Contoso; email not-an-email', { ok: false, reason: 'badValue', field: 'email', detail: 'not-an-email' }],
    ['Ana at Contoso; role boss', { ok: false, reason: 'badValue', field: 'cuteRole', detail: 'boss' }],
    ['Ana at Contoso; shoe size 42', { ok: false, reason: 'unknownField', detail: 'shoe size 42' }],
    [`Ana at ${'x'.repeat(201)}`, { ok: false, reason: 'badValue', field: 'accountName', detail: 'x'.repeat(201) }],
  ])('refuses "%s"', (args, failure) => {
    expect(parseNewContact(args, 'en')).toEqual(failure);
  });
});

describe('parseFindAccounts', () => {
  it.each<[string, string[]]>([
    ['retail shanghai', ['retail', 'shanghai']],
    ['零售 上海', ['零售', '上海']],
    ['零售、上海，北京', ['零售', '上海', '北京']],
    ['  retail,,  Shanghai  ', ['retail', 'Shanghai']],
    ['retail RETAIL ｒｅｔａｉｌ', ['retail']],
    ['a b c d e f g', ['a', 'b', 'c', 'd', 'e']],
    ['', []],
  ])('reads "%s"', (args, terms) => {
    expect(parseFindAccounts(args)).toEqual(terms);
  });
});

describe('fieldFailureHint', () => {
  it.each<FieldParseFailure['reason']>(['emptyArgs', 'missingName', 'missingAccount', 'unknownField', 'duplicateField', 'badValue'])(
    'explains %s in both languages',
    (reason) => {
      const failure: FieldParseFailure = { ok: false, reason, field: 'size', detail: '巨型' };
      expect(fieldFailureHint(failure, 'en')).not.toBe(fieldFailureHint(failure, 'zh-CN'));
      expect(fieldFailureHint(failure, 'zh-CN')).toMatch(/[\u4e00-\u9fff]/u);
    },
  );

  it('names the field and quotes the value', () => {
    expect(fieldFailureHint({ ok: false, reason: 'badValue', field: 'size', detail: 'huge' }, 'en')).toBe(
      '"huge" is not a valid size (micro, small, medium, large).',
    );
    expect(fieldFailureHint({ ok: false, reason: 'badValue', field: 'size', detail: '巨型' }, 'zh-CN')).toBe(
      '“巨型”不是有效的规模（微型、小型、中型、大型）。',
    );
  });
});
