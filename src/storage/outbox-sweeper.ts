// The outbox's sweeper: in one process at a time (a lease), delivers the events of due markers that their writers left behind.
import type { TableClient } from '@azure/data-tables';
import { forEachLimited } from '../core/concurrency';
import type { DispatchDeps } from './outbox-dispatch';
import { deliverRows } from './outbox-dispatch';
import { dueMarkersFilter, eventRowsFilter, markerEntity, parseEventRow, parseMarker, type EventRow, type Marker } from './outbox-rows';
import { createLeases, systemTenant, type HeldLease } from './leases';
import { statusOf } from './storage-errors';

export interface OutboxSweeper {
  /** One pass now: resolves how many events it delivered (0 when another process holds the lease). */
  sweep(): Promise<number>;
  /** Stops after the pass under way and frees the lease, so another process takes over at once. */
  stop(): Promise<void>;
}

export interface SweeperDeps {
  markers: TableClient;
  tableClient(fullName: string): TableClient;
  holder: string;
  dispatch(): DispatchDeps;
  dropMarker(marker: Marker): Promise<void>;
}

const leaseName = 'outbox-sweeper';
/** Markers one pass takes on; the next pass takes the rest. */
const markersPerPass = 1000;
/** Partitions swept side by side. */
const partitionsInFlight = 4;

async function dueMarkers(markers: TableClient, now: Date): Promise<Marker[]> {
  const found: Marker[] = [];
  // A scan may answer empty pages with a continuation: they are read past.
  for await (const page of markers
    .listEntities<Record<string, unknown>>({ queryOptions: { filter: dueMarkersFilter(now) } })
    .byPage({ maxPageSize: markersPerPass })) {
    found.push(...page.map(parseMarker));
    if (found.length >= markersPerPass) break;
  }
  return found;
}

async function eventRowsOf(table: TableClient, partitionKey: string): Promise<EventRow[]> {
  const rows: EventRow[] = [];
  for await (const row of table.listEntities<Record<string, unknown>>({ queryOptions: { filter: eventRowsFilter(partitionKey) } }))
    rows.push(parseEventRow(row));
  return rows;
}

export function startOutboxSweeper({ markers, tableClient, holder, dispatch, dropMarker }: SweeperDeps): OutboxSweeper {
  const { clock, log, timings } = dispatch();
  const leases = createLeases(markers, clock);
  let lease: HeldLease | undefined;
  let renewedAt = 0;

  let holding: Promise<boolean> | undefined;
  /** Takes the lease, or renews it once a third of it has passed; false when another process holds it. */
  const hold = (): Promise<boolean> => {
    if (lease && performance.now() - renewedAt < timings.leaseMs / 3) return Promise.resolve(true);
    holding ??= (async () => {
      if (!(lease && (await lease.renew(timings.leaseMs)))) lease = await leases.take(systemTenant, leaseName, holder, timings.leaseMs);
      renewedAt = performance.now();
      return lease !== undefined;
    })().finally(() => {
      holding = undefined;
    });
    return holding;
  };

  /** Moves a marker's next look to `at`, unless someone changed it meanwhile. */
  async function reschedule(marker: Marker, at: number): Promise<void> {
    await markers
      .updateEntity(markerEntity({ ...marker, dueAt: new Date(at).toISOString() }), 'Replace', { etag: marker.etag ?? '*' })
      .catch((error: unknown) => {
        if (statusOf(error) !== 412 && statusOf(error) !== 404) throw error;
      });
  }

  /** Delivers the due events of one record partition, then drops or reschedules each of its markers. */
  async function sweepPartition(tableName: string, partitionKey: string, group: Marker[]): Promise<number> {
    const table = tableClient(tableName);
    let rows: EventRow[];
    try {
      rows = await eventRowsOf(table, partitionKey);
    } catch (error) {
      if (statusOf(error) !== 404) throw error;
      log.warn('events were left in a table that no longer exists; their markers are dropped', { table: tableName, partitionKey });
      await Promise.all(group.map(dropMarker));
      return 0;
    }
    const now = clock.now().getTime();
    const due = rows.filter(
      (row) =>
        Date.parse(row.event.occurredAt) <= now - timings.sweepAfterMs && (row.retryAt === undefined || Date.parse(row.retryAt) <= now),
    );
    const left = await deliverRows(table, due, dispatch());
    const pending = new Map(rows.filter((row) => !due.includes(row)).map((row) => [row.rowKey, row]));
    for (const [key, row] of left) pending.set(key, row);
    const stored = new Set(rows.map((row) => row.rowKey));
    for (const marker of group) {
      const waiting = marker.rows.flatMap((key) => pending.get(key) ?? []);
      const abandonAt = Date.parse(marker.createdAt) + timings.abandonAfterMs;
      if (waiting.length > 0)
        await reschedule(
          marker,
          Math.min(
            ...waiting.map((row) => (row.retryAt ? Date.parse(row.retryAt) : Date.parse(row.event.occurredAt) + timings.sweepAfterMs)),
          ),
        );
      // Never seen, its events may belong to a transaction still under way: the marker waits until it is long overdue.
      else if (marker.rows.some((key) => stored.has(key)) || abandonAt <= now) await dropMarker(marker);
      else await reschedule(marker, abandonAt);
    }
    return due.length - left.size;
  }

  let stopped = false;
  async function pass(): Promise<number> {
    if (!(await hold())) return 0;
    const groups = new Map<string, Marker[]>();
    for (const marker of await dueMarkers(markers, clock.now())) {
      const key = JSON.stringify([marker.table, marker.recordPartition]);
      groups.set(key, [...(groups.get(key) ?? []), marker]);
    }
    let delivered = 0;
    await forEachLimited([...groups], partitionsInFlight, async ([key, group]) => {
      // A stopping process leaves the partitions it has not reached to the next pass, in whichever process runs it.
      if (stopped || !(await hold())) return;
      const [tableName, partitionKey] = JSON.parse(key) as [string, string];
      try {
        delivered += await sweepPartition(tableName, partitionKey, group);
      } catch (error) {
        log.warn('could not sweep the events of a partition; trying again next pass', { table: tableName, partitionKey, error });
      }
    });
    return delivered;
  }

  let passing: Promise<number> | undefined;
  /** One pass at a time, whether the timer or a caller asks. */
  const sweep = (): Promise<number> =>
    (passing ??= pass().finally(() => {
      passing = undefined;
    }));

  let running: Promise<unknown> | undefined;
  let timer: NodeJS.Timeout | undefined;
  const schedule = () => {
    timer = setTimeout(() => {
      running = sweep()
        .catch((error: unknown) => log.warn('an outbox sweep failed; trying again', { error }))
        .finally(() => {
          running = undefined;
          if (!stopped) schedule();
        });
    }, timings.sweepEveryMs);
    timer.unref();
  };
  schedule();

  return {
    sweep,
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
      await passing?.catch(() => undefined);
      await lease?.release().catch((error: unknown) => log.warn('could not free the outbox sweeper lease', { error }));
      lease = undefined;
    },
  };
}
