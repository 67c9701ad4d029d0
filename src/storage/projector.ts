// The projector: keeps every plugin's derived views (rollups, board and search rows, history) in step with their records.
//
// How a change reaches a view:
// 1. The record's write publishes its source event (record id and new version) through the outbox, in the record's own
//    entity-group transaction; the outbox's marker lets the sweeper deliver it if the writer dies (outbox.ts).
// 2. The projector takes the event as the subscriber `projector`, queues the record per (tenant, source), and applies
//    the queue in batches of up to 100 records under a lease per (tenant, source): loads each record as it is now,
//    derives its rows and aggregate shares, and applies them to every view of the source (projection-apply.ts):
//    footprint version ≥ record version → nothing to do; otherwise rows upserted/deleted, then the aggregate deltas and
//    the footprint in one ETag-checked transaction of the view's partition. Any order and any repetition converge.
// 3. A process that finds the lease taken waits for it: the holder gives it up when its queue is empty, or after a turn
//    (`turnMs`) with records still queued, stepping back briefly so that a waiting process takes the next turn. Only
//    a lease still taken after `leaseWaitMs` (its holder died, or is stuck) defers the event (EventDeferred): the
//    outbox's sweeper delivers it again shortly. Waiting rather than deferring is what keeps two busy processes from
//    leaving each other's changes to the sweeper, and a stopping process from leaving them behind altogether. The
//    lease only spares processes from fighting over one partition; ETags keep the figures right without it.
// 4. Reads of a view wait for this process's applies of that tenant (`settled`), so a writer reads its own writes.
//
// @example
// // A plugin declares views in its parts; the host registers them with the server's projector.
// setup: ({ table, projections }) => ({
//   views: [{ id: 'cases.sla', source: 'case.changed', store: table('CaseViews'), tables: { due: table('CaseDue') },
//             owns: [{ table: 'due', partition: ['due'] }], load, records,
//             derive: (c) => ({ rows: c.open ? [{ table: 'due', partition: ['due'], row: [c.dueAt, c.id], value: { caseId: c.id } }] : [],
//                               aggregates: { 'open|all': { counts: { open: c.open ? 1 : 0, breached: c.breached ? 1 : 0 } } } }) }],
//   service: { async openCases(tenantId) { await projections.settled(tenantId); return readCounts(tenantId); } },
// })
import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import type { Clock } from '../core/clock';
import type { Logger } from '../core/logger';
import { EventDeferred, type Projections, type VersionedRecord, type ViewDefinition } from '../core/projection';
import type { HeldLease, Leases } from './leases';
import { applyToView } from './projection-apply';
import { createViewStore, type ViewStore } from './projection-rows';

export { createAggregateReader } from './projection-rows';
import type { TableRef } from './logical-table';

export interface ProjectorOptions {
  leases: Leases;
  clock: Clock;
  log: Logger;
  holder?: string;
  /** How long a lease lasts unrenewed: another process takes a dead holder's views this long after. */
  leaseMs?: number;
  /** How long a process waits for a lease another process holds before it leaves its changes to the sweeper. */
  leaseWaitMs?: number;
  /** How long a stopping process keeps applying what is queued before it leaves the rest to the sweeper. */
  stopGraceMs?: number;
}

/** A registered view with its stores. */
export interface RegisteredView {
  pluginId: string;
  view: ViewDefinition;
  store: ViewStore;
}

export interface Projector extends Projections {
  /** Every registered view, by id. */
  views(): ReadonlyMap<string, RegisteredView>;
  /** Runs `work` holding the lease of a view's source for the tenant, waiting up to `waitMs` for it; false when it stayed taken. */
  withLease<T>(
    tenantId: string,
    source: string,
    waitMs: number,
    work: () => Promise<T>,
  ): Promise<{ done: true; value: T } | { done: false }>;
}

/** Records one transaction round takes. */
const batchSize = 100;
/** How long a holder keeps applying while records still queue before it lets a waiting process have a turn. */
const turnMs = 1_000;
/** How long a holder that gave up its turn waits before it asks for the lease again: long enough for a waiter to take it. */
const stepBackMs = 150;
/** Between two looks at a taken lease; jittered, so that waiting processes do not ask in step. */
const leasePollMs = 40;
/** How long a holder keeps the lease after its queue empties, for the next write of a burst, before freeing it. */
const lingerMs = 250;

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Waiter {
  version: number;
  resolve(): void;
  reject(error: unknown): void;
}

export const leaseNameOf = (source: string) => `projector:${source}`;

