// The outbox: a write's events stored in its own transaction, delivered right after it, and by the sweeper if the writer stops first.
//
// A write with events goes:
// 1. a marker in the small Outbox table (outbox-rows.ts), one per write, naming the record partition;
// 2. one entity-group transaction: the record's actions plus a row per event in the record's partition (a reserved
//    RowKey range), so the events exist exactly when the write happened;
// 3. off the request path, the writer delivers its events to the subscribers in this process, deletes them, then
//    its marker. A failed subscriber leaves its event with a time to try again.
// The sweeper (outbox-sweeper.ts), in one process at a time, reads the markers that are due and delivers what their
// partitions still hold, so an event outlives its writer dying at any point after the transaction.
// Why a marker per write and not per partition: a shared marker cannot be dropped safely. Between a writer's upsert of
// it and that writer's transaction, another process could read the partition empty and delete the marker; the writer
// dying then would strand its events. A write's own marker is dropped only by its writer once its events are gone, or
// by the sweeper once they are gone or long overdue (`abandonAfterMs`).
import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import type { TableClient, TransactionAction } from '@azure/data-tables';
import { createBackgroundWork } from '../core/background-work';
import type { Clock } from '../core/clock';
import type { EventDelivery, Outbox, Submitted } from '../core/events';
import type { Logger } from '../core/logger';
import { defaultOutboxTimings, deliverRows, type DispatchDeps, type OutboxTimings } from './outbox-dispatch';
import { eventEntity, markerEntity, newEventRow, newMarker, type EventRow, type Marker } from './outbox-rows';
import { startOutboxSweeper, type OutboxSweeper } from './outbox-sweeper';
import { statusOf } from './storage-errors';
import type { TableStorage } from './table-storage';

export type { OutboxTimings } from './outbox-dispatch';

export interface OutboxOptions {
  storage: Pick<TableStorage, 'openTable' | 'tableClient'>;
  clock: Clock;
  log: Logger;
  /** The markers' table; `Outbox` unless a deployment (or a test) keeps its own. */
  tableName?: string;
  timings?: Partial<OutboxTimings>;
}

/** The outbox of a process, with the sweeper it may run. */
export interface StorageOutbox extends Outbox {
  /** Starts sweeping; only one process at a time sweeps (a lease), the others wait their turn. */
  startSweeper(holder?: string): OutboxSweeper;
}

/** A transaction that was not applied: the service refused it (a 4xx), rather than not answering. */
const refused = (error: unknown) => {
  const status = statusOf(error);
  return status !== undefined && status >= 400 && status < 500;
};

export async function createOutbox({
  storage,
  clock,
  log,
  tableName = 'Outbox',
  timings: overrides = {},
}: OutboxOptions): Promise<StorageOutbox> {
  const markers = await storage.openTable(tableName);
  const timings: OutboxTimings = { ...defaultOutboxTimings, ...overrides };
  const background = createBackgroundWork();
  let delivery: EventDelivery | undefined;
  const dispatchDeps = (): DispatchDeps => {
    if (!delivery) throw new Error('Events were published before the plugin set finished loading');
    return { delivery, clock, log, timings };
  };

  const dropMarker = async (marker: Marker) => {
    await markers.deleteEntity(marker.partitionKey, marker.rowKey).catch((error: unknown) => {
      if (statusOf(error) !== 404) throw error;
    });
  };

  /** Delivers a write's events, then drops its marker if none is left; what fails is the sweeper's. */
  const deliverWritten = (table: TableClient, rows: EventRow[], marker: Marker) => {
    const work = async () => {
      const pending = await deliverRows(table, rows, dispatchDeps());
      if (pending.size === 0) await dropMarker(marker);
    };
    background.add(
      work().catch((error: unknown) =>
        log.warn('events of a write were not delivered at once; the sweeper delivers them', {
          table: table.tableName,
          partitionKey: marker.recordPartition,
          error,
        }),
      ),
    );
  };

  const outbox: StorageOutbox = {
    delivers: (type) => dispatchDeps().delivery.subscribersOf(type).length > 0,

    async submit(table, actions, events, { hold = false } = {}): Promise<Submitted> {
      const { delivery: subscribers } = dispatchDeps();
      const partitionKey = actions[0]?.[1].partitionKey;
      if (partitionKey === undefined) throw new Error('A write with events needs at least one action of its own');
      const rows = events.flatMap((event) => {
        const to = subscribers.subscribersOf(event.type);
        return to.length === 0 ? [] : [newEventRow(partitionKey, event, to)];
      });
      if (rows.length === 0) return { response: await table.submitTransaction([...actions]), release() {}, async withdraw() {} };
      const started = performance.now();
      const marker = newMarker(
        table.tableName,
        partitionKey,
        rows.map((row) => row.rowKey),
        clock.now(),
        timings.sweepAfterMs,
      );
      await markers.createEntity(markerEntity(marker));
      let response: Submitted['response'];
      try {
        response = await table.submitTransaction([...actions, ...rows.map((row): TransactionAction => ['create', eventEntity(row)])]);
      } catch (error) {
        // Refused, the transaction wrote nothing; otherwise it may still land, and the marker must stay for the sweeper.
        if (refused(error))
          await dropMarker(marker).catch((cleanup: unknown) =>
            log.warn('could not drop the marker of a refused write', { error: cleanup }),
          );
        throw error;
      }
      if (performance.now() - started > timings.abandonAfterMs / 2) {
        // So slow an answer may come after the sweeper gave up on the marker: it is written again, for the events now stored.
        await markers
          .upsertEntity(markerEntity({ ...marker, createdAt: clock.now().toISOString() }), 'Replace')
          .catch((error: unknown) => log.error('could not renew the marker of a slow write', { error }));
      }
      rows.forEach((row, i) => {
        row.etag = response.subResponses[actions.length + i]?.etag;
      });
      let state: 'held' | 'released' | 'withdrawn' = 'held';
      const submitted: Submitted = {
        response,
        release() {
          if (state !== 'held') return;
          state = 'released';
          deliverWritten(table, rows, marker);
        },
        async withdraw() {
          if (state !== 'held') return;
          state = 'withdrawn';
          await table.submitTransaction(
            rows.map((row): TransactionAction => ['delete', { partitionKey: row.partitionKey, rowKey: row.rowKey }]),
          );
          await dropMarker(marker);
        },
      };
      if (!hold) submitted.release();
      return submitted;
    },

    open(subscribers) {
      delivery = subscribers;
    },

    idle: background.idle,

    startSweeper(holder = `${hostname()}:${process.pid}:${randomUUID()}`) {
      return startOutboxSweeper({ markers, tableClient: storage.tableClient, holder, dispatch: dispatchDeps, dropMarker });
    },
  };
  return outbox;
}
