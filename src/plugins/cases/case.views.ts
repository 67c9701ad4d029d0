// The service desk's derived views, each a pure function of a case kept by the projector: queue rows, the SLA watch list and the KPI rollups.
import type { ProjectedRow, VersionedRecord, ViewDefinition } from '../../core/projection';
import { where } from '../../storage/filter';
import type { LogicalTable } from '../../storage/logical-table';
import type { CaseRow } from './case.schema';
import { allBuckets, caseAddress, type CaseStore } from './case.store';
import { summaryOf } from './case-summary';
import { nextSlaCheck } from './sla/case-clocks';
import { kpiShares } from './case-kpis';

/** The event a case's every write publishes. */
export const caseChanged = 'case.changed';

/** Case rows only, not their timeline lines (which have no number). */
const casesOnly = where`number ge 1`;

export const casesViewIds = { queue: 'cases.queue', watch: 'cases.watch', steps: 'cases.steps', kpis: 'cases.kpis' } as const;

/** A case's number in a row key: padded, so that keys sort by number. */
export const numberKey = (number: number) => String(number).padStart(10, '0');

/** The queues a case not yet closed is listed in, by partition of `CaseQueue`. */
export const queuePartitions = (row: CaseRow): string[][] => [
  ['all'],
  ['team', row.teamId ?? 'none'],
  ['owner', row.ownerId ?? 'none'],
  ['opener', row.openedBy],
  ['account', row.accountId],
];

/**
 * Queue rows of a case not yet closed (`CaseQueue`): PK one of `queuePartitions`, RK [due key, number], so each list
 * reads in SLA order, breaches first, with one range query.
 */
function queueRows(row: CaseRow): ProjectedRow[] {
  if (row.status === 'closed') return [];
  const summary = summaryOf(row);
  return queuePartitions(row).map((partition) => ({
    table: 'queue',
    partition,
    row: [summary.dueKey, numberKey(row.number)],
    value: summary as unknown as ProjectedRow['value'],
  }));
}

/**
 * The workflow row of a complaint not yet closed (`CaseQueue` PK ['step', step done last]): RK [when it was done,
 * number], so the complaints waiting longest for their next step (a manager's approval, say) read first.
 */
function stepRows(row: CaseRow): ProjectedRow[] {
  if (row.status === 'closed' || !row.complaint) return [];
  const at = row.complaint.stepAt ?? row.openedAt;
  const summary = summaryOf(row) as unknown as ProjectedRow['value'];
  return [{ table: 'queue', partition: ['step', String(row.complaint.step)], row: [at, numberKey(row.number)], value: summary }];
}

/** The SLA watch row (`CaseQueue` PK ['watch']): RK [next instant its state changes by time, number], for the schedule. */
function watchRows(row: CaseRow): ProjectedRow[] {
  const next = nextSlaCheck(row);
  return next ? [{ table: 'queue', partition: ['watch'], row: [next, numberKey(row.number)], value: { number: row.number } }] : [];
}

export function createCaseViews(deps: {
  store: CaseStore;
  views: LogicalTable;
  queue: LogicalTable;
}): ViewDefinition<CaseRow, LogicalTable>[] {
  const { store } = deps;
  const load = async (tenantId: string, id: string): Promise<VersionedRecord<CaseRow> | undefined> => {
    const stored = await store.cases.get(caseAddress(tenantId, Number(id)));
    return stored && { id, version: stored.value.version, record: stored.value };
  };
  async function* records(tenantId: string): AsyncIterable<VersionedRecord<CaseRow>> {
    for (const bucket of allBuckets) {
      let continuationToken: string | undefined;
      do {
        const page = await store.cases.page(tenantId, ['case', bucket], { pageSize: 1000, continuationToken, where: casesOnly });
        for (const { value } of page.items) yield { id: String(value.number), version: value.version, record: value };
        continuationToken = page.continuationToken;
      } while (continuationToken);
    }
  }
  const base = { source: caseChanged, store: deps.views, load, records };
  return [
    {
      ...base,
      id: casesViewIds.queue,
      tables: { queue: deps.queue },
      owns: ['all', 'team', 'owner', 'opener', 'account'].map((part) => ({ table: 'queue', partition: [part] })),
      derive: (row) => ({ rows: queueRows(row), aggregates: {} }),
    },
    {
      ...base,
      id: casesViewIds.watch,
      tables: { queue: deps.queue },
      owns: [{ table: 'queue', partition: ['watch'] }],
      derive: (row) => ({ rows: watchRows(row), aggregates: {} }),
    },
    {
      ...base,
      id: casesViewIds.steps,
      tables: { queue: deps.queue },
      owns: [{ table: 'queue', partition: ['step'] }],
      derive: (row) => ({ rows: stepRows(row), aggregates: {} }),
    },
    { ...base, id: casesViewIds.kpis, tables: {}, owns: [], derive: (row) => ({ rows: [], aggregates: kpiShares(row) }) },
  ];
}
