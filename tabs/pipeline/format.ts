// Numbers, money and dates in the user's language; stage names from the tenant's model.
import { formatMoney } from '../../src/core/money-format';
import type { Locale } from '../shared/strings';
import type { Stage } from './pipeline.api';

export interface Formatters {
  /** Figures everywhere on the board, charts and tables, as the chat cards show them: ¥120K, $1.2M, ¥12万, ¥1.2亿, ¥0. */
  money(amount: number, currency: string): string;
  /** A deal's own amount in full, in its panel: ¥120,000. */
  exactMoney(amount: number, currency: string): string;
  percent(share: number): string;
  /** A `YYYY-MM-DD` calendar date, without shifting it through a time zone. */
  date(isoDate: string): string;
  dateTime(iso: string): string;
  /** `2026-11` or `2026-Q4`. */
  period(period: string): string;
  number(value: number): string;
}

export function formatters(locale: Locale): Formatters {
  const dateFormat = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' });
  const dateTimeFormat = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' });
  const monthFormat = new Intl.DateTimeFormat(locale, { year: 'numeric', month: 'short', timeZone: 'UTC' });
  const percentFormat = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 0 });
  const numberFormat = new Intl.NumberFormat(locale, { maximumFractionDigits: 1 });
  return {
    money: (amount, currency) => formatMoney(amount, currency, locale, 'compact'),
    exactMoney: (amount, currency) => formatMoney(amount, currency, locale, 'exact'),
    percent: (share) => percentFormat.format(share),
    date: (isoDate) => {
      const parsed = new Date(`${isoDate.slice(0, 10)}T00:00:00Z`);
      return Number.isNaN(parsed.getTime()) ? isoDate : dateFormat.format(parsed);
    },
    dateTime: (iso) => {
      const parsed = new Date(iso);
      return Number.isNaN(parsed.getTime()) ? iso : dateTimeFormat.format(parsed);
    },
    period: (period) => {
      const quarter = /^(\d{4})-Q([1-4])$/u.exec(period);
      if (quarter) return locale === 'zh-CN' ? `${quarter[1]}年第${quarter[2]}季度` : `Q${quarter[2]} ${quarter[1]}`;
      const month = /^(\d{4})-(\d{2})$/u.exec(period);
      return month ? monthFormat.format(new Date(Date.UTC(Number(month[1]), Number(month[2]) - 1, 1))) : period;
    },
    number: (value) => numberFormat.format(value),
  };
}

/** Looks stages up by id; a stage the model no longer has shows its id rather than nothing. */
export function stageNames(stages: Stage[], locale: Locale): (stageId: string) => string {
  const names = new Map(stages.map((stage) => [stage.id, stage.name[locale] || stage.name.en]));
  return (stageId) => names.get(stageId) ?? stageId;
}
