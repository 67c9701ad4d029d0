// Work that may follow the request that caused it: one queue per key (a tenant), run in arrival order, in batches,
// so items that arrive together share one run (one storage transaction instead of one each).
import { withRetries } from './concurrency';

interface Queued<T> {
  item: T;
  done: Promise<void>;
  resolve(): void;
  reject(error: unknown): void;
}

interface Lane<T> {
  waiting: Queued<T>[];
  running: Queued<T>[];
}

function queued<T>(item: T): Queued<T> {
  let resolve!: () => void;
  let reject!: (error: unknown) => void;
  const done = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  // Callers that do not wait for an item still learn of its failure through `run`'s own report; this keeps it handled.
  done.catch(() => undefined);
  return { item, done, resolve, reject };
}

export class BatchQueue<T> {
  private readonly lanes = new Map<string, Lane<T>>();

  /**
   * `run` gets up to `maxBatch` items of one key in arrival order. When a batch fails, its items are run again one at a
   * time in order, each tried again after each of `retryDelaysMs` before it fails alone; later items wait meanwhile.
   */
  constructor(
    private readonly run: (key: string, batch: T[]) => Promise<void>,
    private readonly options: { maxBatch: number; retryDelaysMs: readonly number[] },
  ) {}

  /** Queues an item; resolves once a run that included it succeeded, rejects with that run's error. */
  add(key: string, item: T): Promise<void> {
    let lane = this.lanes.get(key);
    if (!lane) {
      lane = { waiting: [], running: [] };
      this.lanes.set(key, lane);
      void this.drain(key, lane);
    }
    const entry = queued(item);
    lane.waiting.push(entry);
    return entry.done;
  }

  /** Resolves once every item of `key` queued before the call has run, whether or not its run succeeded. */
  async settled(key: string): Promise<void> {
    const lane = this.lanes.get(key);
    if (!lane) return;
    await Promise.allSettled([...lane.running, ...lane.waiting].map((entry) => entry.done));
  }

  /** Items queued or running, over all keys. */
  get size(): number {
    let size = 0;
    for (const lane of this.lanes.values()) size += lane.waiting.length + lane.running.length;
    return size;
  }

  private async drain(key: string, lane: Lane<T>): Promise<void> {
    // Started from `add` before its item is pushed: the first run waits a turn so the items of that turn share it.
    await Promise.resolve();
    while (lane.waiting.length > 0) {
      lane.running = lane.waiting.splice(0, this.options.maxBatch);
      try {
        await this.run(
          key,
          lane.running.map((entry) => entry.item),
        );
        for (const entry of lane.running) entry.resolve();
      } catch {
        // The batch's failure shows again on the item that causes it, run alone.
        for (const entry of lane.running) await this.runAlone(key, entry);
      }
      lane.running = [];
    }
    this.lanes.delete(key);
  }

  private async runAlone(key: string, entry: Queued<T>): Promise<void> {
    await withRetries(() => this.run(key, [entry.item]), this.options.retryDelaysMs).then(entry.resolve, entry.reject);
  }
}
