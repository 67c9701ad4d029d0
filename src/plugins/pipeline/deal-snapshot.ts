// What the pipeline's views show of a deal: a snapshot of the fields its card and scopes need.
import { z } from 'zod';
import type { Opportunity } from './pipeline.schema';
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
