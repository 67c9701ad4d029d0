// A deal's versions as writes make them: a new deal and a moved one, each remembering its stage changes.
import { randomUUID } from 'node:crypto';
import type { Actor } from '../../core/actor';
import { parseWith } from '../../core/validation';
import type { Account } from '../accounts';
import { productsTotal, toReporting } from './money';
import { opportunityRowSchema, type DealMove, type OpportunityRow } from './opportunity.store';
import { daysBetween } from './pipeline-scope';
import { pipelineErrors } from './pipeline.errors';
import type { Stage, StageModel } from './pipeline.schema';
import type { NewOpportunity } from './pipeline.service';
import { enterableStage, firstOpenStage, funnelOrder, stageOf } from './stage-model.rules';

/** Stages a deal has reached once it is in `stage`: every funnel stage up to it, plus those it reached before. */
export function reachedWith(model: StageModel, previous: readonly string[], stage: Stage): string[] {
  const order = funnelOrder(model);
  const position = order.indexOf(stage.id);
  const reached = new Set(previous);
  if (position >= 0) for (const id of order.slice(0, position + 1)) reached.add(id);
  return order.filter((id) => reached.has(id)).concat([...reached].filter((id) => !order.includes(id)));
}

export const dropUndefined = <T extends object>(value: T): T =>
  Object.fromEntries(Object.entries(value).filter(([, field]) => field !== undefined)) as T;

/** A new deal as `actor` creates it at `now`, in the stage the input names or the first open one: its first move is its creation. */
export function buildDeal(
  actor: Actor,
  model: StageModel,
  account: Account,
  input: NewOpportunity,
  now: string,
  id: string = randomUUID(),
): OpportunityRow {
  const stage = input.stageId ? enterableStage(model, input.stageId) : firstOpenStage(model);
  const products = input.products ?? [];
  const amount = input.amount ?? productsTotal(products);
  const currency = input.currency ?? model.reportingCurrency;
  const deal: OpportunityRow = dropUndefined({
    id,
    title: input.title,
    description: input.description,
    accountId: account.id,
    accountName: account.name,
    industry: account.industry,
    region: account.region,
    contacts: input.contacts ?? [],
    competitors: input.competitors ?? [],
    products,
    amount,
    currency,
    reportingAmount: toReporting(model, amount, currency),
    stageId: stage.id,
    probability: input.probability ?? stage.probability,
    expectedCloseDate: input.expectedCloseDate,
    source: input.source,
    ownerId: actor.userId,
    ownerName: actor.displayName,
    team: input.team ?? account.team,
    teamMembers: input.teamMembers ?? [],
    status: stage.kind,
    closedAt: stage.kind === 'open' ? undefined : now,
    stageEnteredAt: now,
    createdAt: now,
    updatedAt: now,
    reached: reachedWith(model, [], stage),
    version: 1,
    moves: [{ version: 1, toStageId: stage.id, at: now, byUserId: actor.userId, byName: actor.displayName }],
  });
  return parseWith(opportunityRowSchema, deal);
}

/**
 * The deal `actor` makes of `deal` by moving it to a stage at `now`, with the move among its moves when the stage
 * changes (its history row and dwell sample); undefined when the move changes nothing.
 */
export function movedDeal(
  actor: Actor,
  deal: OpportunityRow,
  model: StageModel,
  move: { stageId: string; reason?: string },
  now: string,
): OpportunityRow | undefined {
  // A move to the stage the deal is in changes nothing (a closed deal may get its reason), even if that stage was retired.
  const unchanged =
    deal.stageId === move.stageId && (deal.status === 'open' || move.reason === undefined || move.reason === deal.outcomeReason);
  if (unchanged) return undefined;
  const stage = deal.stageId === move.stageId ? stageOf(model, move.stageId) : enterableStage(model, move.stageId);
  const sameStage = deal.stageId === stage.id;
  const outcomeReason = stage.kind === 'open' ? undefined : (move.reason ?? (sameStage ? deal.outcomeReason : undefined));
  if (stage.kind === 'lost' && !outcomeReason && model.lostReasonRequired)
    throw pipelineErrors.fail('LOST_REASON_REQUIRED', { title: deal.title }, { field: 'reason' });
  const next: OpportunityRow = dropUndefined({
    ...deal,
    stageId: stage.id,
    probability: sameStage ? deal.probability : stage.probability,
    status: stage.kind,
    stageEnteredAt: sameStage ? deal.stageEnteredAt : now,
    closedAt: stage.kind === 'open' ? undefined : sameStage ? deal.closedAt : now,
    outcomeReason,
    updatedAt: now,
    reached: reachedWith(model, deal.reached, stage),
    version: deal.version + 1,
  });
  if (sameStage) return next;
  const change: DealMove = dropUndefined({
    version: next.version,
    fromStageId: deal.stageId,
    toStageId: stage.id,
    at: now,
    byUserId: actor.userId,
    byName: actor.displayName,
    dwellDays: daysBetween(deal.stageEnteredAt, now),
    reason: move.reason,
  });
  return { ...next, moves: [...deal.moves, change] };
}
