// The pipeline's rollup states and how one deal change moves them: pure functions, so they are tested without storage.
import { z } from 'zod';
import { appliedChanges, appliedSchema as applied } from '../../storage/applied-changes';
import { placeInList } from '../../storage/capped-list';
import { roundMoney } from './money';
import { cardSchema, scopedOf, type DealChange, type DealSnapshot } from './deal-snapshot';
import { monthOf, scopesOf, type ScopeKey } from './pipeline-scope';
import type { OpportunityCard } from './pipeline.service';

/** Cards each stage's lists keep: the board's first page (soonest close) and the stuck list (longest in stage). */
export const listCaps = { byClose: 25, oldest: 10, removed: 100 } as const;
/** Below these, a stage's lists are refilled from the board index. */
export const listRefillBelow = { byClose: 15, oldest: 5 } as const;
/** Distinct win/loss reasons kept per month row; the rest count under one "other" entry. */
export const reasonCap = 200;

const figures = z.object({ count: z.number(), amount: z.number(), weighted: z.number() });
export type Figures = z.infer<typeof figures>;
/** What the scope row knows of a list without holding it: its length and the sort key of its last card. */
const listShadow = z.object({ n: z.number().int(), edge: z.string().optional() });
type ListShadow = z.infer<typeof listShadow>;

const stageState = z.object({
  count: z.number().int(),
  amount: z.number(),
  weighted: z.number(),
  /** Open deals by the UTC day they entered the stage: exact stuck counts without reading the deals. */
  entered: z.record(z.string(), z.number().int()),
  /** Open deals of this stage by expected close month: the forecast. */
  months: z.record(z.string(), figures),
  byClose: listShadow,
  oldest: listShadow,
});
export type StageState = z.infer<typeof stageState>;
const emptyStage = (): StageState => ({ count: 0, amount: 0, weighted: 0, entered: {}, months: {}, byClose: { n: 0 }, oldest: { n: 0 } });

const ownerMonth = z.object({
  name: z.string(),
  newCount: z.number().int(),
  wonCount: z.number().int(),
  wonAmount: z.number(),
  lostCount: z.number().int(),
  lostAmount: z.number(),
  /** Σ days from creation to won, for the average cycle. */
  cycleDays: z.number(),
});
export type OwnerMonth = z.infer<typeof ownerMonth>;
const dwellStats = z.object({ n: z.number().int(), sum: z.number(), hist: z.record(z.string(), z.number().int()) });
export type DwellStats = z.infer<typeof dwellStats>;

export const monthSchema = z.object({
  owners: z.record(z.string(), ownerMonth),
  dwell: z.record(z.string(), dwellStats),
  reasons: z.record(
    z.string(),
    z.object({ outcome: z.enum(['won', 'lost']), reason: z.string(), count: z.number().int(), amount: z.number() }),
  ),
});
export type MonthState = z.infer<typeof monthSchema>;
export const emptyMonth = (): MonthState => ({ owners: {}, dwell: {}, reasons: {} });

/**
 * Change ids a rollup row remembers, so a change applied again (completing a deal write that failed part-way) counts
 * once. A change is recognised while it is among the last hundred the row took. A deal write commits its scope rows
 * after every other derived write and clears the change off the deal right after; only a change whose clear failed,
 * completed again after the tenant's next hundred changes, could be counted twice in the tenant-wide row.
 * Ids are kept compact: a quarter of the id's length in a row read on every write.
 */
export const dealChanges = appliedChanges({ keep: 100, compact: true });

/** One row per scope with every figure of its open deals: one read for the funnel, forecast and stuck counts. */
export const scopeSchema = z.object({
  applied,
  stages: z.record(z.string(), stageState),
  owners: z.record(z.string(), z.object({ name: z.string(), count: z.number().int(), amount: z.number() })),
  /** Deals that reached each stage or passed over it: conversion between stages. */
  reached: z.record(z.string(), z.number().int()),
  /** Period figures of this month and the last, where nearly every change lands; older months have rows of their own. */
  recent: z.record(z.string(), monthSchema).default({}),
});
export type ScopeState = z.infer<typeof scopeSchema>;
export const emptyScope = (): ScopeState => ({ applied: [], stages: {}, owners: {}, reached: {}, recent: {} });