export function createProjector({
  leases,
  clock,
  log,
  holder = `${hostname()}:${process.pid}:${randomUUID()}`,
  leaseMs = 30_000,
  leaseWaitMs = 10_000,
  stopGraceMs = 5_000,
}: ProjectorOptions): Projector {
  const registered = new Map<string, RegisteredView>();
  const bySource = new Map<string, RegisteredView[]>();
  /** Records waiting to be applied, per tenant and source. */
  const queues = new Map<string, { tenantId: string; source: string; records: Map<string, Waiter[]> }>();
  const draining = new Set<string>();
  /** Applies under way per tenant: what `settled` waits for. */
  const inFlight = new Map<string, Set<Promise<void>>>();
  const running = new Set<Promise<void>>();
  /** Queues whose holder lingers with the lease: a new record wakes it. */
  const lingering = new Map<string, () => void>();
  /** Set by `stop`: past this moment (performance.now()) nothing more is applied and what waits is deferred. */
  let stopAt = Number.POSITIVE_INFINITY;
  /** Set by `stop`: a holder no longer lingers for the next write. */
  let closing = false;
  const stopping = () => performance.now() >= stopAt;
  const stopped = () => new EventDeferred('the process is stopping; the sweeper delivers this change to the next one');

  /** True when a record arrives for the queue within `lingerMs`. */
  const arrivesWithin = (key: string, queue: { records: Map<string, Waiter[]> }) =>
    new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => {
        lingering.delete(key);
        resolve(queue.records.size > 0);
      }, lingerMs);
      lingering.set(key, () => {
        clearTimeout(timer);
        lingering.delete(key);
        resolve(true);
      });
    });

  const trackUnder = (key: string, work: Promise<void>) => {
    const set = inFlight.get(key) ?? new Set<Promise<void>>();
    inFlight.set(key, set);
    set.add(work);
    const done = () => {
      set.delete(work);
      if (set.size === 0 && inFlight.get(key) === set) inFlight.delete(key);
    };
    work.then(done, done);
  };
  const track = (tenantId: string, work: Promise<void>) => trackUnder(tenantId, work);

  /** Loads each record once for every view of the source, then applies the batch to each view. */
  async function applyBatch(tenantId: string, source: string, ids: readonly string[]): Promise<void> {
    const views = bySource.get(source) ?? [];
    const cache = new Map<unknown, Map<string, Promise<VersionedRecord<unknown> | undefined>>>();
    const load = (view: ViewDefinition, id: string) => {
      const byId = cache.get(view.load) ?? new Map<string, Promise<VersionedRecord<unknown> | undefined>>();
      cache.set(view.load, byId);
      if (!byId.has(id)) byId.set(id, view.load(tenantId, id));
      return byId.get(id)!;
    };
    await Promise.all(
      views.map(async ({ view, store }) => {
        const records = new Map(await Promise.all(ids.map(async (id) => [id, await load(view, id)] as const)));
        await applyToView(view, store, tenantId, records, (id) => view.load(tenantId, id));
      }),
    );
  }

  async function takeLease(tenantId: string, source: string): Promise<HeldLease | undefined> {
    return leases.take(tenantId, leaseNameOf(source), holder, leaseMs);
  }

  /** Takes the lease, waiting while another process holds it; undefined when it is still taken after `leaseWaitMs`, or the process stops. */
  async function waitForLease(tenantId: string, source: string): Promise<HeldLease | undefined> {
    const until = performance.now() + leaseWaitMs;
    for (;;) {
      const lease = await takeLease(tenantId, source);
      if (lease || performance.now() >= until || stopping()) return lease;
      await pause(leasePollMs * (0.5 + Math.random()));
    }
  }

  /** Rejects every record waiting in the queue with `error`, emptying it. */
  function rejectQueued(queue: { records: Map<string, Waiter[]> }, error: unknown): void {
    const waiting = [...queue.records.values()].flat();
    queue.records.clear();
    for (const waiter of waiting) waiter.reject(error);
  }

  /**
   * Applies one turn of a queue holding its lease: until the queue is empty, or past `turnMs` while records still
   * queue (true: the caller steps back before the next turn). A failing batch rejects its records' events only.
   */
  async function applyTurn(
    queue: { tenantId: string; source: string; records: Map<string, Waiter[]> },
    lease: HeldLease,
  ): Promise<boolean> {
    const began = performance.now();
    let renewedAt = began;
    while (queue.records.size > 0) {
      if (stopping()) throw stopped();
      if (performance.now() - began > turnMs) return true;
      if (performance.now() - renewedAt > leaseMs / 3) {
        if (!(await lease.renew(leaseMs))) throw new EventDeferred('the views were taken over by another process');
        renewedAt = performance.now();
      }
      const batch = [...queue.records].slice(0, batchSize);
      for (const [id] of batch) queue.records.delete(id);
      try {
        await applyBatch(
          queue.tenantId,
          queue.source,
          batch.map(([id]) => id),
        );
        for (const [, waiters] of batch) for (const waiter of waiters) waiter.resolve();
      } catch (error) {
        for (const [, waiters] of batch) for (const waiter of waiters) waiter.reject(error);
      }
    }
    return false;
  }

  /** Applies a queue until it is empty, a turn at a time under its lease; a lease that stays taken defers what waits. */
  async function drain(key: string): Promise<void> {
    const queue = queues.get(key);
    if (!queue || draining.has(key)) return;
    draining.add(key);
    // Records queued in the same turn (an import's events, delivered side by side) go in one batch.
    await new Promise((resolve) => setImmediate(resolve));
    try {
      while (queue.records.size > 0) {
        if (stopping()) {
          rejectQueued(queue, stopped());
          return;
        }
        const lease = await waitForLease(queue.tenantId, queue.source);
        if (!lease) {
          rejectQueued(queue, new EventDeferred('another process kept applying these views'));
          return;
        }
        let yielded = false;
        try {
          // A holder lingers a moment with the lease before freeing it: the next write of a burst is applied without
          // taking it again (two requests fewer), and a waiting process gets it once the burst is over.
          // A turn lasts `turnMs` in all, lingering included, so a steady stream of writes still lets a waiter in.
          const takenAt = performance.now();
          do yielded = await applyTurn(queue, lease);
          while (!yielded && !closing && performance.now() - takenAt < turnMs && (await arrivesWithin(key, queue)));
          if (queue.records.size > 0) yielded = true;
        } catch (error) {
          rejectQueued(queue, error);
        } finally {
          await lease.release().catch((error: unknown) => log.warn('could not free a projector lease', { key, error }));
        }
        if (yielded) await pause(stepBackMs);
      }
    } catch (error) {
      rejectQueued(queue, error);
    } finally {
      draining.delete(key);
      // Records queued after the loop ended and before the flag dropped are drained now.
      if ((queues.get(key)?.records.size ?? 0) > 0) start(key);
    }
  }

  const start = (key: string) => {
    const work = drain(key).catch((error: unknown) => log.error('a projector queue failed', { key, error }));
    running.add(work);
    void work.finally(() => running.delete(work));
  };

  return {
    register(pluginId, views) {
      for (const view of views) {
        if (registered.has(view.id)) throw new Error(`View "${view.id}" of plugin "${pluginId}" is registered twice`);
        const entry: RegisteredView = {
          pluginId,
          view,
          store: createViewStore(view.store as TableRef, view.tables as Record<string, TableRef>),
        };
        registered.set(view.id, entry);
        bySource.set(view.source, [...(bySource.get(view.source) ?? []), entry]);
      }
    },
    sources: () => [...bySource.keys()],
    views: () => registered,

    handle({ type, tenantId, recordId, version }) {
      if (stopping()) return Promise.reject(stopped());
      const key = JSON.stringify([tenantId, type]);
      const queue = queues.get(key) ?? { tenantId, source: type, records: new Map<string, Waiter[]>() };
      queues.set(key, queue);
      const applied = new Promise<void>((resolve, reject) => {
        queue.records.set(recordId, [...(queue.records.get(recordId) ?? []), { version, resolve, reject }]);
      });
      track(tenantId, applied);
      lingering.get(key)?.();
      start(key);
      return applied;
    },

    derivesFrom(source, record) {
      return (bySource.get(source) ?? []).some(({ view }) => {
        const { rows, aggregates } = view.derive(record);
        return rows.length > 0 || Object.keys(aggregates).length > 0;
      });
    },

    async settled(tenantId) {
      await Promise.allSettled([...(inFlight.get(tenantId) ?? [])]);
    },

    async idle() {
      while (running.size > 0) await Promise.allSettled([...running]);
    },

    async stop() {
      stopAt = Math.min(stopAt, performance.now() + stopGraceMs);
      closing = true;
      // A holder lingering for the next write lets go at once.
      for (const wake of [...lingering.values()]) wake();
      while (running.size > 0) await Promise.allSettled([...running]);
    },

    async withLease(tenantId, source, waitMs, work) {
      const until = clock.now().getTime() + waitMs;
      for (;;) {
        const lease = await takeLease(tenantId, source);
        if (lease) {
          const renewal = setInterval(() => void lease.renew(leaseMs).catch(() => undefined), leaseMs / 3);
          try {
            return { done: true, value: await work() };
          } finally {
            clearInterval(renewal);
            await lease.release();
          }
        }
        if (clock.now().getTime() >= until) return { done: false };
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
    },
  };
}
