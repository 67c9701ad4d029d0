// The activities plugin 活动: touchpoints logged per account, the timeline, follow-ups, rollups and the daily work report.
import { definePlugin } from '../../core/plugin';
import type { AccountsService } from '../accounts/accounts.service';
import { activitiesCardSection } from './activities.cards';
import { activitiesMessages } from './activities.messages';
import { createActivitiesRouter } from './activities.routes';
import type { ActivitiesService } from './activities.service';
import { createActivityReads, type ActivityReads } from './activity-reads';
import { createRollupStore } from './activity-rollup.store';
import { createRollupSync } from './activity-rollup-sync';
import { createActivityStore } from './activity.store';
import { createActivityWrites, type ActivityWrites } from './activity-writes';

export type { ActivitiesService, DailyReport, FollowUp, ActivityFilters, LogOptions } from './activities.service';
export type { Activity, ActivityChanges, ActivityType, NewActivity } from './activity.schema';
export { activityTypes } from './activity.schema';
export type { AccountDigest } from './activity-reads';

/** What the plugin provides: the contract plus the account digest's counts (see AccountDigest). */
export type ActivitiesPluginService = ActivityWrites & ActivityReads;
export { activityTypeLabel } from './activities.messages';
export { isValidTimeZone, localDateOf } from './activity-time';

/**
 * Tables (every PartitionKey starts with the tenant id):
 * - `Activities`: the records. PK [tenant, 'account', accountId], RK [inverted occurredAt ticks (15 digits), activityId],
 *   so an account's timeline reads newest first. A date change moves the record; the old row becomes a tombstone
 *   (`movedTo`) in the same transaction and is deleted once the reference points past it.
 * - `ActivityRefs`: PK [tenant, 'activity', activityId], RK ['ref'] → account and time key: get and update by id with
 *   point reads. With an idempotency key the id is derived from the key, so this row is also the claim that makes
 *   a second delivery return the first activity.
 * - `ActivityRollups`: PK [tenant, 'account', accountId] RK ['digest'] (count, recent, open follow-ups);
 *   PK [tenant, 'author', userId] RK ['day', localDate] (the daily work report) and RK ['followUps'] (due and overdue).
 */
export const activitiesPlugin = definePlugin<ActivitiesPluginService>({
  id: 'activities',
  dependsOn: ['accounts'],
  tables: ['Activities', 'ActivityRefs', 'ActivityRollups'],
  messages: activitiesMessages,
  setup({ table, services, clock, log }) {
    const accounts = services.accounts as AccountsService;
    const store = createActivityStore({ records: table('Activities'), refs: table('ActivityRefs') });
    const rollups = createRollupStore(table('ActivityRollups'));
    const writes = createActivityWrites({ store, rollups, accounts, clock, log });
    const reads = createActivityReads({ store, rollups, accounts, settle: createRollupSync({ store, rollups, log }).settle });
    const service: ActivitiesPluginService & ActivitiesService = { ...writes, ...reads };
    accounts.addCardSection(activitiesCardSection(reads.accountDigest));
    return { service, router: createActivitiesRouter(service, accounts, clock) };
  },
});