/**
 * A scope's state is stored in two rows. Its figures (stages, conversion, dwell) change with every change; its people
 * (owners' open deals, their months, win/loss reasons) only when a deal is created, closed, reopened, or changes owner,
 * amount or scope. A stage move writes the figures row alone, a third of the size of both.
 */
export const figuresPartSchema = scopeSchema.omit({ owners: true, recent: true }).extend({
  recent: z.record(z.string(), monthSchema.pick({ dwell: true })).default({}),
});
export type FiguresPart = z.infer<typeof figuresPartSchema>;
export const peoplePartSchema = scopeSchema.pick({ owners: true }).extend({
  recent: z.record(z.string(), monthSchema.pick({ owners: true, reasons: true })).default({}),
});
export type PeoplePart = z.infer<typeof peoplePartSchema>;

export function splitScope({ owners, recent, ...figures }: ScopeState): [FiguresPart, PeoplePart] {
  const months = Object.entries(recent);
  return [
    { ...figures, recent: Object.fromEntries(months.map(([month, { dwell }]) => [month, { dwell }])) },
    {
      owners,
      recent: Object.fromEntries(months.map(([month, { owners: monthOwners, reasons }]) => [month, { owners: monthOwners, reasons }])),
    },
  ];
}

export function joinScope(figures: FiguresPart | undefined, people: PeoplePart | undefined): ScopeState {
  const recent: Record<string, MonthState> = {};
  for (const [month, { dwell }] of Object.entries(figures?.recent ?? {})) recent[month] = { ...(recent[month] ?? emptyMonth()), dwell };
  for (const [month, part] of Object.entries(people?.recent ?? {}))
    recent[month] = { ...(recent[month] ?? emptyMonth()), owners: part.owners, reasons: part.reasons };
  return {
    applied: figures?.applied ?? [],
    stages: figures?.stages ?? {},
    reached: figures?.reached ?? {},
    owners: people?.owners ?? {},
    recent,
  };
}

/** False for a change that leaves every scope's people as they were: a deal open before and after, with the same owner, amount and scopes. */
export function peopleTouched({ from, to }: DealChange): boolean {
  if (!from || from.card.status !== 'open' || to.card.status !== 'open') return true;
  const same = <K extends keyof OpportunityCard>(field: K) => from.card[field] === to.card[field];
  return !(
    same('ownerId') &&
    same('ownerName') &&
    same('reportingAmount') &&
    from.createdAt === to.createdAt &&
    scopesOf(scopedOf(from)).join() === scopesOf(scopedOf(to)).join()
  );
}

/** Adds one month's figures into another (a month leaving the scope row's recent window into its own row). */
export function mergeMonth(target: MonthState, source: MonthState): void {
  for (const [ownerId, owner] of Object.entries(source.owners)) {
    const into = (target.owners[ownerId] ??= {
      name: owner.name,
      newCount: 0,
      wonCount: 0,
      wonAmount: 0,
      lostCount: 0,
      lostAmount: 0,
      cycleDays: 0,
    });
    into.newCount += owner.newCount;
    into.wonCount += owner.wonCount;
    into.wonAmount = roundMoney(into.wonAmount + owner.wonAmount);
    into.lostCount += owner.lostCount;
    into.lostAmount = roundMoney(into.lostAmount + owner.lostAmount);
    into.cycleDays = Math.round((into.cycleDays + owner.cycleDays) * 100) / 100;
  }
  for (const [stageId, stats] of Object.entries(source.dwell)) {
    const into = (target.dwell[stageId] ??= { n: 0, sum: 0, hist: {} });
    into.n += stats.n;
    into.sum = Math.round((into.sum + stats.sum) * 100) / 100;
    for (const [day, n] of Object.entries(stats.hist)) into.hist[day] = (into.hist[day] ?? 0) + n;
  }
  for (const [key, entry] of Object.entries(source.reasons)) {
    const into = (target.reasons[key] ??= { ...entry, count: 0, amount: 0 });
    into.count += entry.count;
    into.amount = roundMoney(into.amount + entry.amount);
  }
}

/** The cards of one stage in one scope: a prefix of its deals by close date, and one by time in stage. */
export const listSchema = z.object({
  byClose: z.array(cardSchema),
  oldest: z.array(cardSchema),
  /** Recently removed deal ids, so a refill read before their removal does not bring them back. */
  removed: z.array(z.string()),
});
export type ListState = z.infer<typeof listSchema>;
export const emptyList = (): ListState => ({ byClose: [], oldest: [], removed: [] });

