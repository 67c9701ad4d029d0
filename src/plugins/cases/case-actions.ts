// What can be done to a case at its status and step, and what doing it changes: a pure function of the case, the action and who acts.
import type { Actor } from '../../core/actor';
import { caseLabel, casePriorities, type Case, type CaseEntry, type CasePriority, type CaseStatus } from './case.schema';
import type { CaseAction, CaseActionName } from './case-request.schema';
import { casesErrors } from './cases.errors';
import { approvalStep, nextStep, takeStep } from './complaint-workflow';

export interface ActionContext {
  actor: Actor;
  /** ISO time of the write. */
  now: string;
  /** Whether the actor manages the case's team: only they may approve a complaint's resolution. */
  managesTeam: boolean;
  /** The statuses in which the tenant's SLA clocks pause (waiting on the customer, by default). */
  pausedStatuses: readonly CaseStatus[];
}

/** A timeline entry before it is numbered. */
export type NewEntry = Omit<CaseEntry, 'seq'>;

export interface ActionOutcome {
  next: Case;
  entries: NewEntry[];
}

/** An action a viewer may take now; `step` names the complaint step it takes. */
export interface AllowedAction {
  action: CaseActionName;
  step?: number;
}

const isOpen = (status: CaseStatus) => status !== 'resolved' && status !== 'closed';

/** The actions open to a viewer at the case's status and step, in the order a card offers them. */
export function allowedActions(current: Case, viewer: { userId: string; managesTeam: boolean }): AllowedAction[] {
  const allowed: AllowedAction[] = [];
  const complaint = current.complaint;
  const open = isOpen(current.status);
  if (open && current.ownerId !== viewer.userId) allowed.push({ action: 'take' });
  if (open) allowed.push({ action: 'reply' });
  if (complaint) {
    const step = nextStep(complaint, current.status);
    if (step !== undefined && (step !== approvalStep || viewer.managesTeam)) allowed.push({ action: 'step', step });
  }
  if (open && current.status !== 'waiting') allowed.push({ action: 'wait' });
  if (current.status === 'waiting') allowed.push({ action: 'resume' });
  if (!complaint && open) allowed.push({ action: 'resolve' });
  if (!complaint && current.status === 'resolved') allowed.push({ action: 'close' });
  if (!complaint && !open) allowed.push({ action: 'reopen' });
  if (current.resolvedAt && !current.satisfaction) allowed.push({ action: 'rate' });
  if (open) allowed.push({ action: 'assign' }, { action: 'priority' });
  allowed.push({ action: 'note' });
  return allowed;
}

/** A rating typed or sent as text or number: a whole 1–5, else RATING_OUT_OF_RANGE. */
export function checkedRating(value: number | string): number {
  const rating = typeof value === 'number' ? value : Number(value.trim());
  if (!Number.isInteger(rating) || rating < 1 || rating > 5) throw casesErrors.fail('RATING_OUT_OF_RANGE', { value: String(value) });
  return rating;
}

/** A priority as sent: one of the list, else CASE_PRIORITY_UNKNOWN. */
export function checkedPriority(value: string): CasePriority {
  const priority = casePriorities.find((known) => known === value.trim().toLowerCase());
  if (!priority) throw casesErrors.fail('CASE_PRIORITY_UNKNOWN', { value });
  return priority;
}

/** Moves the case to `status`, opening or closing its pause when the tenant pauses the clocks there. */
function withStatus(current: Case, status: CaseStatus, context: ActionContext): Case {
  if (status === current.status) return current;
  const pausing = (s: CaseStatus) => context.pausedStatuses.includes(s) || !isOpen(s);
  const pauses = [...current.pauses];
  const last = pauses.at(-1);
  if (pausing(current.status) && last && !last.to) pauses[pauses.length - 1] = { ...last, to: context.now };
  if (pausing(status)) pauses.push({ from: context.now });
  return { ...current, status, pauses };
}

/**
 * Applies one action, or throws the localised reason it cannot be taken now: CASE_ACTION_NOT_ALLOWED, a complaint step
 * out of order or incomplete, an approval by someone who does not manage the team, a rating outside 1–5.
 */
