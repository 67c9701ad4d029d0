// A rule's change history, newest first: who, when, what they did, and each setting before and after.
import { Spinner } from '@fluentui/react-components';
import { useMemo } from 'react';
import { useLoad } from '../shared/use-load';
import { ViewError } from '../shared/view-error';
import type { RuleChange } from './alerts.api';
import { useAlerts } from './alerts.context';
import { differences } from './rule-diff';

function ChangeEntry({ change }: { change: RuleChange }) {
  const { t, words, locale } = useAlerts();
  const when = useMemo(() => new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }), [locale]);
  const changed = differences(change.before, change.after, words, t);
  return (
    <li className="change" data-action={change.action}>
      <p className="change-head">
        <span className="change-who">{t(`history.${change.action}`, { name: change.byName || change.byUserId })}</span>
        <time className="change-when" dateTime={change.at}>
          {when.format(new Date(change.at))}
        </time>
      </p>
      {change.action === 'updated' && changed.length === 0 ? <p className="hint">{t('historyNoDifference')}</p> : null}
      {changed.length > 0 ? (
        <dl className="change-differences">
          {changed.map((difference) => (
            <div key={difference.key} className="difference" data-aspect={difference.key}>
              <dt>{difference.label}</dt>
              <dd>
                {difference.before === undefined ? (
                  difference.after
                ) : (
                  <>
                    <span className="before">{difference.before}</span>
                    {' → '}
                    <span className="after">{difference.after}</span>
                  </>
                )}
              </dd>
            </div>
          ))}
        </dl>
      ) : null}
    </li>
  );
}

export function RuleHistory({ ruleId, name, refreshKey }: { ruleId: string; name: string; refreshKey: number }) {
  const { api, t } = useAlerts();
  const changes = useLoad(() => api.changes(ruleId), `${ruleId}|${refreshKey}`);
  if (!changes.data)
    return changes.error ? <ViewError error={changes.error} onRetry={changes.reload} /> : <Spinner size="tiny" label={t('loading')} />;
  if (changes.data.length === 0) return <p className="hint">{t('historyEmpty')}</p>;
  return (
    <ol className="rule-history" aria-label={t('historyLabel', { name })}>
      {changes.data.map((change, index) => (
        <ChangeEntry key={`${change.at}|${index}`} change={change} />
      ))}
    </ol>
  );
}
