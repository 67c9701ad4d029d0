// Exchange rates a tenant starts with, so a deal in a common foreign currency is accepted before an admin sets rates of their own.
import { currencySchema } from './pipeline.schema';

/**
 * US dollars per unit of each currency reps type in chat (see chat/amount.parser.ts), as of late 2026. They are a
 * starting point for totals, not a market feed: an admin replaces them with `PUT /api/v1/pipeline/stages`.
 */
const usdPerUnit: Record<string, number> = {
  USD: 1,
  CNY: 0.14,
  EUR: 1.08,
  GBP: 1.27,
  JPY: 0.0067,
  HKD: 0.128,
  TWD: 0.031,
  SGD: 0.74,
  AUD: 0.66,
  CAD: 0.73,
  CHF: 1.13,
  KRW: 0.00072,
  INR: 0.012,
  NZD: 0.6,
  MOP: 0.124,
  THB: 0.028,
  MYR: 0.22,
  VND: 0.00004,
  AED: 0.272,
  SAR: 0.267,
};

/** Six significant digits: enough for totals, and short enough to read and edit. */
const significant = (value: number) => Number(value.toPrecision(6));

/**
 * Units of `reportingCurrency` per unit of every other listed currency; empty for a currency not listed.
 * @example defaultRates('CNY').USD // 7.14286
 */
export function defaultRates(reportingCurrency: string): Record<string, number> {
  const code = currencySchema.parse(reportingCurrency);
  const base = usdPerUnit[code];
  if (base === undefined) return {};
  return Object.fromEntries(
    Object.entries(usdPerUnit)
      .filter(([currency]) => currency !== code)
      .map(([currency, usd]) => [currency, significant(usd / base)]),
  );
}
