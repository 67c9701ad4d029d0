// Every visible string of the tabs, in English and Simplified Chinese, and how a page picks and applies them.
export const locales = ['en', 'zh-CN'] as const;
export type Locale = (typeof locales)[number];

const en = {
  appTitle: 'Guanxi CRM',
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
  networkError: 'Guanxi CRM could not be reached. Check your connection and try again.',
  signInFailed: 'Teams could not sign you in to Guanxi CRM. Reload the tab and try again.',
  httpError: 'Guanxi CRM answered with an error (HTTP {status}). Please try again.',
  unexpected: 'Something went wrong. Please reload the tab and try again.',
} as const;

export type StringKey = keyof typeof en;

const zhCN: Record<StringKey, string> = {
  appTitle: '关系 CRM',
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
  networkError: '无法连接关系 CRM。请检查网络连接后重试。',
  signInFailed: 'Teams 无法让您登录关系 CRM。请重新加载此标签页后重试。',
  httpError: '关系 CRM 返回了错误（HTTP {status}）。请重试。',
  unexpected: '出现问题。请重新加载此标签页后重试。',
};

const catalogue: Record<Locale, Record<StringKey, string>> = { en, 'zh-CN': zhCN };

/** Maps a Teams or browser locale tag (`zh-cn`, `zh-Hans-CN`, `en-GB`) to a supported locale, as the server does. */
export function resolveLocale(tag: string | null | undefined): Locale {
  return tag && tag.trim().toLowerCase().startsWith('zh') ? 'zh-CN' : 'en';
}

function isStringKey(key: string): key is StringKey {
  return Object.hasOwn(en, key);
}

export type Translate = (key: StringKey, params?: Record<string, string | number>) => string;

export function translator(locale: Locale): Translate {
  return translatorFor(catalogue, locale);
}

/** A translator over a page's own catalogue (the pipeline tab keeps its strings beside it); `{name}` takes a parameter. */
export function translatorFor<K extends string>(
  strings: Record<Locale, Record<K, string>>,
  locale: Locale,
): (key: K, params?: Record<string, string | number>) => string {
  const texts = strings[locale];
  return (key, params = {}) => texts[key].replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

/** Fills a page's `data-i18n` texts and `data-i18n-placeholder` placeholders, its title and `lang`. */
export function localisePage(locale: Locale, page: Document = document): void {
  const t = translator(locale);
  page.documentElement.lang = locale;
  page.title = t('appTitle');
  for (const element of page.querySelectorAll<HTMLElement>('[data-i18n]')) {
    const key = element.dataset.i18n ?? '';
    if (isStringKey(key)) element.textContent = t(key);
  }
  for (const element of page.querySelectorAll<HTMLInputElement>('[data-i18n-placeholder]')) {
    const key = element.dataset.i18nPlaceholder ?? '';
    if (isStringKey(key)) element.placeholder = t(key);
  }
}
