// Amounts as people read them, shared by the chat cards and the tabs: ¥12万 and ¥1.2亿 in Chinese, ¥120K and $1.2M in English.
import type { Locale } from './i18n';

/** `compact` for figures (columns, tables, lists), `exact` for a deal's own amount. */
export type MoneyStyle = 'compact' | 'exact';

const formats = new Map<string, Intl.NumberFormat>();

function numberFormat(currency: string, locale: Locale, style: MoneyStyle): Intl.NumberFormat {
  const key = `${locale}|${currency}|${style}`;
  let format = formats.get(key);
  if (!format) {
    format = new Intl.NumberFormat(locale, {
      style: 'currency',
      currency,
      // The yuan is the home currency of the tenants this serves: "¥" in both languages, where English would say "CN¥".
      // Other currencies keep the symbol that tells them apart ("US$" in Chinese, "CA$").
      currencyDisplay: currency === 'CNY' ? 'narrowSymbol' : 'symbol',
      // Stated, not left to the engine: older ones pad compact amounts to "¥0.0" and "¥12.0万". Exact amounts show
      // cents only when there are some: ¥120,000 and ¥1,234.50.
      ...(style === 'compact'
        ? { notation: 'compact' as const, minimumFractionDigits: 0, maximumFractionDigits: 1 }
        : { minimumFractionDigits: 2, maximumFractionDigits: 2, trailingZeroDisplay: 'stripIfInteger' as const }),
    });
    formats.set(key, format);
  }
  return format;
}

/**
 * `amount` of `currency` in the reader's language.
 * @example formatMoney(120_000, 'CNY', 'zh-CN', 'compact') // '¥12万'; in 'en': '¥120K'; 0 → '¥0'
 */
export function formatMoney(amount: number, currency: string, locale: Locale, style: MoneyStyle = 'exact'): string {
  return numberFormat(currency, locale, style).format(amount);
}
