// The bulk activity import against a real Azurite: a twin tenant that logs the same activities one by one must read the same.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/core/actor';
import { AppError } from '../../src/core/errors';
import type { AccountsService } from '../../src/plugins/accounts';
import type { ActivitiesPluginService, NewActivity } from '../../src/plugins/activities';
import type { ActivityImport } from '../../src/plugins/activities/activity-import';
import { makeAccount } from '../fixtures/accounts';
import { newTenantId } from '../fixtures/server';
import { loadServices } from '../fixtures/services';

let accounts: AccountsService;
let activities: ActivitiesPluginService;
let importer: ActivityImport;

beforeAll(async () => {
  const { services } = await loadServices();
  accounts = services.accounts as AccountsService;
  activities = services.activities as ActivitiesPluginService;
  importer = activities;
});

const rep = (tenantId: string): Actor => ({ tenantId, userId: 'rep-1', displayName: 'Ana Silva', roles: ['rep'] });
const accountNames = ['Contoso Ltd', '上海星辰科技有限公司', 'Fabrikam Inc'];

/** Two tenants with the same accounts: `logged` gets activities from logActivity, `imported` from the import. */
async function twins() {
  const logged = rep(newTenantId());
  const imported = rep(newTenantId());
  const ids = async (actor: Actor) =>
    Promise.all(accountNames.map(async (name) => (await accounts.createAccount(actor, makeAccount({ name }))).value.id));
  return { logged, imported, loggedIds: await ids(logged), importedIds: await ids(imported) };
}

/**
 * A small seeded set over three accounts: more activities than the recent list holds on one of them, several per
 * day, two time zones, follow-ups overdue, due and later. Subjects, times and follow-up dates are unique, so twins
 * compare by subject (ties would be ordered by the random ids).
 */
function activitySet(accountIds: string[], count = 24, first = 0): NewActivity[] {
  const types = ['visit', 'callOutbound', 'meeting', 'email', 'demo'] as const;
  return Array.from({ length: count }, (_, n) => {
    const i = first + n;
    const hour = 1 + ((i * 7) % 20);
    return {
      accountId: accountIds[i % 5 === 4 ? 1 : i % 7 === 6 ? 2 : 0]!,
      type: types[i % types.length]!,
      subject: `Activity ${i}`,
      occurredAt: `2026-11-${String(18 + (i % 6)).padStart(2, '0')}T${String(hour).padStart(2, '0')}:${String(i).padStart(2, '0')}:00.000Z`,
      timeZone: i % 3 === 0 ? 'America/New_York' : 'Asia/Shanghai',
      ...(i % 4 === 1 ? { followUpOn: `2026-11-${String(11 + (i >> 1)).padStart(2, '0')}`, nextStep: `Next step ${i}` } : {}),
    };
  });
}

/** Replaces the tenant's generated ids by stable names (subjects, account names), so two tenants' views compare. */
async function comparable(actor: Actor, accountIds: string[], value: unknown): Promise<unknown> {
  const names = new Map(accountIds.map((id, i) => [id, `account:${accountNames[i]}`]));
  for (const id of accountIds) {
    let continuationToken: string | undefined;
    do {
      const page = await activities.timeline(actor.tenantId, id, { pageSize: 1000, continuationToken });
      for (const { value: activity } of page.items) names.set(activity.id, `activity:${activity.subject}`);
      continuationToken = page.continuationToken;
    } while (continuationToken);
  }
  return JSON.parse(JSON.stringify(value), (key, field: unknown) => {
    if (key === 'createdAt' || key === 'updatedAt' || key === 'source') return undefined;
    return typeof field === 'string' ? (names.get(field) ?? field) : field;
  });
}

async function logOneByOne(actor: Actor, inputs: NewActivity[]): Promise<void> {
  for (const input of inputs) await activities.logActivity(actor, input, { source: 'api' });
}

const digests = (actor: Actor, ids: string[]) => Promise.all(ids.map((id) => activities.accountDigest(actor.tenantId, id)));
const timelines = (actor: Actor, ids: string[]) =>
  Promise.all(ids.map(async (id) => (await activities.timeline(actor.tenantId, id, { pageSize: 100 })).items));
const reports = (actor: Actor) =>
  Promise.all(['2026-11-18', '2026-11-21', '2026-11-24'].map((date) => activities.dailyReport(actor, date, 'Asia/Shanghai')));

