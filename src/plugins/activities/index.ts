// The activities plugin 活动: touchpoints logged per account, the timeline, follow-ups, their views and the daily work report.
import { definePlugin } from '../../core/plugin';
import { accountsPlugin } from '../accounts';
import { activityCardActions } from './activities.actions';
import { activitiesCardSection } from './activities.cards';
import { activitiesChatMessages } from './activities-chat.messages';
import { activityCommands } from './activities.commands';
import { activitiesMessages } from './activities.messages';
import { createActivitiesRouter } from './activities.routes';
import type { ActivitiesService } from './activities.service';
import { createActivityImport, type ActivityImport } from './activity-import';
import { createActivityReads, type ActivityReads } from './activity-reads';
import { createActivityLists } from './activity-lists';
import { createActivityStore } from './activity.store';
import { createActivityViews } from './activity.views';
import { activityEvents } from './activity.events';
import { createActivityWrites, type ActivityWrites } from './activity-writes';
import { logActivityCardActions, logActivityFormCommand } from './log-activity.action';
import { logFormMessages } from './log-form.messages';
import { saveToCrmAction } from './save-to-crm.action';

export type { ActivitiesService, DailyReport, FollowUp, ActivityFilters, LogOptions } from './activities.service';
export type { Activity, ActivityChanges, ActivityType, NewActivity } from './activity.schema';
export type { AccountDigest } from './activity-reads';
export type * from './activities.api-types';
export { activityTypes } from './activity.schema';
export { activityTypeLabel } from './activities.messages';
export { isValidTimeZone, localDateOf } from './activity-time';

/** What the plugin provides: the contract, with the account digest's counts and last activity (see AccountDigest), and bulk import. */
export type ActivitiesPluginService = ActivityWrites & ActivityReads & ActivityImport;

/**
 * Logical tables, all in the plugin's one physical table `Activities` (storage/logical-table.ts: every PartitionKey is
 * [tenant, logical name, ...the partition below]):
 * - `Activities`: the records. PK [tenant, 'Activities', 'account', accountId], RK [inverted occurredAt ticks (15 digits), activityId], so an account's timeline reads newest first.
 *   A date change moves the record; the old row becomes a tombstone (`movedTo`) in the same transaction and is
 *   deleted once the reference points past it.
 * - `ActivityRefs`: PK [..., 'activity', first 3 hex digits of the id (storage/buckets.ts)], RK [activityId] →
 *   account and time key: get and update by id with point reads. With an idempotency key the id is derived from the
 *   key, so this row is also the claim that makes a second delivery return the first activity.
 * Each write of a record publishes `activity.changed`, from which the projector keeps the views (activity.views.ts):
 * - `ActivityLists`: a row per activity in each list that shows it: PK [..., 'recent', accountId] (the account card,
 *   newest first), [..., 'accountFollowUps', accountId] and [..., 'followUps', userId] (open follow-ups, earliest due
 *   first), [..., 'author', userId] RK [localDate, time, id] (the daily work report and an author's lists).
 * - `ActivityViews`: PK [..., 'view', viewId]: each view's footprint per activity and its counts (`account|<id>`:
 *   activities and open follow-ups; `day|<userId>|<localDate>`: activities by type).
 */
export const activityTables = { records: 'Activities', refs: 'ActivityRefs', lists: 'ActivityLists', views: 'ActivityViews' } as const;

export const activitiesPlugin = definePlugin({
  id: 'activities',
  dependsOn: { accounts: accountsPlugin },
  tables: [activityTables.records, activityTables.refs, activityTables.lists, activityTables.views],
  events: activityEvents,
  messages: {
    en: { ...activitiesMessages.en, ...logFormMessages.en, ...activitiesChatMessages.en },
    'zh-CN': { ...activitiesMessages['zh-CN'], ...logFormMessages['zh-CN'], ...activitiesChatMessages['zh-CN'] },
  },
  setup({ table, services: { accounts }, clock, log, outbox, projections }) {
    const tables = {
      records: table(activityTables.records),
      refs: table(activityTables.refs),
      lists: table(activityTables.lists),
      views: table(activityTables.views),
    };
    const store = createActivityStore(tables);
    const writes = createActivityWrites({ store, accounts, clock, log, outbox });
    const reads = createActivityReads({ store, lists: createActivityLists({ ...tables, projections }), accounts });
    const importer = createActivityImport({ tables, accounts, clock, outbox });
    const service: ActivitiesPluginService & ActivitiesService = { ...writes, ...reads, ...importer };
    accounts.addCardSection(activitiesCardSection(reads.accountDigest));
    return {
      service,
      router: createActivitiesRouter(service, accounts, clock),
      commands: [logActivityFormCommand(clock), ...activityCommands(accounts, service, clock)],
      cardActions: [...logActivityCardActions(accounts, service, clock), ...activityCardActions(accounts, service)],
      messageActions: [saveToCrmAction(accounts, service, clock)],
      views: createActivityViews({ ...tables, store }),
    };
  },
});
