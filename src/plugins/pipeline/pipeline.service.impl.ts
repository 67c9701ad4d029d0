// The pipeline service: stage model, leads, deals and their analytics, composed from the stores and rollups.
import type { AccessDirectory } from '../../core/access';
import type { Actor } from '../../core/actor';
import type { Clock } from '../../core/clock';
import { isAppError } from '../../core/errors';
import type { EventOutbox } from '../../core/events';
import type { Logger } from '../../core/logger';
import type { ProjectionReads } from '../../core/projection';
import { createAggregateReader } from '../../storage/projector';
import type { Stored } from '../../storage/repository';
import type { LogicalTable } from '../../storage/logical-table';
import type { AccountsService } from '../accounts';
import { createBoardIndex } from './board-index.store';
import { cardOf } from './deal-snapshot';
import { createLeadWrites } from './lead-writes';
import { createOpportunitySearch, openCards } from './opportunity-search';
import { createOpportunityWrites } from './opportunity-writes';
import type { PastOpportunity } from './past-deals';
import { createPipelineStore } from './opportunity.store';
import { createPipelineAnalytics } from './pipeline-analytics';
import { accountKey } from './pipeline-rollups';
import { pipelineViewIds } from './pipeline.views';
import type { PipelineEvents } from './pipeline.events';
import { viewScopes, type ScopeKey } from './pipeline-scope';
import type { Opportunity } from './pipeline.schema';
import type { NewOpportunity, OpportunityCard, PipelineScope, PipelineService } from './pipeline.service';
import { createScopeReader } from './scope-reader';
import { createStageModelStore } from './stage-model.store';

export interface PipelineTables {
  opportunities: LogicalTable;
  history: LogicalTable;
  board: LogicalTable;
  search: LogicalTable;
  leads: LogicalTable;
  settings: LogicalTable;
  /** Footprints and rollups of the pipeline's views (src/storage/projector.ts). */
  views: LogicalTable;
}

export interface PipelineDeps {
  tables: PipelineTables;
  accounts: AccountsService;
  /** Whose deals a viewer may see: the people plugin's directory. */
  access: AccessDirectory;
  /** Activities each author logged between two local dates (the activities plugin's day rollups). */
  activityCounts(tenantId: string, authorIds: string[], from: string, to: string): Promise<Record<string, number>>;
  clock: Clock;
  log: Logger;
  /** The plugin's outbox: a deal's write publishes `opportunity.changed` (and a move `opportunity.stageChanged`) with it. */
  outbox: EventOutbox<PipelineEvents>;
  /** What reads of the views wait for: this process's applies of its own writes. */
  projections: ProjectionReads;
}

/** The service plus the batch path imports and seeding use. */
export type PipelinePluginService = PipelineService & {
  /** Creates many deals for the actor at once; see OpportunityWrites.importOpportunities. */
  importOpportunities(actor: Actor, inputs: readonly NewOpportunity[]): Promise<Stored<Opportunity>[]>;
  /** Creates many deals for the actor as they went in the past, history included; see OpportunityWrites.importPastOpportunities. */
  importPastOpportunities(actor: Actor, inputs: readonly PastOpportunity[]): Promise<Stored<Opportunity>[]>;
  /** An account's open deals (soonest close first, up to `limit`, at most 20) and how many it has. */
  accountDeals(tenantId: string, accountId: string, limit?: number): Promise<{ count: number; items: OpportunityCard[] }>;
};

export function createPipelineService({
  tables,
  accounts,
  access,
  activityCounts,
  clock,
  outbox,
  projections,
}: PipelineDeps): PipelinePluginService {
  const store = createPipelineStore(tables);
  const index = createBoardIndex(tables.board);
  const models = createStageModelStore(store.settings, clock);
  const search = createOpportunitySearch(tables.search);
  const funnel = createAggregateReader(tables.views, pipelineViewIds.funnel);
  const deals = createOpportunityWrites({ store, accounts, clock, outbox, stageModel: models.currentModel });
  const leads = createLeadWrites({ store, accounts, deals, clock, stageModel: models.currentModel });
  const analytics = createPipelineAnalytics({
    scopes: createScopeReader(tables.views, index),
    clock,
    stageModel: models.currentModel,
    activityCounts,
  });

  /**
   * A view for a viewer: the rollup scopes their reach allows for the scope they asked for. Reads of derived rows first
   * wait for this process's applies of its writes, so a writer sees its own writes.
   */
  const forViewer =
    <A extends unknown[], R>(read: (tenantId: string, keys: readonly ScopeKey[], ...rest: A) => Promise<R>) =>
    async (viewer: Actor, scope: PipelineScope, ...rest: A): Promise<R> => {
      const keys = viewScopes(scope, await access.visibility(viewer));
      await projections.settled(viewer.tenantId);
      return read(viewer.tenantId, keys, ...rest);
    };

  /** An account's open deals: the count from its rollup, ids from its board rows, cards read fresh so stage and ETag are current. */
  async function accountDeals(tenantId: string, accountId: string, limit = 5): Promise<{ count: number; items: OpportunityCard[] }> {
    await projections.settled(tenantId);
    const [open, listed] = await Promise.all([
      funnel.read(tenantId, accountKey(accountId)),
      index.ofAccount(tenantId, accountId, Math.min(limit, 20)),
    ]);
    const cards = await openCards(
      listed.map((card) => card.id),
      (id) => readCard(tenantId, id),
    );
    return { count: open.counts.open ?? 0, items: cards };
  }

  async function readCard(tenantId: string, id: string): Promise<OpportunityCard | undefined> {
    try {
      const { value, etag } = await deals.getOpportunity(tenantId, id);
      return cardOf(value, etag);
    } catch (error) {
      if (isAppError(error, 'NOT_FOUND')) return undefined;
      throw error;
    }
  }

  return {
    stageModel: models.stageModel,
    replaceStageModel: models.replaceStageModel,
    ...leads,
    board: forViewer(analytics.board),
    boardColumn: forViewer(analytics.boardColumn),
    funnel: forViewer(analytics.funnel),
    forecast: forViewer(analytics.forecast),
    dwell: forViewer(analytics.dwell),
    stuck: forViewer(analytics.stuck),
    winLoss: forViewer(analytics.winLoss),
    reps: forViewer(analytics.reps),
    summary: forViewer(analytics.summary),
    createOpportunity: (actor, input) => deals.createOpportunity(actor, input),
    importOpportunities: deals.importOpportunities,
    importPastOpportunities: deals.importPastOpportunities,
    getOpportunity: deals.getOpportunity,
    updateOpportunity: deals.updateOpportunity,
    moveOpportunity: deals.moveOpportunity,

    async history(tenantId, id) {
      await Promise.all([deals.getOpportunity(tenantId, id), projections.settled(tenantId)]);
      const changes = [];
      let continuationToken: string | undefined;
      do {
        const page = await store.history.page(tenantId, ['deal', id], { pageSize: 1000, continuationToken });
        changes.push(...page.items.map((item) => item.value));
        continuationToken = page.continuationToken;
      } while (continuationToken);
      return changes;
    },

    async findOpenOpportunities(tenantId, prefix, limit) {
      await projections.settled(tenantId);
      return openCards(await search.find(tenantId, prefix, limit), (id) => readCard(tenantId, id));
    },

    accountDeals,

    async dueDeals(tenantId, query, request) {
      await projections.settled(tenantId);
      return index.due(tenantId, query, request);
    },

    async openOpportunitiesOf(tenantId: string, accountId: string, limit: number): Promise<OpportunityCard[]> {
      return (await accountDeals(tenantId, accountId, limit)).items;
    },
  };
}
