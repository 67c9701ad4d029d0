// The funnel: count, amount and weighted amount per open stage, narrowing with the amount, and the conversion between stages.
import { Spinner } from '@fluentui/react-components';
import { useLoad } from '../shared/use-load';
import { Bar, shareOf } from '../shared/bar';
import type { Funnel } from './pipeline.api';
import { usePipeline } from './pipeline.context';
import { ViewError } from '../shared/view-error';

export function FunnelView({ refreshKey }: { refreshKey: number }) {
  const { api, t, format, stageName } = usePipeline();
  const funnel = useLoad<Funnel>(() => api.funnel(), String(refreshKey));
  if (!funnel.data) return funnel.error ? <ViewError error={funnel.error} onRetry={funnel.reload} /> : <Spinner label={t('loading')} />;

  const { stages, conversion, reportingCurrency } = funnel.data;
  const amounts = stages.map((stage) => stage.amount);
  const empty = stages.every((stage) => stage.count === 0);
  return (
    <section className="analytics funnel" aria-labelledby="funnel-heading">
      <h2 id="funnel-heading">{t('funnelHeading')}</h2>
      {empty ? <p className="view-empty">{t('noOpenDeals')}</p> : null}
      <ol className="bar-rows" aria-label={t('funnelChart')}>
        {stages.map((stage) => (
          <li key={stage.stageId} className="bar-row" data-stage-id={stage.stageId}>
            <span className="bar-label">
              <span className="bar-name">{stageName(stage.stageId)}</span>
              <span className="bar-count">{t('labelled', { label: t('deals'), value: format.number(stage.count) })}</span>
            </span>
            <Bar share={shareOf(stage.amount, amounts)} inner={shareOf(stage.weighted, amounts)} centred />
            <span className="bar-figures">
              <span>{t('labelled', { label: t('amount'), value: format.money(stage.amount, reportingCurrency) })}</span>
              <span>{t('labelled', { label: t('weighted'), value: format.money(stage.weighted, reportingCurrency) })}</span>
            </span>
          </li>
        ))}
      </ol>
      {conversion.length > 0 ? (
        <>
          <h3>{t('conversion')}</h3>
          <ul className="conversion">
            {conversion.map((step) => (
              <li key={`${step.fromStageId}|${step.toStageId}`}>
                <span>{t('conversionRow', { from: stageName(step.fromStageId), to: stageName(step.toStageId) })}</span>
                <span className="conversion-rate">
                  {t('conversionValue', { rate: format.percent(step.rate), reached: format.number(step.reached) })}
                </span>
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </section>
  );
}
