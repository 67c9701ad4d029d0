// The activities service against a real Azurite: idempotent logging under races and failures, views kept right on every write.
import type { TableClient } from '@azure/data-tables';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/core/actor';
import { coreMessages } from '../../src/core/core.messages';
import { systemClock } from '../../src/core/clock';
import { AppError } from '../../src/core/errors';
import { I18n } from '../../src/core/i18n';
import { createLogger } from '../../src/core/logger';
import { loadPlugins } from '../../src/core/plugin-host';
import { accountsPlugin, type AccountsService } from '../../src/plugins/accounts';
import { peoplePlugin } from '../../src/plugins/people';
import { activitiesPlugin, type ActivitiesPluginService } from '../../src/plugins/activities';
import type { Projector } from '../../src/storage/projector';
import { makeAccount } from '../fixtures/accounts';
import { makeActivity } from '../fixtures/activities-data';
import { testOutbox, testProjector } from '../fixtures/events';
import { newTenantId } from '../fixtures/server';
import { logicalTableOfCall, testStorage } from '../fixtures/tables';

/** A storage call the next matching request fails with, as an unreachable or failing service would. */
type Fault = { table: string; method: string; when?: (args: unknown[]) => boolean };

/** Passes every call to the real Azurite table, except the ones a test arranged to fail once. */
function withFaults(client: TableClient, faults: Fault[]): TableClient {
  return new Proxy(client, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        // A fault names a logical table of the plugin's physical one, read from the call's PartitionKey.
        const index = faults.findIndex((f) => f.table === logicalTableOfCall(args) && f.method === property && (f.when?.(args) ?? true));
        if (index < 0) return (value as (...a: unknown[]) => unknown).apply(target, args);
        faults.splice(index, 1);
        return Promise.reject(Object.assign(new Error('injected storage failure'), { statusCode: 503 }));
      };
    },
  });
}

let activities: ActivitiesPluginService;
let accounts: AccountsService;
let projector: Projector;
const faults: Fault[] = [];

beforeAll(async () => {
  const storage = testStorage();
  const i18n = new I18n();
  i18n.add('core', coreMessages);
  projector = await testProjector();
  const loaded = await loadPlugins([peoplePlugin, accountsPlugin, activitiesPlugin], {
    openTable: async (name) => withFaults(await storage.openTable(name), faults),
    i18n,
    clock: systemClock,
    log: createLogger('silent'),
    publicUrl: 'http://127.0.0.1',
    outbox: await testOutbox(),
    projector,
  });
  const service = (id: string) => loaded.plugins.find((plugin) => plugin.id === id)!.parts.service;
  activities = service('activities') as ActivitiesPluginService;
  accounts = service('accounts') as AccountsService;
});

const rep = (tenantId = newTenantId(), userId = 'rep-1'): Actor => ({ tenantId, userId, displayName: 'Ana Silva', roles: ['rep'] });
const newAccount = async (actor: Actor) => (await accounts.createAccount(actor, makeAccount())).value.id;

