// Localised strings: every user-facing text exists in English and Simplified Chinese.
export const locales = ['en', 'zh-CN'] as const;
export type Locale = (typeof locales)[number];

export type MessageParams = Record<string, string | number>;

/** A catalogue of strings: the same keys in every locale, checked by the compiler. */
export type Messages<K extends string = string> = Record<Locale, Record<K, string>>;

/**
 * Declares a catalogue; the compiler refuses one whose locales do not share the same keys.
 * @example defineMessages({ en: { hello: 'Hello {name}' }, 'zh-CN': { hello: '你好 {name}' } })
 */
export function defineMessages<K extends string>(messages: { en: Record<K, string>; 'zh-CN': Record<K, string> }): Messages<K> {
  return messages;
}

/** Maps a Teams or browser locale tag (`zh-cn`, `zh-Hans-CN`, `en-GB`) to a supported locale. */
export function resolveLocale(tag: string | undefined | null): Locale {
  return tag && tag.trim().toLowerCase().startsWith('zh') ? 'zh-CN' : 'en';
}

export function format(template: string, params: MessageParams = {}): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

export type Translate = (key: string, params?: MessageParams) => string;

/** All catalogues of the running app, keyed by namespace (`core`, a plugin id). */
export class I18n {
  private readonly catalogues = new Map<string, Messages>();

  add(namespace: string, messages: Messages): void {
    if (this.catalogues.has(namespace)) throw new Error(`Strings for "${namespace}" are registered twice`);
    this.catalogues.set(namespace, messages);
  }

  /** `key` is `namespace.name`, e.g. `core.help.title`. A missing key is a programming error. */
  t(locale: Locale, key: string, params?: MessageParams): string {
    const dot = key.indexOf('.');
    const catalogue = this.catalogues.get(key.slice(0, dot));
    const template = catalogue?.[locale][key.slice(dot + 1)];
    if (template === undefined) throw new Error(`Missing string "${key}" for ${locale}`);
    return format(template, params);
  }

  translator(locale: Locale): Translate {
    return (key, params) => this.t(locale, key, params);
  }
}