describe('importing activities', () => {
  it('gives each account the digest that logging the same activities one by one gives', async () => {
    const { logged, imported, loggedIds, importedIds } = await twins();

    await logOneByOne(logged, activitySet(loggedIds));
    await importer.importActivities(imported, activitySet(importedIds));

    const expected = await comparable(logged, loggedIds, await digests(logged, loggedIds));
    expect(await comparable(imported, importedIds, await digests(imported, importedIds))).toEqual(expected);
  });

  it('gives the author the daily reports and follow-ups that logging one by one gives', async () => {
    const { logged, imported, loggedIds, importedIds } = await twins();

    await logOneByOne(logged, activitySet(loggedIds));
    await importer.importActivities(imported, activitySet(importedIds));

    const expected = await comparable(logged, loggedIds, await reports(logged));
    expect(await comparable(imported, importedIds, await reports(imported))).toEqual(expected);
  });

  it('lists imported activities in the account timelines as logged ones are listed', async () => {
    const { logged, imported, loggedIds, importedIds } = await twins();

    await logOneByOne(logged, activitySet(loggedIds));
    await importer.importActivities(imported, activitySet(importedIds));

    const expected = await comparable(logged, loggedIds, await timelines(logged, loggedIds));
    expect(await comparable(imported, importedIds, await timelines(imported, importedIds))).toEqual(expected);
  });

  it('adds to rollups that already hold logged activities as logging the rest would', async () => {
    const { logged, imported, loggedIds, importedIds } = await twins();
    await logOneByOne(logged, activitySet(loggedIds, 10));
    await logOneByOne(imported, activitySet(importedIds, 10));

    await logOneByOne(logged, activitySet(loggedIds, 14, 10));
    await importer.importActivities(imported, activitySet(importedIds, 14, 10));

    const expected = await comparable(logged, loggedIds, [await digests(logged, loggedIds), await reports(logged)]);
    expect(await comparable(imported, importedIds, [await digests(imported, importedIds), await reports(imported)])).toEqual(expected);
  });

  it('keeps a busy day capped as logging does, when the import takes it past the cap', async () => {
    const { logged, imported, loggedIds, importedIds } = await twins();
    const busyDay = (ids: string[], count: number, first: number): NewActivity[] =>
      Array.from({ length: count }, (_, n) => ({
        accountId: ids[0]!,
        type: 'callOutbound',
        subject: `Call ${first + n}`,
        occurredAt: new Date(Date.UTC(2026, 10, 24, 1, 0, 0) + (first + n) * 60_000).toISOString(),
        timeZone: 'UTC',
      }));
    await logOneByOne(logged, busyDay(loggedIds, 150, 0));
    await logOneByOne(imported, busyDay(importedIds, 150, 0));

    await logOneByOne(logged, busyDay(loggedIds, 60, 150));
    await importer.importActivities(imported, busyDay(importedIds, 60, 150));

    const report = (actor: Actor) => activities.dailyReport(actor, '2026-11-24', 'UTC');
    const expected = await comparable(logged, loggedIds, await report(logged));
    expect(await comparable(imported, importedIds, await report(imported))).toEqual(expected);
  }, 60_000);

  it('finds an imported activity by its id', async () => {
    const { imported, importedIds } = await twins();

    const [first] = await importer.importActivities(imported, activitySet(importedIds, 1));

    const found = await activities.getActivity(imported.tenantId, first!.id);
    expect(found.value).toMatchObject({ id: first!.id, subject: 'Activity 0', source: 'import', authorId: 'rep-1' });
  });

  it('writes nothing when one of the activities is invalid', async () => {
    const { imported, importedIds } = await twins();
    const inputs = activitySet(importedIds, 3);
    inputs[2] = { ...inputs[2]!, timeZone: 'Mars/Olympus' };

    const error = await importer.importActivities(imported, inputs).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('VALIDATION_FAILED');
    expect((await activities.accountDigest(imported.tenantId, importedIds[0]!)).activityCount).toBe(0);
  });

  it('refuses a contact of another account before writing anything', async () => {
    const { imported, importedIds } = await twins();
    const contact = await accounts.createContact(imported, { accountId: importedIds[1]!, name: 'Wei Zhang' });
    const inputs = activitySet(importedIds, 2).map((input) => ({ ...input, accountId: importedIds[0]!, contactIds: [contact.value.id] }));

    const error = await importer.importActivities(imported, inputs).catch((caught: unknown) => caught);

    expect((error as AppError).code).toBe('VALIDATION_FAILED');
    expect((await activities.accountDigest(imported.tenantId, importedIds[0]!)).activityCount).toBe(0);
  });

  it('refuses activities of an account the tenant does not have', async () => {
    const { imported } = await twins();

    const error = await importer.importActivities(imported, activitySet([crypto.randomUUID()], 1)).catch((caught: unknown) => caught);

    expect((error as AppError).code).toBe('NOT_FOUND');
  });
});
