// The strings every tab shares (its title, why a call failed, the error page), in English and Simplified Chinese, and
// how a tab's own catalogue is read; each tab keeps its other strings beside it (e.g. pipeline/pipeline.strings.ts).
export const locales = ['en', 'zh-CN'] as const;
export type Locale = (typeof locales)[number];

const en = {
  appTitle: 'Guanxi CRM',
  networkError: 'Guanxi CRM could not be reached. Check your connection and try again.',
  signInFailed: 'Teams could not sign you in to Guanxi CRM. Reload the tab and try again.',
  httpError: 'Guanxi CRM answered with an error (HTTP {status}). Please try again.',
  unexpected: 'Something went wrong. Please reload the tab and try again.',
  failedTitle: 'Something went wrong',
  failedBody: 'This page of Guanxi CRM stopped working. Try again; if it keeps happening, reload the tab.',
  retry: 'Try again',
} as const;

export type StringKey = keyof typeof en;

const zhCN: Record<StringKey, string> = {
  appTitle: '关系 CRM',
  networkError: '无法连接关系 CRM。请检查网络连接后重试。',
  signInFailed: 'Teams 无法让您登录关系 CRM。请重新加载此标签页后重试。',
  httpError: '关系 CRM 返回了错误（HTTP {status}）。请重试。',
  unexpected: '出现问题。请重新加载此标签页后重试。',
  failedTitle: '出现问题',
  failedBody: '关系 CRM 的此页面无法继续工作。请重试；如果问题仍然存在，请重新加载此标签页。',
  retry: '重试',
};

/** Maps a Teams or browser locale tag (`zh-cn`, `zh-Hans-CN`, `en-GB`) to a supported locale, as the server does. */
export function resolveLocale(tag: string | null | undefined): Locale {
  return tag && tag.trim().toLowerCase().startsWith('zh') ? 'zh-CN' : 'en';
}

export type Translate = (key: StringKey, params?: Record<string, string | number>) => string;

/** The shared strings in `locale`. */
export function translator(locale: Locale): Translate {
  return translatorFor({ en, 'zh-CN': zhCN }, locale);
}

/** A translator over a tab's own catalogue; `{name}` takes a parameter. */
export function translatorFor<K extends string>(
  strings: Record<Locale, Record<K, string>>,
  locale: Locale,
): (key: K, params?: Record<string, string | number>) => string {
  const texts = strings[locale];
  return (key, params = {}) => texts[key].replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}