async function failure(work: Promise<unknown>): Promise<AppError> {
  const error = await work.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

describe('logging an activity', () => {
  it('keeps all of ten concurrent activities in the account rollup, the five newest as recent', async () => {
    const actor = rep();
    const accountId = await newAccount(actor);
    const instants = Array.from({ length: 10 }, (_, i) => `2026-11-${String(10 + i).padStart(2, '0')}T03:00:00.000Z`);

    const logged = await Promise.all(
      instants.map((occurredAt) => activities.logActivity(actor, makeActivity({ accountId, occurredAt }), { source: 'chat' })),
    );

    const digest = await activities.accountDigest(actor.tenantId, accountId);
    expect(digest.activityCount).toBe(10);
    expect(digest.lastActivityAt).toBe('2026-11-19T03:00:00.000Z');
    const newestFive = logged
      .map((l) => l.activity.value)
      .sort((a, b) => b.occurredAt.localeCompare(a.occurredAt))
      .slice(0, 5);
    expect(digest.recent.map((d) => d.id)).toEqual(newestFive.map((a) => a.id));
  });

  it('stores a doubly delivered activity once, even when both deliveries race', async () => {
    const actor = rep();
    const accountId = await newAccount(actor);
    const input = makeActivity({ accountId, occurredAt: '2026-11-23T17:30:00.000Z' });

    const [first, second] = await Promise.all([
      activities.logActivity(actor, input, { source: 'chat', idempotencyKey: 'teams:1f2e' }),
      activities.logActivity(actor, input, { source: 'chat', idempotencyKey: 'teams:1f2e' }),
    ]);

    expect([first.created, second.created].sort()).toEqual([false, true]);
    expect(second.activity.value.id).toBe(first.activity.value.id);
    expect((await activities.timeline(actor.tenantId, accountId, {})).items).toHaveLength(1);
    expect((await activities.accountDigest(actor.tenantId, accountId)).activityCount).toBe(1);
    expect((await activities.dailyReport(actor, '2026-11-24', 'Asia/Shanghai')).countsByType).toEqual({ visit: 1 });
  });

  it('completes on redelivery an activity whose first delivery failed after claiming it', async () => {
    const actor = rep();
    const accountId = await newAccount(actor);
    const input = makeActivity({ accountId });
    faults.push({ table: 'Activities', method: 'submitTransaction' });

    const firstError = await failure(activities.logActivity(actor, input, { source: 'chat', idempotencyKey: 'teams:a1' }));
    const retry = await activities.logActivity(actor, input, { source: 'chat', idempotencyKey: 'teams:a1' });

    expect(firstError.code).toBe('STORAGE_UNAVAILABLE');
    expect(retry.created).toBe(false);
    expect((await activities.getActivity(actor.tenantId, retry.activity.value.id)).value.subject).toBe(input.subject);
    expect((await activities.accountDigest(actor.tenantId, accountId)).activityCount).toBe(1);
  });

  it('counts once an activity whose views failed to apply, when its change and the Teams activity are delivered again', async () => {
    const actor = rep();
    const accountId = await newAccount(actor);
    const input = makeActivity({ accountId, occurredAt: '2026-11-23T17:30:00.000Z' });
    faults.push({ table: 'ActivityViews', method: 'submitTransaction' });

    const { activity } = await activities.logActivity(actor, input, { source: 'chat', idempotencyKey: 'teams:b2' });
    await projector.settled(actor.tenantId);
    expect(faults).toEqual([]);
    await projector.handle({ type: 'activity.changed', tenantId: actor.tenantId, recordId: activity.value.id, version: 1 });
    await activities.logActivity(actor, input, { source: 'chat', idempotencyKey: 'teams:b2' });

    expect((await activities.accountDigest(actor.tenantId, accountId)).activityCount).toBe(1);
    expect((await activities.dailyReport(actor, '2026-11-24', 'Asia/Shanghai')).countsByType).toEqual({ visit: 1 });
  });

  it('leaves nothing behind when a contact does not belong to the account', async () => {
    const actor = rep();
    const accountId = await newAccount(actor);
    const elsewhere = await accounts.createContact(actor, { accountId: await newAccount(actor), name: 'Li Wei' });

    const error = await failure(
      activities.logActivity(actor, makeActivity({ accountId, contactIds: [elsewhere.value.id] }), { source: 'api' }),
    );

    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.message).toContain(`contact ${elsewhere.value.id} is not a contact`);
    expect((await activities.timeline(actor.tenantId, accountId, {})).items).toEqual([]);
  });
});

describe('the daily work report', () => {
  it('counts an activity on the local date of its own time zone', async () => {
    const actor = rep();
    const accountId = await newAccount(actor);
    await activities.logActivity(
      actor,
      makeActivity({ accountId, type: 'callOutbound', occurredAt: '2026-11-23T17:30:00.000Z', timeZone: 'Asia/Shanghai' }),
      { source: 'chat' },
    );

    const report = await activities.dailyReport(actor, '2026-11-24', 'Asia/Shanghai');
    const dayBefore = await activities.dailyReport(actor, '2026-11-23', 'Asia/Shanghai');

    expect(report.countsByType).toEqual({ callOutbound: 1 });
    expect(report.activities.map((a) => a.occurredAt)).toEqual(['2026-11-23T17:30:00.000Z']);
    expect(dayBefore.activities).toEqual([]);
  });

  it('tells follow-ups due on the day from overdue ones, and leaves out later ones', async () => {
    const actor = rep();
    const accountId = await newAccount(actor);
    for (const followUpOn of ['2026-11-20', '2026-11-24', '2026-11-30']) {
      await activities.logActivity(actor, makeActivity({ accountId, subject: `Follow up ${followUpOn}`, followUpOn }), { source: 'chat' });
    }

    const report = await activities.dailyReport(actor, '2026-11-24', 'Asia/Shanghai');

    expect(report.followUpsDue.map((f) => f.followUpOn)).toEqual(['2026-11-24']);
    expect(report.followUpsOverdue.map((f) => f.followUpOn)).toEqual(['2026-11-20']);
  });

  it("shows only the actor's own activities", async () => {
    const tenantId = newTenantId();
    const accountId = await newAccount(rep(tenantId));
    await activities.logActivity(rep(tenantId, 'rep-2'), makeActivity({ accountId, occurredAt: '2026-11-24T03:00:00.000Z' }), {
      source: 'chat',
    });

    expect((await activities.dailyReport(rep(tenantId), '2026-11-24', 'Asia/Shanghai')).activities).toEqual([]);
  });
});

