// The service KPIs of a team (or, for admins, managers and service agents, every team): the figures, and bars where a
// person would rather look than read: the backlog by age, resolved complaints by cause, and the months' trend.
import { Field, Select, Spinner } from '@fluentui/react-components';
import { useState } from 'react';
import { Bar, shareOf } from '../shared/bar';
import { useLoad } from '../shared/use-load';
import type { KpisBody } from './cases.api';
import { useCases } from './cases.context';
import { causes } from './queue';
import { ViewError } from '../shared/view-error';

const months = 6;
const bands = ['lt1d', '1to3d', '3to7d', '7to30d', 'ge30d'] as const;
const wideRoles = new Set(['admin', 'manager', 'service-agent']);

function Figure({ label, value, note }: { label: string; value: string; note?: string }) {
  return (
    <div className="kpi">
      <dt>{label}</dt>
      <dd>
        <span className="kpi-value">{value}</span>
        {note ? <span className="kpi-note">{note}</span> : null}
      </dd>
    </div>
  );
}

interface BarRow {
  key: string;
  label: string;
  value: number;
  text: string;
  /** The bar's length, 0 to 1; by default the value against the largest of the chart. */
  share?: number;
}

function Bars({ heading, rows, empty }: { heading: string; rows: BarRow[]; empty?: string }) {
  const values = rows.map((row) => row.value);
  const nothing = empty !== undefined && values.every((value) => value === 0);
  return (
    <section className="kpi-chart" aria-label={heading}>
      <h3>{heading}</h3>
      {nothing ? (
        <p className="view-empty">{empty}</p>
      ) : (
        <ul className="kpi-bars">
          {rows.map((row) => (
            <li key={row.key} className="kpi-bar" data-key={row.key}>
              <span className="kpi-bar-label">{row.label}</span>
              <Bar share={row.share ?? shareOf(row.value, values)} />
              <span className="kpi-bar-value">{row.text}</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function Figures({ kpis }: { kpis: KpisBody }) {
  const { t, format } = useCases();
  const none = t('kpiNone');
  const minutes = (value?: number) => (value === undefined ? none : format.duration(value * 60_000));
  const share = (value?: number) => (value === undefined ? none : format.percent(value));
  const monthName = new Intl.DateTimeFormat(useCases().locale, { month: 'short', year: '2-digit', timeZone: 'UTC' });
  return (
    <>
      <dl className="kpi-figures">
        <Figure label={t('kpiResponse')} value={minutes(kpis.averageResponseMinutes)} />
        <Figure label={t('kpiResolution')} value={minutes(kpis.averageResolutionMinutes)} />
        <Figure label={t('kpiWithin24h')} value={share(kpis.resolvedWithin24h)} />
        <Figure label={t('kpiCompliance')} value={share(kpis.slaCompliance)} />
        <Figure
          label={t('kpiSatisfaction')}
          value={
            kpis.satisfactionAverage === undefined ? none : t('kpiSatisfactionValue', { average: format.number(kpis.satisfactionAverage) })
          }
          note={kpis.ratings > 0 ? t('kpiRatings', { count: kpis.ratings }) : undefined}
        />
        <Figure label={t('kpiResolved')} value={format.number(kpis.resolved)} />
        <Figure label={t('kpiResponded')} value={format.number(kpis.responded)} />
      </dl>
      <div className="kpi-charts">
        <Bars
          heading={t('kpiBacklog')}
          rows={bands.map((band) => ({
            key: band,
            label: t(`band.${band}`),
            value: kpis.backlog[band],
            text: format.number(kpis.backlog[band]),
          }))}
        />
        <Bars
          heading={t('kpiCauses')}
          empty={t('kpiNoComplaints')}
          rows={causes.map((cause) => ({
            key: cause,
            label: t(`cause.${cause}`),
            value: kpis.complaintsByCause[cause],
            text: format.number(kpis.complaintsByCause[cause]),
          }))}
        />
        <Bars
          heading={t('kpiTrendResolved')}
          rows={kpis.trend.map((month) => ({
            key: month.month,
            label: monthName.format(new Date(`${month.month}-01T00:00:00Z`)),
            value: month.resolved,
            text: format.number(month.resolved),
          }))}
        />
        <Bars
          heading={t('kpiTrendCompliance')}
          rows={kpis.trend.map((month) => ({
            key: month.month,
            label: monthName.format(new Date(`${month.month}-01T00:00:00Z`)),
            value: month.slaCompliance ?? 0,
            share: month.slaCompliance ?? 0,
            text: month.slaCompliance === undefined ? none : format.percent(month.slaCompliance),
          }))}
        />
      </div>
    </>
  );
}

export function KpiView({ teamId, refreshKey }: { teamId?: string; refreshKey: number }) {
  const { api, t, me } = useCases();
  const teams = me.teams.filter((team) => team.kind === 'service');
  const wide = me.person.roles.some((role) => wideRoles.has(role));
  const [scope, setScope] = useState(teamId ?? teams[0]?.id ?? '');
  const kpis = useLoad(() => api.kpis(scope || undefined, months), `${scope}|${refreshKey}`);

  if (!scope && !wide) return <p className="view-empty">{t('kpiNoTeam')}</p>;
  return (
    <div className="kpi-view">
      <div className="kpi-scope">
        <Field label={t('kpiScope')} size="small">
          <Select size="small" value={scope} onChange={(_event, data) => setScope(data.value)}>
            {wide ? <option value="">{t('kpiAllTeams')}</option> : null}
            {teams.map((team) => (
              <option key={team.id} value={team.id}>
                {team.name}
              </option>
            ))}
            {scope && !teams.some((team) => team.id === scope) ? <option value={scope}>{scope}</option> : null}
          </Select>
        </Field>
        <span className="view-note">{t('kpiMonths', { months })}</span>
      </div>
      {kpis.error ? <ViewError error={kpis.error} onRetry={kpis.reload} /> : null}
      {kpis.data ? <Figures kpis={kpis.data} /> : kpis.error ? null : <Spinner label={t('loading')} />}
    </div>
  );
}
