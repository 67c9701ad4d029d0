// The pipeline's derived views, each a pure function of a deal kept by the projector: funnel rollups, board rows, title search and stage history.
import type { ProjectedRow, VersionedRecord, ViewDefinition } from '../../core/projection';
import type { LogicalTable } from '../../storage/logical-table';
import { boardRowOf } from './board-index.store';
import { snapshotOf } from './deal-snapshot';
import { keyBucket } from '../../storage/buckets';
import { keysOf } from './opportunity-search';
import {
  historyRow,
  opportunityAddress,
  stageChangeOf,
  toOpportunity,
  versionTag,
  type OpportunityRow,
  type PipelineStore,
} from './opportunity.store';
import { dealShares } from './pipeline-rollups';
import { scopesOf } from './pipeline-scope';

/** The event a deal's every write publishes, from which each view applies the deal's new version. */
export const dealChanged = 'opportunity.changed';

/** View ids, as `npm run rebuild -- --view` names them. */
export const pipelineViewIds = {
  funnel: 'pipeline.funnel',
  board: 'pipeline.board',
  search: 'pipeline.search',
  history: 'pipeline.history',
} as const;

/** Opportunity partitions per tenant: the first two hex digits of the id. */
const buckets = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

type Flat = ProjectedRow['value'];

/**
 * Board rows of an open deal (PK [tenant, …] in `PipelineBoard`): its column, soonest close first
 * (['column', stageId], RK [close, id]); its stage by time in it, for stuck lists (['waiting', stageId], RK [entered, id]);
 * and its account's open deals (['account', accountId], RK [close, id]).
 */
function boardRows(deal: OpportunityRow): ProjectedRow[] {
  if (deal.status !== 'open') return [];
  const value = boardRowOf(snapshotOf(toOpportunity(deal), versionTag(deal), deal.reached), scopesOf(deal)) as unknown as Flat;
  return [
    { table: 'board', partition: ['column', deal.stageId], row: [deal.expectedCloseDate, deal.id], value },
    { table: 'board', partition: ['waiting', deal.stageId], row: [deal.stageEnteredAt, deal.id], value },
    { table: 'board', partition: ['account', deal.accountId], row: [deal.expectedCloseDate, deal.id], value },
  ];
}

/** Title search rows of an open deal (`PipelineSearch`): PK ['title', first 3 characters], RK [normalised key, id]. */
function searchRows(deal: OpportunityRow): ProjectedRow[] {
  const snapshot = snapshotOf(toOpportunity(deal), versionTag(deal), deal.reached);
  return keysOf(snapshot).map((key) => ({
    table: 'search',
    partition: ['title', keyBucket(key)],
    row: [key, deal.id],
    value: { opportunityId: deal.id },
  }));
}

/** History rows (`PipelineHistory`): PK ['deal', id], RK [time, version], one per stage change, oldest first. */
function historyRows(deal: OpportunityRow): ProjectedRow[] {
  return deal.moves.map((move) => ({
    table: 'history',
    partition: ['deal', deal.id],
    row: historyRow(move),
    value: stageChangeOf(deal.id, move) as unknown as Flat,
  }));
}

export function createPipelineViews(deps: {
  store: PipelineStore;
  /** Where the views keep footprints and rollups: `PipelineViews`, a partition per tenant and view. */
  views: LogicalTable;
  board: LogicalTable;
  search: LogicalTable;
  history: LogicalTable;
}): ViewDefinition<OpportunityRow, LogicalTable>[] {
  const { store } = deps;
  const load = async (tenantId: string, id: string): Promise<VersionedRecord<OpportunityRow> | undefined> => {
    const stored = await store.opportunities.get(opportunityAddress(tenantId, id));
    return stored && { id, version: stored.value.version, record: stored.value };
  };
  async function* records(tenantId: string): AsyncIterable<VersionedRecord<OpportunityRow>> {
    for (const bucket of buckets) {
      let continuationToken: string | undefined;
      do {
        const page = await store.opportunities.page(tenantId, ['opportunity', bucket], { pageSize: 1000, continuationToken });
        for (const { value } of page.items) yield { id: value.id, version: value.version, record: value };
        continuationToken = page.continuationToken;
      } while (continuationToken);
    }
  }
  const base = { source: dealChanged, store: deps.views, load, records };
  return [
    { ...base, id: pipelineViewIds.funnel, tables: {}, owns: [], derive: (deal) => ({ rows: [], aggregates: dealShares(deal) }) },
    {
      ...base,
      id: pipelineViewIds.board,
      tables: { board: deps.board },
      owns: ['column', 'waiting', 'account'].map((part) => ({ table: 'board', partition: [part] })),
      derive: (deal) => ({ rows: boardRows(deal), aggregates: {} }),
    },
    {
      ...base,
      id: pipelineViewIds.search,
      tables: { search: deps.search },
      owns: [{ table: 'search', partition: ['title'] }],
      derive: (deal) => ({ rows: searchRows(deal), aggregates: {} }),
    },
    {
      ...base,
      id: pipelineViewIds.history,
      tables: { history: deps.history },
      owns: [{ table: 'history', partition: ['deal'] }],
      derive: (deal) => ({ rows: historyRows(deal), aggregates: {} }),
    },
  ];
}