describe('changing an activity', () => {
  it('removes a follow-up marked done from every open list', async () => {
    const actor = rep();
    const accountId = await newAccount(actor);
    const { activity } = await activities.logActivity(actor, makeActivity({ accountId, followUpOn: '2026-11-24' }), { source: 'chat' });

    await activities.updateActivity(actor, activity.value.id, { followUpDone: true }, activity.etag);

    const report = await activities.dailyReport(actor, '2026-11-24', 'Asia/Shanghai');
    const digest = await activities.accountDigest(actor.tenantId, accountId);
    expect(report.followUpsDue).toEqual([]);
    expect(digest.openFollowUps).toEqual([]);
    expect(digest.openFollowUpCount).toBe(0);
  });

  it('moves an activity between day rollups and timeline places when its date changes', async () => {
    const actor = rep();
    const accountId = await newAccount(actor);
    const { activity } = await activities.logActivity(
      actor,
      makeActivity({ accountId, type: 'demo', occurredAt: '2026-11-20T02:00:00.000Z' }),
      { source: 'chat' },
    );
    await activities.logActivity(actor, makeActivity({ accountId, occurredAt: '2026-11-21T02:00:00.000Z' }), { source: 'chat' });

    const moved = await activities.updateActivity(actor, activity.value.id, { occurredAt: '2026-11-22T02:00:00.000Z' }, activity.etag);

    expect((await activities.dailyReport(actor, '2026-11-20', 'Asia/Shanghai')).countsByType).toEqual({});
    expect((await activities.dailyReport(actor, '2026-11-22', 'Asia/Shanghai')).countsByType).toEqual({ demo: 1 });
    const timeline = await activities.timeline(actor.tenantId, accountId, {});
    expect(timeline.items.map((item) => item.value.occurredAt)).toEqual(['2026-11-22T02:00:00.000Z', '2026-11-21T02:00:00.000Z']);
    expect((await activities.getActivity(actor.tenantId, activity.value.id)).etag).toBe(moved.etag);
  });

  it('moves its count to the new type in the day rollup', async () => {
    const actor = rep();
    const accountId = await newAccount(actor);
    const { activity } = await activities.logActivity(
      actor,
      makeActivity({ accountId, type: 'visit', occurredAt: '2026-11-24T03:00:00.000Z' }),
      { source: 'chat' },
    );

    await activities.updateActivity(actor, activity.value.id, { type: 'meeting' }, activity.etag);

    expect((await activities.dailyReport(actor, '2026-11-24', 'UTC')).countsByType).toEqual({ meeting: 1 });
  });

  it('keeps the fields a change does not mention', async () => {
    const actor = rep();
    const accountId = await newAccount(actor);
    const contact = await accounts.createContact(actor, { accountId, name: 'Li Wei' });
    const { activity } = await activities.logActivity(
      actor,
      makeActivity({ accountId, timeZone: 'Asia/Shanghai', contactIds: [contact.value.id], notes: 'Budget approved' }),
      { source: 'chat' },
    );

    const changed = await activities.updateActivity(actor, activity.value.id, { subject: 'Budget review' }, activity.etag);

    expect(changed.value).toMatchObject({
      subject: 'Budget review',
      timeZone: 'Asia/Shanghai',
      contactIds: [contact.value.id],
      notes: 'Budget approved',
    });
  });

  it('lets only one of two changes made from the same version through', async () => {
    const actor = rep();
    const accountId = await newAccount(actor);
    const { activity } = await activities.logActivity(actor, makeActivity({ accountId }), { source: 'chat' });

    const results = await Promise.allSettled([
      activities.updateActivity(actor, activity.value.id, { subject: 'First' }, activity.etag),
      activities.updateActivity(actor, activity.value.id, { subject: 'Second' }, activity.etag),
    ]);

    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(results.map((r) => (r.status === 'rejected' ? (r.reason as AppError).code : 'ok')).sort()).toEqual(['CONFLICT', 'ok']);
  });
});

