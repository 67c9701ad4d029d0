// Pipeline views from rollup and board rows: board, funnel, forecast, dwell, stuck deals, won/lost, reps and the chat summary.
import type { Clock } from '../../core/clock';
import type { Stored } from '../../storage/repository';
import { roundMoney } from './money';
import { dwellFigures } from './dwell-figures';
import { emptyStage, type DwellStats, type MonthState, type ScopeState, type StageState } from './pipeline-rollups';
import { calendarDays, currentQuarter, monthsOf, quarterOf, type ScopeKey } from './pipeline-scope';
import type { Stage, StageModel } from './pipeline.schema';
import type {
  Board,
  BoardColumn,
  BoardColumnPage,
  DwellFigures,
  Forecast,
  ForecastBucket,
  Funnel,
  Period,
  PipelineSummary,
  RepFigures,
  RepList,
  StageFigures,
  StuckDeal,
  WinLoss,
} from './pipeline.service';
import { emptyList, type ListState, type ScopeReader, type ScopeView } from './scope-reader';
import type { PageRequest } from '../../storage/repository';
import { columnToken, readColumnToken } from './board-token';
import { funnelOrder, stageOf } from './stage-model.rules';

export interface AnalyticsDeps {
  scopes: ScopeReader;
  clock: Clock;
  stageModel(tenantId: string): Promise<Stored<StageModel>>;
  /** Activities each author logged between two local dates, inclusive. */
  activityCounts(tenantId: string, authorIds: string[], from: string, to: string): Promise<Record<string, number>>;
}

/** Cards a board column shows at most on its first page. */
export const maxPerStage = 50;
const summaryStuck = 5;

/** A stage as a view reads it: its figures, and its card lists when the view shows cards. */
interface ColumnView {
  stage: Stage;
  column: StageState;
  list: ListState;
}

const figuresOf = (stageId: string, column: StageState): StageFigures => ({
  stageId,
  count: column.count,
  amount: roundMoney(column.amount),
  weighted: roundMoney(column.weighted),
});
const emptyBucket = (period: string): ForecastBucket => ({ period, count: 0, amount: 0, weighted: 0 });

function addTo(bucket: ForecastBucket, figures: { count: number; amount: number; weighted: number }): void {
  bucket.count += figures.count;
  bucket.amount = roundMoney(bucket.amount + figures.amount);
  bucket.weighted = roundMoney(bucket.weighted + figures.weighted);
}

/** The last day of a `YYYY-MM` month. */
const lastDay = (month: string) => {
  const [year, m] = month.split('-').map(Number) as [number, number];
  return `${month}-${String(new Date(Date.UTC(year, m, 0)).getUTCDate()).padStart(2, '0')}`;
};

