// The pipeline plugin's public service: what its chat commands, REST routes and other plugins (alerts, insights) call.
import type { Actor } from '../../core/actor';
import type { Page, PageRequest, Stored } from '../../storage/repository';
import type { Lead, Man, Opportunity, StageChange, StageModel, StageModelInput } from './pipeline.schema';

/** Who a view covers. Channel tabs pick one in their configuration page; the personal tab is `mine`. */
export interface PipelineScope {
  ownerId?: string;
  team?: string;
  industry?: string;
  region?: string;
}

/** A month `YYYY-MM` range, both ends included. */
export interface Period {
  from: string;
  to: string;
}

export interface NewOpportunity {
  title: string;
  description?: string;
  accountId: string;
  contacts?: Opportunity['contacts'];
  competitors?: Opportunity['competitors'];
  products?: Opportunity['products'];
  /** Omitted: the sum of the products' quantity × unit price. */
  amount?: number;
  /** Omitted: the tenant's reporting currency. */
  currency?: string;
  /** Omitted: the model's first open stage. */
  stageId?: string;
  /** Omitted: the stage's probability. */
  probability?: number;
  expectedCloseDate: string;
  source?: Opportunity['source'];
  team?: string;
  teamMembers?: Opportunity['teamMembers'];
}

export type OpportunityChanges = Partial<Omit<NewOpportunity, 'accountId' | 'stageId'>>;

export interface NewLead {
  name: string;
  company?: string;
  accountId?: string;
  contactName?: string;
  email?: string;
  phone?: string;
  source: Lead['source'];
  referredBy?: string;
  notes?: string;
  team?: string;
}

/** What converting a lead made or reused. */
export interface Conversion {
  lead: Stored<Lead>;
  accountId: string;
  contactId?: string;
  opportunity: Stored<Opportunity>;
}

/** A deal as the board and lists show it. */
export type OpportunityCard = Pick<
  Opportunity,
  | 'id'
  | 'title'
  | 'accountId'
  | 'accountName'
  | 'amount'
  | 'currency'
  | 'reportingAmount'
  | 'probability'
  | 'stageId'
  | 'expectedCloseDate'
  | 'ownerId'
  | 'ownerName'
  | 'team'
  | 'stageEnteredAt'
  | 'status'
> & { etag: string };

export interface StageFigures {
  stageId: string;
  count: number;
  /** In the reporting currency. */
  amount: number;
  /** Σ amount × probability. */
  weighted: number;
}

export interface BoardColumn extends StageFigures {
  /** Soonest expected close first. */
  items: OpportunityCard[];
  continuationToken?: string;
}

/** A page of one board column, with the currency of its figures (cards keep each deal's own). */
export interface BoardColumnPage extends BoardColumn {
  reportingCurrency: string;
}

export interface Board {
  reportingCurrency: string;
  /** Every open stage of the model in order, then a retired stage only while deals are still in it. */
  columns: BoardColumn[];
}

export interface Funnel {
  reportingCurrency: string;
  stages: StageFigures[];
  /** Share of deals that reached `from` and went on to reach `to`, from stage history; 0 to 1. */
  conversion: { fromStageId: string; toStageId: string; rate: number; reached: number }[];
}

export interface ForecastBucket {
  /** `2026-11` or `2026-Q4`. */
  period: string;
  count: number;
  amount: number;
  weighted: number;
}

export interface Forecast {
  reportingCurrency: string;
  months: ForecastBucket[];
  quarters: ForecastBucket[];
}

export interface DwellFigures {
  stageId: string;
  /** Completed stays in the period. */
  samples: number;
  averageDays: number;
  p90Days: number;
}

export interface StuckDeal {
  deal: OpportunityCard;
  daysInStage: number;
  limitDays: number;
}

export interface WinLoss {
  reportingCurrency: string;
  won: { count: number; amount: number };
  lost: { count: number; amount: number };
  /** Most frequent first. */
  reasons: { outcome: 'won' | 'lost'; reason: string; count: number; amount: number }[];
}

export interface RepFigures {
  ownerId: string;
  ownerName: string;
  openCount: number;
  openAmount: number;
  wonAmount: number;
  wonCount: number;
  lostCount: number;
  /** won ÷ (won + lost) in the period; undefined without closed deals. */
  winRate?: number;
  /** Created to won, days. */
  averageCycleDays?: number;
  newOpportunities: number;
  activitiesLogged: number;
}

/** Every rep's figures, amounts in the reporting currency. */
export interface RepList {
  reportingCurrency: string;
  items: RepFigures[];
}

