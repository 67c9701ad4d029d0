// Deliveries left open by a process that is gone: found at start-up, taken over once its lease lapsed, and driven again.
//
// Open deliveries are found with one filtered query over the deliveries table, once per process start and in the
// background (never on a request path); on the Cosmos DB Table API every property is indexed, on Azure Tables it reads
// the table once. Each is taken over with an ETag-checked write naming this process, so of several processes starting
// at once exactly one resumes it. One still undelivered a day after it was sent is closed as expired instead: its card
// is stale.
import type { Clock } from '../src/core/clock';
import { AppError } from '../src/core/errors';
import type { Stored } from '../src/storage/repository';
import type { DeliveryRow, DeliveryStore } from './delivery.store';
import { isOpen } from './delivery-worker';
import { sleep } from './rate-limits';
import { livenessTtlMs, type WorkerLiveness } from './worker-liveness';

/** A card more than a day late is stale: it is closed, not sent. */
export const maxOpenMs = 24 * 60 * 60_000;

export interface ResumeSettings {
  deliveries: DeliveryStore;
  liveness: WorkerLiveness;
  clock: Clock;
  workerId: string;
  signal: AbortSignal;
  /** Drives a taken-over delivery to its end. */
  drive(stored: Stored<DeliveryRow>): Promise<void>;
  /** Runs work in the background, tracked until the stop. */
  inBackground(what: string, context: Record<string, unknown>, work: () => Promise<void>): void;
}

const about = (row: DeliveryRow) => ({ tenantId: row.tenantId, deliveryId: row.id });

export async function resumeOpenDeliveries(settings: ResumeSettings): Promise<void> {
  const { deliveries, liveness, clock, workerId, signal } = settings;

  /** Names this process as the delivery's worker (or closes it as expired) and drives it; a process that got there first keeps it. */
  async function takeOver(open: Stored<DeliveryRow>): Promise<void> {
    const now = clock.now();
    const expired = now.getTime() - Date.parse(open.value.createdAt) > maxOpenMs;
    const closed = {
      status: 'failed',
      lastErrorCode: 'expired',
      lastError: 'Still undelivered a day after it was sent',
      card: undefined,
      text: undefined,
      worker: undefined,
      nextAttemptAt: undefined,
    } as const;
    try {
      const taken = await deliveries.replace(
        { ...open.value, ...(expired ? closed : { worker: workerId }), updatedAt: now.toISOString() },
        open.etag,
      );
      if (!expired) await settings.drive(taken);
    } catch (error) {
      if (!(error instanceof AppError && error.code === 'CONFLICT')) throw error;
    }
  }

  /** Waits while the worker is alive (it drives its deliveries), then takes over those still open. */
  async function watch(worker: string, records: Stored<DeliveryRow>[]): Promise<void> {
    let open = records;
    while (!(await liveness.isGone(worker))) {
      await sleep(livenessTtlMs, signal);
      const fresh = await Promise.all(open.map(({ value }) => deliveries.get(value.tenantId, value.id)));
      open = fresh.filter((row): row is Stored<DeliveryRow> => row !== undefined && isOpen(row.value) && row.value.worker === worker);
      if (open.length === 0) return;
    }
    for (const record of open) settings.inBackground('a resumed delivery', about(record.value), () => takeOver(record));
  }

  const byWorker = new Map<string, Stored<DeliveryRow>[]>();
  for await (const open of deliveries.openEverywhere()) {
    if (signal.aborted) return;
    const worker = open.value.worker;
    if (worker === workerId) continue;
    if (!worker) settings.inBackground('a resumed delivery', about(open.value), () => takeOver(open));
    else byWorker.set(worker, [...(byWorker.get(worker) ?? []), open]);
  }
  for (const [worker, records] of byWorker)
    settings.inBackground("a watch over another process's deliveries", { worker, open: records.length }, () => watch(worker, records));
}
