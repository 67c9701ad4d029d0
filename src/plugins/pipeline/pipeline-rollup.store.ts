// The pipeline rollups in storage: every scope's rows in one partition per tenant, written together in one transaction.
import type { TableClient } from '@azure/data-tables';
import type { Clock } from '../../core/clock';
import { AppError } from '../../core/errors';
import type { Logger } from '../../core/logger';
import type { RowAddress } from '../../storage/repository';
import type { BoardIndex } from './board-index.store';
import type { IdentifiedChange } from './deal-snapshot';
import {
  accountRefillBelow,
  accountSchema,
  applyToAccount,
  applyToList,
  applyToMonth,
  applyToScope,
  emptyAccount,
  emptyList,
  emptyMonth,
  emptyScope,
  listCaps,
  listSchema,
  mergeMonth,
  monthSchema,
  monthsTouched,
  needsRefill,
  refillAccount,
  refillList,
  scopeSchema,
  scopesTouched,
  takeOnce,
  touchesAccount,
  type AccountState,
  type ListState,
  type MonthState,
  type ScopeState,
} from './pipeline-rollups';
import { monthOf, type ScopeKey } from './pipeline-scope';
import { lostRace, pause, RollupRows } from '../../storage/rollup-rows';

/**
 * Every change comes with an id, and each figures and account row remembers the last ids it took (`applied`), so a
 * change applied again counts once; the figures row of a scope guards the list and month rows written with it.
 * PK [tenant, 'rollups'], so one transaction writes every scope a change touches and figures never disagree:
 * RK [scope, 'figures'] (every stage's figures, owners, reached counts, this month's and last month's period figures),
 * RK [scope, 'list', stageId] (the stage's first cards), RK [scope, 'month', YYYY-MM] (older months).
 * Accounts: PK [tenant, 'account', accountId], RK ['state'].
 */
const partition = ['rollups'];
const figuresRow = (scope: ScopeKey) => [scope, 'figures'];
const listRow = (scope: ScopeKey, stageId: string) => [scope, 'list', stageId];
const monthRow = (scope: ScopeKey, month: string) => [scope, 'month', month];
const accountAddress = (tenantId: string, accountId: string): RowAddress => ({ tenantId, partition: ['account', accountId], row: ['state'] });
const maxAttempts = 40;
/** Azure's limit of operations in one transaction. */
const maxRowsPerCommit = 100;

/** The month before the one `now` is in: the scope rows keep it and the current one. */
function windowStart(now: Date): string {
  const date = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1));
  return monthOf(date.toISOString());
}

/** The open stages of a tenant's model, retired ones included: where an account's deals can be. */
export type OpenStageIds = (tenantId: string) => Promise<string[]>;

interface Loaded<T> {
  state: T;
  etag?: string;
}

