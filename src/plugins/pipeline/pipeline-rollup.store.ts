// The pipeline rollups in storage: each scope's rows in a partition of their own, written in one transaction per change.
import type { Clock } from '../../core/clock';
import { AppError } from '../../core/errors';
import type { Logger } from '../../core/logger';
import type { LogicalTable } from '../../storage/logical-table';
import type { RowAddress } from '../../storage/repository';
import type { BoardIndex } from './board-index.store';
import type { IdentifiedChange } from './deal-snapshot';
import {
  applyToList,
  applyToMonth,
  applyToScope,
  dealChanges,
  emptyList,
  emptyMonth,
  figuresPartSchema,
  joinScope,
  listCaps,
  listSchema,
  mergeMonth,
  monthSchema,
  monthsTouched,
  needsRefill,
  peoplePartSchema,
  peopleTouched,
  refillList,
  scopesTouched,
  splitScope,
  type FiguresPart,
  type ListState,
  type MonthState,
  type PeoplePart,
  type ScopeState,
} from './pipeline-rollups';
import {
  accountRefillBelow,
  accountSchema,
  applyToAccount,
  emptyAccount,
  refillAccount,
  touchesAccount,
  type AccountState,
} from './account-deals.rollup';
import { monthOf, type ScopeKey } from './pipeline-scope';
import { lostRace, pause, RollupRows } from '../../storage/rollup-rows';
import { BatchQueue } from '../../core/batch-queue';

/**
 * Every change comes with an id, and each figures and account row remembers the last ids it took (`applied`), so a
 * change applied again counts once; the figures row of a scope guards the rows written with it in its transaction.
 * Each scope has a partition of its own, PK [tenant, 'rollups', scope], written in one transaction per change (the
 * scopes of a change in parallel; one that failed takes the change when it is applied again). Small partitions keep
 * point reads and writes cheap, and a busy tenant's writes spread over many partitions:
 * RK ['figures'] (every stage's figures, reached counts, this month's and last month's dwell), RK ['people'] (owners'
 * open deals, this month's and last month's figures by owner, and reasons; written only by changes to them),
 * RK ['list', stageId] (the stage's first cards), RK ['month', YYYY-MM] (older months).
 * Accounts: PK [tenant, 'account', accountId], RK ['state'].
 */
const partitionOf = (scope: ScopeKey) => ['rollups', scope];
const figuresRow = ['figures'];
const peopleRow = ['people'];
const listRow = (stageId: string) => ['list', stageId];
const monthRow = (month: string) => ['month', month];
const accountAddress = (tenantId: string, accountId: string): RowAddress => ({
  tenantId,
  partition: ['account', accountId],
  row: ['state'],
});
const maxAttempts = 40;
const schemaOf = (row: readonly string[]) =>
  ({ figures: figuresPartSchema, people: peoplePartSchema, list: listSchema, month: monthSchema })[
    row[0] as 'figures' | 'people' | 'list' | 'month'
  ];
const emptyOf = (row: readonly string[]): ListState | MonthState | PeoplePart =>
  row[0] === 'list' ? emptyList() : row[0] === 'people' ? { owners: {}, recent: {} } : emptyMonth();
/**
 * The queue of changes whose writes have answered: up to 25 of a tenant's changes share one round of reads and one
 * transaction; one that fails is tried again a few times before it is left on its deal for a later write, read or sweep.
 */
const queueOptions = { maxBatch: 25, retryDelaysMs: [100, 500, 2_000] };

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

