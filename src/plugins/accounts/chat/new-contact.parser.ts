// Reads `new contact Ana Silva at Contoso; title CFO; role economic` / `新建联系人 李雷 @ 中国移动；职位 采购经理` into a new contact.
import type { Locale } from '../../../core/i18n';
import { text } from '../../../core/validation';
import { newContactSchema, type NewContact } from '../account.schema';
import { channelWords, contactFieldWords, cuteRoleWords, phoneValue, valueOf, type ContactField } from './account-field.words';
import { schemaFailure, splitFields, type FieldParseFailure } from '../../../core/field-list.parser';

/** The contact to create and the account it belongs to, by name; the command looks the account up. */
export type NewContactParse = { ok: true; accountName: string; contact: Omit<NewContact, 'accountId'> } | FieldParseFailure;

const contactDraftSchema = newContactSchema.omit({ accountId: true }).extend({ accountName: text(200) });

/**
 * The contact described after the `new contact` / `新建联系人` trigger: `<name> at|@|在 <account>`, then
 * optional fields (title 职位, email 邮箱, phone 电话, role 角色 as a CUTE role, channel 渠道).
 * The locale is accepted for symmetry with the other chat parsers; both languages are always understood.
 * @example parseNewContact('李雷 @ 中国移动；职位 采购经理；角色 经济决策者', 'zh-CN')
 * // { ok: true, accountName: '中国移动', contact: { name: '李雷', title: '采购经理', cuteRole: 'economic', … } }
 */
export function parseNewContact(args: string, _locale: Locale): NewContactParse {
  if (!args.trim()) return { ok: false, reason: 'emptyArgs' };
  const list = splitFields(args, contactFieldWords);
  if (!list.ok) return list;
  const pair = /^(.*?)(?:\s+at\s+|\s*[@＠]\s*|\s+在\s+)(.*)$/iu.exec(list.lead);
  const name = (pair ? pair[1]! : list.lead).trim();
  const accountName = pair?.[2]?.trim() ?? '';
  if (!name) return { ok: false, reason: 'missingName' };
  if (!accountName) return { ok: false, reason: 'missingAccount', detail: list.lead };
  const draft: Record<string, unknown> = { name, accountName };
  for (const field of Object.keys(list.values) as ContactField[]) {
    const typed = list.values[field]!;
    const value = contactValue(field, typed);
    if (value === undefined) return { ok: false, reason: 'badValue', field, detail: typed };
    draft[field] = value;
  }
  const parsed = contactDraftSchema.safeParse(draft);
  if (!parsed.success) return schemaFailure(parsed.error, { ...list.values, name, accountName });
  const { accountName: account, ...contact } = parsed.data;
  return { ok: true, accountName: account, contact };
}

function contactValue(field: ContactField, typed: string): string | undefined {
  if (field === 'cuteRole') return valueOf(cuteRoleWords, typed);
  if (field === 'preferredChannel') return valueOf(channelWords, typed);
  if (field === 'phone') return phoneValue(typed);
  return typed;
}