export function createPipelineRollups(deps: { table: TableClient; index: BoardIndex; openStageIds: OpenStageIds; clock: Clock; log: Logger }) {
  const { index, openStageIds, clock, log } = deps;
  const rows = new RollupRows(deps.table, 'opportunity');
  const at = (tenantId: string, row: readonly string[]): RowAddress => ({ tenantId, partition, row });
  const key = (row: readonly string[]) => row.join('\u0000');

  /**
   * Deals per scope and stage as this process last wrote them: only a hint for which list rows to read up front
   * (a wrong hint costs a second read round, never a wrong figure). Owners' stages are small, so they count as listed.
   */
  const stageSizes = new Map<string, number>();
  const maxHints = 50_000;
  const remember = (tenantId: string, scope: ScopeKey, stageId: string, count: number) => {
    if (stageSizes.size >= maxHints) stageSizes.clear();
    stageSizes.set(`${tenantId}\u0000${scope}\u0000${stageId}`, count);
  };
  const likelyListed = (tenantId: string, scope: ScopeKey, stageId: string) => {
    const size = stageSizes.get(`${tenantId}\u0000${scope}\u0000${stageId}`);
    return size === undefined ? scope.startsWith('owner:') : size <= 3 * listCaps.byClose;
  };

  /**
   * Applies changes to the given scopes in one transaction: reads their figures (and, for owners, the lists of the
   * stages involved), applies, and reads any further list or month row it turns out to need before trying again.
   * A scope leaves out the changes its row already took; when no scope has anything new, nothing is written.
   */
  async function applyToScopes(tenantId: string, scopes: readonly ScopeKey[], changes: readonly IdentifiedChange[], after?: Promise<unknown>): Promise<Map<ScopeKey, ScopeState>> {
    const start = windowStart(clock.now());
    const wanted = new Map<string, readonly string[]>();
    for (const scope of scopes) {
      for (const change of changes) {
        for (const s of [change.from, change.to]) {
          // A stage with few deals almost always has its lists changed: read them with the figures, not in a second round.
          if (s?.card.status === 'open' && likelyListed(tenantId, scope, s.card.stageId)) wanted.set(key(listRow(scope, s.card.stageId)), listRow(scope, s.card.stageId));
        }
      }
    }
    for (const change of changes) for (const { scope, month } of monthsTouched(change)) if (month < start && scopes.includes(scope)) wanted.set(key(monthRow(scope, month)), monthRow(scope, month));
    // Rows read in this call, kept while only missing rows are added; a lost race reads everything again.
    const cache = new Map<string, Promise<{ state: unknown; etag: string } | undefined>>();
    const read = (row: readonly string[]) => {
      const schema = row[1] === 'figures' ? scopeSchema : row[1] === 'list' ? listSchema : monthSchema;
      if (!cache.has(key(row))) cache.set(key(row), rows.read(at(tenantId, row), schema as typeof monthSchema));
      return cache.get(key(row))!;
    };
    for (let attempt = 0; ; attempt += 1) {
      const extraRows = [...wanted.values()];
      const [figures, extras] = (await Promise.all([Promise.all(scopes.map((scope) => read(figuresRow(scope)))), Promise.all(extraRows.map(read))])) as [
        ({ state: ScopeState; etag: string } | undefined)[],
        ({ state: ListState | MonthState; etag: string } | undefined)[],
      ];
      // States are changed in place below, so each attempt works on copies of what was read.
      const copy = <T>(state: T): T => structuredClone(state);
      const loaded = new Map<string, Loaded<ListState | MonthState>>(extraRows.map((row, i) => [key(row), { state: extras[i] ? copy(extras[i].state) : row[1] === 'list' ? emptyList() : emptyMonth(), etag: extras[i]?.etag }]));
      const states = new Map(scopes.map((scope, i) => [scope, figures[i] ? copy(figures[i].state) : emptyScope()]));
      const fresh = new Map<ScopeKey, Set<string>>();
      for (const [scope, state] of states) {
        fresh.set(scope, new Set(changes.filter((change) => scopesTouched(change).includes(scope) && takeOnce(state, change.changeId)).map((change) => change.changeId)));
      }
      if ([...fresh.values()].every((ids) => ids.size === 0)) return states;
      const isFresh = (scope: ScopeKey, change: IdentifiedChange) => fresh.get(scope)?.has(change.changeId) === true;
      const missing = new Map<string, readonly string[]>();
      const changed = new Set<string>();
      const loadedRow = <T>(row: readonly string[]): T | undefined => {
        const found = loaded.get(key(row));
        if (found) changed.add(key(row));
        else missing.set(key(row), row);
        return found?.state as T | undefined;
      };
      for (const [scope, state] of states) {
        // Months leaving the window move into rows of their own, added to what those rows already hold.
        for (const month of Object.keys(state.recent).filter((m) => m < start)) {
          const row = loadedRow<MonthState>(monthRow(scope, month));
          if (row) mergeMonth(row, state.recent[month]!);
          delete state.recent[month];
        }
      }
      for (const change of changes) {
        for (const scope of scopes) {
          if (!isFresh(scope, change)) continue;
          const state = states.get(scope)!;
          for (const stageId of applyToScope(state, scope, change)) {
            const list = loadedRow<ListState>(listRow(scope, stageId));
            if (list) applyToList(list, state.stages[stageId]!, scope, stageId, change);
          }
        }
        for (const { scope, month } of monthsTouched(change)) {
          if (!isFresh(scope, change)) continue;
          const target = month >= start ? (states.get(scope)!.recent[month] ??= emptyMonth()) : loadedRow<MonthState>(monthRow(scope, month));
          if (target) applyToMonth(target, scope, month, change);
        }
      }
      if (missing.size > 0) {
        for (const [k, row] of missing) wanted.set(k, row);
        continue;
      }
      // Rollups are written last: a failure before leaves them as they were, for the retry to apply once.
      await after;
      try {
        await rows.commit(tenantId, partition, [
          ...scopes.map((scope, i) => ({ row: figuresRow(scope), kind: 'scope', state: states.get(scope), etag: figures[i]?.etag })),
          ...extraRows.filter((row) => changed.has(key(row))).map((row) => ({ row, kind: row[1] === 'list' ? 'list' : 'month', state: loaded.get(key(row))!.state, etag: loaded.get(key(row))!.etag })),
        ]);
        for (const [scope, state] of states) for (const [stageId, stage] of Object.entries(state.stages)) remember(tenantId, scope, stageId, stage.count);
        return states;
      } catch (error) {
        if (!lostRace(error)) throw error;
        if (attempt + 1 >= maxAttempts) throw new AppError('CONFLICT', { entity: 'opportunity' }, { reason: `pipeline rollups still contended after ${maxAttempts} attempts` }, { cause: error });
        cache.clear();
        await pause(attempt);
      }
    }
  }

  /** Refills a stage's card lists from the board index when removals left them short. */
  async function refill(tenantId: string, scope: ScopeKey, stageId: string): Promise<void> {
    const cards = await index.all(tenantId, scope, stageId);
    for (let attempt = 0; ; attempt += 1) {
      const [figures, list] = await Promise.all([rows.read(at(tenantId, figuresRow(scope)), scopeSchema), rows.read(at(tenantId, listRow(scope, stageId)), listSchema)]);
      const stage = figures?.state.stages[stageId];
      if (!figures || !stage || !needsRefill(stage)) return;
      const state = list?.state ?? emptyList();
      refillList(state, stage, cards);
      try {
        await rows.commit(tenantId, partition, [
          { row: figuresRow(scope), kind: 'scope', state: figures.state, etag: figures.etag },
          { row: listRow(scope, stageId), kind: 'list', state, etag: list?.etag },
        ]);
        return;
      } catch (error) {
        if (!lostRace(error) || attempt + 1 >= 10) throw error;
        await pause(attempt);
      }
    }
  }

  /** Refills an account's open deals from the board index when closes left its list short. */
  async function refillAccountRow(tenantId: string, accountId: string): Promise<void> {
    const cards = await index.ofAccount(tenantId, await openStageIds(tenantId), accountId);
    await rows.mutate(accountAddress(tenantId, accountId), 'account', accountSchema, emptyAccount, (current) => {
      refillAccount(current, cards);
      return current;
    });
  }

  /** Scopes grouped so that each transaction stays within Azure's 100 operations (a batch import touches many). */
  function commitGroups(changes: readonly IdentifiedChange[]): ScopeKey[][] {
    const scopes = [...new Set(changes.flatMap(scopesTouched))];
    const rowsPerScope = 1 + 2 * new Set(changes.flatMap((change) => [change.from?.card.stageId, change.to.card.stageId])).size + 4;
    if (scopes.length * rowsPerScope <= maxRowsPerCommit) return [scopes];
    return scopes.map((scope) => [scope]);
  }

  return {
    /**
     * Applies changes to every rollup they touch, each once however often it is applied; stages and accounts whose
     * lists ran short are refilled afterwards. Rows are read at once, but nothing is written before `after` (the
     * change's other derived writes) succeeded, and the scope rows' transaction goes after the account rows: when
     * anything fails before it, the busiest rows (whose memory of applied changes is shortest) stay as they were.
     */
    async apply(tenantId: string, changes: readonly IdentifiedChange[], after?: Promise<unknown>): Promise<void> {
      const accounts = new Map<string, IdentifiedChange[]>();
      // A deal's account never changes, so one account row holds its open deals; stage moves leave it alone.
      for (const change of changes) if (touchesAccount(change)) accounts.set(change.to.card.accountId, [...(accounts.get(change.to.card.accountId) ?? []), change]);
      const short: { scope: ScopeKey; stageId: string }[] = [];
      const shortAccounts: string[] = [];
      const accountRows = Promise.all(
        [...accounts.entries()].map(async ([accountId, list]) => {
          const state = await rows.mutate(
            accountAddress(tenantId, accountId),
            'account',
            accountSchema,
            emptyAccount,
            (current) => {
              const fresh = list.filter((change) => takeOnce(current, change.changeId));
              if (fresh.length === 0) return undefined;
              for (const change of fresh) applyToAccount(current, change);
              return current;
            },
            after,
          );
          if (state.items.length < Math.min(accountRefillBelow, state.count)) shortAccounts.push(accountId);
        }),
      );
      const scopesAfter = accounts.size === 0 ? after : Promise.all([after, accountRows]);
      // Its failure is reported through `after` and `accountRows`; this only keeps it from counting as unhandled meanwhile.
      scopesAfter?.catch(() => undefined);
      await Promise.all([
        accountRows,
        ...commitGroups(changes).map(async (scopes) => {
          const states = await applyToScopes(tenantId, scopes, changes.filter((change) => scopesTouched(change).some((scope) => scopes.includes(scope))), scopesAfter);
          const stages = new Set(changes.flatMap((change) => [change.from?.card.stageId, change.to.card.stageId].filter((id): id is string => id !== undefined)));
          for (const [scope, state] of states) for (const stageId of stages) if (state.stages[stageId] && needsRefill(state.stages[stageId])) short.push({ scope, stageId });
        }),
      ]);
      await Promise.all([
        ...short.map(({ scope, stageId }) => refill(tenantId, scope, stageId).catch((error: unknown) => log.warn('could not refill a pipeline stage list', { scope, stageId, error }))),
        ...shortAccounts.map((accountId) => refillAccountRow(tenantId, accountId).catch((error: unknown) => log.warn('could not refill an account\'s open deals', { accountId, error }))),
      ]);
    },

    async scope(tenantId: string, scope: ScopeKey): Promise<ScopeState> {
      return (await rows.read(at(tenantId, figuresRow(scope)), scopeSchema))?.state ?? emptyScope();
    },
    async list(tenantId: string, scope: ScopeKey, stageId: string): Promise<ListState> {
      return (await rows.read(at(tenantId, listRow(scope, stageId)), listSchema))?.state ?? emptyList();
    },
    /** A month's period figures: from the scope row while the month is recent, else from its own row. */
    async month(tenantId: string, scope: ScopeKey, month: string, scopeState: ScopeState): Promise<MonthState> {
      const recent = scopeState.recent[month];
      if (month >= windowStart(clock.now())) return recent ?? emptyMonth();
      const own = (await rows.read(at(tenantId, monthRow(scope, month)), monthSchema))?.state ?? emptyMonth();
      // A month that just left the window may still sit in a scope row nobody has written since.
      if (recent) mergeMonth(own, recent);
      return own;
    },
    async account(tenantId: string, accountId: string): Promise<AccountState> {
      return (await rows.read(accountAddress(tenantId, accountId), accountSchema))?.state ?? emptyAccount();
    },
  };
}

export type PipelineRollups = ReturnType<typeof createPipelineRollups>;
