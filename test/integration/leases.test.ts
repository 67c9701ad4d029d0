// Leases against a real Azurite: one holder at a time, taken over once expired, lost by a holder that was overtaken.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Clock } from '../../src/core/clock';
import { createLeases, type Leases } from '../../src/storage/leases';
import { newTenantId } from '../fixtures/server';
import { openTestTable } from '../fixtures/tables';

let now = new Date('2026-03-02T08:00:00Z');
const clock: Clock = { now: () => now };
let leases: Leases;
beforeAll(async () => {
  leases = createLeases(await openTestTable('LeaseTests'), clock);
});

describe('leases', () => {
  it('lets one of two racing takers hold a lease', async () => {
    const tenantId = newTenantId();
    const taken = await Promise.all(['a', 'b', 'c'].map((holder) => leases.take(tenantId, 'job', holder, 60_000)));
    expect(taken.filter(Boolean)).toHaveLength(1);
  });

  it('refuses a held lease until it expires, then hands it over with its state', async () => {
    const tenantId = newTenantId();
    const first = await leases.take(tenantId, 'job', 'a', 60_000);
    expect(await first!.save({ lastRun: '2026-03-02' })).toBe(true);
    expect(await leases.take(tenantId, 'job', 'b', 60_000)).toBeUndefined();
    now = new Date(now.getTime() + 61_000);
    const second = await leases.take(tenantId, 'job', 'b', 60_000);
    expect(second?.state).toEqual({ lastRun: '2026-03-02' });
    expect(await first!.renew(60_000)).toBe(false);
    expect(await first!.save({ lastRun: 'stale' })).toBe(false);
  });

  it('shows who holds a lease and its state without taking it', async () => {
    const tenantId = newTenantId();
    expect(await leases.peek(tenantId, 'job')).toBeUndefined();
    const held = await leases.take(tenantId, 'job', 'a', 60_000);
    await held!.save({ doneThrough: '2026-03-02T08:00:00Z' });
    expect(await leases.peek(tenantId, 'job')).toMatchObject({ holder: 'a', held: true, state: { doneThrough: '2026-03-02T08:00:00Z' } });
    await held!.release();
    expect(await leases.peek(tenantId, 'job')).toMatchObject({ holder: 'a', held: false, state: { doneThrough: '2026-03-02T08:00:00Z' } });
    expect(await leases.take(tenantId, 'job', 'b', 60_000)).toBeDefined();
  });

  it('is free again at once after a release', async () => {
    const tenantId = newTenantId();
    const first = await leases.take(tenantId, 'job', 'a', 60_000);
    expect(await first!.release()).toBe(true);
    expect(await leases.take(tenantId, 'job', 'b', 60_000)).toBeDefined();
  });

  it('keeps tenants apart', async () => {
    const [one, two] = [newTenantId(), newTenantId()];
    expect(await leases.take(one, 'job', 'a', 60_000)).toBeDefined();
    expect(await leases.take(two, 'job', 'b', 60_000)).toBeDefined();
  });
});
