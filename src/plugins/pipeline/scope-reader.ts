// What a pipeline view reads: one scope's rollups and board rows, or the sum of several owners' (the people a manager sees).
import type { LogicalTable } from '../../storage/logical-table';
import { createAggregateReader } from '../../storage/projector';
import { roundMoney } from './money';
import type { BoardIndex } from './board-index.store';
import {
  emptyMonth,
  emptyOwnerMonth,
  emptyScope,
  emptyStage,
  figuresKey,
  listCaps,
  monthKey,
  monthStateOf,
  scopeStateOf,
  type MonthState,
  type ScopeState,
} from './pipeline-rollups';
import type { ScopeKey } from './pipeline-scope';
import type { OpportunityCard } from './pipeline.service';
import { pipelineViewIds } from './pipeline.views';

/** A stage's first cards: soonest close (the board's first page) and longest in the stage (the stuck list). */
export interface ListState {
  byClose: OpportunityCard[];
  oldest: OpportunityCard[];
}
export const emptyList = (): ListState => ({ byClose: [], oldest: [] });

/** A view's rollups: the scope state, and the rows it reads on demand. */
export interface ScopeView {
  state: ScopeState;
  list(stageId: string): Promise<ListState>;
  month(month: string): Promise<MonthState>;
  /** Cards of a column, soonest close first, after `after` when given. */
  page(
    stageId: string,
    request: { pageSize: number; after?: OpportunityCard; continuationToken?: string },
  ): Promise<{ items: OpportunityCard[]; continuationToken?: string }>;
}

/** Adds one month's figures into another. */
export function mergeMonth(target: MonthState, source: MonthState): void {
  for (const [ownerId, owner] of Object.entries(source.owners)) {
    const into = (target.owners[ownerId] ??= emptyOwnerMonth(owner.name));
    into.newCount += owner.newCount;
    into.wonCount += owner.wonCount;
    into.wonAmount = roundMoney(into.wonAmount + owner.wonAmount);
    into.lostCount += owner.lostCount;
    into.lostAmount = roundMoney(into.lostAmount + owner.lostAmount);
    into.cycleDays = Math.round((into.cycleDays + owner.cycleDays) * 100) / 100;
  }
  for (const [stageId, stats] of Object.entries(source.dwell)) {
    const into = (target.dwell[stageId] ??= { n: 0, sum: 0, hist: {} });
    into.n += stats.n;
    into.sum = Math.round((into.sum + stats.sum) * 100) / 100;
    for (const [day, n] of Object.entries(stats.hist)) into.hist[day] = (into.hist[day] ?? 0) + n;
  }
  for (const [key, entry] of Object.entries(source.reasons)) {
    const into = (target.reasons[key] ??= { ...entry, count: 0, amount: 0 });
    into.count += entry.count;
    into.amount = roundMoney(into.amount + entry.amount);
  }
}

/** The sum of scopes that share no deal (each owner's own): figures add up. */
export function mergeScopes(states: readonly ScopeState[]): ScopeState {
  const merged = emptyScope();
  for (const state of states) {
    for (const [stageId, stage] of Object.entries(state.stages)) {
      const into = (merged.stages[stageId] ??= emptyStage());
      into.count += stage.count;
      into.amount = roundMoney(into.amount + stage.amount);
      into.weighted += stage.weighted;
      for (const [day, count] of Object.entries(stage.entered)) into.entered[day] = (into.entered[day] ?? 0) + count;
      for (const [month, figures] of Object.entries(stage.months)) {
        const target = (into.months[month] ??= { count: 0, amount: 0, weighted: 0 });
        target.count += figures.count;
        target.amount = roundMoney(target.amount + figures.amount);
        target.weighted += figures.weighted;
      }
    }
    for (const [ownerId, owner] of Object.entries(state.owners)) {
      const into = (merged.owners[ownerId] ??= { name: owner.name, count: 0, amount: 0 });
      into.count += owner.count;
      into.amount = roundMoney(into.amount + owner.amount);
    }
    for (const [stageId, count] of Object.entries(state.reached)) merged.reached[stageId] = (merged.reached[stageId] ?? 0) + count;
  }
  return merged;
}

export function createScopeReader(views: LogicalTable, index: BoardIndex) {
  const aggregates = createAggregateReader(views, pipelineViewIds.funnel);
  const scopeOf = async (tenantId: string, key: ScopeKey) => {
    const stored = await aggregates.read(tenantId, figuresKey(key));
    return scopeStateOf(stored.counts, stored.labels);
  };
  const monthOf = async (tenantId: string, key: ScopeKey, month: string) => {
    const stored = await aggregates.read(tenantId, monthKey(key, month));
    return monthStateOf(stored.counts, stored.labels);
  };

  return {
    /** Reads the rollups of `keys`: one scope as it is, several owners' scopes summed (none: an empty view). */
    async open(tenantId: string, keys: readonly ScopeKey[]): Promise<ScopeView> {
      if (keys.length === 1) {
        const key = keys[0]!;
        return {
          state: await scopeOf(tenantId, key),
          list: async (stageId) => {
            const [byClose, oldest] = await Promise.all([
              index.page(tenantId, key, stageId, { pageSize: listCaps.byClose }),
              index.longestWaiting(tenantId, key, stageId, listCaps.oldest),
            ]);
            return { byClose: byClose.items, oldest };
          },
          month: (month) => monthOf(tenantId, key, month),
          page: (stageId, request) => index.page(tenantId, key, stageId, request),
        };
      }
      // Only owners' scopes are disjoint; team, industry and region scopes overlap them and would count deals twice.
      if (keys.some((key) => !key.startsWith('owner:'))) throw new Error(`Only owner scopes add up; got ${keys.join(', ')}`);
      const states = await Promise.all(keys.map((key) => scopeOf(tenantId, key)));
      const ownerIds = keys.map((key) => key.slice('owner:'.length));
      return {
        state: mergeScopes(states),
        async list(stageId) {
          if (ownerIds.length === 0) return emptyList();
          const [byClose, oldest] = await Promise.all([
            index.pageOfOwners(tenantId, ownerIds, stageId, { pageSize: listCaps.byClose }),
            index.longestWaitingOfOwners(tenantId, ownerIds, stageId, listCaps.oldest),
          ]);
          return { byClose, oldest };
        },
        async month(month) {
          const rows = await Promise.all(keys.map((key) => monthOf(tenantId, key, month)));
          const merged = emptyMonth();
          for (const row of rows) mergeMonth(merged, row);
          return merged;
        },
        page: async (stageId, request) => ({
          items: ownerIds.length === 0 ? [] : await index.pageOfOwners(tenantId, ownerIds, stageId, request),
        }),
      };
    },
  };
}

export type ScopeReader = ReturnType<typeof createScopeReader>;