const closeKey = (card: OpportunityCard) => `${card.expectedCloseDate}|${card.id}`;
const enteredKey = (card: OpportunityCard) => `${card.stageEnteredAt}|${card.id}`;
export const byCloseOrder = (a: OpportunityCard, b: OpportunityCard) => closeKey(a).localeCompare(closeKey(b));
export const oldestOrder = (a: OpportunityCard, b: OpportunityCard) => enteredKey(a).localeCompare(enteredKey(b));

/** The same decision as `placeInList`, from a list's shadow: would the item end up in the list? */
function wouldEnter(shadow: ListShadow, key: string, total: number, cap: number): boolean {
  const before = shadow.edge !== undefined && key < shadow.edge;
  const complete = shadow.n >= total - 1;
  if (!complete && !before) return false;
  return shadow.n < cap || before;
}
/** Lists are prefixes of their order, so a card is listed exactly when its key is not after the last listed one. */
const isListed = (shadow: ListShadow, key: string) => shadow.n > 0 && shadow.edge !== undefined && key <= shadow.edge;

const isOpenIn = (snapshot: DealSnapshot | null, scope: ScopeKey, stageId?: string): snapshot is DealSnapshot =>
  snapshot !== null &&
  snapshot.card.status === 'open' &&
  (stageId === undefined || snapshot.card.stageId === stageId) &&
  scopesOf(scopedOf(snapshot)).includes(scope);
const reachedIn = (snapshot: DealSnapshot | null, scope: ScopeKey, stageId: string) =>
  snapshot !== null && snapshot.reached.includes(stageId) && scopesOf(scopedOf(snapshot)).includes(scope);
const weightedOf = (card: OpportunityCard) => (card.reportingAmount * card.probability) / 100;
const add = (target: Figures, card: OpportunityCard, sign: number) => {
  target.count += sign;
  target.amount = roundMoney(target.amount + sign * card.reportingAmount);
  target.weighted = roundMoney(target.weighted + sign * weightedOf(card));
};

/** The scopes a change can alter: every scope of either version. */
export function scopesTouched({ from, to }: DealChange): ScopeKey[] {
  return [...new Set([...(from ? scopesOf(scopedOf(from)) : []), ...scopesOf(scopedOf(to))])];
}

/**
 * Applies a change to a scope's figures in place and returns the stages whose card lists it changes: only those
 * list rows need reading and writing, which for a deal outside a busy stage's first cards is none.
 */
export function applyToScope(state: ScopeState, scope: ScopeKey, { from, to }: DealChange): string[] {
  for (const stageId of new Set([...(from?.reached ?? []), ...to.reached])) {
    const delta = (reachedIn(to, scope, stageId) ? 1 : 0) - (reachedIn(from, scope, stageId) ? 1 : 0);
    if (delta !== 0) state.reached[stageId] = (state.reached[stageId] ?? 0) + delta;
  }
  const lists = new Set<string>();
  if (isOpenIn(from, scope)) {
    const stage = (state.stages[from.card.stageId] ??= emptyStage());
    add(stage, from.card, -1);
    const day = from.card.stageEnteredAt.slice(0, 10);
    stage.entered[day] = (stage.entered[day] ?? 0) - 1;
    if (stage.entered[day]! <= 0) delete stage.entered[day];
    const month = monthOf(from.card.expectedCloseDate);
    const forecast = (stage.months[month] ??= { count: 0, amount: 0, weighted: 0 });
    add(forecast, from.card, -1);
    if (forecast.count <= 0) delete stage.months[month];
    const owner = state.owners[from.card.ownerId];
    if (owner) {
      owner.count -= 1;
      owner.amount = roundMoney(owner.amount - from.card.reportingAmount);
      if (owner.count <= 0) delete state.owners[from.card.ownerId];
    }
    if (isListed(stage.byClose, closeKey(from.card)) || isListed(stage.oldest, enteredKey(from.card))) lists.add(from.card.stageId);
  }
  if (isOpenIn(to, scope)) {
    const stage = (state.stages[to.card.stageId] ??= emptyStage());
    add(stage, to.card, 1);
    const day = to.card.stageEnteredAt.slice(0, 10);
    stage.entered[day] = (stage.entered[day] ?? 0) + 1;
    add((stage.months[monthOf(to.card.expectedCloseDate)] ??= { count: 0, amount: 0, weighted: 0 }), to.card, 1);
    const owner = (state.owners[to.card.ownerId] ??= { name: to.card.ownerName, count: 0, amount: 0 });
    owner.name = to.card.ownerName;
    owner.count += 1;
    owner.amount = roundMoney(owner.amount + to.card.reportingAmount);
    // A card moving within the stage's lists was taken out above only if listed; judge entry on the lists as they are.
    const removed = lists.has(to.card.stageId) ? 1 : 0;
    const shadow = (list: ListShadow) => ({ n: list.n - removed, edge: list.edge });
    if (
      wouldEnter(shadow(stage.byClose), closeKey(to.card), stage.count, listCaps.byClose) ||
      wouldEnter(shadow(stage.oldest), enteredKey(to.card), stage.count, listCaps.oldest)
    )
      lists.add(to.card.stageId);
  }
  return [...lists];
}

