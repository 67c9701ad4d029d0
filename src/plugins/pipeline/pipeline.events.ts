// The facts the pipeline plugin publishes, with their payloads' schemas, and the events a deal's write makes.
import { z } from 'zod';
import type { EventOutbox, NewEvent } from '../../core/events';
import type { OpportunityRow } from './opportunity.store';

export const pipelineEvents = {
  /** A deal was written (created, updated, moved, imported): its views apply the version named (src/core/projection.ts). */
  'opportunity.changed': z.strictObject({}),
  /**
   * A deal moved from one stage to another (won and lost are stages too); the version of the deal the move wrote. A new
   * deal entering its first stage, and an import of past deals replaying their moves, do not publish it.
   */
  'opportunity.stageChanged': z.strictObject({
    opportunityId: z.uuid(),
    accountId: z.uuid(),
    title: z.string(),
    fromStageId: z.string(),
    toStageId: z.string(),
    status: z.enum(['open', 'won', 'lost']),
    amount: z.number(),
    currency: z.string(),
    reportingAmount: z.number(),
    ownerId: z.string(),
    team: z.string().optional(),
    byUserId: z.string(),
    byName: z.string(),
    at: z.string(),
    /** Days the deal spent in `fromStageId`. */
    dwellDays: z.number().optional(),
    reason: z.string().optional(),
  }),
};

export type PipelineEvents = typeof pipelineEvents;

/** The change event of a write of `deal`, alone: what an import publishes (its replayed moves are not news). */
export const changedEvent = (outbox: EventOutbox<PipelineEvents>, deal: OpportunityRow): NewEvent =>
  outbox.event('opportunity.changed', deal.id, deal.version, {});

/** The events a write of `deal` publishes: always a change for its views, and a stage change when the write moved the deal from one stage to another. */
export function dealEvents(outbox: EventOutbox<PipelineEvents>, deal: OpportunityRow): NewEvent[] {
  const changed = changedEvent(outbox, deal);
  const move = deal.moves.at(-1);
  if (!move?.fromStageId || move.version !== deal.version || move.fromStageId === move.toStageId) return [changed];
  const { id, accountId, title, status, amount, currency, reportingAmount, ownerId, team } = deal;
  const { fromStageId, toStageId, byUserId, byName, at, dwellDays, reason } = move;
  return [
    changed,
    outbox.event('opportunity.stageChanged', id, deal.version, {
      opportunityId: id,
      accountId,
      title,
      fromStageId,
      toStageId,
      status,
      amount,
      currency,
      reportingAmount,
      ownerId,
      team,
      byUserId,
      byName,
      at,
      dwellDays,
      reason,
    }),
  ];
}
