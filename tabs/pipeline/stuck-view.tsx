// Deals that have stayed in their stage longer than its limit (滞留时间过长), longest over first as the server orders them.
import { Spinner } from '@fluentui/react-components';
import { useLoad } from '../shared/use-load';
import type { StuckDeal } from './pipeline.api';
import { usePipeline } from './pipeline.context';
import { ViewError } from '../shared/view-error';

// The most the server lists at once; the total says how many more there are.
const shownStuck = 50;

export function StuckView({ refreshKey }: { refreshKey: number }) {
  const { api, t, format, stageName, openDeal } = usePipeline();
  const stuck = useLoad<{ items: StuckDeal[]; total: number }>(() => api.stuck(shownStuck), String(refreshKey));
  if (!stuck.data) return stuck.error ? <ViewError error={stuck.error} onRetry={stuck.reload} /> : <Spinner label={t('loading')} />;

  return (
    <section className="analytics stuck" aria-labelledby="stuck-heading">
      <h2 id="stuck-heading">{t('stuckHeading')}</h2>
      {stuck.data.total === 0 ? (
        <p className="view-empty">{t('noneStuck')}</p>
      ) : (
        <p className="view-note">{t('stuckTotal', { count: stuck.data.total })}</p>
      )}
      <ul className="stuck-list">
        {stuck.data.items.map(({ deal, daysInStage, limitDays }) => (
          <li key={deal.id} className="stuck-deal" data-deal-id={deal.id}>
            <button type="button" className="deal-title" onClick={() => openDeal(deal.id)}>
              {deal.title}
            </button>
            <span className="deal-account">{deal.accountName}</span>
            <span className="stuck-days">
              {t('stuckDays', { days: format.number(daysInStage), stage: stageName(deal.stageId), limit: format.number(limitDays) })}
            </span>
            <span className="deal-meta">
              <span>{format.money(deal.amount, deal.currency)}</span>
              <span>{deal.ownerName || deal.ownerId}</span>
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}