describe("changing an activity's date", () => {
  it('lets only one of two date changes made from the same version through', async () => {
    const actor = rep();
    const accountId = await newAccount(actor);
    const { activity } = await activities.logActivity(actor, makeActivity({ accountId, occurredAt: '2026-11-20T02:00:00.000Z' }), {
      source: 'chat',
    });

    const results = await Promise.allSettled([
      activities.updateActivity(actor, activity.value.id, { occurredAt: '2026-11-21T02:00:00.000Z' }, activity.etag),
      activities.updateActivity(actor, activity.value.id, { occurredAt: '2026-11-22T02:00:00.000Z' }, activity.etag),
    ]);

    expect(results.map((r) => (r.status === 'rejected' ? (r.reason as AppError).code : 'ok')).sort()).toEqual(['CONFLICT', 'ok']);
    const winner = results.find((r) => r.status === 'fulfilled')!.value;
    expect((await activities.timeline(actor.tenantId, accountId, {})).items.map((item) => item.value.occurredAt)).toEqual([
      winner.value.occurredAt,
    ]);
    expect((await activities.accountDigest(actor.tenantId, accountId)).activityCount).toBe(1);
  });

  it("finds a moved activity by id and keeps its place in the account's recent list", async () => {
    const actor = rep();
    const accountId = await newAccount(actor);
    const { activity } = await activities.logActivity(actor, makeActivity({ accountId, occurredAt: '2026-11-20T02:00:00.000Z' }), {
      source: 'chat',
    });
    const moved = await activities.updateActivity(actor, activity.value.id, { occurredAt: '2026-11-22T02:00:00.000Z' }, activity.etag);

    await activities.updateActivity(actor, activity.value.id, { occurredAt: '2026-11-25T02:00:00.000Z' }, moved.etag);

    expect((await activities.getActivity(actor.tenantId, activity.value.id)).value.occurredAt).toBe('2026-11-25T02:00:00.000Z');
    expect((await activities.accountDigest(actor.tenantId, accountId)).recent.map((d) => d.occurredAt)).toEqual([
      '2026-11-25T02:00:00.000Z',
    ]);
  });
});

describe('listing activities', () => {
  it("lists an account's activities on local dates, each in its own time zone", async () => {
    const actor = rep();
    const accountId = await newAccount(actor);
    await activities.logActivity(actor, makeActivity({ accountId, occurredAt: '2026-11-23T17:30:00.000Z', timeZone: 'Asia/Shanghai' }), {
      source: 'chat',
    });
    await activities.logActivity(actor, makeActivity({ accountId, occurredAt: '2026-11-23T17:30:00.000Z', timeZone: 'Europe/London' }), {
      source: 'chat',
    });

    const page = await activities.listActivities(actor.tenantId, { accountId, from: '2026-11-24', to: '2026-11-24' }, {});

    expect(page.items.map((item) => item.value.timeZone)).toEqual(['Asia/Shanghai']);
  });

  it("lists an author's activities over a date range, newest first, from the day rollups", async () => {
    const actor = rep();
    const accountId = await newAccount(actor);
    for (const day of ['20', '22', '25'])
      await activities.logActivity(actor, makeActivity({ accountId, occurredAt: `2026-11-${day}T03:00:00.000Z` }), { source: 'chat' });

    const page = await activities.listActivities(actor.tenantId, { authorId: actor.userId, from: '2026-11-21', to: '2026-11-25' }, {});

    expect(page.items.map((item) => item.value.occurredAt)).toEqual(['2026-11-25T03:00:00.000Z', '2026-11-22T03:00:00.000Z']);
  });

  it('refuses a filter that would scan every activity of the tenant', async () => {
    const error = await failure(activities.listActivities(newTenantId(), { type: 'visit' }, {}));
    expect(error.code).toBe('VALIDATION_FAILED');
  });

  it("keeps one tenant's activities invisible to another", async () => {
    const actor = rep();
    const accountId = await newAccount(actor);
    const { activity } = await activities.logActivity(actor, makeActivity({ accountId }), { source: 'chat' });

    const error = await failure(activities.getActivity(newTenantId(), activity.value.id));

    expect(error.code).toBe('NOT_FOUND');
    expect((await activities.accountDigest(newTenantId(), accountId)).activityCount).toBe(0);
  });
});

