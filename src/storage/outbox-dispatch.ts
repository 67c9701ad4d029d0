// Delivering stored events: to each subscriber that has not taken one yet, then deleting it, or noting who took it and when to try again.
import type { TableClient, TransactionAction } from '@azure/data-tables';
import type { Clock } from '../core/clock';
import type { EventDelivery } from '../core/events';
import type { Logger } from '../core/logger';
import { eventEntity, type EventRow } from './outbox-rows';
import { forEachLimited } from '../core/concurrency';
import { statusOf } from './storage-errors';

export interface OutboxTimings {
  /** Events older than this are the sweeper's: their writer has had the time to deliver them. */
  sweepAfterMs: number;
  /**
   * A marker whose events the sweeper never found is dropped this long after it was written: its transaction failed, or
   * its writer delivered the events and stopped before dropping it. Far longer than any transaction takes to answer.
   */
  abandonAfterMs: number;
  /** How often the sweeper looks for due markers. */
  sweepEveryMs: number;
  /** How long the sweeper's lease lasts without renewal: another process takes over this long after its holder dies. */
  leaseMs: number;
  /** The longest wait before a failed delivery is tried again; the wait doubles with each failure up to this. */
  maxRetryMs: number;
}

export const defaultOutboxTimings: OutboxTimings = {
  sweepAfterMs: 5_000,
  abandonAfterMs: 120_000,
  sweepEveryMs: 2_000,
  leaseMs: 30_000,
  maxRetryMs: 600_000,
};

export interface DispatchDeps {
  delivery: EventDelivery;
  clock: Clock;
  log: Logger;
  timings: OutboxTimings;
}

/** Failures after which a failing subscriber is logged as an error rather than a warning. */
const failuresWorthAnError = 5;
/** Records whose events are delivered side by side. */
const recordsInFlight = 100;
/** Operations an entity-group transaction holds. */
const maxOperations = 100;

/** A lost race with another deliverer (the row was changed or deleted meanwhile): that deliverer's outcome stands. */
const lostRace = (error: unknown) => statusOf(error) === 412 || statusOf(error) === 404;

/** Deletes delivered rows, a transaction per hundred; a row another deliverer already deleted is left to it. */
async function deleteRows(table: TableClient, rows: readonly EventRow[]): Promise<void> {
  for (let first = 0; first < rows.length; first += maxOperations) {
    const chunk = rows.slice(first, first + maxOperations);
    const actions: TransactionAction[] = chunk.map((row) => ['delete', { partitionKey: row.partitionKey, rowKey: row.rowKey }]);
    try {
      await (chunk.length === 1 ? table.deleteEntity(chunk[0]!.partitionKey, chunk[0]!.rowKey) : table.submitTransaction(actions));
    } catch (error) {
      if (statusOf(error) !== 404) throw error;
      await Promise.all(
        chunk.map((row) =>
          table.deleteEntity(row.partitionKey, row.rowKey).catch((missing: unknown) => {
            if (statusOf(missing) !== 404) throw missing;
          }),
        ),
      );
    }
  }
}

/**
 * Delivers `rows` (one partition's, in key order, so a record's events go in version order) to the subscribers each
 * still waits for that this process has; deletes those every subscriber took. Returns the rows still pending, as
 * they now are: a failed or absent subscriber is tried again at `retryAt`, later after each failure.
 */
export async function deliverRows(
  table: TableClient,
  rows: readonly EventRow[],
  { delivery, clock, log, timings }: DispatchDeps,
): Promise<Map<string, EventRow>> {
  const done: EventRow[] = [];
  const pending = new Map<string, EventRow>();
  // A record's events go in version order; different records' side by side, so a subscriber sees a batch at once.
  const byRecord = new Map<string, EventRow[]>();
  for (const row of rows) byRecord.set(row.event.recordId, [...(byRecord.get(row.event.recordId) ?? []), row]);
  await forEachLimited([...byRecord.values()], recordsInFlight, async (ofRecord) => {
    for (const row of ofRecord) await deliverRow(row);
  });
  await deleteRows(table, done);
  return pending;

  async function deliverRow(row: EventRow): Promise<void> {
    const here = new Set(delivery.subscribersOf(row.event.type));
    const waiting = row.to.filter((subscriber) => !row.delivered.includes(subscriber));
    const result = await delivery.deliver(
      row.event,
      waiting.filter((subscriber) => here.has(subscriber)),
    );
    const delivered = [...row.delivered, ...result.handled];
    const missing = row.to.filter((subscriber) => !delivered.includes(subscriber));
    if (missing.length === 0) {
      done.push(row);
      return;
    }
    // Deferred alone (another process holds the work), the event is simply taken again shortly.
    const onlyDeferred = result.failed.length === 0 && missing.every((subscriber) => result.deferred?.includes(subscriber));
    const attempts = onlyDeferred ? row.attempts : row.attempts + 1;
    for (const { subscriber, error } of result.failed) {
      log[attempts >= failuresWorthAnError ? 'error' : 'warn']('an event handler failed; the event is delivered again later', {
        eventId: row.event.id,
        subscriber,
        attempts,
        error,
      });
    }
    const absent = missing.filter((subscriber) => !here.has(subscriber) && !result.deferred?.includes(subscriber));
    if (absent.length > 0)
      log.warn('an event waits for subscribers this process does not have', { eventId: row.event.id, subscribers: absent });
    // Deferred and taken by nobody: the stored row already says all there is, and the sweeper takes it as it is.
    if (onlyDeferred && result.handled.length === 0) {
      pending.set(row.rowKey, row);
      return;
    }
    const waitMs = onlyDeferred ? timings.sweepAfterMs : Math.min(timings.sweepAfterMs * 2 ** (attempts - 1), timings.maxRetryMs);
    const next: EventRow = { ...row, delivered, attempts, retryAt: new Date(clock.now().getTime() + waitMs).toISOString() };
    try {
      next.etag = (await table.updateEntity(eventEntity(next), 'Replace', { etag: row.etag ?? '*' })).etag;
    } catch (error) {
      if (!lostRace(error)) throw error;
    }
    pending.set(row.rowKey, next);
  }
}
