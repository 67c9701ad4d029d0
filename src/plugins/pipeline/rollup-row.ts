// Summary rows of the pipeline: a JSON state split over string properties, changed by ETag-checked read-modify-write.
import type { TableClient } from '@azure/data-tables';
import type { z } from 'zod';
import { z as zod } from 'zod';
import { AppError } from '../../core/errors';
import { Repository, type RowAddress } from '../../storage/repository';

/** Under Azure's 32K-character property limit; 12 parts (~750 KiB) stay under its 1 MiB entity limit. */
const partChars = 32_000;
const partNames = Array.from({ length: 12 }, (_, i) => `p${i}`);
const rowSchema = zod.strictObject({ kind: zod.string().max(32), ...Object.fromEntries(partNames.map((name) => [name, zod.string().optional()])) });
type Row = z.infer<typeof rowSchema>;

/** Writers racing on one row retry; every round lets one of them through, so the bound covers a busy tenant. */
const maxAttempts = 40;

function encode(kind: string, state: unknown): Row {
  const json = JSON.stringify(state);
  const row: Record<string, string> = { kind };
  let start = 0;
  for (const name of partNames) {
    if (start >= json.length) break;
    let end = Math.min(start + partChars, json.length);
    // Never split a surrogate pair across two properties.
    if (end < json.length && /[\ud800-\udbff]/u.test(json.charAt(end - 1))) end -= 1;
    row[name] = json.slice(start, end);
    start = end;
  }
  if (start < json.length) throw new AppError('ENTITY_TOO_LARGE', { size: json.length * 2, limit: partChars * partNames.length * 2 });
  return row as Row;
}

function decode<T>(row: Row, schema: z.ZodType<T>): T {
  const parts = row as Record<string, string | undefined>;
  return schema.parse(JSON.parse(partNames.map((name) => parts[name] ?? '').join('')));
}

export const pause = (attempt: number) => new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(2 + attempt * 3, 40)));
export const lostRace = (error: unknown) => error instanceof AppError && (error.code === 'CONFLICT' || error.code === 'ALREADY_EXISTS');

export class RollupRows {
  private readonly rows: Repository<typeof rowSchema>;

  constructor(table: TableClient) {
    this.rows = new Repository(table, 'opportunity', rowSchema);
  }

  async read<T>(address: RowAddress, schema: z.ZodType<T>): Promise<{ state: T; etag: string } | undefined> {
    const stored = await this.rows.get(address);
    return stored && { state: decode(stored.value, schema), etag: stored.etag };
  }

  /**
   * Writes several rows of one partition in one entity-group transaction: each replaced only if it still has the ETag
   * it was read with, or created if it was absent. A lost race fails the whole transaction (CONFLICT or ALREADY_EXISTS).
   */
  async commit(tenantId: string, partition: readonly string[], writes: readonly { row: readonly string[]; kind: string; state: unknown; etag?: string }[]): Promise<void> {
    if (writes.length === 0) return;
    await this.rows.transact(
      tenantId,
      partition,
      writes.map(({ row, kind, state, etag }) => (etag ? { kind: 'replace' as const, row, value: encode(kind, state), etag } : { kind: 'create' as const, row, value: encode(kind, state) })),
    );
  }

  /**
   * Applies `change` to the row's state (or to `empty()` without a row) and writes it only if nobody wrote in
   * between; a lost race reads again and retries. `change` returns undefined when nothing needs writing. Nothing is
   * written before `after` has succeeded (it fails the call instead); the first read does not wait for it.
   */
  async mutate<T>(address: RowAddress, kind: string, schema: z.ZodType<T>, empty: () => T, change: (state: T) => T | undefined, after?: Promise<unknown>): Promise<T> {
    for (let attempt = 0; ; attempt += 1) {
      const current = await this.read(address, schema);
      const next = change(current ? current.state : empty());
      if (next === undefined) return current ? current.state : empty();
      await after;
      try {
        const row = encode(kind, next);
        if (current) await this.rows.replace(address, row, current.etag);
        else await this.rows.create(address, row);
        return next;
      } catch (error) {
        if (!lostRace(error)) throw error;
        if (attempt + 1 >= maxAttempts) throw new AppError('CONFLICT', { entity: 'opportunity' }, { reason: `summary row still contended after ${maxAttempts} attempts` }, { cause: error });
        await pause(attempt);
      }
    }
  }
}
