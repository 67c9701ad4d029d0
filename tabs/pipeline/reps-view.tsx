// Per-rep figures: open pipeline, won amount, win rate, cycle length, new deals and activities logged.
import { Spinner, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow } from '@fluentui/react-components';
import { useLoad } from '../shared/use-load';
import type { RepFigures } from './pipeline.api';
import { usePipeline } from './pipeline.context';
import { quarterMonths } from './scope';
import { ViewError } from '../shared/view-error';

export function RepsView({ refreshKey }: { refreshKey: number }) {
  const { api, t, format, reportingCurrency } = usePipeline();
  const period = quarterMonths(3);
  const reps = useLoad<{ items: RepFigures[] }>(() => api.reps(period.from, period.to), `${refreshKey}|${period.from}`);
  if (!reps.data) return reps.error ? <ViewError error={reps.error} onRetry={reps.reload} /> : <Spinner label={t('loading')} />;

  const missing = t('notAvailable');
  const columns: { key: string; label: string; value(rep: RepFigures): string }[] = [
    { key: 'open', label: t('openCount'), value: (rep) => format.number(rep.openCount) },
    { key: 'open-amount', label: t('openAmount'), value: (rep) => format.money(rep.openAmount, reportingCurrency) },
    { key: 'won-amount', label: t('wonAmount'), value: (rep) => format.money(rep.wonAmount, reportingCurrency) },
    { key: 'win-rate', label: t('winRate'), value: (rep) => (rep.winRate === undefined ? missing : format.percent(rep.winRate)) },
    {
      key: 'cycle',
      label: t('cycleDays'),
      value: (rep) => (rep.averageCycleDays === undefined ? missing : format.number(rep.averageCycleDays)),
    },
    { key: 'new', label: t('newDeals'), value: (rep) => format.number(rep.newOpportunities) },
    { key: 'activities', label: t('activities'), value: (rep) => format.number(rep.activitiesLogged) },
  ];
  return (
    <section className="analytics reps" aria-labelledby="reps-heading">
      <h2 id="reps-heading">{t('repsHeading')}</h2>
      <p className="view-note">{t('forecastPeriod', { from: format.period(period.from), to: format.period(period.to) })}</p>
      {reps.data.items.length === 0 ? (
        <p className="view-empty">{t('noReps')}</p>
      ) : (
        // Wider than a phone: the table scrolls inside its own region, which the keyboard can reach and scroll.
        <div className="table-scroll" role="region" aria-labelledby="reps-heading" tabIndex={0}>
          <Table size="small" className="reps-table">
            <TableHeader>
              <TableRow>
                <TableHeaderCell className="rep-name">{t('rep')}</TableHeaderCell>
                {columns.map((column) => (
                  <TableHeaderCell key={column.key}>{column.label}</TableHeaderCell>
                ))}
              </TableRow>
            </TableHeader>
            <TableBody>
              {reps.data.items.map((rep) => (
                <TableRow key={rep.ownerId} data-owner-id={rep.ownerId}>
                  <TableCell className="rep-name">{rep.ownerName || rep.ownerId}</TableCell>
                  {columns.map((column) => (
                    <TableCell key={column.key} className="figure">
                      {column.value(rep)}
                    </TableCell>
                  ))}
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </div>
      )}
    </section>
  );
}
