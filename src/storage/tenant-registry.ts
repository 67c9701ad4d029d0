// The tenants this deployment serves: one row each, made the first time a tenant's user reaches the server.
//
// PK [tenant], RK ['profile']. Scheduled work walks the registry to find every tenant and its time zone; the list is
// read only by background work, never on a request path. `ensure` is a create-if-absent, so of any number of first
// requests at once exactly one learns that it created the tenant.
import type { TableClient } from '@azure/data-tables';
import { z } from 'zod';
import type { Clock } from '../core/clock';
import { tenantPartitionKey } from './keys';
import { statusOf, toAppError } from './storage-errors';

export const tenantProfileSchema = z.object({
  tenantId: z.string().min(1),
  /** IANA zone in which the tenant's daily jobs run; UTC until an admin sets it. */
  timeZone: z.string().min(1),
  createdAt: z.string(),
});
export type TenantProfile = z.infer<typeof tenantProfileSchema>;

export interface TenantRegistry {
  /** Records the tenant if it is new; `created` is true for exactly one caller. Cheap to call on every request. */
  ensure(tenantId: string): Promise<{ profile: TenantProfile; created: boolean }>;
  get(tenantId: string): Promise<TenantProfile | undefined>;
  setTimeZone(tenantId: string, timeZone: string): Promise<TenantProfile>;
  /** Every tenant, page by page; for background work only. */
  list(): AsyncIterable<TenantProfile>;
}

const rowKey = 'profile';

export function createTenantRegistry(table: TableClient, clock: Clock): TenantRegistry {
  /** Tenants this process has seen recorded: a later `ensure` of one costs no request. */
  const known = new Map<string, TenantProfile>();
  const parse = (row: Record<string, unknown>) =>
    tenantProfileSchema.parse({ tenantId: row.tenantId, timeZone: row.timeZone, createdAt: row.createdAt });

  async function get(tenantId: string): Promise<TenantProfile | undefined> {
    try {
      return parse(await table.getEntity(tenantPartitionKey(tenantId, []), rowKey));
    } catch (error) {
      if (statusOf(error) === 404) return undefined;
      throw toAppError(error, { entity: 'record', id: tenantId });
    }
  }

  return {
    async ensure(tenantId) {
      const seen = known.get(tenantId);
      if (seen) return { profile: seen, created: false };
      const profile: TenantProfile = { tenantId, timeZone: 'UTC', createdAt: clock.now().toISOString() };
      try {
        await table.createEntity({ partitionKey: tenantPartitionKey(tenantId, []), rowKey, ...profile });
        known.set(tenantId, profile);
        return { profile, created: true };
      } catch (error) {
        if (statusOf(error) !== 409) throw toAppError(error, { entity: 'record', id: tenantId });
        const stored = (await get(tenantId)) ?? profile;
        known.set(tenantId, stored);
        return { profile: stored, created: false };
      }
    },
    get,
    async setTimeZone(tenantId, timeZone) {
      const current = (await get(tenantId)) ?? (await this.ensure(tenantId)).profile;
      const next = { ...current, timeZone };
      try {
        await table.upsertEntity({ partitionKey: tenantPartitionKey(tenantId, []), rowKey, ...next }, 'Merge');
      } catch (error) {
        throw toAppError(error, { entity: 'record', id: tenantId });
      }
      known.set(tenantId, next);
      return next;
    },
    async *list() {
      for await (const page of table.listEntities<Record<string, unknown>>().byPage({ maxPageSize: 1000 })) {
        for (const row of page) if (row.rowKey === rowKey) yield parse(row);
      }
    },
  };
}
