// The pipeline plugin 销售管线: leads, opportunities, the tenant's stage model, stage history, rollups and analytics.
import { definePlugin } from '../../core/plugin';
import { accountsPlugin } from '../accounts';
import { activitiesPlugin } from '../activities';
import { peoplePlugin } from '../people';
import { pipelineCardActions } from './chat/pipeline.actions';
import { leadChatMessages } from './chat/lead-chat.messages';
import { pipelineChatMessages } from './chat/pipeline-chat.messages';
import { pipelineCommands } from './chat/pipeline.commands';
import { openOpportunitiesSection } from './pipeline.cards';
import { pipelineErrors } from './pipeline.errors';
import { createPipelineLinks } from './pipeline-links';
import { pipelineEvents } from './pipeline.events';
import { pipelineMessages } from './pipeline.messages';
import { createPipelineRouter } from './pipeline.routes';
import { createPipelineService, type PipelinePluginService } from './pipeline.service.impl';
import { createPipelineStore } from './opportunity.store';
import { createPipelineViews } from './pipeline.views';

export type {
  PipelineService,
  PipelineScope,
  Period,
  NewOpportunity,
  NewLead,
  OpportunityCard,
  PipelineSummary,
  Board,
  BoardColumn,
  BoardColumnPage,
  Funnel,
  Forecast,
  ForecastBucket,
  StageFigures,
  StuckDeal,
  WinLoss,
  RepFigures,
  RepList,
} from './pipeline.service';
export type { Lead, Opportunity, Stage, StageModel, StageChange, Man } from './pipeline.schema';
export type { PipelinePluginService } from './pipeline.service.impl';
export type * from './pipeline.api-types';
export type { PastMove, PastOpportunity } from './past-deals';
export { createPipelineLinks, type PipelineLinks } from './pipeline-links';

/**
 * Logical tables, all in the plugin's one physical table `Pipeline` (storage/logical-table.ts: every PartitionKey is
 * [..., logical name, ...the partition below]):
 * - `Opportunities`: records, PK [..., 'opportunity', first two hex digits of the id (storage/buckets.ts)], RK [id]; each write
 *   publishes `opportunity.changed`, from which the projector keeps the views below (pipeline.views.ts).
 * - `PipelineHistory`: PK [..., 'deal', opportunityId], RK [ISO time, record version]: a deal's stage changes in order.
 * - `PipelineBoard`: one row per open deal in PK [..., 'column', stageId] RK [expectedCloseDate, id] (board pages),
 *   [..., 'waiting', stageId] RK [stageEnteredAt, id] (stuck lists) and [..., 'account', accountId] RK [close, id].
 * - `PipelineSearch`: PK [..., 'title', first 3 characters], RK [normalised key, id]: open deals by title prefix.
 * - `PipelineViews`: PK [..., 'view', viewId]: each view's footprint per deal and its rollups (`figures|<scope>`:
 *   stage counts, exact amounts, entry days, close months, owners, reached stages; `month|<scope>|<YYYY-MM>`: new, won,
 *   lost, cycle days, dwell histograms, reasons; `account|<id>`: open deals).
 * - `Leads`: PK [..., 'lead'], RK [id]. `PipelineSettings`: PK [..., 'settings'], RK ['stageModel'].
 */
export const pipelineTables = {
  opportunities: 'Opportunities',
  history: 'PipelineHistory',
  board: 'PipelineBoard',
  search: 'PipelineSearch',
  views: 'PipelineViews',
  leads: 'Leads',
  settings: 'PipelineSettings',
} as const;

export const pipelinePlugin = definePlugin({
  id: 'pipeline',
  dependsOn: { accounts: accountsPlugin, activities: activitiesPlugin, people: peoplePlugin },
  tables: [
    pipelineTables.opportunities,
    pipelineTables.history,
    pipelineTables.board,
    pipelineTables.search,
    pipelineTables.views,
    pipelineTables.leads,
    pipelineTables.settings,
  ],
  events: pipelineEvents,
  messages: {
    en: { ...pipelineMessages.en, ...pipelineChatMessages.en, ...leadChatMessages.en },
    'zh-CN': { ...pipelineMessages['zh-CN'], ...pipelineChatMessages['zh-CN'], ...leadChatMessages['zh-CN'] },
  },
  errors: pipelineErrors,
  setup({ table, services: { accounts, activities, people }, clock, log, publicUrl, teamsAppId, outbox, projections }) {
    const tables = {
      opportunities: table(pipelineTables.opportunities),
      history: table(pipelineTables.history),
      board: table(pipelineTables.board),
      search: table(pipelineTables.search),
      views: table(pipelineTables.views),
      leads: table(pipelineTables.leads),
      settings: table(pipelineTables.settings),
    };
    const service: PipelinePluginService = createPipelineService({
      tables,
      accounts,
      access: people,
      activityCounts: (tenantId, authorIds, from, to) => activities.activityCounts(tenantId, authorIds, from, to),
      clock,
      log,
      outbox,
      projections,
    });
    const links = createPipelineLinks({ publicUrl, ...(teamsAppId ? { teamsAppId } : {}) });
    accounts.addCardSection(openOpportunitiesSection(service.accountDeals, service, links));
    const deps = { service, accounts, links, clock };
    return {
      service,
      router: createPipelineRouter(service, clock),
      commands: pipelineCommands(deps),
      cardActions: pipelineCardActions(deps),
      views: createPipelineViews({ ...tables, store: createPipelineStore(tables) }),
    };
  },
});
