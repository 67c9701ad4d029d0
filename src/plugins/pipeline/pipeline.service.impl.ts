// The pipeline service: stage model, leads, deals and their analytics, composed from the stores and rollups.
import type { AccessDirectory } from '../../core/access';
import type { Actor } from '../../core/actor';
import type { Clock } from '../../core/clock';
import { isAppError } from '../../core/errors';
import type { EventOutbox } from '../../core/events';
import type { Logger } from '../../core/logger';
import type { Stored } from '../../storage/repository';
import type { LogicalTable } from '../../storage/logical-table';
import type { AccountsService } from '../accounts';
import { createBoardIndex } from './board-index.store';
import { cardOf } from './deal-snapshot';
import { createDealSync } from './deal-sync';
import { createLeadWrites } from './lead-writes';
import { createOpportunitySearch, openCards } from './opportunity-search';
import { createOpportunityWrites } from './opportunity-writes';
import type { PastOpportunity } from './past-deals';
import { createPipelineStore } from './opportunity.store';
import { createPipelineAnalytics } from './pipeline-analytics';
import { createPipelineRollups } from './pipeline-rollup.store';
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
  rollups: LogicalTable;
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
  /** The plugin's outbox: a deal's stage move publishes `opportunity.stageChanged` with its write. */
  outbox: EventOutbox<PipelineEvents>;
}

/** The service plus the batch path imports and seeding use. */
export type PipelinePluginService = PipelineService & {
  /** Creates many deals for the actor at once; see OpportunityWrites.importOpportunities. */
  importOpportunities(actor: Actor, inputs: readonly NewOpportunity[]): Promise<Stored<Opportunity>[]>;
  /** Creates many deals for the actor as they went in the past, history included; see OpportunityWrites.importPastOpportunities. */
  importPastOpportunities(actor: Actor, inputs: readonly PastOpportunity[]): Promise<Stored<Opportunity>[]>;
  /** An account's open deals (soonest close first, up to `limit`, at most 20) and how many it has. */
  accountDeals(tenantId: string, accountId: string, limit?: number): Promise<{ count: number; items: OpportunityCard[] }>;
  /**
   * Completes the derived writes (history, board, rollups, search) that deal writes left unfinished more than
   * `olderThanMs` ago (default 5 s), for an operator or a scheduled job; returns how many deals it completed.
   * @example await pipeline.settlePending(tenantId) // → { settled: 0 } when nothing was left behind
   */
  settlePending(tenantId: string, olderThanMs?: number): Promise<{ settled: number }>;
  /** Resolves once the derived writes this process started after answering deal writes are done; the plugin's stop. */
  idle(): Promise<void>;
};

export function createPipelineService({
  tables,
  accounts,
  access,
  activityCounts,
  clock,
  log,
  outbox,
}: PipelineDeps): PipelinePluginService {
  const store = createPipelineStore(tables);
  const index = createBoardIndex(tables.board);
  const models = createStageModelStore(store.settings, clock);
  const openStageIds = async (tenantId: string) =>
    (await models.currentModel(tenantId)).value.stages.filter((stage) => stage.kind === 'open').map((stage) => stage.id);
  const rollups = createPipelineRollups({ table: tables.rollups, index, openStageIds, clock, log });
  const search = createOpportunitySearch(tables.search);
  const sync = createDealSync({ store, index, search, rollups, clock, log });
  const deals = createOpportunityWrites({ store, index, search, sync, accounts, clock, outbox, stageModel: models.currentModel });
  const leads = createLeadWrites({ store, accounts, deals, clock, stageModel: models.currentModel });
  const analytics = createPipelineAnalytics({
    scopes: createScopeReader(rollups, index),
    clock,
    stageModel: models.currentModel,
    activityCounts,
  });

  /**
   * A view for a viewer: the rollup scopes their reach allows for the scope they asked for. Reads of derived rows first
   * wait for the writes this process is deriving.
   */
  const forViewer =
    <A extends unknown[], R>(read: (tenantId: string, keys: readonly ScopeKey[], ...rest: A) => Promise<R>) =>
    async (viewer: Actor, scope: PipelineScope, ...rest: A): Promise<R> => {
      const keys = viewScopes(scope, await access.visibility(viewer));
      await sync.settled(viewer.tenantId);
      return read(viewer.tenantId, keys, ...rest);
    };

  /** An account's open deals: ids from its rollup row, cards read fresh so stage and ETag are current. */
  async function accountDeals(tenantId: string, accountId: string, limit = 5): Promise<{ count: number; items: OpportunityCard[] }> {
    await sync.settled(tenantId);
    const { count, items } = await rollups.account(tenantId, accountId);
    const cards = await openCards(
      items.slice(0, limit).map((item) => item.id),
      (id) => readCard(tenantId, id),
    );
    return { count, items: cards };
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
    settlePending: sync.settlePending,
    idle: sync.idle,

    async history(tenantId, id) {
      await Promise.all([deals.getOpportunity(tenantId, id), sync.settled(tenantId)]);
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
      await sync.settled(tenantId);
      return openCards(await search.find(tenantId, prefix, limit), (id) => readCard(tenantId, id));
    },

    accountDeals,

    async openOpportunitiesOf(tenantId: string, accountId: string, limit: number): Promise<OpportunityCard[]> {
      return (await accountDeals(tenantId, accountId, limit)).items;
    },
  };
}
