// The home tab's strings (account list, search and the new-account form), in English and Simplified Chinese.
import { translatorFor, type Locale } from '../shared/strings';

const en = {
  tagline: 'Your customers, right here in Teams.',
  newAccountHeading: 'New account',
  nameLabel: 'Name',
  industryLabel: 'Industry',
  regionLabel: 'Region',
  ownerLabel: 'Owner',
  // English puts a space before the bracket; Chinese full-width brackets carry their own.
  optional: ' (optional)',
  createButton: 'Create account',
  creating: 'Creating…',
  created: 'Created the account “{name}”.',
  nameRequired: 'Enter a name for the account.',
  accountsHeading: 'Accounts',
  searchLabel: 'Search by the start of a name',
  searchPlaceholder: 'e.g. Contoso',
  loading: 'Loading…',
  loadMore: 'Load more',
  shown: 'Accounts shown: {count}',
  empty: 'No accounts yet. Create the first one with the form above.',
  noMatches: 'No account name starts with “{query}”.',
} as const;

export type HomeStringKey = keyof typeof en;

const zhCN: Record<HomeStringKey, string> = {
  tagline: '在 Teams 中管理您的客户。',
  newAccountHeading: '新建客户',
  nameLabel: '名称',
  industryLabel: '行业',
  regionLabel: '地域',
  ownerLabel: '负责人',
  optional: '（可选）',
  createButton: '创建客户',
  creating: '正在创建…',
  created: '已创建客户“{name}”。',
  nameRequired: '请输入客户名称。',
  accountsHeading: '客户',
  searchLabel: '按名称开头搜索',
  searchPlaceholder: '例如 Contoso',
  loading: '正在加载…',
  loadMore: '加载更多',
  shown: '已显示 {count} 个客户',
  empty: '还没有客户。请用上面的表单创建第一个客户。',
  noMatches: '没有名称以“{query}”开头的客户。',
};

export type HomeTranslate = (key: HomeStringKey, params?: Record<string, string | number>) => string;

export function homeTranslator(locale: Locale): HomeTranslate {
  return translatorFor({ en, 'zh-CN': zhCN }, locale);
}
