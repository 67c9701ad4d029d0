// A page of a queue in the server's order (soonest due, breaches first), with "more" for the next page: a table on a
// wide screen, cards on a phone (the same rows, laid out by cases.css).
import { Button, Spinner } from '@fluentui/react-components';
import { useState } from 'react';
import { ApiError } from '../shared/api';
import { useTabFailure } from '../shared/tab-error-boundary';
import { useLoad } from '../shared/use-load';
import type { QueueItem } from './cases.api';
import { useCases } from './cases.context';
import { caseLabel, type QueueRequest } from './queue';
import { QueueSla, useNow } from './sla';
import { ViewError } from '../shared/view-error';

interface QueueListProps {
  request: QueueRequest;
  /** Changes when the list should be read again (a refresh, a case changed here). */
  refreshKey: number;
  filtered: boolean;
  selected?: number;
  onSelect(number: number): void;
}

function Row({ item, now, selected, onSelect }: { item: QueueItem; now: number; selected: boolean; onSelect(): void }) {
  const { t } = useCases();
  const label = caseLabel(item.number);
  return (
    <tr className={`case-row${selected ? ' selected' : ''}`} data-case={item.number} aria-current={selected || undefined}>
      <td className="case-number" data-label={t('colCase')}>
        <button type="button" className="case-open" aria-label={t('openCase', { label, title: item.title })} onClick={onSelect}>
          {label}
        </button>
      </td>
      <td className="case-title" data-label={t('colTitle')}>
        {item.title}
      </td>
      <td className="case-account" data-label={t('colAccount')}>
        {item.accountName}
      </td>
      <td className="case-priority" data-label={t('colPriority')} data-priority={item.priority}>
        {t(`priority.${item.priority}`)}
      </td>
      <td className="case-status" data-label={t('colStatus')}>
        <span>
          {t(`status.${item.status}`)}
          {item.complaintStep ? <span className="case-step"> · {t(`step.${item.complaintStep}` as 'step.1')}</span> : null}
        </span>
      </td>
      <td className="case-owner" data-label={t('colOwner')}>
        <span className={item.ownerName || item.ownerId ? undefined : 'muted'}>{item.ownerName || item.ownerId || t('unassigned')}</span>
      </td>
      <td className="case-sla" data-label={t('colSla')}>
        <QueueSla item={item} now={now} />
      </td>
    </tr>
  );
}

export function QueueList({ request, refreshKey, filtered, selected, onSelect }: QueueListProps) {
  const { api, t } = useCases();
  const fail = useTabFailure();
  const now = useNow(30_000);
  const page = useLoad(() => api.queue(request), `${JSON.stringify(request)}|${refreshKey}`);
  const [moreError, setMoreError] = useState<ApiError | undefined>();
  const [loadingMore, setLoadingMore] = useState(false);

  const more = (token: string) => {
    setLoadingMore(true);
    setMoreError(undefined);
    api.queue(request, token).then(
      (next) => {
        page.update((current) => {
          const known = new Set(current.items.map((item) => item.number));
          return {
            items: [...current.items, ...next.items.filter((item) => !known.has(item.number))],
            continuationToken: next.continuationToken,
          };
        });
        setLoadingMore(false);
      },
      (error: unknown) => {
        setLoadingMore(false);
        if (error instanceof ApiError) setMoreError(error);
        else fail(error);
      },
    );
  };

  if (!page.data) return page.error ? <ViewError error={page.error} onRetry={page.reload} /> : <Spinner label={t('loading')} />;
  const { items, continuationToken } = page.data;
  return (
    <div className="queue" aria-busy={page.loading}>
      {page.error ? <ViewError error={page.error} onRetry={page.reload} /> : null}
      {items.length === 0 ? (
        <p className="view-empty">{t(filtered ? 'emptyFiltered' : 'emptyQueue')}</p>
      ) : (
        <table className="case-table" aria-label={t('queueLabel')}>
          <thead>
            <tr>
              <th scope="col">{t('colCase')}</th>
              <th scope="col">{t('colTitle')}</th>
              <th scope="col">{t('colAccount')}</th>
              <th scope="col">{t('colPriority')}</th>
              <th scope="col">{t('colStatus')}</th>
              <th scope="col">{t('colOwner')}</th>
              <th scope="col">{t('colSla')}</th>
            </tr>
          </thead>
          <tbody>
            {items.map((item) => (
              <Row key={item.number} item={item} now={now} selected={item.number === selected} onSelect={() => onSelect(item.number)} />
            ))}
          </tbody>
        </table>
      )}
      <p className="queue-count" role="status">
        {items.length > 0 ? t('shownCount', { count: items.length }) : ''}
      </p>
      {moreError ? <ViewError error={moreError} onRetry={() => continuationToken && more(continuationToken)} /> : null}
      {continuationToken ? (
        <Button className="load-more" disabled={loadingMore} onClick={() => more(continuationToken)}>
          {loadingMore ? t('loading') : t('loadMore')}
        </Button>
      ) : null}
    </div>
  );
}