export function applyAction(current: Case, action: CaseAction, context: ActionContext): ActionOutcome {
  const { actor, now } = context;
  const allowed = allowedActions(current, { userId: actor.userId, managesTeam: context.managesTeam });
  const stepAllowed = action.action === 'step' && current.complaint && nextStep(current.complaint, current.status) !== undefined;
  if (!stepAllowed && !allowed.some((one) => one.action === action.action))
    throw casesErrors.fail('CASE_ACTION_NOT_ALLOWED', { number: caseLabel(current.number) }, { allowed });
  const by = { at: now, byUserId: actor.userId, byName: actor.displayName, detail: {} };
  const statusEntry = (from: Case, to: Case, text?: string): NewEntry[] =>
    from.status === to.status ? [] : [{ ...by, kind: 'status', fromStatus: from.status, toStatus: to.status, ...(text ? { text } : {}) }];
  const touched = (next: Case): Case => ({ ...next, updatedAt: now });

  switch (action.action) {
    case 'take': {
      const owned = { ...current, ownerId: actor.userId, ownerName: actor.displayName };
      const next = current.status === 'new' ? withStatus(owned, 'in-progress', context) : owned;
      return {
        next: touched(next),
        entries: [{ ...by, kind: 'assigned', detail: { userId: actor.userId, name: actor.displayName } }, ...statusEntry(current, next)],
      };
    }
    case 'assign': {
      const next = { ...current, ownerId: action.userId, ownerName: action.userName ?? action.userId };
      return { next: touched(next), entries: [{ ...by, kind: 'assigned', detail: { userId: action.userId, name: next.ownerName } }] };
    }
    case 'reply': {
      const replied = { ...current, firstResponseAt: current.firstResponseAt ?? now };
      const next = current.status === 'new' ? withStatus(replied, 'in-progress', context) : replied;
      return { next: touched(next), entries: [{ ...by, kind: 'reply', text: action.text }, ...statusEntry(current, next)] };
    }
    case 'note':
      return { next: touched(current), entries: [{ ...by, kind: 'note', text: action.text }] };
    case 'wait': {
      const next = withStatus(current, 'waiting', context);
      return { next: touched(next), entries: statusEntry(current, next, action.text) };
    }
    case 'resume': {
      const next = withStatus(current, 'in-progress', context);
      return { next: touched(next), entries: statusEntry(current, next) };
    }
    case 'resolve': {
      const rating = action.rating === undefined ? undefined : checkedRating(action.rating);
      const resolved: Case = {
        ...withStatus(current, 'resolved', context),
        ...answered(current, now),
        resolvedAt: now,
        resolution: action.resolution,
        ...(rating ? { satisfaction: satisfactionOf(rating, action.comment, by) } : {}),
      };
      const ratingEntry: NewEntry[] = rating ? [{ ...by, kind: 'rating', detail: { rating }, ...commentOf(action.comment) }] : [];
      return { next: touched(resolved), entries: [...statusEntry(current, resolved, action.resolution), ...ratingEntry] };
    }
    case 'close': {
      const next = { ...withStatus(current, 'closed', context), closedAt: now };
      return { next: touched(next), entries: statusEntry(current, next) };
    }
    case 'reopen': {
      const { resolvedAt: _resolvedAt, closedAt: _closedAt, resolution: _resolution, satisfaction: _satisfaction, ...rest } = current;
      const next = withStatus(rest, 'in-progress', context);
      return { next: touched(next), entries: statusEntry(current, next, action.reason) };
    }
    case 'priority': {
      const priority = checkedPriority(action.priority);
      const next = { ...current, priority };
      return { next: touched(next), entries: [{ ...by, kind: 'priority', detail: { from: current.priority, to: priority } }] };
    }
    case 'rate': {
      const rating = checkedRating(action.rating);
      const next = { ...current, satisfaction: satisfactionOf(rating, action.comment, by) };
      return { next: touched(next), entries: [{ ...by, kind: 'rating', detail: { rating }, ...commentOf(action.comment) }] };
    }
    case 'step': {
      if (!current.complaint) throw casesErrors.fail('CASE_ACTION_NOT_ALLOWED', { number: caseLabel(current.number) }, { allowed });
      const outcome = takeStep(current, action, context.managesTeam, current.teamName);
      const rating = action.step === 7 && action.rating !== undefined ? checkedRating(action.rating) : undefined;
      let next: Case = { ...withStatus(current, outcome.status, context), complaint: { ...outcome.complaint, stepAt: now } };
      if (outcome.resolution !== undefined) next = { ...next, resolution: outcome.resolution };
      if (outcome.resolved) next = { ...next, ...answered(current, now), resolvedAt: now };
      if (outcome.closed) next = { ...next, closedAt: now };
      if (rating) next = { ...next, satisfaction: satisfactionOf(rating, action.feedback, by) };
      const stepEntry: NewEntry = {
        ...by,
        kind: 'step',
        step: action.step,
        detail: { ...outcome.detail, ...(rating ? { rating } : {}) },
        ...(action.notes ? { text: action.notes } : {}),
      };
      return { next: touched(next), entries: [stepEntry, ...statusEntry(current, next)] };
    }
  }
}

const commentOf = (comment: string | undefined) => (comment ? { text: comment } : {});

/** A resolution reaches the customer: it ends the first-response clock when no reply did. */
const answered = (current: Case, now: string) => ({ firstResponseAt: current.firstResponseAt ?? now });

function satisfactionOf(rating: number, comment: string | undefined, by: { at: string; byUserId: string }): Case['satisfaction'] {
  return { rating, ...(comment ? { comment } : {}), at: by.at, byUserId: by.byUserId };
}
