// Whether the process driving a delivery is alive: each process holds a lease on its own name and renews it.
//
// A delivery records the process that drives it. Another process takes it over only once that process's lease has
// lapsed (a minute after it was last seen), so a delivery that waits long in a live process's rate limiter is never
// sent twice, and one whose process died is resumed.
import type { Logger } from '../src/core/logger';
import { systemTenant, type HeldLease, type Leases } from '../src/storage/leases';

/** How long a stop waits to free the worker's lease. */
const releaseWaitMs = 1_000;

export interface WorkerLiveness {
  /** Takes this process's lease and keeps renewing it. */
  start(): Promise<void>;
  /**
   * True when `workerId`'s lease has lapsed: its process is gone. The caller then holds that lease for a minute, so
   * that of several processes asking at once, one learns it.
   */
  isGone(workerId: string): Promise<boolean>;
  /** Stops renewing and frees this process's lease. */
  stop(): Promise<void>;
}

/** A process not seen for this long is taken to be gone. */
export const livenessTtlMs = 60_000;
const leaseName = (workerId: string) => `delivery-worker:${workerId}`;

export function createWorkerLiveness(leases: Leases, workerId: string, log: Logger): WorkerLiveness {
  let own: HeldLease | undefined;
  let renewal: NodeJS.Timeout | undefined;

  return {
    async start() {
      own = await leases.take(systemTenant, leaseName(workerId), workerId, livenessTtlMs);
      if (!own) throw new Error(`The lease of delivery worker ${workerId} is held by someone else`);
      renewal = setInterval(() => {
        own!.renew(livenessTtlMs).then(
          (kept) => {
            if (kept) return;
            // Another process took this one for gone and resumes its deliveries; ETag-checked writes keep each record whole.
            clearInterval(renewal);
            log.error('this process lost its delivery-worker lease', { workerId });
          },
          (error: unknown) => log.error('the delivery-worker lease could not be renewed', { workerId, error }),
        );
      }, livenessTtlMs / 3);
      renewal.unref();
    },
    async isGone(other) {
      if (other === workerId) return false;
      return (await leases.take(systemTenant, leaseName(other), workerId, livenessTtlMs)) !== undefined;
    },
    async stop() {
      clearInterval(renewal);
      // Storage that is down or slow at the stop is not waited for (its client retries for seconds): the lease lapses on
      // its own a minute later, and the deliveries are resumed then.
      const freed = own
        ?.release()
        .catch((error: unknown) => log.warn('the delivery-worker lease could not be freed at the stop', { workerId, error }));
      await Promise.race([freed, new Promise((resolve) => setTimeout(resolve, releaseWaitMs).unref())]);
    },
  };
}
