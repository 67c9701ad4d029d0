// Keeping a deal's derived rows (stage history, board index, rollups, title search) in step with its record.
import type { Clock } from '../../core/clock';
import { withRetries } from '../../core/concurrency';
import { createBackgroundWork } from '../../core/background-work';
import { isAppError } from '../../core/errors';
import type { Logger } from '../../core/logger';
import { allIdBuckets } from '../../storage/buckets';
import { where } from '../../storage/filter';
import type { Stored } from '../../storage/repository';
import type { BoardIndex } from './board-index.store';
import { scopedOf, snapshotOf, type PendingChange } from './deal-snapshot';
import type { OpportunitySearch } from './opportunity-search';
import {
  dealBucketDigits,
  historyRow,
  opportunityAddress,
  toOpportunity,
  versionTag,
  type OpportunityRow,
  type PipelineStore,
} from './opportunity.store';
import type { PipelineRollups } from './pipeline-rollup.store';
import { scopesOf } from './pipeline-scope';

/**
 * How a deal write stays whole when the process dies or storage fails part-way:
 * - The write puts the change its derived rows need on the deal's row (`pending`: change id = deal id and version,
 *   the versions before and after, the dwell sample and the history row), in the same create or replace as the deal.
 * - Applying a change is idempotent: the history row is keyed by time and version, board and search rows by the
 *   deal's place and keys (writing them again writes the same), and rollup rows remember the change ids they took.
 * - The write answers once the deal's row is written. History, board and search rows follow, a deal's changes in order;
 *   then the rollups, from a queue per tenant where the changes that arrive together share one round of reads and one
 *   transaction per scope. This process's reads of derived rows wait for the changes it was deriving (`settled`), so
 *   its board, funnel and history never lag a write it answered.
 * - Once the rollups took it, the writer clears `pending` off the row, ETag-checked so a later write's change stays
 *   (and, as that write may have overtaken this one's board and search rows, those are aligned with the deal). This
 *   process remembers the changes it applied, so its next write of the deal does not apply one again meanwhile.
 * - Repair: a write of a deal first completes a change it finds on the row (a retried move then completes its first
 *   try); a read completes a change older than `stalledAfterMs` (a younger one is most likely still being applied by its
 *   writer); `settlePending(tenantId)` sweeps a tenant's deals, for an operator, and `sweepDelayMs` after the tenant's
 *   first write in a process (what a stopped process left) or after a change whose rollups failed for good.
 */
export const stalledAfterMs = 5_000;
/** How long after a tenant's first write, or after a change that could not complete, its deals are swept. */
export const sweepDelayMs = 30_000;
/** Waits before the derived rows of a change are written again after a failure (the rollups' queue retries alike). */
const retryDelaysMs = [100, 500, 2_000];

/** Opportunity partitions per tenant: the first two hex digits of the id. */
const buckets = allIdBuckets(dealBucketDigits);
const sweepParallel = 16;
const rememberedChanges = 20_000;

export interface SyncDeps {
  store: PipelineStore;
  index: BoardIndex;
  search: OpportunitySearch;
  rollups: PipelineRollups;
  clock: Clock;
  log: Logger;
}

