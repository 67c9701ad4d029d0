// What a pipeline view reads: one scope's rollup rows, or the sum of several owners' scopes (the people a manager sees).
import { roundMoney } from './money';
import type { BoardIndex } from './board-index.store';
import type { PipelineRollups } from './pipeline-rollup.store';
import {
  byCloseOrder,
  emptyList,
  emptyMonth,
  emptyScope,
  mergeMonth,
  oldestOrder,
  type ListState,
  type MonthState,
  type ScopeState,
  type StageState,
} from './pipeline-rollups';
import type { ScopeKey } from './pipeline-scope';
import type { OpportunityCard } from './pipeline.service';

/** A view's rollups: the scope state, and the rows it reads on demand. */
export interface ScopeView {
  state: ScopeState;
  list(stageId: string): Promise<ListState>;
  month(month: string): Promise<MonthState>;
  /** Cards of a column past the rollup's first ones, soonest close first. */
  page(
    stageId: string,
    request: { pageSize: number; after?: OpportunityCard; continuationToken?: string },
  ): Promise<{ items: OpportunityCard[]; continuationToken?: string }>;
}

const emptyStage = (): StageState => ({ count: 0, amount: 0, weighted: 0, entered: {}, months: {}, byClose: { n: 0 }, oldest: { n: 0 } });

/** The sum of scopes that share no deal (each owner's own): figures add up, people and months merge. */
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
    for (const [month, row] of Object.entries(state.recent)) mergeMonth((merged.recent[month] ??= emptyMonth()), row);
  }
  return merged;
}

/**
 * Merges lists that each hold the first cards of their scope in `order`. A list shorter than its scope's deals ends
 * where its unlisted cards begin, so the merged list is certain only up to the earliest such end; past it, the board
 * index is read.
 */
export function mergePrefixes(
  parts: readonly (readonly OpportunityCard[])[],
  totals: readonly number[],
  order: (a: OpportunityCard, b: OpportunityCard) => number,
): OpportunityCard[] {
  let edge: OpportunityCard | undefined;
  for (const [i, part] of parts.entries()) {
    if (part.length >= (totals[i] ?? 0)) continue;
    const last = part.at(-1);
    if (!last) return [];
    if (!edge || order(last, edge) < 0) edge = last;
  }
  const all = parts.flat().sort(order);
  return edge ? all.filter((card) => order(card, edge) <= 0) : all;
}

export function createScopeReader(rollups: PipelineRollups, index: BoardIndex) {
  return {
    /** Reads the scope rows of `keys`: one scope as it is, several owners' scopes summed (none: an empty view). */
    async open(tenantId: string, keys: readonly ScopeKey[]): Promise<ScopeView> {
      if (keys.length === 1) {
        const key = keys[0]!;
        const state = await rollups.scope(tenantId, key);
        return {
          state,
          list: (stageId) => rollups.list(tenantId, key, stageId),
          month: (month) => rollups.month(tenantId, key, month, state),
          page: (stageId, request) => index.page(tenantId, key, stageId, request),
        };
      }
      // Only owners' scopes are disjoint; team, industry and region scopes overlap them and would count deals twice.
      if (keys.some((key) => !key.startsWith('owner:'))) throw new Error(`Only owner scopes add up; got ${keys.join(', ')}`);
      const states = await Promise.all(keys.map((key) => rollups.scope(tenantId, key)));
      const countsOf = (stageId: string) => states.map((state) => state.stages[stageId]?.count ?? 0);
      const ownerIds = keys.map((key) => key.slice('owner:'.length));
      return {
        state: mergeScopes(states),
        async list(stageId) {
          const counts = countsOf(stageId);
          const lists = await Promise.all(keys.map((key, i) => (counts[i]! > 0 ? rollups.list(tenantId, key, stageId) : emptyList())));
          return {
            byClose: mergePrefixes(
              lists.map((list) => list.byClose),
              counts,
              byCloseOrder,
            ),
            oldest: mergePrefixes(
              lists.map((list) => list.oldest),
              counts,
              oldestOrder,
            ),
            removed: [],
          };
        },
        async month(month) {
          const rows = await Promise.all(keys.map((key, i) => rollups.month(tenantId, key, month, states[i]!)));
          const merged = emptyMonth();
          for (const row of rows) mergeMonth(merged, row);
          return merged;
        },
        page: async (stageId, request) => ({ items: await index.pageOfOwners(tenantId, ownerIds, stageId, request) }),
      };
    },
  };
}

export type ScopeReader = ReturnType<typeof createScopeReader>;
