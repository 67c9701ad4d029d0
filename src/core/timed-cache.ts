// A brief in-process memory of reads that are made on every request and change rarely: roles and teams, a tenant's settings.

/** Entries kept at most; past this the memory starts afresh rather than grow with the number of tenants. */
const maxEntries = 20_000;

/** Values by key, each for `ttlMs` after it was stored; `forget` drops one at once (after a local write). */
export class TimedCache<V> {
  private readonly entries = new Map<string, { value: V; until: number }>();

  constructor(
    private readonly ttlMs: number,
    /** Milliseconds now: the server's clock, so that tests can move it. */
    private readonly now: () => number,
  ) {}

  get(key: string): V | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.until > this.now()) return entry.value;
    this.entries.delete(key);
    return undefined;
  }

  set(key: string, value: V): void {
    if (this.entries.size >= maxEntries) this.entries.clear();
    this.entries.set(key, { value, until: this.now() + this.ttlMs });
  }

  forget(key: string): void {
    this.entries.delete(key);
  }
}
