// The pipeline's rollups: what one deal contributes to each scope's figures and months (exact integer counts), and those counts read back as view states.
import type { AggregateShare } from '../../core/projection';
import type { OpportunityRow } from './opportunity.store';
import { monthOf, scopesOf, type ScopeKey } from './pipeline-scope';

/** Cards the board's first page and the stuck list show per stage (read from the board rows). */
export const listCaps = { byClose: 25, oldest: 10 } as const;
/** Distinct win/loss reasons kept per month; the rest count under one "other" entry. */
export const reasonCap = 200;

export interface Figures {
  count: number;
  amount: number;
  weighted: number;
}
export interface StageState extends Figures {
  /** Open deals by the UTC day they entered the stage: exact stuck counts without reading the deals. */
  entered: Record<string, number>;
  /** Open deals of this stage by expected close month: the forecast. */
  months: Record<string, Figures>;
}
export const emptyStage = (): StageState => ({ count: 0, amount: 0, weighted: 0, entered: {}, months: {} });

export interface OwnerMonth {
  name: string;
  newCount: number;
  wonCount: number;
  wonAmount: number;
  lostCount: number;
  lostAmount: number;
  /** Σ days from creation to won, for the average cycle. */
  cycleDays: number;
}
export interface DwellStats {
  n: number;
  sum: number;
  hist: Record<string, number>;
}
export interface MonthState {
  owners: Record<string, OwnerMonth>;
  dwell: Record<string, DwellStats>;
  reasons: Record<string, { outcome: 'won' | 'lost'; reason: string; count: number; amount: number }>;
}
export const emptyMonth = (): MonthState => ({ owners: {}, dwell: {}, reasons: {} });
export const emptyOwnerMonth = (name: string): OwnerMonth => ({
  name,
  newCount: 0,
  wonCount: 0,
  wonAmount: 0,
  lostCount: 0,
  lostAmount: 0,
  cycleDays: 0,
});

/** Every figure of a scope's open deals: one row read for the funnel, forecast, board figures and stuck counts. */
export interface ScopeState {
  stages: Record<string, StageState>;
  owners: Record<string, { name: string; count: number; amount: number }>;
  /** Deals that reached each stage or passed over it: conversion between stages. */
  reached: Record<string, number>;
}
export const emptyScope = (): ScopeState => ({ stages: {}, owners: {}, reached: {} });

/** Aggregate keys: a scope's figures, a scope's month, an account's open deals. */
export const figuresKey = (scope: ScopeKey) => `figures|${scope}`;
export const monthKey = (scope: ScopeKey, month: string) => `month|${scope}|${month}`;
export const accountKey = (accountId: string) => `account|${accountId}`;

/** Money in minor units (cents): reporting amounts carry two decimals, so this is exact. */
export const minor = (amount: number) => Math.round(amount * 100);
/** Hundredths of a day, exact for the two-decimal days samples carry. */
const hundredths = (days: number) => Math.round(days * 100);
/** A reason as counted: normalised, so "Price " and "price" are one; `|` separates a count's name parts, so it is replaced. */
export const reasonKey = (reason: string | undefined) =>
  (reason ?? '').normalize('NFKC').trim().toLowerCase().replace(/\s+/gu, ' ').replaceAll('|', '¦').slice(0, 100);
/** Whole days up to a year, then by month: a dwell histogram stays bounded. */
const dwellBucket = (days: number) => (days < 365 ? Math.floor(days) : 365 + Math.floor((days - 365) / 30) * 30);

class Shares {
  readonly byKey: Record<string, { counts: Record<string, number>; labels: Record<string, string> }> = {};
  add(key: string, name: string, n: number): void {
    if (n === 0) return;
    const share = (this.byKey[key] ??= { counts: {}, labels: {} });
    share.counts[name] = (share.counts[name] ?? 0) + n;
  }
  label(key: string, name: string, text: string): void {
    (this.byKey[key] ??= { counts: {}, labels: {} }).labels[name] = text;
  }
}

/**
 * What one deal contributes to the rollups of every scope it counts in: while open, its stage's count, amount (minor
 * units) and weighted amount (minor units × probability, exact), its entry day and close month, its owner's open deals;
 * always the stages it reached; and in the months they happened, its creation, its outcome and each stay in a stage.
 */
