// Hints for an account or contact line the chat parsers could not read, in English and Simplified Chinese.
import { defineMessages, format, type Locale } from '../../../core/i18n';
import type { FieldParseFailure } from '../../../core/field-list.parser';

export const accountChatMessages = defineMessages({
  en: {
    'hint.emptyArgs': 'Tell me the details, for example: new account Contoso Ltd; industry retail; region Shanghai',
    'hint.missingName': 'Start with the name, for example: new contact Ana Silva at Contoso; title CFO',
    'hint.missingAccount': 'Which account does "{detail}" belong to? For example: new contact Ana Silva at Contoso',
    'hint.unknownField':
      'I do not know the field in "{detail}". Fields: industry, region, type, size, phone, website, tags, address, team, channel; for contacts: title, email, phone, role, channel.',
    'hint.duplicateField': 'The {field} is given twice.',
    'hint.badValue': '"{detail}" is not a valid {field}.',
    'field.name': 'name',
    'field.accountName': 'account name',
    'field.industry': 'industry',
    'field.region': 'region',
    'field.type': 'type (enterprise, individual, government)',
    'field.size': 'size (micro, small, medium, large)',
    'field.phone': 'phone number',
    'field.website': 'website',
    'field.tags': 'tag list (at most 20 tags of 50 characters)',
    'field.address': 'address',
    'field.team': 'team',
    'field.preferredChannel': 'channel (phone, email, mail, sms, visit, wechat, teams)',
    'field.title': 'title',
    'field.email': 'email address',
    'field.cuteRole': 'role (coach, user, technical, economic)',
  },
  'zh-CN': {
    'hint.emptyArgs': '请提供详细信息，例如：新建客户 Contoso；行业 零售；地域 上海',
    'hint.missingName': '请先写名称，例如：新建联系人 李雷 @ 中国移动；职位 采购经理',
    'hint.missingAccount': '“{detail}”属于哪个客户？例如：新建联系人 李雷 @ 中国移动',
    'hint.unknownField':
      '无法识别“{detail}”中的字段。可用字段：行业、地域、类型、规模、电话、网站、标签、地址、团队、渠道；联系人：职位、邮箱、电话、角色、渠道。',
    'hint.duplicateField': '{field}填写了两次。',
    'hint.badValue': '“{detail}”不是有效的{field}。',
    'field.name': '名称',
    'field.accountName': '客户名称',
    'field.industry': '行业',
    'field.region': '地域',
    'field.type': '类型（企业、个人、政府）',
    'field.size': '规模（微型、小型、中型、大型）',
    'field.phone': '电话号码',
    'field.website': '网站',
    'field.tags': '标签（最多 20 个，每个不超过 50 个字符）',
    'field.address': '地址',
    'field.team': '团队',
    'field.preferredChannel': '渠道（电话、邮件、信函、短信、拜访、微信、Teams）',
    'field.title': '职位',
    'field.email': '邮箱',
    'field.cuteRole': '角色（教练、使用者、技术把关者、经济决策者）',
  },
});

type FieldLabelKey = Extract<keyof (typeof accountChatMessages)['en'], `field.${string}`>;

/** The localised hint for a failed account or contact line. */
export function fieldFailureHint(failure: FieldParseFailure, locale: Locale): string {
  const strings = accountChatMessages[locale];
  const labelKey = `field.${failure.field ?? 'name'}` as FieldLabelKey;
  const field = strings[labelKey] ?? failure.field ?? '';
  return format(strings[`hint.${failure.reason}`], { field, detail: failure.detail ?? '' });
}