/** Applies a change to one stage's card lists in place and records their new shadows in the scope's figures. */
export function applyToList(list: ListState, stage: StageState, scope: ScopeKey, stageId: string, { from, to }: DealChange): void {
  const id = to.card.id;
  const wasIn = isOpenIn(from, scope, stageId);
  const isIn = isOpenIn(to, scope, stageId);
  list.byClose = list.byClose.filter((card) => card.id !== id);
  list.oldest = list.oldest.filter((card) => card.id !== id);
  if (wasIn && !isIn) list.removed = [...list.removed.filter((r) => r !== id), id].slice(-listCaps.removed);
  if (isIn) {
    list.removed = list.removed.filter((r) => r !== id);
    list.byClose = placeInList(list.byClose, to.card, byCloseOrder, stage.count, listCaps.byClose);
    list.oldest = placeInList(list.oldest, to.card, oldestOrder, stage.count, listCaps.oldest);
  }
  shadowLists(list, stage);
}

/** Records the lists' lengths and last keys in the stage's figures. */
export function shadowLists(list: ListState, stage: StageState): void {
  const last = (cards: OpportunityCard[], key: (card: OpportunityCard) => string) => (cards.length > 0 ? key(cards.at(-1)!) : undefined);
  stage.byClose = { n: list.byClose.length, ...(last(list.byClose, closeKey) ? { edge: last(list.byClose, closeKey) } : {}) };
  stage.oldest = { n: list.oldest.length, ...(last(list.oldest, enteredKey) ? { edge: last(list.oldest, enteredKey) } : {}) };
}

/** Merges cards read from the board index into a stage's lists, leaving out deals removed since. */
export function refillList(list: ListState, stage: StageState, cards: readonly OpportunityCard[]): void {
  const removed = new Set(list.removed);
  const merge = (current: OpportunityCard[], order: (a: OpportunityCard, b: OpportunityCard) => number, cap: number) => {
    const byId = new Map(current.map((card) => [card.id, card]));
    for (const card of cards) if (!removed.has(card.id) && !byId.has(card.id)) byId.set(card.id, card);
    return [...byId.values()].sort(order).slice(0, cap);
  };
  list.byClose = merge(list.byClose, byCloseOrder, listCaps.byClose);
  list.oldest = merge(list.oldest, oldestOrder, listCaps.oldest);
  shadowLists(list, stage);
}

/** True when removals left a stage's lists shorter than the board and stuck views need. */
export const needsRefill = (stage: StageState): boolean =>
  stage.byClose.n < Math.min(listRefillBelow.byClose, stage.count) || stage.oldest.n < Math.min(listRefillBelow.oldest, stage.count);

const cycleDays = (snapshot: DealSnapshot) => Math.max(0, (Date.parse(snapshot.closedAt!) - Date.parse(snapshot.createdAt)) / 86_400_000);
export const reasonKey = (reason: string | undefined) =>
  (reason ?? '').normalize('NFKC').trim().toLowerCase().replace(/\s+/gu, ' ').slice(0, 100);

/** What a version of a deal counts in one scope's month: its creation and its outcome there, or nothing. */
function monthSignature(s: DealSnapshot | null, scope: ScopeKey, month: string): string {
  if (!s || !scopesOf(scopedOf(s)).includes(scope)) return '';
  const { ownerId, ownerName, status, reportingAmount } = s.card;
  const created = monthOf(s.createdAt) === month ? [ownerId, ownerName] : null;
  const closed =
    status !== 'open' && s.closedAt !== undefined && monthOf(s.closedAt) === month
      ? [ownerId, ownerName, status, reportingAmount, reasonKey(s.outcomeReason), s.outcomeReason?.trim(), s.createdAt]
      : null;
  return created || closed ? JSON.stringify([created, closed]) : '';
}

