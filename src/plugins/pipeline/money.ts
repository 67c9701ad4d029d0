// Amounts: a deal's amount from its products, and conversion into the tenant's reporting currency.
import { pipelineErrors } from './pipeline.errors';
import type { Opportunity, StageModel } from './pipeline.schema';

/** Cents are enough for figures; floating sums otherwise show 0.30000000000000004. */
export const roundMoney = (value: number): number => Math.round(value * 100) / 100;

/** Σ quantity × unit price of the product lines. */
export const productsTotal = (products: readonly Opportunity['products'][number][]): number =>
  roundMoney(products.reduce((sum, line) => sum + line.quantity * line.unitPrice, 0));

/** `amount` in the reporting currency; a currency without a rate in the model is UNKNOWN_CURRENCY. */
export function toReporting(model: Pick<StageModel, 'reportingCurrency' | 'rates'>, amount: number, currency: string): number {
  if (currency === model.reportingCurrency) return roundMoney(amount);
  const rate = model.rates[currency];
  if (rate === undefined)
    throw pipelineErrors.fail(
      'UNKNOWN_CURRENCY',
      { currency, reportingCurrency: model.reportingCurrency },
      { field: 'currency', currency },
    );
  return roundMoney(amount * rate);
}
