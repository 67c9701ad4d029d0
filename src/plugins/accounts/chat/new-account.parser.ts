// Reads `new account Contoso Ltd; industry retail; region Shanghai` / `新建客户 Contoso；行业 零售；地域 上海` into a new account.
import type { Locale } from '../../../core/i18n';
import { newAccountSchema, type NewAccount } from '../account.schema';
import {
  accountFieldWords,
  accountSizeWords,
  accountTypeWords,
  channelWords,
  phoneValue,
  valueOf,
  type AccountField,
} from './account-field.words';
import { schemaFailure, splitFields, type FieldParseFailure } from '../../../core/field-list.parser';

export type NewAccountParse = { ok: true; account: NewAccount } | FieldParseFailure;

/**
 * The account described after the `new account` / `新建客户` trigger: its name, then optional fields
 * (industry 行业, region 地域, type 类型, size 规模, phone 电话, website 网站, tags 标签, address 地址, team 团队,
 * channel 渠道), validated with `newAccountSchema`. A bad value fails with the field it belongs to.
 * The locale is accepted for symmetry with the other chat parsers; both languages are always understood.
 * @example parseNewAccount('Contoso Ltd; industry retail; type government; tags vip, key', 'en')
 * // { ok: true, account: { name: 'Contoso Ltd', industry: 'retail', type: 'government', tags: ['vip', 'key'], … } }
 */
export function parseNewAccount(args: string, _locale: Locale): NewAccountParse {
  if (!args.trim()) return { ok: false, reason: 'emptyArgs' };
  const list = splitFields(args, accountFieldWords);
  if (!list.ok) return list;
  if (!list.lead) return { ok: false, reason: 'missingName' };
  const { values } = list;
  const draft: Record<string, unknown> = { name: list.lead };
  for (const field of Object.keys(values) as AccountField[]) {
    const typed = values[field]!;
    const value = accountValue(field, typed);
    if (value === undefined) return { ok: false, reason: 'badValue', field, detail: typed };
    draft[field] = value;
  }
  const parsed = newAccountSchema.safeParse(draft);
  if (!parsed.success) return schemaFailure(parsed.error, { ...values, name: list.lead });
  return { ok: true, account: parsed.data };
}

/** The stored form of one typed value, or undefined when it is not a value of that field. */
function accountValue(field: AccountField, typed: string): unknown {
  switch (field) {
    case 'type':
      return valueOf(accountTypeWords, typed);
    case 'size':
      return valueOf(accountSizeWords, typed);
    case 'preferredChannel':
      return valueOf(channelWords, typed);
    case 'tags':
      return [
        ...new Set(
          typed
            .split(/[,，、]/u)
            .map((tag) => tag.trim())
            .filter((tag) => tag !== ''),
        ),
      ];
    case 'website':
      return /^[a-z][a-z\d+.-]*:\/\//iu.test(typed) ? typed : `https://${typed}`;
    case 'phone':
      return phoneValue(typed);
    default:
      return typed;
  }
}
