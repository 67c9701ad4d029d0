// GUANXI_DEMO_DATA: the demo set is loaded into an empty dev tenant at start-up, once, and never into one holding data.
import { beforeAll, describe, expect, it } from 'vitest';
import { demoMarkerAccount } from '../../src/demo/demo-data';
import { apiClient } from '../fixtures/api';
import { newTenantId, startTestServer } from '../fixtures/server';

type AccountList = { items: { id: string; name: string }[]; continuationToken?: string };

/** Starts the server with the demo flag for `tenantId`, reads what the dev user sees, and stops it again. */
async function startAndRead<T>(tenantId: string, read: (api: ReturnType<typeof apiClient>) => Promise<T>): Promise<T> {
  const server = await startTestServer({ GUANXI_DEMO_DATA: 'true', DEV_TENANT_ID: tenantId, DEV_USER_ID: 'dev-user' });
  try {
    return await read(apiClient(server.url, tenantId));
  } finally {
    await server.stop();
  }
}

const accountsOf = async (api: ReturnType<typeof apiClient>) => (await api.get<AccountList>('/accounts?pageSize=1000')).body.items;

describe('the demo data set', () => {
  // Loading the set logs 400 activities, so one tenant is loaded once and the read-only tests share it.
  const loadedTenant = newTenantId();
  beforeAll(() => startAndRead(loadedTenant, accountsOf), 120_000);

  it('fills an empty dev tenant with accounts, contacts with CUTE roles and activities', async () => {
    const seen = await startAndRead(loadedTenant, async (api) => {
      const accounts = await accountsOf(api);
      const marker = accounts.find((account) => account.name === demoMarkerAccount)!;
      const contacts = await api.get<{ items: { cuteRole?: string }[] }>(`/accounts/${marker.id}/contacts`);
      const digest = await api.get<{ activityCount: number }>(`/activities/accounts/${marker.id}/digest`);
      return { accounts, contacts: contacts.body.items, activityCount: digest.body.activityCount };
    });

    expect(seen.accounts).toHaveLength(40);
    expect(seen.accounts.some((account) => /\p{Script=Han}/u.test(account.name))).toBe(true);
    expect(seen.contacts.map((contact) => contact.cuteRole).every(Boolean)).toBe(true);
    expect(seen.contacts).toHaveLength(3);
    expect(seen.activityCount).toBe(10);
  });

  it('gives the dev user follow-ups due today or overdue', async () => {
    const zone = encodeURIComponent(Intl.DateTimeFormat().resolvedOptions().timeZone);

    const report = await startAndRead(loadedTenant, async (api) => (await api.get<{ followUpsDue: unknown[]; followUpsOverdue: unknown[] }>(`/activities/daily-report?timeZone=${zone}`)).body);

    expect(report.followUpsDue.length + report.followUpsOverdue.length).toBeGreaterThan(0);
  });

  it('is not loaded a second time when the server starts again', async () => {
    const accounts = await startAndRead(loadedTenant, accountsOf);

    expect(accounts).toHaveLength(40);
  });

  it('leaves a dev tenant that already holds data alone', async () => {
    const tenantId = newTenantId();
    const server = await startTestServer({ DEV_TENANT_ID: tenantId });
    await apiClient(server.url, tenantId).post('/accounts', { name: 'My Own Customer' });
    await server.stop();

    const accounts = await startAndRead(tenantId, accountsOf);

    expect(accounts.map((account) => account.name)).toEqual(['My Own Customer']);
  });
});
