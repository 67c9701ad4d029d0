// Summary rows kept up to date on write (activity and pipeline rollups): a JSON state split over string properties,
// changed by ETag-checked read-modify-write, or several rows of one partition in one transaction.
import { z } from 'zod';
import { AppError, isAppError } from '../core/errors';
import { composeKey } from './keys';
import type { TableRef } from './logical-table';
import { Repository, type RowAddress } from './repository';

/** Under Azure's 32K-character property limit; 12 parts (~750 KiB) stay under its 1 MiB entity limit. */
const partChars = 32_000;
const maxParts = 12;
const partNames = Array.from({ length: maxParts }, (_, i) => `p${i}`);

/** A row holding one JSON state split over string properties `p0`…`p11`, with its `kind`. */
export const partsRowSchema = z.strictObject({
  kind: z.string().max(32),
  ...Object.fromEntries(partNames.map((name) => [name, z.string().max(partChars).optional()])),
});
type RollupRow = z.infer<typeof partsRowSchema>;

export interface RollupState<T> {
  state: T;
  etag: string;
}

/** A state as a parts row: JSON cut into properties within Azure's limits. */
export function encodeParts(kind: string, state: unknown): RollupRow {
  const json = JSON.stringify(state);
  const row: Record<string, string> = { kind };
  let start = 0;
  for (const name of partNames) {
    if (start >= json.length) break;
    let end = Math.min(start + partChars, json.length);
    // Never split a surrogate pair across two properties.
    if (end < json.length && /[\ud800-\udbff]/.test(json.charAt(end - 1))) end -= 1;
    row[name] = json.slice(start, end);
    start = end;
  }
  if (start < json.length) throw new AppError('ENTITY_TOO_LARGE', { size: json.length * 2, limit: partChars * maxParts * 2 });
  return row as RollupRow;
}

/** The state a parts row holds, parsed with `schema`. */
export function decodeParts<T>(row: RollupRow, schema: z.ZodType<T>): T {
  const parts = row as Record<string, string | undefined>;
  return schema.parse(JSON.parse(partNames.map((name) => parts[name] ?? '').join('')));
}

const rememberedKey = (partitionKey: string, rowKey: string) => `${partitionKey}\u0000${rowKey}`;

/** A random wait before the next try, growing with the attempts. */
export const pause = (attempt: number) => new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(2 + attempt * 3, 40)));

/** Another writer got there first: read again and retry. */
export const lostRace = (error: unknown) => isAppError(error, 'CONFLICT', 'ALREADY_EXISTS');

/** Rows whose last committed state a process keeps for its next write of them. */
const maxRemembered = 5_000;

export class RollupRows {
  private readonly rows: Repository<typeof partsRowSchema>;
  /** The states this process last committed, with their ETags, by PartitionKey and RowKey. */
  private readonly committed = new Map<string, RollupState<unknown>>();

  /**
   * `entity` names the rows in errors; writers racing on one row retry up to `maxAttempts` times (each round lets at
   * least one of them through, so the bound covers a busy account or tenant).
   */
  constructor(
    table: TableRef,
    private readonly entity: string,
    private readonly maxAttempts = 40,
  ) {
    this.rows = new Repository(table, entity, partsRowSchema);
  }

  async read<T>(address: RowAddress, schema: z.ZodType<T>): Promise<RollupState<T> | undefined> {
    const stored = await this.rows.get(address);
    return stored && { state: decodeParts(stored.value, schema), etag: stored.etag };
  }

  /**
   * A row about to be changed and committed: the state this process last committed, if it still has it, else as
   * stored. The caller owns the state it gets. A row another process wrote since fails the commit on its ETag, and
   * the retry reads it from storage (a state is handed out once).
   */
  async readToWrite<T>(address: RowAddress, schema: z.ZodType<T>): Promise<RollupState<T> | undefined> {
    const key = rememberedKey(this.rows.partitionKey(address.tenantId, address.partition), composeKey(address.row));
    const remembered = this.committed.get(key);
    if (!remembered) return this.read(address, schema);
    this.committed.delete(key);
    return remembered as RollupState<T>;
  }

  /** The states of one partition's rows from `rowFrom` (inclusive) to `rowBefore` (exclusive), in key order. */
  async range<T>(tenantId: string, partition: readonly string[], rowFrom: string, rowBefore: string, schema: z.ZodType<T>): Promise<T[]> {
    const states: T[] = [];
    let continuationToken: string | undefined;
    do {
      const page = await this.rows.page(tenantId, partition, {
        rowKeyFrom: rowFrom,
        rowKeyBefore: rowBefore,
        pageSize: 1000,
        continuationToken,
      });
      states.push(...page.items.map((item) => decodeParts(item.value, schema)));
      continuationToken = page.continuationToken;
    } while (continuationToken);
    return states;
  }

  /**
   * Writes several rows of one partition in one entity-group transaction: each replaced only if it still has the ETag
   * it was read with, or created if it was absent. A lost race fails the whole transaction (CONFLICT or ALREADY_EXISTS).
   */
  async commit(
    tenantId: string,
    partition: readonly string[],
    writes: readonly { row: readonly string[]; kind: string; state: unknown; etag?: string }[],
  ): Promise<void> {
    if (writes.length === 0) return;
    const etags = await this.rows.transact(
      tenantId,
      partition,
      writes.map(({ row, kind, state, etag }) =>
        etag
          ? { kind: 'replace' as const, row, value: encodeParts(kind, state), etag }
          : { kind: 'create' as const, row, value: encodeParts(kind, state) },
      ),
    );
    const partitionKey = this.rows.partitionKey(tenantId, partition);
    if (this.committed.size + writes.length > maxRemembered) this.committed.clear();
    for (const { row, state } of writes) {
      const etag = etags.get(composeKey(row));
      if (etag) this.committed.set(rememberedKey(partitionKey, composeKey(row)), { state, etag });
    }
  }

  /**
   * Applies `change` to the row's state (or to `empty()` when there is no row) and writes it only if nobody wrote
   * in between; on a lost race it reads again and retries. `change` returns undefined when nothing needs writing.
   * With `after`, nothing is written before it has succeeded (it fails the call instead); the first read does not wait.
   */
  async mutate<T>(
    address: RowAddress,
    kind: string,
    schema: z.ZodType<T>,
    empty: () => T,
    change: (state: T) => T | undefined,
    after?: Promise<unknown>,
  ): Promise<T> {
    for (let attempt = 0; ; attempt += 1) {
      const current = await this.read(address, schema);
      const next = change(current ? current.state : empty());
      if (next === undefined) return current ? current.state : empty();
      await after;
      try {
        const row = encodeParts(kind, next);
        if (current) await this.rows.replace(address, row, current.etag);
        else await this.rows.create(address, row);
        return next;
      } catch (error) {
        if (!lostRace(error)) throw error;
        if (attempt + 1 >= this.maxAttempts)
          throw new AppError(
            'CONFLICT',
            { entity: this.entity },
            { reason: `summary row still contended after ${this.maxAttempts} attempts` },
            { cause: error },
          );
        await pause(attempt);
      }
    }
  }
}