/** The `pipeline` chat card's figures: funnel, this quarter's weighted forecast, the most stuck deals. */
export interface PipelineSummary {
  reportingCurrency: string;
  stages: StageFigures[];
  quarter: ForecastBucket;
  stuck: StuckDeal[];
  stuckCount: number;
}

export interface PipelineService {
  stageModel(tenantId: string): Promise<Stored<StageModel>>;
  /** Admins only. Stages that disappear are kept as retired; a stale ETag is CONFLICT. */
  replaceStageModel(actor: Actor, model: StageModelInput, etag: string): Promise<Stored<StageModel>>;

  createLead(actor: Actor, input: NewLead): Promise<Stored<Lead>>;
  getLead(tenantId: string, id: string): Promise<Stored<Lead>>;
  listLeads(tenantId: string, filters: { ownerId?: string; status?: Lead['status'] }, request: PageRequest): Promise<Page<Lead>>;
  /** Records MAN; the lead is qualified when all three are met, disqualified otherwise. */
  qualifyLead(actor: Actor, id: string, man: Man, etag?: string): Promise<Stored<Lead>>;
  /** A qualified lead becomes an opportunity, with its account (and contact) created when they do not exist. */
  convertLead(
    actor: Actor,
    id: string,
    deal: Pick<NewOpportunity, 'title' | 'amount' | 'currency' | 'expectedCloseDate'>,
  ): Promise<Conversion>;

  createOpportunity(actor: Actor, input: NewOpportunity): Promise<Stored<Opportunity>>;
  getOpportunity(tenantId: string, id: string): Promise<Stored<Opportunity>>;
  updateOpportunity(actor: Actor, id: string, changes: OpportunityChanges, etag: string): Promise<Stored<Opportunity>>;
  /**
   * Moves a deal to another stage of the model; to a won or lost stage it closes the deal (`reason` is the win or loss
   * reason). Without an ETag the move applies to the current version; with a stale one it is CONFLICT. A lost deal
   * without its reason is LOST_REASON_REQUIRED while the tenant's model asks for one (`lostReasonRequired`).
   */
  moveOpportunity(actor: Actor, id: string, move: { stageId: string; reason?: string }, etag?: string): Promise<Stored<Opportunity>>;
  history(tenantId: string, id: string): Promise<StageChange[]>;
  /** Open deals whose title (or account and title) starts with `prefix`, for chat commands like `move Contoso ERP to demo`. */
  findOpenOpportunities(tenantId: string, prefix: string, limit: number): Promise<OpportunityCard[]>;
  /**
   * For the tenant's own background work (alerts), not for a person: a page of one open stage's deals by the date that
   * makes them due, the time they entered the stage or their expected close date, from `from` to before `before`.
   * @example await pipeline.dueDeals(tenantId, { stageId: 'proposal', by: 'entered', before: '2026-11-01T00:00:00.000Z' }, { pageSize: 500 })
   */
  dueDeals(
    tenantId: string,
    query: { stageId: string; by: 'entered' | 'close'; from?: string; before: string },
    request: { pageSize: number; continuationToken?: string },
  ): Promise<{ items: OpportunityCard[]; continuationToken?: string }>;
  /** An account's open deals, for the account card. */
  openOpportunitiesOf(tenantId: string, accountId: string, limit: number): Promise<OpportunityCard[]>;

  // The views cover what `viewer` may see (core/access.ts): everything for an admin; otherwise the deals of the people in
  // their reach, all of them (no filter), one of them (`ownerId`) or one of their open teams (`team`), and OUT_OF_SCOPE
  // for anyone or anything else (industry and region views are the admins').
  board(viewer: Actor, scope: PipelineScope, perStage: number): Promise<Board>;
  boardColumn(viewer: Actor, scope: PipelineScope, stageId: string, request: PageRequest): Promise<BoardColumnPage>;
  funnel(viewer: Actor, scope: PipelineScope): Promise<Funnel>;
  forecast(viewer: Actor, scope: PipelineScope, period: Period): Promise<Forecast>;
  dwell(viewer: Actor, scope: PipelineScope, period: Period): Promise<DwellFigures[]>;
  stuck(viewer: Actor, scope: PipelineScope, limit: number): Promise<{ items: StuckDeal[]; total: number }>;
  winLoss(viewer: Actor, scope: PipelineScope, period: Period): Promise<WinLoss>;
  reps(viewer: Actor, scope: PipelineScope, period: Period): Promise<RepList>;
  summary(viewer: Actor, scope: PipelineScope): Promise<PipelineSummary>;
}
