// Leases in storage: one holder at a time for a named piece of work, across any number of server processes.
//
// A lease is one row, PK [tenant, 'lease'] RK [name], with its holder and expiry. Taking it is a create-if-absent, or
// an ETag-conditional replace of a row whose holder is gone (expired) or is the taker itself; a lost race is a 409 or a
// 412, so two processes can never both hold it. A holder that dies simply stops renewing, and the lease is free again
// once it expires. The row also keeps a small state of the holder's choosing (a schedule's last run, say), written only
// while held.
import type { TableClient } from '@azure/data-tables';
import type { Clock } from '../core/clock';
import { tenantPartitionKey } from './keys';
import { statusOf, toAppError } from './storage-errors';

/** Work that belongs to no tenant (a sweep over all tenants) takes its lease under this pseudo-tenant. */
export const systemTenant = '_system';

export interface LeaseRow {
  partitionKey: string;
  rowKey: string;
  holder: string;
  /** ISO time after which anyone may take the lease. */
  expiresAt: string;
  /** The holder's own state, as JSON; kept across holders. */
  state: string;
}

/** A lease this process holds; every method fails with CONFLICT once another holder has taken it. */
export interface HeldLease {
  readonly name: string;
  /** The state stored with the lease when it was taken. */
  readonly state: unknown;
  /** Pushes the expiry `ttlMs` from now; resolves false when the lease was lost in the meantime. */
  renew(ttlMs: number): Promise<boolean>;
  /** Stores `state` while still holding the lease; resolves false when the lease was lost. */
  save(state: unknown): Promise<boolean>;
  /** Frees the lease at once (keeping its state); resolves false when it was no longer held. */
  release(): Promise<boolean>;
}

export interface Leases {
  /**
   * Takes the lease `name` of `tenantId` for `ttlMs`, or resolves undefined when someone else holds it.
   * @example const lease = await leases.take(tenantId, 'job:stuck-deals', holderId, 60_000); if (!lease) return;
   */
  take(tenantId: string, name: string, holder: string, ttlMs: number): Promise<HeldLease | undefined>;
  /** Reads the lease without taking it: whether someone holds it now, and its state; undefined if never taken. */
  peek(tenantId: string, name: string): Promise<{ holder: string; expiresAt: string; held: boolean; state: unknown } | undefined>;
}

const lost = (error: unknown) => statusOf(error) === 409 || statusOf(error) === 412 || statusOf(error) === 404;

export function createLeases(table: TableClient, clock: Clock): Leases {
  const expiry = (ttlMs: number) => new Date(clock.now().getTime() + ttlMs).toISOString();

  async function read(partitionKey: string, rowKey: string): Promise<(LeaseRow & { etag: string }) | undefined> {
    try {
      return await table.getEntity<LeaseRow>(partitionKey, rowKey);
    } catch (error) {
      if (statusOf(error) === 404) return undefined;
      throw toAppError(error, { entity: 'record', id: rowKey });
    }
  }

  /** An ETag-conditional replace; resolves the new ETag, or undefined when another writer got there first. */
  async function replace(row: LeaseRow, etag: string): Promise<string | undefined> {
    try {
      return (await table.updateEntity(row, 'Replace', { etag })).etag;
    } catch (error) {
      if (lost(error)) return undefined;
      throw toAppError(error, { entity: 'record', id: row.rowKey });
    }
  }

  function held(row: LeaseRow, firstEtag: string): HeldLease {
    let etag = firstEtag;
    let current = row;
    const write = async (next: LeaseRow) => {
      const written = await replace(next, etag);
      if (written === undefined) return false;
      etag = written;
      current = next;
      return true;
    };
    return {
      name: row.rowKey,
      state: JSON.parse(row.state) as unknown,
      renew: (ttlMs) => write({ ...current, expiresAt: expiry(ttlMs) }),
      save: (state) => write({ ...current, state: JSON.stringify(state ?? null) }),
      release: () => write({ ...current, expiresAt: new Date(0).toISOString() }),
    };
  }

  return {
    async peek(tenantId, name) {
      const row = await read(tenantPartitionKey(tenantId, ['lease']), name);
      if (!row) return undefined;
      return {
        holder: row.holder,
        expiresAt: row.expiresAt,
        held: Date.parse(row.expiresAt) > clock.now().getTime(),
        state: JSON.parse(row.state) as unknown,
      };
    },
    async take(tenantId, name, holder, ttlMs) {
      const partitionKey = tenantPartitionKey(tenantId, ['lease']);
      const existing = await read(partitionKey, name);
      if (!existing) {
        const row: LeaseRow = { partitionKey, rowKey: name, holder, expiresAt: expiry(ttlMs), state: 'null' };
        try {
          const created = await table.createEntity(row);
          return held(row, created.etag!);
        } catch (error) {
          if (lost(error)) return undefined;
          throw toAppError(error, { entity: 'record', id: name });
        }
      }
      const free = existing.holder === holder || Date.parse(existing.expiresAt) <= clock.now().getTime();
      if (!free) return undefined;
      const row: LeaseRow = { partitionKey, rowKey: name, holder, expiresAt: expiry(ttlMs), state: existing.state };
      const etag = await replace(row, existing.etag);
      return etag === undefined ? undefined : held(row, etag);
    },
  };
}
