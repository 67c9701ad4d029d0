// What /api/v1/alerts answers and accepts: the routes check their answers against these, and the tabs import them as types.
import type { ItemsBody, WithEtag } from '../../http/api-types';
import type { ConditionId, Rule, RuleInput, SubjectKind } from './rule.schema';

/** `GET /rules/:id`, and what creating (`POST /rules`) or changing (`PUT /rules/:id`, with `If-Match`) a rule answers. */
export type RuleBody = WithEtag<Rule>;
/** `GET /rules`: every rule of the tenant, in the catalogue's order. */
export type RuleListBody = ItemsBody<RuleBody>;
export type RuleRequest = RuleInput;

/** One threshold of a condition, as the rule builder shows it: a number with its bounds, a stage, a clock or a step. */
export type ThresholdField =
  | { name: string; kind: 'days' | 'hours' | 'percent' | 'count' | 'amount'; min: number; max: number }
  | { name: string; kind: 'stage' }
  | { name: string; kind: 'clock' }
  | { name: string; kind: 'step'; min: number; max: number };

/** A condition of the catalogue, named and explained in the request's language. */
export interface ConditionBody {
  id: ConditionId;
  subject: SubjectKind;
  name: string;
  description: string;
  /** Each threshold with its label in the request's language. */
  fields: (ThresholdField & { label: string })[];
  defaults: Record<string, unknown>;
  /** Whether it also fires the moment its event happens (a lost deal, a breach), not only on the schedule. */
  onEvents: boolean;
}

/**
 * `GET /catalogue`: the conditions, and what the form's pickers offer: the open stages of the stage model, the CRM teams,
 * the people a recipient or owner may be, and the reporting currency of amounts.
 */
export interface CatalogueBody {
  conditions: ConditionBody[];
  stages: { id: string; name: string }[];
  teams: { id: string; name: string }[];
  people: { userId: string; name: string }[];
  reportingCurrency: string;
}

/** One record a rule matches now. */
export interface PreviewItem {
  subject: SubjectKind;
  subjectId: string;
  title: string;
  accountName?: string;
  ownerName?: string;
  /** What makes it match, in the request's language ("41 days in Proposal, limit 30"). */
  why: string;
  /** Where to open it. */
  url: string;
}

/** `POST /rules/preview` (the form's settings, saved or not): how many records match today, and the first of them. */
export interface PreviewBody {
  total: number;
  /** Whether `total` stopped counting at the preview's limit. */
  more: boolean;
  items: PreviewItem[];
}

/** `GET /rules/:id/changes`: who changed the rule and when, newest first, with the settings before and after. */
export type RuleChangesBody = ItemsBody<{
  at: string;
  byUserId: string;
  byName: string;
  action: 'created' | 'updated' | 'deleted';
  before?: RuleInput;
  after?: RuleInput;
}>;

/** `POST /sweep` (managers and admins): one sweep of every rule of the caller's tenant, now. */
export interface SweepBody {
  rules: number;
  /** Records that match a rule now. */
  found: number;
  /** New alerts written to the ledger by this sweep (a finding already alerted is not new). */
  created: number;
  /** Alerts whose condition cleared. */
  resolved: number;
  /** Cards handed to delivery now; the others wait for quiet hours to end, a digest, or a snooze. */
  sent: number;
  deferred: number;
  tookMs: number;
}

export type { ConditionId, Rule, RuleInput, SubjectKind } from './rule.schema';
