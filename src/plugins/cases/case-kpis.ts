// The service KPIs 服务指标: each case's share of the monthly rollups, and the figures the KPI view reads from them.
import type { AggregateShare } from '../../core/projection';
import type { AggregateState } from '../../storage/projection-rows';
import { complaintCauses, type CaseRow, type ComplaintCause } from './case.schema';

const minutesBetween = (from: string, to: string) => Math.max(0, Math.round((Date.parse(to) - Date.parse(from)) / 60_000));
const month = (instant: string) => instant.slice(0, 7);
const dayMinutes = 24 * 60;

/** The scopes a case counts in: the whole tenant and its team. */
export const kpiScopes = (row: Pick<CaseRow, 'teamId'>): string[] => ['all', ...(row.teamId ? [`team:${row.teamId}`] : [])];

/**
 * A case's shares (months in UTC), each labelled with the `period` its key names:
 * - `responded|<scope>|<month of first reply>`: replies, minutes to reply, replies within target;
 * - `resolved|<scope>|<month resolved>`: resolutions, minutes to resolve, within 24 h, within target, ratings, complaint causes;
 * - `openDay|<scope>|<day opened>` and `openMonth|<scope>|<month opened>`: cases not yet resolved, for the backlog by
 *   age. A read takes the last month's days and every month: a few dozen rows however old or large the backlog.
 */
export function kpiShares(row: CaseRow): Record<string, AggregateShare> {
  const shares: Record<string, AggregateShare> = {};
  for (const scope of kpiScopes(row)) {
    if (row.firstResponseAt) {
      shares[`responded|${scope}|${month(row.firstResponseAt)}`] = {
        counts: {
          responded: 1,
          responseMinutes: minutesBetween(row.openedAt, row.firstResponseAt),
          responseMet: row.marks.responseBreachedAt ? 0 : 1,
        },
        labels: { period: month(row.firstResponseAt) },
      };
    }
    if (row.resolvedAt) {
      const minutes = minutesBetween(row.openedAt, row.resolvedAt);
      const counts: Record<string, number> = {
        resolved: 1,
        resolutionMinutes: minutes,
        within24h: minutes <= dayMinutes ? 1 : 0,
        resolutionMet: row.marks.resolutionBreachedAt ? 0 : 1,
        rated: row.satisfaction ? 1 : 0,
        ratingSum: row.satisfaction?.rating ?? 0,
        complaints: row.type === 'complaint' ? 1 : 0,
      };
      if (row.complaint?.cause) counts[`cause:${row.complaint.cause}`] = 1;
      shares[`resolved|${scope}|${month(row.resolvedAt)}`] = { counts, labels: { period: month(row.resolvedAt) } };
    } else {
      shares[`openDay|${scope}|${row.openedAt.slice(0, 10)}`] = { counts: { open: 1 }, labels: { period: row.openedAt.slice(0, 10) } };
      shares[`openMonth|${scope}|${month(row.openedAt)}`] = { counts: { open: 1 }, labels: { period: month(row.openedAt) } };
    }
  }
  return shares;
}

/** Days of open cases read one by one: the bands below 30 days need them. */
export const recentDays = 31;

/** Backlog age bands, in days since opened: under 1, 1–3, 3–7, 7–30, 30 and more. */
export const backlogBands = ['lt1d', '1to3d', '3to7d', '7to30d', 'ge30d'] as const;
export type BacklogBand = (typeof backlogBands)[number];

export interface ServiceKpis {
  months: string[];
  /** Averages in minutes; undefined when nothing was answered or resolved in the months. */
  averageResponseMinutes?: number;
  averageResolutionMinutes?: number;
  /** Shares from 0 to 1. */
  resolvedWithin24h?: number;
  slaCompliance?: number;
  satisfactionAverage?: number;
  ratings: number;
  resolved: number;
  responded: number;
  backlog: Record<BacklogBand, number>;
  complaintsByCause: Record<ComplaintCause, number>;
  /** Per month, oldest first: resolutions and SLA compliance, for the trend chart. */
  trend: { month: string; resolved: number; slaCompliance?: number; averageResolutionMinutes?: number }[];
}

const sum = (rows: readonly AggregateState[], name: string) => rows.reduce((total, row) => total + (row.counts[name] ?? 0), 0);
const ratio = (part: number, whole: number) => (whole > 0 ? part / whole : undefined);

function bandOf(openedDay: string, now: Date): BacklogBand {
  const days = (now.getTime() - Date.parse(`${openedDay}T00:00:00Z`)) / 86_400_000;
  if (days < 1) return 'lt1d';
  if (days < 3) return '1to3d';
  if (days < 7) return '3to7d';
  if (days < 30) return '7to30d';
  return 'ge30d';
}

/**
 * The KPI figures from the rollup rows read for a scope: replies and resolutions by month; open cases by the month
 * they opened (all of them) and by the day (the last `recentDays`), from which the bands under 30 days are counted and
 * the rest is 30 days and more.
 */
export function kpisOf(input: {
  months: string[];
  responded: readonly AggregateState[];
  resolved: readonly AggregateState[];
  openDays: readonly AggregateState[];
  openMonths: readonly AggregateState[];
  now: Date;
}): ServiceKpis {
  const byPeriod = new Map(input.resolved.map((row) => [row.labels.period, row]));
  const responded = input.responded;
  const resolved = input.resolved;
  const resolvedCount = sum(resolved, 'resolved');
  const respondedCount = sum(responded, 'responded');
  const ratings = sum(resolved, 'rated');
  const clocks = respondedCount + resolvedCount;
  const backlog = Object.fromEntries(backlogBands.map((band) => [band, 0])) as Record<BacklogBand, number>;
  for (const state of input.openDays) {
    const band = state.labels.period ? bandOf(state.labels.period, input.now) : 'ge30d';
    if (band !== 'ge30d') backlog[band] += state.counts.open ?? 0;
  }
  const recent = backlog.lt1d + backlog['1to3d'] + backlog['3to7d'] + backlog['7to30d'];
  backlog.ge30d = sum(input.openMonths, 'open') - recent;
  const complaintsByCause = Object.fromEntries(complaintCauses.map((cause) => [cause, sum(resolved, `cause:${cause}`)])) as Record<
    ComplaintCause,
    number
  >;
  const average = (total: number, count: number) => (count > 0 ? Math.round(total / count) : undefined);
  return {
    months: input.months,
    averageResponseMinutes: average(sum(responded, 'responseMinutes'), respondedCount),
    averageResolutionMinutes: average(sum(resolved, 'resolutionMinutes'), resolvedCount),
    resolvedWithin24h: ratio(sum(resolved, 'within24h'), resolvedCount),
    slaCompliance: ratio(sum(responded, 'responseMet') + sum(resolved, 'resolutionMet'), clocks),
    satisfactionAverage: ratings > 0 ? Math.round((sum(resolved, 'ratingSum') / ratings) * 100) / 100 : undefined,
    ratings,
    resolved: resolvedCount,
    responded: respondedCount,
    backlog,
    complaintsByCause,
    trend: input.months.map((month) => {
      const row = byPeriod.get(month);
      const count = row?.counts.resolved ?? 0;
      return {
        month,
        resolved: count,
        slaCompliance: row ? ratio(row.counts.resolutionMet ?? 0, count) : undefined,
        averageResolutionMinutes: row ? average(row.counts.resolutionMinutes ?? 0, count) : undefined,
      };
    }),
  };
}
