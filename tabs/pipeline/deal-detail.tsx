// A deal's panel: its key facts and its stage history, opened from a card, a list or a deep link.
import { Button, DrawerBody, DrawerHeader, DrawerHeaderTitle, OverlayDrawer, Spinner } from '@fluentui/react-components';
import { useLoad } from '../shared/use-load';
import type { Opportunity, StageChange, WithEtag } from './pipeline.api';
import { usePipeline } from './pipeline.context';
import { ViewError } from '../shared/view-error';

interface DealDetailProps {
  id: string;
  /** Changes when the deal changed here, so the panel reloads. */
  version: number;
  onClose(): void;
}

function HistoryEntry({ change }: { change: StageChange }) {
  const { t, format, stageName } = usePipeline();
  const step = change.fromStageId
    ? t('historyMoved', { from: stageName(change.fromStageId), to: stageName(change.toStageId) })
    : t('historyCreated', { stage: stageName(change.toStageId) });
  return (
    <li className="history-entry">
      <span className="history-step">{step}</span>
      <span className="history-by">{t('historyBy', { name: change.byName || change.byUserId, date: format.dateTime(change.at) })}</span>
      {change.fromStageId && change.dwellDays !== undefined ? (
        <span className="history-dwell">
          {t('historyDwell', { days: format.number(change.dwellDays), stage: stageName(change.fromStageId) })}
        </span>
      ) : null}
      {change.reason ? <span className="history-reason">{t('historyReason', { reason: change.reason })}</span> : null}
    </li>
  );
}

function Facts({ deal }: { deal: WithEtag<Opportunity> }) {
  const { t, format, stageName } = usePipeline();
  const facts: [string, string | undefined][] = [
    [t('account'), deal.accountName],
    [t('amount'), format.exactMoney(deal.amount, deal.currency)],
    [t('stage'), stageName(deal.stageId)],
    [t('probability'), t('probabilityValue', { percent: deal.probability })],
    [t('expectedClose'), format.date(deal.expectedCloseDate)],
    [t('owner'), deal.ownerName || deal.ownerId],
    [t('team'), deal.team],
    // A closed deal's stage is its outcome (Lost, 丢单): a status row would only say it again.
    [t(deal.status === 'won' ? 'wonBecause' : 'lostBecause'), deal.status === 'open' ? undefined : deal.outcomeReason],
  ];
  return (
    <dl className="deal-facts">
      {facts
        .filter((fact): fact is [string, string] => Boolean(fact[1]))
        .map(([label, value]) => (
          <div key={label} className="deal-fact">
            <dt>{label}</dt>
            <dd>{value}</dd>
          </div>
        ))}
    </dl>
  );
}

export function DealDetail({ id, version, onClose }: DealDetailProps) {
  const { api, t } = usePipeline();
  const deal = useLoad(async () => {
    const [opportunity, history] = await Promise.all([api.opportunity(id), api.history(id)]);
    return { opportunity, history };
  }, `${id}|${version}`);

  return (
    <OverlayDrawer
      open
      position="end"
      size="medium"
      className="deal-drawer"
      onOpenChange={(_event, data) => (data.open ? undefined : onClose())}
    >
      <DrawerHeader>
        <DrawerHeaderTitle
          action={
            <Button appearance="subtle" onClick={onClose}>
              {t('close')}
            </Button>
          }
        >
          {deal.data?.opportunity.title ?? t('detailTitle')}
        </DrawerHeaderTitle>
      </DrawerHeader>
      <DrawerBody>
        {deal.error ? <ViewError error={deal.error} onRetry={deal.reload} /> : null}
        {deal.data ? (
          <div className="deal-detail" data-deal-id={deal.data.opportunity.id}>
            {deal.data.opportunity.description ? <p className="deal-description">{deal.data.opportunity.description}</p> : null}
            <Facts deal={deal.data.opportunity} />
            <h3>{t('history')}</h3>
            {deal.data.history.length === 0 ? (
              <p>{t('historyEmpty')}</p>
            ) : (
              <ol className="history" aria-label={t('history')}>
                {deal.data.history.map((change) => (
                  <HistoryEntry key={`${change.at}|${change.toStageId}`} change={change} />
                ))}
              </ol>
            )}
          </div>
        ) : deal.error ? null : (
          <Spinner label={t('loading')} />
        )}
      </DrawerBody>
    </OverlayDrawer>
  );
}
