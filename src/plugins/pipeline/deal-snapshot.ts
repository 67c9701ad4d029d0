// What the pipeline's rollups know of a deal: a snapshot of the fields they count or show, and a change between two.
import { z } from 'zod';
import { stageChangeSchema, type Opportunity } from './pipeline.schema';
import type { OpportunityCard } from './pipeline.service';

export const cardSchema = z.object({
  id: z.string(),
  title: z.string(),
  accountId: z.string(),
  accountName: z.string(),
  amount: z.number(),
  currency: z.string(),
  reportingAmount: z.number(),
  probability: z.number(),
  stageId: z.string(),
  expectedCloseDate: z.string(),
  ownerId: z.string(),
  ownerName: z.string(),
  team: z.string().optional(),
  stageEnteredAt: z.string(),
  status: z.enum(['open', 'won', 'lost']),
  etag: z.string(),
});

export interface DealSnapshot {
  card: OpportunityCard;
  industry?: string;
  region?: string;
  createdAt: string;
  closedAt?: string;
  outcomeReason?: string;
  /** Every stage the deal has reached (or passed over) in funnel order: conversion counts come from these. */
  reached: string[];
}

/** One write of a deal as the rollups see it: `from` is what they reflect now (null for a new deal), `to` what they must. */
export interface DealChange {
  from: DealSnapshot | null;
  to: DealSnapshot;
  /** A completed stay in a stage: a dwell sample counted in the month it ended. */
  dwell?: { stageId: string; days: number; at: string };
}

const snapshotSchema = z.object({
  card: cardSchema,
  industry: z.string().optional(),
  region: z.string().optional(),
  createdAt: z.string(),
  closedAt: z.string().optional(),
  outcomeReason: z.string().optional(),
  reached: z.array(z.string()),
});

/**
 * A write of a deal as its derived rows must see it, stored on the deal's row by the write itself: the change id
 * (deal id and record version) lets each derived row take it exactly once, `at` tells a stalled change from one in flight.
 */
export const pendingChangeSchema = z.object({
  changeId: z.string().min(1).max(64),
  at: z.iso.datetime(),
  from: snapshotSchema.nullable(),
  to: snapshotSchema,
  dwell: z.object({ stageId: z.string(), days: z.number(), at: z.string() }).optional(),
  /** The stage history row the write adds, if it changed the stage. */
  history: stageChangeSchema.optional(),
});
export type PendingChange = z.infer<typeof pendingChangeSchema>;

/** A change as the rollups take it: with its id, so applying it again changes nothing. */
export type IdentifiedChange = DealChange & { changeId: string };

/** The id of a deal's change that wrote `version` of its record. */
export const changeIdOf = (id: string, version: number) => `${id}:${version}`;

export function cardOf(deal: Opportunity, etag: string): OpportunityCard {
  return {
    id: deal.id,
    title: deal.title,
    accountId: deal.accountId,
    accountName: deal.accountName,
    amount: deal.amount,
    currency: deal.currency,
    reportingAmount: deal.reportingAmount,
    probability: deal.probability,
    stageId: deal.stageId,
    expectedCloseDate: deal.expectedCloseDate,
    ownerId: deal.ownerId,
    ownerName: deal.ownerName,
    ...(deal.team === undefined ? {} : { team: deal.team }),
    stageEnteredAt: deal.stageEnteredAt,
    status: deal.status,
    etag,
  };
}

export function snapshotOf(deal: Opportunity, etag: string, reached: readonly string[]): DealSnapshot {
  return {
    card: cardOf(deal, etag),
    ...(deal.industry === undefined ? {} : { industry: deal.industry }),
    ...(deal.region === undefined ? {} : { region: deal.region }),
    createdAt: deal.createdAt,
    ...(deal.closedAt === undefined ? {} : { closedAt: deal.closedAt }),
    ...(deal.outcomeReason === undefined ? {} : { outcomeReason: deal.outcomeReason }),
    reached: [...reached],
  };
}

/** The scoping fields of a snapshot. */
export const scopedOf = (snapshot: DealSnapshot) => ({
  ownerId: snapshot.card.ownerId,
  team: snapshot.card.team,
  industry: snapshot.industry,
  region: snapshot.region,
});
