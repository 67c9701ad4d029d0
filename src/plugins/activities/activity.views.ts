// The activities plugin's derived views, each a pure function of an activity kept by the projector: per account, per author and day, open follow-ups.
import type { ProjectedRow, VersionedRecord, ViewDefinition } from '../../core/projection';
import type { LogicalTable } from '../../storage/logical-table';
import { digestOf, followUpOf, isOpenFollowUp } from './activity-digest';
import type { ActivityRow, ActivityStore } from './activity.store';
import { invertedTicksOf, ticksOf } from './activity-time';

/** The event every write of an activity publishes, from which each view applies the activity as it is then. */
export const activityChangedEvent = 'activity.changed';

/** View ids, as `npm run rebuild -- --view` names them. */
export const activityViewIds = {
  account: 'activities.account',
  days: 'activities.days',
  followUps: 'activities.followUps',
} as const;

/** Aggregate keys: an account's counts (`activities`, `openFollowUps`), and an author's activities by type on one local date. */
export const accountKey = (accountId: string) => `account|${accountId}`;
export const dayKey = (authorId: string, date: string) => `day|${authorId}|${date}`;

/**
 * Partitions of `ActivityLists`, one row per activity in each that shows it:
 * - ['recent', accountId] RK [inverted time, id]: the account's activities, newest first (the account card's recent list);
 * - ['accountFollowUps', accountId] RK [follow-up date, id]: the account's open follow-ups, earliest due first;
 * - ['author', authorId] RK [local date, time, id]: an author's activities by day, oldest first (daily report, lists);
 * - ['followUps', authorId] RK [follow-up date, id]: an author's open follow-ups, earliest due first.
 */
export const listPartitions = {
  recent: (accountId: string) => ['recent', accountId],
  accountFollowUps: (accountId: string) => ['accountFollowUps', accountId],
  author: (authorId: string) => ['author', authorId],
  followUps: (authorId: string) => ['followUps', authorId],
};

type Flat = ProjectedRow['value'];

function accountRows(row: ActivityRow): ProjectedRow[] {
  const rows: ProjectedRow[] = [
    {
      table: 'lists',
      partition: listPartitions.recent(row.accountId),
      row: [invertedTicksOf(row.occurredAt), row.id],
      value: digestOf(row),
    },
  ];
  if (isOpenFollowUp(row))
    rows.push({
      table: 'lists',
      partition: listPartitions.accountFollowUps(row.accountId),
      row: [row.followUpOn, row.id],
      value: followUpOf(row) as unknown as Flat,
    });
  return rows;
}

const dayRow = (row: ActivityRow): ProjectedRow => ({
  table: 'lists',
  partition: listPartitions.author(row.authorId),
  row: [row.localDate, ticksOf(row.occurredAt), row.id],
  value: digestOf(row),
});

const followUpRows = (row: ActivityRow): ProjectedRow[] =>
  isOpenFollowUp(row)
    ? [
        {
          table: 'lists',
          partition: listPartitions.followUps(row.authorId),
          row: [row.followUpOn, row.id],
          value: followUpOf(row) as unknown as Flat,
        },
      ]
    : [];

export function createActivityViews(deps: {
  store: ActivityStore;
  /** Where the views keep footprints and counts: `ActivityViews`, a partition per tenant and view. */
  views: LogicalTable;
  /** The views' rows: `ActivityLists`. */
  lists: LogicalTable;
}): ViewDefinition<ActivityRow, LogicalTable>[] {
  const { store } = deps;
  const load = async (tenantId: string, id: string): Promise<VersionedRecord<ActivityRow> | undefined> => {
    const record = (await store.find(tenantId, id))?.record;
    return record && { id, version: record.value.version, record: record.value };
  };
  async function* records(tenantId: string): AsyncIterable<VersionedRecord<ActivityRow>> {
    for await (const row of store.everyRecord(tenantId)) yield { id: row.id, version: row.version, record: row };
  }
  const base = { source: activityChangedEvent, store: deps.views, tables: { lists: deps.lists }, load, records };
  return [
    {
      ...base,
      id: activityViewIds.account,
      owns: [
        { table: 'lists', partition: ['recent'] },
        { table: 'lists', partition: ['accountFollowUps'] },
      ],
      derive: (row) => ({
        rows: accountRows(row),
        aggregates: { [accountKey(row.accountId)]: { counts: { activities: 1, openFollowUps: isOpenFollowUp(row) ? 1 : 0 } } },
      }),
    },
    {
      ...base,
      id: activityViewIds.days,
      owns: [{ table: 'lists', partition: ['author'] }],
      derive: (row) => ({ rows: [dayRow(row)], aggregates: { [dayKey(row.authorId, row.localDate)]: { counts: { [row.type]: 1 } } } }),
    },
    {
      ...base,
      id: activityViewIds.followUps,
      owns: [{ table: 'lists', partition: ['followUps'] }],
      derive: (row) => ({ rows: followUpRows(row), aggregates: {} }),
    },
  ];
}
