// Hands imported rows to storage in batches, a bounded number of batches at a time; reading waits while they are all busy.

export interface BatchWriterOptions<T> {
  /** Rows handed to storage together. */
  batchSize: number;
  /** Batches written at the same time; reading waits while this many are in flight. */
  batchesInFlight: number;
  /** Writes one batch and records each row's outcome; never rejects for an expected failure. */
  writeBatch(rows: T[]): Promise<void>;
}

export interface BatchWriter<T> {
  /** Queues a row; resolves when reading may go on. */
  add(row: T): Promise<void>;
  /** Rows queued for the next batch, not yet handed on. */
  queued(): readonly T[];
  /** Hands on the queued rows now, e.g. before a row that depends on one of them. */
  send(): void;
  /** Writes what is queued and waits for every batch in flight. */
  drain(): Promise<void>;
}

export function createBatchWriter<T>(options: BatchWriterOptions<T>): BatchWriter<T> {
  let batch: T[] = [];
  const inFlight: Promise<void>[] = [];

  function send(): void {
    if (batch.length === 0) return;
    inFlight.push(options.writeBatch(batch));
    batch = [];
  }

  return {
    async add(row) {
      batch.push(row);
      if (batch.length >= options.batchSize) send();
      while (inFlight.length >= options.batchesInFlight) await inFlight.shift();
    },
    queued: () => batch,
    send,
    async drain() {
      send();
      while (inFlight.length > 0) await inFlight.shift();
    },
  };
}