describe('applying a change again', () => {
  it('counts an activity once whatever version is delivered, how often and in which order', async () => {
    const actor = rep();
    const accountId = await newAccount(actor);
    const { activity } = await activities.logActivity(
      actor,
      makeActivity({ accountId, type: 'visit', subject: 'Site visit', occurredAt: '2026-11-24T03:00:00.000Z', followUpOn: '2026-11-24' }),
      { source: 'chat' },
    );
    const changed = await activities.updateActivity(
      actor,
      activity.value.id,
      { type: 'meeting', subject: 'Budget meeting' },
      activity.etag,
    );
    const seen = async () => ({
      digest: await activities.accountDigest(actor.tenantId, accountId),
      report: await activities.dailyReport(actor, '2026-11-24', 'UTC'),
    });
    const before = await seen();

    for (const version of [2, 2, 2, 1, 2, 1])
      await projector.handle({ type: 'activity.changed', tenantId: actor.tenantId, recordId: changed.value.id, version });

    const after = await seen();
    expect(after).toEqual(before);
    expect(after.digest).toMatchObject({ activityCount: 1, openFollowUpCount: 1 });
    expect(after.digest.recent.map((d) => d.subject)).toEqual(['Budget meeting']);
    expect(after.report.countsByType).toEqual({ meeting: 1 });
    expect(after.report.followUpsDue.map((f) => f.subject)).toEqual(['Budget meeting']);
  });
});

describe('deleting an activity', () => {
  it("takes it out of the account's count and recent list, the daily report and the follow-ups", async () => {
    const actor = rep();
    const accountId = await newAccount(actor);
    const log = (day: string, extra = {}) =>
      activities.logActivity(
        actor,
        makeActivity({ accountId, subject: `On ${day}`, occurredAt: `2026-11-${day}T03:00:00.000Z`, ...extra }),
        {
          source: 'chat',
        },
      );
    await log('20');
    await log('22');
    const { activity: newest } = await log('24', { followUpOn: '2026-11-24' });
    expect((await activities.accountDigest(actor.tenantId, accountId)).activityCount).toBe(3);

    await activities.deleteActivity(actor, newest.value.id, newest.etag);

    const digest = await activities.accountDigest(actor.tenantId, accountId);
    expect(digest).toMatchObject({ activityCount: 2, openFollowUpCount: 0, openFollowUps: [], lastActivityAt: '2026-11-22T03:00:00.000Z' });
    expect(digest.recent.map((d) => d.subject)).toEqual(['On 22', 'On 20']);
    const report = await activities.dailyReport(actor, '2026-11-24', 'UTC');
    expect([report.countsByType, report.activities, report.followUpsDue]).toEqual([{}, [], []]);
    expect((await activities.timeline(actor.tenantId, accountId, {})).items.map((item) => item.value.subject)).toEqual(['On 22', 'On 20']);
    expect((await failure(activities.getActivity(actor.tenantId, newest.value.id))).code).toBe('NOT_FOUND');
    expect((await failure(activities.deleteActivity(actor, newest.value.id, newest.etag))).code).toBe('NOT_FOUND');
  });

  it('refuses a delete made from an older version, keeping the activity', async () => {
    const actor = rep();
    const accountId = await newAccount(actor);
    const { activity } = await activities.logActivity(actor, makeActivity({ accountId }), { source: 'chat' });
    await activities.updateActivity(actor, activity.value.id, { subject: 'Changed since' }, activity.etag);

    const error = await failure(activities.deleteActivity(actor, activity.value.id, activity.etag));

    expect(error.code).toBe('CONFLICT');
    expect((await activities.accountDigest(actor.tenantId, accountId)).recent.map((d) => d.subject)).toEqual(['Changed since']);
  });

  it('keeps the newest five on the account card when one of them goes', async () => {
    const actor = rep();
    const accountId = await newAccount(actor);
    const logged = [];
    for (let day = 10; day < 17; day += 1)
      logged.push(
        (await activities.logActivity(actor, makeActivity({ accountId, occurredAt: `2026-11-${day}T03:00:00.000Z` }), { source: 'chat' }))
          .activity,
      );

    await activities.deleteActivity(actor, logged[6]!.value.id, logged[6]!.etag);
    await activities.deleteActivity(actor, logged[3]!.value.id, logged[3]!.etag);

    const digest = await activities.accountDigest(actor.tenantId, accountId);
    expect(digest.activityCount).toBe(5);
    expect(digest.recent.map((d) => d.occurredAt.slice(8, 10))).toEqual(['15', '14', '12', '11', '10']);
  });
});