export function createPipelineRollups(deps: {
  table: LogicalTable;
  index: BoardIndex;
  openStageIds: OpenStageIds;
  clock: Clock;
  log: Logger;
}) {
  const { index, openStageIds, clock, log } = deps;
  const rows = new RollupRows(deps.table, 'opportunity');
  const at = (tenantId: string, scope: ScopeKey, row: readonly string[]): RowAddress => ({ tenantId, partition: partitionOf(scope), row });
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
   * Applies changes to one scope in one transaction of its partition: reads its figures (with its people when a change
   * alters them, and the lists of stages likely changed), applies, and reads any further row it turns out to need
   * before trying again. Changes the scope already took are left out; when none is new, nothing is written.
   */
  async function applyToScopeRows(
    tenantId: string,
    scope: ScopeKey,
    changes: readonly IdentifiedChange[],
    after?: Promise<unknown>,
  ): Promise<ScopeState> {
    const start = windowStart(clock.now());
    const wanted = new Map<string, readonly string[]>();
    const want = (row: readonly string[]) => wanted.set(key(row), row);
    for (const change of changes) {
      for (const s of [change.from, change.to]) {
        // A stage with few deals almost always has its lists changed: read them with the figures, not in a second round.
        if (s?.card.status === 'open' && likelyListed(tenantId, scope, s.card.stageId)) want(listRow(s.card.stageId));
      }
      for (const touched of monthsTouched(change)) if (touched.month < start && touched.scope === scope) want(monthRow(touched.month));
      if (peopleTouched(change)) want(peopleRow);
    }
    // States are changed in place, so every attempt takes its rows afresh (as last committed here, or read), in one round.
    // Every commit writes the figures row, so a scope without one has no rows at all: the rows it turns out to need are
    // taken as empty rather than read (a scope's first change, or an import's). A batch of changes, which may need many
    // rows, reads the figures row first to learn that; a single change reads its few rows at once.
    let absent = false;
    const read = async (row: readonly string[]) =>
      absent ? undefined : rows.readToWrite(at(tenantId, scope, row), schemaOf(row) as typeof monthSchema);
    const readRound = async (extraRows: readonly (readonly string[])[], figuresFirst: boolean) => {
      if (!figuresFirst) return Promise.all([read(figuresRow), Promise.all(extraRows.map(read))]);
      const figures = await read(figuresRow);
      absent = !figures;
      return [figures, await Promise.all(extraRows.map(read))] as const;
    };
    for (let attempt = 0; ; attempt += 1) {
      const extraRows = [...wanted.values()];
      const [figures, extras] = (await readRound(extraRows, attempt === 0 && changes.length > 1)) as [
        { state: FiguresPart; etag: string } | undefined,
        ({ state: ListState | MonthState | PeoplePart; etag: string } | undefined)[],
      ];
      const loaded = new Map<string, Loaded<ListState | MonthState | PeoplePart>>(
        extraRows.map((row, i) => [key(row), { state: extras[i]?.state ?? emptyOf(row), etag: extras[i]?.etag }]),
      );
      const state = joinScope(figures?.state, loaded.get(key(peopleRow))?.state as PeoplePart | undefined);
      const fresh = changes.filter((change) => dealChanges.take(state, change.changeId));
      if (fresh.length === 0) return state;
      const missing = new Map<string, readonly string[]>();
      const changed = new Set<string>();
      const loadedRow = <T>(row: readonly string[]): T | undefined => {
        const found = loaded.get(key(row));
        if (found) changed.add(key(row));
        else missing.set(key(row), row);
        return found?.state as T | undefined;
      };
      // Months leaving the window move into rows of their own, added to what those rows already hold.
      for (const month of Object.keys(state.recent).filter((m) => m < start)) {
        loadedRow(peopleRow);
        const row = loadedRow<MonthState>(monthRow(month));
        if (row) mergeMonth(row, state.recent[month]!);
        delete state.recent[month];
      }
      for (const change of fresh) {
        if (peopleTouched(change)) loadedRow(peopleRow);
        for (const stageId of applyToScope(state, scope, change)) {
          const list = loadedRow<ListState>(listRow(stageId));
          if (list) applyToList(list, state.stages[stageId]!, scope, stageId, change);
        }
        for (const touched of monthsTouched(change)) {
          if (touched.scope !== scope) continue;
          const target =
            touched.month >= start ? (state.recent[touched.month] ??= emptyMonth()) : loadedRow<MonthState>(monthRow(touched.month));
          if (target) applyToMonth(target, scope, touched.month, change);
        }
      }
      if (missing.size > 0) {
        for (const [k, row] of missing) wanted.set(k, row);
        absent = !figures;
        continue;
      }
      // Rollups are written last: a failure before leaves them as they were, for the retry to apply once.
      await after;
      const [figuresPart, peoplePart] = splitScope(state);
      try {
        await rows.commit(tenantId, partitionOf(scope), [
          { row: figuresRow, kind: 'scope', state: figuresPart, etag: figures?.etag },
          ...extraRows
            .filter((row) => changed.has(key(row)))
            .map((row) => ({
              row,
              kind: row[0]!,
              state: row === peopleRow ? peoplePart : loaded.get(key(row))!.state,
              etag: loaded.get(key(row))!.etag,
            })),
        ]);
        for (const [stageId, stage] of Object.entries(state.stages)) remember(tenantId, scope, stageId, stage.count);
        return state;
      } catch (error) {
        if (!lostRace(error)) throw error;
        if (attempt + 1 >= maxAttempts)
          throw new AppError(
            'CONFLICT',
            { entity: 'opportunity' },
            { reason: `pipeline rollups still contended after ${maxAttempts} attempts` },
            { cause: error },
          );
        absent = false;
        await pause(attempt);
      }
    }
  }

  /** Refills a stage's card lists from the board index when removals left them short. */
  async function refill(tenantId: string, scope: ScopeKey, stageId: string): Promise<void> {
    const cards = await index.all(tenantId, scope, stageId);
    for (let attempt = 0; ; attempt += 1) {
      const [figures, list] = await Promise.all([
        rows.read(at(tenantId, scope, figuresRow), figuresPartSchema),
        rows.read(at(tenantId, scope, listRow(stageId)), listSchema),
      ]);
      const stage = figures?.state.stages[stageId];
      if (!figures || !stage || !needsRefill(stage)) return;
      const state = list?.state ?? emptyList();
      refillList(state, stage, cards);
      try {
        await rows.commit(tenantId, partitionOf(scope), [
          { row: figuresRow, kind: 'scope', state: figures.state, etag: figures.etag },
          { row: listRow(stageId), kind: 'list', state, etag: list?.etag },
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

  /**
   * Applies changes to every rollup they touch, each once however often it is applied; stages and accounts whose
   * lists ran short are refilled afterwards. Rows are read at once, but nothing is written before `after` (the
   * change's other derived writes) succeeded, and the scope rows' transaction goes after the account rows: when
   * anything fails before it, the busiest rows (whose memory of applied changes is shortest) stay as they were.
   */
  async function apply(tenantId: string, changes: readonly IdentifiedChange[], after?: Promise<unknown>): Promise<void> {
    const accounts = new Map<string, IdentifiedChange[]>();
    // A deal's account never changes, so one account row holds its open deals; stage moves leave it alone.
    for (const change of changes)
      if (touchesAccount(change)) accounts.set(change.to.card.accountId, [...(accounts.get(change.to.card.accountId) ?? []), change]);
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
            const fresh = list.filter((change) => dealChanges.take(current, change.changeId));
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
      ...[...new Set(changes.flatMap(scopesTouched))].map(async (scope) => {
        const state = await applyToScopeRows(
          tenantId,
          scope,
          changes.filter((change) => scopesTouched(change).includes(scope)),
          scopesAfter,
        );
        const stages = new Set(
          changes.flatMap((change) => [change.from?.card.stageId, change.to.card.stageId].filter((id): id is string => id !== undefined)),
        );
        for (const stageId of stages) if (state.stages[stageId] && needsRefill(state.stages[stageId])) short.push({ scope, stageId });
      }),
    ]);
    await Promise.all([
      ...short.map(({ scope, stageId }) =>
        refill(tenantId, scope, stageId).catch((error: unknown) =>
          log.warn('could not refill a pipeline stage list', { scope, stageId, error }),
        ),
      ),
      ...shortAccounts.map((accountId) =>
        refillAccountRow(tenantId, accountId).catch((error: unknown) =>
          log.warn("could not refill an account's open deals", { accountId, error }),
        ),
      ),
    ]);
  }

  const queue = new BatchQueue<IdentifiedChange>((tenantId, batch) => apply(tenantId, batch), queueOptions);

  return {
    apply,

    /**
     * Queues a change whose other derived rows are written, to be applied with the changes of the tenant that come
     * with it; resolves once applied. Reads of this store wait for the changes queued before them, so this process
     * never shows rollups older than a write it answered.
     */
    applyLater(tenantId: string, change: IdentifiedChange): Promise<void> {
      return queue.add(tenantId, change);
    },

    async scope(tenantId: string, scope: ScopeKey): Promise<ScopeState> {
      await queue.settled(tenantId);
      const [figures, people] = await Promise.all([
        rows.read(at(tenantId, scope, figuresRow), figuresPartSchema),
        rows.read(at(tenantId, scope, peopleRow), peoplePartSchema),
      ]);
      return joinScope(figures?.state, people?.state);
    },
    async list(tenantId: string, scope: ScopeKey, stageId: string): Promise<ListState> {
      await queue.settled(tenantId);
      return (await rows.read(at(tenantId, scope, listRow(stageId)), listSchema))?.state ?? emptyList();
    },
    /** A month's period figures: from the scope row while the month is recent, else from its own row. */
    async month(tenantId: string, scope: ScopeKey, month: string, scopeState: ScopeState): Promise<MonthState> {
      const recent = scopeState.recent[month];
      if (month >= windowStart(clock.now())) return recent ?? emptyMonth();
      await queue.settled(tenantId);
      const own = (await rows.read(at(tenantId, scope, monthRow(month)), monthSchema))?.state ?? emptyMonth();
      // A month that just left the window may still sit in a scope row nobody has written since.
      if (recent) mergeMonth(own, recent);
      return own;
    },
    async account(tenantId: string, accountId: string): Promise<AccountState> {
      await queue.settled(tenantId);
      return (await rows.read(accountAddress(tenantId, accountId), accountSchema))?.state ?? emptyAccount();
    },
  };
}

export type PipelineRollups = ReturnType<typeof createPipelineRollups>;