export function dealShares(deal: OpportunityRow): Record<string, AggregateShare> {
  const shares = new Shares();
  const amount = minor(deal.reportingAmount);
  const weighted = amount * deal.probability;
  if (deal.status === 'open') shares.add(accountKey(deal.accountId), 'open', 1);
  for (const scope of scopesOf(deal)) {
    const figures = figuresKey(scope);
    for (const stageId of deal.reached) shares.add(figures, `reached|${stageId}`, 1);
    if (deal.status === 'open') {
      const stage = deal.stageId;
      const close = monthOf(deal.expectedCloseDate);
      shares.add(figures, `count|${stage}`, 1);
      shares.add(figures, `amount|${stage}`, amount);
      shares.add(figures, `weighted|${stage}`, weighted);
      shares.add(figures, `entered|${stage}|${deal.stageEnteredAt.slice(0, 10)}`, 1);
      shares.add(figures, `forecastCount|${stage}|${close}`, 1);
      shares.add(figures, `forecastAmount|${stage}|${close}`, amount);
      shares.add(figures, `forecastWeighted|${stage}|${close}`, weighted);
      shares.add(figures, `ownerCount|${deal.ownerId}`, 1);
      shares.add(figures, `ownerAmount|${deal.ownerId}`, amount);
      shares.label(figures, `owner|${deal.ownerId}`, deal.ownerName);
    }
    const created = monthKey(scope, monthOf(deal.createdAt));
    shares.add(created, `new|${deal.ownerId}`, 1);
    shares.label(created, `owner|${deal.ownerId}`, deal.ownerName);
    if (deal.status !== 'open' && deal.closedAt) {
      const closed = monthKey(scope, monthOf(deal.closedAt));
      shares.label(closed, `owner|${deal.ownerId}`, deal.ownerName);
      shares.add(closed, `${deal.status}|${deal.ownerId}`, 1);
      shares.add(closed, `${deal.status}Amount|${deal.ownerId}`, amount);
      if (deal.status === 'won')
        shares.add(
          closed,
          `cycle|${deal.ownerId}`,
          Math.max(0, hundredths((Date.parse(deal.closedAt) - Date.parse(deal.createdAt)) / 86_400_000)),
        );
      const reason = `${deal.status}|${reasonKey(deal.outcomeReason)}`;
      shares.add(closed, `reasonCount|${reason}`, 1);
      shares.add(closed, `reasonAmount|${reason}`, amount);
      if (deal.outcomeReason?.trim()) shares.label(closed, `reason|${reason}`, deal.outcomeReason.trim().slice(0, 100));
    }
    for (const move of deal.moves) {
      if (!move.fromStageId || move.dwellDays === undefined) continue;
      const month = monthKey(scope, monthOf(move.at));
      shares.add(month, `dwellN|${move.fromStageId}`, 1);
      shares.add(month, `dwellSum|${move.fromStageId}`, hundredths(move.dwellDays));
      shares.add(month, `dwellHist|${move.fromStageId}|${dwellBucket(move.dwellDays)}`, 1);
    }
  }
  return shares.byKey;
}

/** A count's name split at its `|` parts. */
const partsOf = (name: string) => name.split('|');

/** A scope's figures as views read them, from its aggregate counts (amounts back in major units). */
export function scopeStateOf(counts: Readonly<Record<string, number>>, labels: Readonly<Record<string, string>>): ScopeState {
  const state = emptyScope();
  const stage = (id: string) => (state.stages[id] ??= emptyStage());
  const month = (id: string, close: string) => (stage(id).months[close] ??= { count: 0, amount: 0, weighted: 0 });
  for (const [name, n] of Object.entries(counts)) {
    const [kind, a = '', b = ''] = partsOf(name);
    if (kind === 'reached') state.reached[a] = n;
    else if (kind === 'count') stage(a).count = n;
    else if (kind === 'amount') stage(a).amount = n / 100;
    else if (kind === 'weighted') stage(a).weighted = n / 10_000;
    else if (kind === 'entered') stage(a).entered[b] = n;
    else if (kind === 'forecastCount') month(a, b).count = n;
    else if (kind === 'forecastAmount') month(a, b).amount = n / 100;
    else if (kind === 'forecastWeighted') month(a, b).weighted = n / 10_000;
    else if (kind === 'ownerCount' || kind === 'ownerAmount') {
      const owner = (state.owners[a] ??= { name: labels[`owner|${a}`] ?? a, count: 0, amount: 0 });
      if (kind === 'ownerCount') owner.count = n;
      else owner.amount = n / 100;
    }
  }
  return state;
}

/** A scope's month as views read it, from its aggregate counts. */
export function monthStateOf(counts: Readonly<Record<string, number>>, labels: Readonly<Record<string, string>>): MonthState {
  const state = emptyMonth();
  const owner = (id: string) => (state.owners[id] ??= emptyOwnerMonth(labels[`owner|${id}`] ?? id));
  const dwell = (id: string) => (state.dwell[id] ??= { n: 0, sum: 0, hist: {} });
  const reasons = Object.entries(counts).filter(([name]) => name.startsWith('reasonCount|'));
  // The most frequent reasons are named; beyond the cap they count under one "other" entry per outcome.
  reasons.sort((x, y) => y[1] - x[1] || x[0].localeCompare(y[0]));
  reasons.forEach(([name, n], rank) => {
    const [, outcome = 'won', key = ''] = partsOf(name);
    const entryKey = rank < reasonCap ? `${outcome}|${key}` : `${outcome}|…`;
    const entry = (state.reasons[entryKey] ??= {
      outcome: outcome as 'won' | 'lost',
      reason: rank < reasonCap ? (labels[`reason|${outcome}|${key}`] ?? key) : '…',
      count: 0,
      amount: 0,
    });
    entry.count += n;
    entry.amount += (counts[`reasonAmount|${outcome}|${key}`] ?? 0) / 100;
  });
  for (const [name, n] of Object.entries(counts)) {
    const [kind, a = '', b = ''] = partsOf(name);
    if (kind === 'new') owner(a).newCount = n;
    else if (kind === 'won') owner(a).wonCount = n;
    else if (kind === 'wonAmount') owner(a).wonAmount = n / 100;
    else if (kind === 'lost') owner(a).lostCount = n;
    else if (kind === 'lostAmount') owner(a).lostAmount = n / 100;
    else if (kind === 'cycle') owner(a).cycleDays = n / 100;
    else if (kind === 'dwellN') dwell(a).n = n;
    else if (kind === 'dwellSum') dwell(a).sum = n / 100;
    else if (kind === 'dwellHist') dwell(a).hist[b] = n;
  }
  return state;
}
