// The tenant registry against a real Azurite: exactly one first request creates a tenant, and the list finds it.
import { beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/core/clock';
import { createTenantRegistry, type TenantRegistry } from '../../src/storage/tenant-registry';
import { newTenantId } from '../fixtures/server';
import { openTestTable } from '../fixtures/tables';

let table: Awaited<ReturnType<typeof openTestTable>>;
const registry = (): TenantRegistry => createTenantRegistry(table, systemClock);
beforeAll(async () => {
  table = await openTestTable('TenantRegistryTests');
});

describe('tenant registry', () => {
  it('tells exactly one of several processes that it created the tenant', async () => {
    const tenantId = newTenantId();
    const results = await Promise.all([registry(), registry(), registry()].map((one) => one.ensure(tenantId)));
    expect(results.filter((result) => result.created)).toHaveLength(1);
    expect(results.every((result) => result.profile.timeZone === 'UTC')).toBe(true);
  });

  it('keeps a time zone set by an admin and lists every tenant', async () => {
    const [one, two] = [newTenantId(), newTenantId()];
    const tenants = registry();
    await tenants.ensure(one);
    await tenants.setTimeZone(two, 'Asia/Shanghai');
    expect((await registry().get(two))?.timeZone).toBe('Asia/Shanghai');
    const listed = new Map<string, string>();
    for await (const profile of registry().list()) listed.set(profile.tenantId, profile.timeZone);
    expect(listed.get(one)).toBe('UTC');
    expect(listed.get(two)).toBe('Asia/Shanghai');
  });
});
