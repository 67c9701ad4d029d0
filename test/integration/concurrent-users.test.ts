// Twenty people using one tenant at once, none sending If-Match: every answer is a success, in chat and the API alike.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/server';
import { crmUser, keepBusy, newTally, seedWorld, withoutEtags, type Deal } from '../fixtures/crm-load';
import { newTenantId, startTestServer } from '../fixtures/server';

const people = 20;
const runMs = 15_000;

let server: RunningServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.stop());

describe(`${people} people at once for ${runMs / 1000} s`, { timeout: 120_000 }, () => {
  it('get no error: lookups, logging from chat and the API, searches, and moves of the same deals from chat', async () => {
    const tenantId = newTenantId();
    const tally = newTally();
    const world = await seedWorld(crmUser(server.url, tenantId, 'user-0', tally), tenantId);
    const seeded = tally.requests;

    const started = Date.now();
    const until = started + runMs;
    await Promise.all(
      Array.from({ length: people }, (_, i) => keepBusy(crmUser(server.url, tenantId, `user-${i}`, tally), world, withoutEtags, until)),
    );
    const elapsed = Date.now() - started;

    console.info(`${people} people, ${elapsed} ms: ${tally.requests - seeded} requests`, tally.byKind);
    expect(tally.failures).toEqual([]);
    expect(tally.byKind['chat move']).toBeGreaterThan(50);
    // Every shared deal still reads, open, in a stage one of the moves named.
    const reader = crmUser(server.url, tenantId, 'user-0', tally);
    for (const deal of world.shared) {
      const read = await reader.api.get<Deal>(`/pipeline/opportunities/${deal.id}`);
      expect(read.status).toBe(200);
      expect(read.body.status).toBe('open');
    }
  });
});