/** The (scope, month) figures a change alters: where a version was created or closed and the two differ, and the dwell sample's month. */
export function monthsTouched(change: DealChange): { scope: ScopeKey; month: string }[] {
  const touched = new Map<string, { scope: ScopeKey; month: string }>();
  const months = new Set<string>();
  for (const s of [change.from, change.to]) {
    if (!s) continue;
    months.add(monthOf(s.createdAt));
    if (s.closedAt) months.add(monthOf(s.closedAt));
  }
  for (const scope of scopesTouched(change)) {
    for (const month of months)
      if (monthSignature(change.from, scope, month) !== monthSignature(change.to, scope, month))
        touched.set(`${scope}\u0000${month}`, { scope, month });
    if (change.dwell && scopesOf(scopedOf(change.to)).includes(scope))
      touched.set(`${scope}\u0000${monthOf(change.dwell.at)}`, { scope, month: monthOf(change.dwell.at) });
  }
  return [...touched.values()];
}

function applyMonthContribution(state: MonthState, scope: ScopeKey, month: string, s: DealSnapshot | null, sign: number): void {
  if (!s || !scopesOf(scopedOf(s)).includes(scope)) return;
  const closedHere = s.card.status !== 'open' && s.closedAt !== undefined && monthOf(s.closedAt) === month;
  const createdHere = monthOf(s.createdAt) === month;
  if (!closedHere && !createdHere) return;
  const owner = (state.owners[s.card.ownerId] ??= {
    name: s.card.ownerName,
    newCount: 0,
    wonCount: 0,
    wonAmount: 0,
    lostCount: 0,
    lostAmount: 0,
    cycleDays: 0,
  });
  if (sign > 0) owner.name = s.card.ownerName;
  if (createdHere) owner.newCount += sign;
  if (closedHere) {
    const amount = s.card.reportingAmount;
    if (s.card.status === 'won') {
      owner.wonCount += sign;
      owner.wonAmount = roundMoney(owner.wonAmount + sign * amount);
      owner.cycleDays = Math.round((owner.cycleDays + sign * cycleDays(s)) * 100) / 100;
    } else {
      owner.lostCount += sign;
      owner.lostAmount = roundMoney(owner.lostAmount + sign * amount);
    }
    const reason = reasonKey(s.outcomeReason);
    let key = `${s.card.status}|${reason}`;
    if (!state.reasons[key] && Object.keys(state.reasons).length >= reasonCap) key = `${s.card.status}|…`;
    const entry = (state.reasons[key] ??= {
      outcome: s.card.status as 'won' | 'lost',
      reason: key.slice(key.indexOf('|') + 1),
      count: 0,
      amount: 0,
    });
    if (sign > 0 && s.outcomeReason && key !== `${s.card.status}|…`) entry.reason = s.outcomeReason.trim().slice(0, 100);
    entry.count += sign;
    entry.amount = roundMoney(entry.amount + sign * amount);
    if (entry.count <= 0) delete state.reasons[key];
  }
  if (Object.values(owner).every((value) => typeof value === 'string' || value === 0)) delete state.owners[s.card.ownerId];
}

/** Applies a change to one month row's state in place. */
export function applyToMonth(state: MonthState, scope: ScopeKey, month: string, change: DealChange): void {
  if (monthSignature(change.from, scope, month) !== monthSignature(change.to, scope, month)) {
    applyMonthContribution(state, scope, month, change.from, -1);
    applyMonthContribution(state, scope, month, change.to, 1);
  }
  const { dwell } = change;
  if (dwell && monthOf(dwell.at) === month && scopesOf(scopedOf(change.to)).includes(scope)) {
    const stats = (state.dwell[dwell.stageId] ??= { n: 0, sum: 0, hist: {} });
    stats.n += 1;
    stats.sum = Math.round((stats.sum + dwell.days) * 100) / 100;
    // Whole days up to a year, then by month: the histogram stays bounded.
    const bucket = dwell.days < 365 ? Math.floor(dwell.days) : 365 + Math.floor((dwell.days - 365) / 30) * 30;
    stats.hist[bucket] = (stats.hist[bucket] ?? 0) + 1;
  }
}
