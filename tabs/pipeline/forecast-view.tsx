// The weighted forecast by expected close month or quarter: amount and weighted amount per period.
import { Spinner, Tab, TabList } from '@fluentui/react-components';
import { useState } from 'react';
import { useLoad } from '../shared/use-load';
import { Bar, shareOf } from '../shared/bar';
import type { Forecast } from './pipeline.api';
import { usePipeline } from './pipeline.context';
import { quarterMonths } from './scope';
import { ViewError } from '../shared/view-error';

export function ForecastView({ refreshKey }: { refreshKey: number }) {
  const { api, t, format } = usePipeline();
  const [grain, setGrain] = useState<'months' | 'quarters'>('months');
  const period = quarterMonths(12);
  const forecast = useLoad<Forecast>(() => api.forecast(period.from, period.to), `${refreshKey}|${period.from}`);
  if (!forecast.data)
    return forecast.error ? <ViewError error={forecast.error} onRetry={forecast.reload} /> : <Spinner label={t('loading')} />;

  const buckets = forecast.data[grain];
  const currency = forecast.data.reportingCurrency;
  const amounts = buckets.map((bucket) => bucket.amount);
  return (
    <section className="analytics forecast" aria-labelledby="forecast-heading">
      <h2 id="forecast-heading">{t('forecastHeading')}</h2>
      <p className="view-note">{t('forecastPeriod', { from: format.period(period.from), to: format.period(period.to) })}</p>
      <TabList
        size="small"
        selectedValue={grain}
        onTabSelect={(_event, data) => setGrain(data.value as 'months' | 'quarters')}
        aria-label={t('period')}
      >
        <Tab value="months">{t('byMonth')}</Tab>
        <Tab value="quarters">{t('byQuarter')}</Tab>
      </TabList>
      {buckets.every((bucket) => bucket.count === 0) ? <p className="view-empty">{t('forecastEmpty')}</p> : null}
      <p className="view-note">{t('forecastLegend')}</p>
      <ol className="bar-rows" aria-label={t('forecastHeading')}>
        {buckets.map((bucket) => (
          <li key={bucket.period} className="bar-row" data-period={bucket.period}>
            <span className="bar-label">
              <span className="bar-name">{format.period(bucket.period)}</span>
              <span className="bar-count">{t('labelled', { label: t('deals'), value: format.number(bucket.count) })}</span>
            </span>
            <Bar share={shareOf(bucket.amount, amounts)} inner={shareOf(bucket.weighted, amounts)} />
            <span className="bar-figures">
              <span>{t('labelled', { label: t('amount'), value: format.money(bucket.amount, currency) })}</span>
              <span>{t('labelled', { label: t('weighted'), value: format.money(bucket.weighted, currency) })}</span>
            </span>
          </li>
        ))}
      </ol>
    </section>
  );
}
