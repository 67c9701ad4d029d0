// The facts the pipeline plugin publishes, with their payloads' schemas, and the events a deal's write makes.
import { z } from 'zod';
import type { EventOutbox, NewEvent } from '../../core/events';
import type { OpportunityRow } from './opportunity.store';

export const pipelineEvents = {
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

/** The events a write of `deal` publishes: a stage change when its change moved the deal from one stage to another. */
export function dealEvents(outbox: EventOutbox<PipelineEvents>, deal: OpportunityRow): NewEvent[] {
  const history = deal.pending?.history;
  if (!history?.fromStageId || history.fromStageId === history.toStageId) return [];
  const { id, accountId, title, status, amount, currency, reportingAmount, ownerId, team } = deal;
  const { fromStageId, toStageId, byUserId, byName, at, dwellDays, reason } = history;
  return [
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
