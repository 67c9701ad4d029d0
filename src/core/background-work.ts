// Work a plugin does after answering a request (derived rows, clean-ups): kept in one place so a stop can wait for it.

export interface BackgroundWork {
  /** Keeps `work` until it settles; its caller handles its failure (`work` should not reject). */
  add(work: Promise<void>): void;
  /** Resolves once all work added is done, including work added while waiting. */
  idle(): Promise<void>;
}

/**
 * @example const background = createBackgroundWork(); background.add(clear(row).catch(logIt)); await background.idle();
 */
export function createBackgroundWork(): BackgroundWork {
  const running = new Set<Promise<void>>();
  return {
    add(work) {
      running.add(work);
      const done = () => void running.delete(work);
      work.then(done, done);
    },
    async idle() {
      while (running.size > 0) await Promise.allSettled([...running]);
    },
  };
}