export function createDealSync({ store, index, search, rollups, clock, log }: SyncDeps) {
  /** Changes this process applied in full: a hint that spares applying one again, never needed for correctness. */
  const applied = new Set<string>();
  const remember = (changeId: string) => {
    if (applied.size >= rememberedChanges) applied.clear();
    applied.add(changeId);
  };

  const snapshotOfRow = (row: OpportunityRow) => snapshotOf(toOpportunity(row), versionTag(row), row.reached);

  /** Changes this process is deriving after their write answered, by change id, until derived or failed. */
  const rolling = new Map<string, Promise<void>>();
  /** The same, by tenant: what a read of derived rows waits for. */
  const unsettled = new Map<string, Set<Promise<void>>>();
  /** The last derived-rows write queued for each deal: a deal's changes move its board and search rows in order. */
  const dealRows = new Map<string, Promise<void>>();

  const track = (tenantId: string, work: Promise<void>) => {
    const set = unsettled.get(tenantId) ?? new Set<Promise<void>>();
    unsettled.set(tenantId, set);
    set.add(work);
    const done = () => {
      set.delete(work);
      if (set.size === 0 && unsettled.get(tenantId) === set) unsettled.delete(tenantId);
    };
    work.then(done, done);
  };

  /** Writes a change's rows after the deal's earlier changes wrote theirs, trying again after each of `retryDelaysMs`. */
  const applyRowsInOrder = (tenantId: string, dealId: string, change: PendingChange): Promise<void> => {
    const rows = (dealRows.get(dealId) ?? Promise.resolve()).then(() => withRetries(() => applyRows(tenantId, change), retryDelaysMs));
    const tail = rows.then(
      () => undefined,
      () => undefined,
    );
    dealRows.set(dealId, tail);
    void tail.then(() => {
      if (dealRows.get(dealId) === tail) dealRows.delete(dealId);
    });
    return rows;
  };

  /** Writes the rows a change derives besides the rollups: history, board index and title search. */
  async function applyRows(tenantId: string, change: PendingChange): Promise<void> {
    const { history, from, to } = change;
    await Promise.all([
      history &&
        store.history
          .create({ tenantId, partition: ['deal', history.opportunityId], row: historyRow(history, change.changeId) }, history)
          .catch((error: unknown) => {
            if (!isAppError(error, 'ALREADY_EXISTS')) throw error;
          }),
      index.apply(tenantId, from, to, scopesOf(scopedOf(to))),
      search.apply(tenantId, from, to),
    ]);
  }

  /** Writes everything a change derives; applying it again changes nothing. A change already rolling up is waited for. */
  async function applyChange(tenantId: string, change: PendingChange): Promise<void> {
    const queued = rolling.get(change.changeId);
    if (
      queued &&
      (await queued.then(
        () => true,
        () => false,
      ))
    )
      return;
    await applyRows(tenantId, change);
    await rollups.applyLater(tenantId, change);
    remember(change.changeId);
  }

  /**
   * Takes the applied change off the row unless the row was written since. When it was, that write may have moved the
   * deal while this change was still writing its board and search rows, so those are aligned with the deal as it is now.
   */
  async function clear(tenantId: string, stored: Stored<OpportunityRow>): Promise<void> {
    const { pending, ...settled } = stored.value;
    if (!pending) return;
    try {
      await store.opportunities.replace(opportunityAddress(tenantId, settled.id), settled, stored.etag);
    } catch (error) {
      if (!isAppError(error, 'CONFLICT')) throw error;
      const now = await store.opportunities.get(opportunityAddress(tenantId, settled.id));
      if (!now) return;
      const current = snapshotOfRow(now.value);
      await Promise.all([
        index.apply(tenantId, pending.to, current, scopesOf(scopedOf(current))),
        search.apply(tenantId, pending.to, current),
      ]);
    }
  }

  /** Everything this process does after a write answered, until it is done; a stop waits for it (`idle`). */
  const background = createBackgroundWork();

  const clearLater = (tenantId: string, stored: Stored<OpportunityRow>) => {
    background.add(
      clear(tenantId, stored).catch((error: unknown) =>
        log.warn('could not clear the pending change of a deal', { id: stored.value.id, error }),
      ),
    );
  };

  /**
   * Completes every change older than `olderThanMs` left on a tenant's deals: reads the deals with a pending change in
   * each of the tenant's 256 opportunity partitions. Not a request path: for an operator or a scheduled job.
   */
  async function settlePending(tenantId: string, olderThanMs = stalledAfterMs): Promise<{ settled: number }> {
    let settled = 0;
    const cutoff = clock.now().getTime() - olderThanMs;
    const sweep = async (bucket: string) => {
      let continuationToken: string | undefined;
      do {
        const page = await store.opportunities.page(tenantId, ['opportunity', bucket], {
          pageSize: 1000,
          continuationToken,
          where: where`pending gt ${''}`,
        });
        for (const stored of page.items) {
          const { pending } = stored.value;
          if (!pending || Date.parse(pending.at) > cutoff) continue;
          if (!applied.has(pending.changeId)) await applyChange(tenantId, pending);
          await clear(tenantId, stored);
          settled += 1;
        }
        continuationToken = page.continuationToken;
      } while (continuationToken);
    };
    const queue = [...buckets];
    await Promise.all(
      Array.from({ length: sweepParallel }, async () => {
        for (let bucket = queue.shift(); bucket !== undefined; bucket = queue.shift()) await sweep(bucket);
      }),
    );
    return { settled };
  }

  /** Tenants whose sweep is scheduled, and those this process has written for. */
  const sweepDue = new Set<string>();
  const served = new Set<string>();

  /**
   * Sweeps the tenant after `sweepDelayMs`, and again after that as long as the sweep fails: after a change this
   * process could not complete, and once after the tenant's first write here (completing what a stopped process left).
   */
  function sweepLater(tenantId: string): void {
    if (sweepDue.has(tenantId)) return;
    sweepDue.add(tenantId);
    const timer = setTimeout(() => {
      settlePending(tenantId)
        .then(() => sweepDue.delete(tenantId))
        .catch((error: unknown) => {
          log.warn('could not sweep the pending changes of a tenant; trying again later', { tenantId, error });
          sweepDue.delete(tenantId);
          sweepLater(tenantId);
        });
    }, sweepDelayMs);
    timer.unref();
  }

  return {
    /**
     * After a write, off its request path: writes the rows the change derives (after the deal's earlier changes), then
     * queues its rollups (applied with the tenant's other recent changes, in order), then clears it off the deal's row.
     */
    follow(tenantId: string, stored: Stored<OpportunityRow>): void {
      const { pending } = stored.value;
      if (!pending) return;
      if (!served.has(tenantId)) {
        served.add(tenantId);
        sweepLater(tenantId);
      }
      const rolled = applyRowsInOrder(tenantId, stored.value.id, pending)
        .then(() => rollups.applyLater(tenantId, pending))
        .then(() => remember(pending.changeId));
      rolling.set(pending.changeId, rolled);
      track(tenantId, rolled);
      background.add(
        rolled
          .finally(() => rolling.delete(pending.changeId))
          .then(() => clear(tenantId, stored))
          .catch((error: unknown) => {
            log.warn('could not finish a deal change off the request path; its next write, read or the sweep does', {
              id: stored.value.id,
              changeId: pending.changeId,
              error,
            });
            sweepLater(tenantId);
          }),
      );
    },

    /**
     * Before a write: completes a change an earlier write left on the row, unless this process applied it already.
     * The write replaces the change with its own; a write that turns out to change nothing clears it instead (`release`).
     */
    async complete(tenantId: string, stored: Stored<OpportunityRow>): Promise<boolean> {
      const { pending } = stored.value;
      if (!pending || applied.has(pending.changeId)) return false;
      await applyChange(tenantId, pending);
      return true;
    },

    /** Resolves once every change of the tenant this process was deriving when called is derived, or has failed. */
    async settled(tenantId: string): Promise<void> {
      await Promise.allSettled([...(unsettled.get(tenantId) ?? [])]);
    },

    /** Resolves once the work this process started after answering writes is done, including work started meanwhile. */
    idle: background.idle,

    /** Clears, off the request path, a change `complete` applied when no write followed. */
    release(tenantId: string, stored: Stored<OpportunityRow>): void {
      clearLater(tenantId, stored);
    },

    /**
     * On a read: completes and clears a change older than `olderThanMs`. A failure is logged and the deal returned as
     * stored: the next write, read or sweep completes the change.
     */
    async repair(tenantId: string, stored: Stored<OpportunityRow>, olderThanMs = stalledAfterMs): Promise<void> {
      const { pending } = stored.value;
      if (!pending || clock.now().getTime() - Date.parse(pending.at) < olderThanMs) return;
      try {
        if (!applied.has(pending.changeId)) await applyChange(tenantId, pending);
        clearLater(tenantId, stored);
      } catch (error) {
        log.warn('could not complete the pending change of a deal', { id: stored.value.id, changeId: pending.changeId, error });
      }
    },

    /**
     * Applies changes of a batch of new deals together (imports), then clears them one partition at a time. `changes` are
     * those the deals carry, unless given: a past deal's replayed changes, whose last has the id of the one it carries.
     */
    async followBatch(
      tenantId: string,
      partition: readonly string[],
      stored: readonly Stored<OpportunityRow>[],
      derived: Promise<unknown>,
      changes: readonly PendingChange[] = stored.flatMap(({ value }) => (value.pending ? [value.pending] : [])),
    ): Promise<void> {
      await Promise.all([derived, rollups.apply(tenantId, changes, derived)]);
      for (const change of changes) remember(change.changeId);
      store.opportunities
        .transact(
          tenantId,
          partition,
          stored.map(({ value: { pending: _p, ...settled }, etag }) => ({
            kind: 'replace' as const,
            row: [settled.id],
            value: settled,
            etag,
          })),
        )
        // A deal written again since the import keeps its own change; the others are cleared one by one.
        .catch(() => Promise.all(stored.map((one) => clear(tenantId, one))))
        .catch((error: unknown) => log.warn('could not clear the pending changes of imported deals', { count: stored.length, error }));
    },

    settlePending,
  };
}

export type DealSync = ReturnType<typeof createDealSync>;
