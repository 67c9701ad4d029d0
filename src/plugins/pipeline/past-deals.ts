// Deals that began before they were imported (from an earlier CRM, or the demo): their stage changes replayed at their own times.
import { z } from 'zod';
import type { Actor } from '../../core/actor';
import { AppError } from '../../core/errors';
import type { Account } from '../accounts';
import { buildDeal, movedDeal } from './deal-versions';
import type { OpportunityRow } from './opportunity.store';
import { stageChangeSchema, type StageModel } from './pipeline.schema';
import type { NewOpportunity } from './pipeline.service';

/** A stage move of a past deal; to a won or lost stage it closes the deal with `reason`. */
export interface PastMove {
  stageId: string;
  reason?: string;
  at: string;
}

/**
 * A deal as it went: created at `createdAt` (in `stageId`, or the first open stage), then moved by `moves`, oldest first,
 * by its owner (the importing user unless `owner` names another rep).
 */
export interface PastOpportunity extends NewOpportunity {
  createdAt: string;
  moves: readonly PastMove[];
  owner?: { userId: string; name: string };
}

const pastSchema = z.object({
  owner: z.object({ userId: z.string().min(1).max(128), name: z.string().max(256) }).optional(),
  createdAt: z.iso.datetime(),
  moves: z
    .array(z.object({ stageId: stageChangeSchema.shape.toStageId, reason: stageChangeSchema.shape.reason, at: z.iso.datetime() }))
    .max(100),
});

const refused = (index: number, summary: string) =>
  new AppError('VALIDATION_FAILED', { summary: `${index}: ${summary}` }, [{ path: String(index), message: summary, code: 'custom' }]);

/**
 * The deal `past` made by its owner (`actor` unless it names another), its changes replayed as the service writes them
 * (create, then each move at its time), to store with id `id`: its moves are its history and dwell samples.
 * @example replayPastDeal(rep, model, account, { title: 'ERP', accountId, expectedCloseDate: '2026-09-30', createdAt: '2026-06-01T02:00:00Z', moves: [{ stageId: 'won', reason: 'price', at: '2026-08-20T02:00:00Z' }] }, { id, now, index: 0 })
 */
export function replayPastDeal(
  actor: Actor,
  model: StageModel,
  account: Account,
  past: PastOpportunity,
  at: { id: string; now: string; index: number },
): OpportunityRow {
  const parsed = pastSchema.safeParse(past);
  if (!parsed.success) throw refused(at.index, parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; '));
  const times = [past.createdAt, ...past.moves.map((move) => move.at), at.now].map((time) => Date.parse(time));
  if (times.some((time, i) => i > 0 && time < times[i - 1]!))
    throw refused(at.index, 'the deal is created, then moved, in time order, and not in the future');
  const owner = past.owner ? { ...actor, userId: past.owner.userId, displayName: past.owner.name } : actor;
  let deal = buildDeal(owner, model, account, past, past.createdAt, at.id);
  for (const move of past.moves) deal = movedDeal(owner, deal, model, move, move.at) ?? deal;
  return deal;
}