export function createPipelineAnalytics(deps: AnalyticsDeps) {
  const { scopes, clock } = deps;

  /** Open stages a view shows: the model's, then a retired one only while deals are still in it; from the scope row read on opening. */
  async function openColumns(
    view: ScopeView,
    model: StageModel,
    withLists: boolean,
  ): Promise<{ scope: ScopeState; columns: ColumnView[] }> {
    const scope = view.state;
    const shown = model.stages.filter((stage) => stage.kind === 'open' && (!stage.retired || (scope.stages[stage.id]?.count ?? 0) > 0));
    const lists = withLists
      ? await Promise.all(shown.map((stage) => ((scope.stages[stage.id]?.count ?? 0) > 0 ? view.list(stage.id) : emptyList())))
      : [];
    return {
      scope,
      columns: shown.map((stage, i) => ({ stage, column: scope.stages[stage.id] ?? emptyStage(), list: lists[i] ?? emptyList() })),
    };
  }

  function stuckOf(columns: ColumnView[], limit: number): { items: StuckDeal[]; total: number } {
    const now = clock.now();
    let total = 0;
    const items: StuckDeal[] = [];
    for (const { stage, column, list } of columns) {
      const limitDays = stage.dwellLimitDays;
      if (limitDays === undefined) continue;
      for (const [day, count] of Object.entries(column.entered)) if (calendarDays(day, now) > limitDays) total += count;
      for (const deal of list.oldest) {
        const daysInStage = calendarDays(deal.stageEnteredAt, now);
        if (daysInStage > limitDays) items.push({ deal, daysInStage, limitDays });
      }
    }
    items.sort((a, b) => b.daysInStage - b.limitDays - (a.daysInStage - a.limitDays) || a.deal.id.localeCompare(b.deal.id));
    return { items: items.slice(0, limit), total };
  }

  /** The period's months: recent ones from the scope row, older ones from their own rows. */
  async function months(view: ScopeView, monthList: readonly string[]): Promise<MonthState[]> {
    return Promise.all(monthList.map((month) => view.month(month)));
  }

  async function firstPage(view: ScopeView, stageId: string, column: StageState, list: ListState, pageSize: number): Promise<BoardColumn> {
    const fromRollup = list.byClose.length >= Math.min(pageSize, column.count);
    const items = fromRollup ? list.byClose.slice(0, pageSize) : (await view.page(stageId, { pageSize })).items;
    const more = column.count > items.length && items.length > 0;
    return { ...figuresOf(stageId, column), items, ...(more ? { continuationToken: columnToken({ after: items.at(-1)! }) } : {}) };
  }

  return {
    async board(tenantId: string, keys: readonly ScopeKey[], perStage: number): Promise<Board> {
      const [{ value: model }, view] = await Promise.all([deps.stageModel(tenantId), scopes.open(tenantId, keys)]);
      const { columns } = await openColumns(view, model, perStage > 0);
      const size = Math.min(Math.max(perStage, 0), maxPerStage);
      return {
        reportingCurrency: model.reportingCurrency,
        columns: await Promise.all(columns.map(({ stage, column, list }) => firstPage(view, stage.id, column, list, size))),
      };
    },

    async boardColumn(tenantId: string, keys: readonly ScopeKey[], stageId: string, request: PageRequest): Promise<BoardColumnPage> {
      const { value: model } = await deps.stageModel(tenantId);
      stageOf(model, stageId);
      const pageSize = Math.min(Math.max(request.pageSize ?? 25, 1), 1000);
      const view = await scopes.open(tenantId, keys);
      const list = await view.list(stageId);
      const column = view.state.stages[stageId] ?? emptyStage();
      const token = readColumnToken(request.continuationToken);
      const reportingCurrency = model.reportingCurrency;
      if (!token) return { reportingCurrency, ...(await firstPage(view, stageId, column, list, pageSize)) };
      const page = await view.page(stageId, { pageSize, after: token.after, ...(token.next ? { continuationToken: token.next } : {}) });
      const last = page.items.at(-1) ?? token.after;
      const continuationToken = page.continuationToken ? columnToken({ after: token.after, next: page.continuationToken }) : undefined;
      return {
        reportingCurrency,
        ...figuresOf(stageId, column),
        items: page.items,
        ...(continuationToken
          ? { continuationToken }
          : last && page.items.length === pageSize
            ? { continuationToken: columnToken({ after: last }) }
            : {}),
      };
    },

    async funnel(tenantId: string, keys: readonly ScopeKey[]): Promise<Funnel> {
      const [{ value: model }, view] = await Promise.all([deps.stageModel(tenantId), scopes.open(tenantId, keys)]);
      const order = funnelOrder(model);
      const { scope: scopeState, columns } = await openColumns(view, model, false);
      const reached = order.map((stageId) => scopeState.reached[stageId] ?? 0);
      const conversion = order.slice(1).map((toStageId, i) => {
        const fromReached = reached[i]!;
        return {
          fromStageId: order[i]!,
          toStageId,
          reached: fromReached,
          rate: fromReached === 0 ? 0 : Math.round((reached[i + 1]! / fromReached) * 1000) / 1000,
        };
      });
      return {
        reportingCurrency: model.reportingCurrency,
        stages: columns.map(({ stage, column }) => figuresOf(stage.id, column)),
        conversion,
      };
    },

    async forecast(tenantId: string, keys: readonly ScopeKey[], period: Period): Promise<Forecast> {
      const monthList = monthsOf(period);
      const [{ value: model }, view] = await Promise.all([deps.stageModel(tenantId), scopes.open(tenantId, keys)]);
      const { columns } = await openColumns(view, model, false);
      const byMonth = new Map(monthList.map((month) => [month, emptyBucket(month)]));
      const byQuarter = new Map(monthList.map((month) => [quarterOf(month), emptyBucket(quarterOf(month))]));
      for (const { column } of columns) {
        for (const [month, figures] of Object.entries(column.months)) {
          const bucket = byMonth.get(month);
          if (!bucket) continue;
          addTo(bucket, figures);
          addTo(byQuarter.get(quarterOf(month))!, figures);
        }
      }
      return { reportingCurrency: model.reportingCurrency, months: [...byMonth.values()], quarters: [...byQuarter.values()] };
    },

    async dwell(tenantId: string, keys: readonly ScopeKey[], period: Period): Promise<DwellFigures[]> {
      const monthList = monthsOf(period);
      const [{ value: model }, view] = await Promise.all([deps.stageModel(tenantId), scopes.open(tenantId, keys)]);
      const rows = await months(view, monthList);
      const merged = new Map<string, DwellStats>();
      for (const row of rows) {
        for (const [stageId, stats] of Object.entries(row.dwell)) {
          const target = merged.get(stageId) ?? { n: 0, sum: 0, hist: {} };
          target.n += stats.n;
          target.sum += stats.sum;
          for (const [day, n] of Object.entries(stats.hist)) target.hist[day] = (target.hist[day] ?? 0) + n;
          merged.set(stageId, target);
        }
      }
      const stages = model.stages.filter((stage) => stage.kind === 'open' && (!stage.retired || merged.has(stage.id)));
      return stages.map((stage) => {
        const stats = merged.get(stage.id) ?? { n: 0, sum: 0, hist: {} };
        return { stageId: stage.id, samples: stats.n, ...dwellFigures(stats) };
      });
    },

    async stuck(tenantId: string, keys: readonly ScopeKey[], limit: number): Promise<{ items: StuckDeal[]; total: number }> {
      const [{ value: model }, view] = await Promise.all([deps.stageModel(tenantId), scopes.open(tenantId, keys)]);
      return stuckOf((await openColumns(view, model, true)).columns, limit);
    },

    async winLoss(tenantId: string, keys: readonly ScopeKey[], period: Period): Promise<WinLoss> {
      const monthList = monthsOf(period);
      const [{ value: model }, view] = await Promise.all([deps.stageModel(tenantId), scopes.open(tenantId, keys)]);
      const rows = await months(view, monthList);
      const won = { count: 0, amount: 0 };
      const lost = { count: 0, amount: 0 };
      const reasons = new Map<string, WinLoss['reasons'][number]>();
      for (const row of rows) {
        for (const owner of Object.values(row.owners)) {
          won.count += owner.wonCount;
          won.amount = roundMoney(won.amount + owner.wonAmount);
          lost.count += owner.lostCount;
          lost.amount = roundMoney(lost.amount + owner.lostAmount);
        }
        for (const [reasonKey, entry] of Object.entries(row.reasons)) {
          const target = reasons.get(reasonKey) ?? { outcome: entry.outcome, reason: entry.reason, count: 0, amount: 0 };
          target.count += entry.count;
          target.amount = roundMoney(target.amount + entry.amount);
          reasons.set(reasonKey, target);
        }
      }
      const sorted = [...reasons.values()]
        .filter((r) => r.count > 0)
        .sort((a, b) => b.count - a.count || b.amount - a.amount || a.reason.localeCompare(b.reason));
      return { reportingCurrency: model.reportingCurrency, won, lost, reasons: sorted };
    },

    async reps(tenantId: string, keys: readonly ScopeKey[], period: Period): Promise<RepList> {
      const monthList = monthsOf(period);
      const [{ value: model }, view] = await Promise.all([deps.stageModel(tenantId), scopes.open(tenantId, keys)]);
      const { scope: scopeState } = await openColumns(view, model, false);
      const rows = await months(view, monthList);
      const reps = new Map<string, RepFigures & { cycleDays: number }>();
      const rep = (ownerId: string, ownerName: string) => {
        const found = reps.get(ownerId);
        if (found) return found;
        const created = {
          ownerId,
          ownerName,
          openCount: 0,
          openAmount: 0,
          wonAmount: 0,
          wonCount: 0,
          lostCount: 0,
          newOpportunities: 0,
          activitiesLogged: 0,
          cycleDays: 0,
        };
        reps.set(ownerId, created);
        return created;
      };
      for (const [ownerId, owner] of Object.entries(scopeState.owners)) {
        const target = rep(ownerId, owner.name);
        target.openCount += owner.count;
        target.openAmount = roundMoney(target.openAmount + owner.amount);
      }
      for (const row of rows) {
        for (const [ownerId, owner] of Object.entries(row.owners)) {
          const target = rep(ownerId, owner.name);
          target.wonCount += owner.wonCount;
          target.wonAmount = roundMoney(target.wonAmount + owner.wonAmount);
          target.lostCount += owner.lostCount;
          target.newOpportunities += owner.newCount;
          target.cycleDays += owner.cycleDays;
        }
      }
      const counts = await deps.activityCounts(tenantId, [...reps.keys()], `${monthList[0]}-01`, lastDay(monthList.at(-1)!));
      const items = [...reps.values()]
        .map(({ cycleDays, ...figures }) => ({
          ...figures,
          activitiesLogged: counts[figures.ownerId] ?? 0,
          ...(figures.wonCount + figures.lostCount > 0
            ? { winRate: Math.round((figures.wonCount / (figures.wonCount + figures.lostCount)) * 1000) / 1000 }
            : {}),
          ...(figures.wonCount > 0 ? { averageCycleDays: Math.round((cycleDays / figures.wonCount) * 10) / 10 } : {}),
        }))
        .sort((a, b) => b.openAmount + b.wonAmount - (a.openAmount + a.wonAmount) || a.ownerName.localeCompare(b.ownerName));
      return { reportingCurrency: model.reportingCurrency, items };
    },

    async summary(tenantId: string, keys: readonly ScopeKey[]): Promise<PipelineSummary> {
      const [{ value: model }, view] = await Promise.all([deps.stageModel(tenantId), scopes.open(tenantId, keys)]);
      const { columns } = await openColumns(view, model, true);
      const quarterPeriod = currentQuarter(clock.now());
      const quarter = emptyBucket(quarterOf(quarterPeriod.from));
      for (const { column } of columns)
        for (const [month, figures] of Object.entries(column.months))
          if (month >= quarterPeriod.from && month <= quarterPeriod.to) addTo(quarter, figures);
      const stuck = stuckOf(columns, summaryStuck);
      return {
        reportingCurrency: model.reportingCurrency,
        stages: columns.map(({ stage, column }) => figuresOf(stage.id, column)),
        quarter,
        stuck: stuck.items,
        stuckCount: stuck.total,
      };
    },
  };
}
