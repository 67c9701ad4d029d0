// The service desk's public service: open and work cases, read queues and KPIs, and keep the tenant's SLA settings.
import type { Actor } from '../../core/actor';
import type { Page } from '../../storage/repository';
import type { AllowedAction } from './case-actions';
import type { Case, CaseEntry, CasePriority, CaseStatus, CaseType } from './case.schema';
import type { CaseAction, NewCase } from './case-request.schema';
import type { CaseSummary } from './case-summary';
import type { ServiceKpis } from './case-kpis';
import type { ClockView } from './sla/case-clocks';
import type { ServiceSettings } from './sla/service-settings';

/** A case as its detail pane and card show it: the record, its timeline, what the viewer may do now, and both SLA clocks. */
export interface CaseDetail {
  case: Case;
  /** The version the viewer saw: a write sent with it fails with CONFLICT once someone else changed the case. */
  etag: string;
  /** Oldest first. */
  entries: CaseEntry[];
  allowed: AllowedAction[];
  clocks: { response: ClockView; resolution: ClockView };
  /** Whether the viewer manages the case's team (may approve a complaint's resolution). */
  managesTeam: boolean;
}

/** Which list of cases: a team's queue, mine (owned), the ones I opened, an account's, or every queue. */
export const queueViews = ['team', 'mine', 'opened', 'account', 'all'] as const;
export type QueueView = (typeof queueViews)[number];
export const slaFilters = ['breached', 'at-risk'] as const;

export interface QueueQuery {
  view: QueueView;
  teamId?: string;
  accountId?: string;
  status?: CaseStatus;
  priority?: CasePriority;
  type?: CaseType;
  ownerId?: string;
  sla?: (typeof slaFilters)[number];
  pageSize?: number;
  continuationToken?: string;
}

/** A queue row with its SLA state now (case-summary.ts: `summaryState`). */
export type QueueItem = CaseSummary & { slaState: 'breached' | 'at-risk' | 'on-track' | 'paused' | 'none' };

export interface CasesService {
  /**
   * Opens a case (`C-1042`) on a known account with the SLA policy that matches it. `once` names the message or chat
   * turn it comes from: the same one again answers with the case it opened, never a second.
   */
  openCase(actor: Actor, input: NewCase, options?: { once?: string }): Promise<CaseDetail>;
  /** UNKNOWN_CASE for a number the tenant has not given; OUT_OF_SCOPE for a case the viewer may not see. */
  getCase(actor: Actor, number: number): Promise<CaseDetail>;
  /**
   * Does one thing to a case. With `etag` only the version the viewer saw is changed (CONFLICT otherwise, carrying the
   * current detail); without one the action applies to the latest version.
   */
  act(actor: Actor, number: number, action: CaseAction, etag?: string): Promise<CaseDetail>;
  /** Who the case can be assigned to: its team's members and manager (or, without a team, its owner and the viewer), by name. */
  assignees(actor: Actor, number: number): Promise<{ userId: string; name: string }[]>;
  /** A page of a queue in SLA order (breaches first); an account's list holds only the cases the viewer may open. */
  listCases(actor: Actor, query: QueueQuery): Promise<Page<QueueItem> & { total?: number }>;
  /** An account's cases not yet closed that the viewer may open, soonest due first: for the account card and its 360 view. */
  accountCases(actor: Actor, accountId: string, limit: number): Promise<QueueItem[]>;
  /** The service KPIs over the last `months` months, for a team or (admins and managers) the whole tenant. */
  kpis(actor: Actor, scope: { teamId?: string; months: number }): Promise<ServiceKpis>;
  settings(tenantId: string): Promise<ServiceSettings & { etag: string }>;
  /** Admins only; every calendar and policy checked (calendar-overlap, time zone, warning after target). */
  updateSettings(actor: Actor, settings: ServiceSettings, etag: string): Promise<ServiceSettings & { etag: string }>;
  /**
   * For the tenant's own background work (alerts), not for a person: a page of the cases not yet closed whose SLA is
   * breached (soonest breached first) or at risk, from the queue of every case.
   */
  slaList(
    tenantId: string,
    sla: (typeof slaFilters)[number],
    request: { pageSize: number; continuationToken?: string },
  ): Promise<Page<QueueItem>>;
  /** The same for complaints whose last workflow step is `step`, done before `before` (waiting longest first). */
  complaintsAtStep(
    tenantId: string,
    query: { step: number; before: string },
    request: { pageSize: number; continuationToken?: string },
  ): Promise<Page<QueueItem>>;
  /** A case as a queue lists it, for background work; undefined for a number the tenant has not given. */
  caseItem(tenantId: string, number: number): Promise<QueueItem | undefined>;
  /** Marks the cases whose SLA state changed by time alone up to `now` (the schedule's work); returns how many. */
  markDueCases(tenantId: string, now: Date, signal?: AbortSignal): Promise<number>;
}
