// Writing deals: create, ETag-checked update and stage moves, each followed by its history row, board index row and rollups.
// Each write carries the change its derived rows need on the deal's row, so a failure part-way is completed later (deal-sync.ts).
import { randomUUID } from 'node:crypto';
import type { Actor } from '../../core/actor';
import type { Clock } from '../../core/clock';
import { AppError } from '../../core/errors';
import { parseWith } from '../../core/validation';
import type { Stored } from '../../storage/repository';
import { idInBucket } from '../../storage/shards';
import type { Account, AccountsService } from '../accounts';
import type { BoardIndex } from './board-index.store';
import type { DealSync } from './deal-sync';
import type { OpportunitySearch } from './opportunity-search';
import { changeIdOf, snapshotOf, type PendingChange } from './deal-snapshot';
import { productsTotal, toReporting } from './money';
import { historyRow, idBucket, isCurrent, opportunityAddress, opportunityPartition, opportunityRowSchema, toStoredOpportunity, versionTag, type OpportunityRow, type PipelineStore } from './opportunity.store';
import { daysBetween, scopesOf } from './pipeline-scope';
import { type Opportunity, type Stage, type StageChange, type StageModel } from './pipeline.schema';
import type { NewOpportunity, OpportunityChanges } from './pipeline.service';
import { enterableStage, firstOpenStage, funnelOrder, stageOf } from './stage-model.rules';

export interface WriteDeps {
  store: PipelineStore;
  index: BoardIndex;
  search: OpportunitySearch;
  sync: DealSync;
  accounts: AccountsService;
  clock: Clock;
  stageModel(tenantId: string): Promise<Stored<StageModel>>;
}

/** Stages a deal has reached once it is in `stage`: every funnel stage up to it, plus those it reached before. */
export function reachedWith(model: StageModel, previous: readonly string[], stage: Stage): string[] {
  const order = funnelOrder(model);
  const position = order.indexOf(stage.id);
  const reached = new Set(previous);
  if (position >= 0) for (const id of order.slice(0, position + 1)) reached.add(id);
  return order.filter((id) => reached.has(id)).concat([...reached].filter((id) => !order.includes(id)));
}

/** The CONFLICT a stale write answers with, carrying the current version so a client can show it without another call. */
export function conflictWith(stored: Stored<OpportunityRow>): AppError {
  const current = toStoredOpportunity(stored);
  return new AppError('CONFLICT', { entity: 'opportunity' }, { current: { ...current.value, etag: current.etag } });
}

/** Tries of a write whose storage ETag moved under it (a cleared change, or a racing write when no ETag was given). */
const maxWriteAttempts = 5;

const isConflict = (error: unknown) => error instanceof AppError && error.code === 'CONFLICT';

/** The change a write of `next` over `previous` (null for a new deal) brings its derived rows, to store with it. */
function changeOf(previous: OpportunityRow | null, next: OpportunityRow, at: string, extra: Pick<PendingChange, 'dwell' | 'history'> = {}): PendingChange {
  return {
    changeId: changeIdOf(next.id, next.version),
    at,
    from: previous && snapshotOf(previous, versionTag(previous), previous.reached),
    to: snapshotOf(next, versionTag(next), next.reached),
    ...extra,
  };
}

const dropUndefined = <T extends object>(value: T): T => Object.fromEntries(Object.entries(value).filter(([, field]) => field !== undefined)) as T;

export function createOpportunityWrites(deps: WriteDeps) {
  const { store, index, search, sync, accounts, clock } = deps;

  function build(actor: Actor, model: StageModel, account: Account, input: NewOpportunity, now: string, id: string = randomUUID()): OpportunityRow {
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
    });
    const row = parseWith(opportunityRowSchema, deal);
    return { ...row, pending: changeOf(null, row, now, { history: { opportunityId: row.id, toStageId: row.stageId, at: now, byUserId: actor.userId, byName: actor.displayName } }) };
  }

  async function read(tenantId: string, id: string): Promise<Stored<OpportunityRow>> {
    return store.opportunities.getOrThrow(opportunityAddress(tenantId, id));
  }

  /** Replaces the record if unchanged since `current` was read; a lost race is undefined, for the caller to read again. */
  async function replaceOrRace(tenantId: string, next: OpportunityRow, current: Stored<OpportunityRow>): Promise<Stored<OpportunityRow> | undefined> {
    try {
      return await store.opportunities.replace(opportunityAddress(tenantId, next.id), next, current.etag);
    } catch (error) {
      if (isConflict(error)) return undefined;
      throw error;
    }
  }

  /**
   * The write of an update or a move: reads the deal, completes a change an earlier write left on it (a retried write
   * then completes its first try), and replaces it with what `next` makes of it, which carries its own change; `next`
   * returns undefined when the deal stays as it is. The storage ETag also moves when a change is cleared off the row, so
   * a lost race reads again: with an ETag the version check decides, without one any race is tried again.
   */
  async function rewrite(tenantId: string, id: string, etag: string | undefined, next: (deal: OpportunityRow, model: StageModel) => OpportunityRow | undefined): Promise<Stored<Opportunity>> {
    for (let attempt = 1; ; attempt += 1) {
      const [{ value: model }, current] = await Promise.all([deps.stageModel(tenantId), read(tenantId, id)]);
      if (etag !== undefined && !isCurrent(current, etag)) throw conflictWith(current);
      const completed = await sync.complete(tenantId, current);
      const written = next(current.value, model);
      if (!written) {
        if (completed) sync.release(tenantId, current);
        return toStoredOpportunity(current);
      }
      const stored = await replaceOrRace(tenantId, written, current);
      if (!stored) {
        if (attempt >= maxWriteAttempts) throw conflictWith(await read(tenantId, id));
        continue;
      }
      sync.follow(tenantId, stored);
      return toStoredOpportunity(stored);
    }
  }

  return {
    /** `origin` links a deal made from a lead, with the id the lead already names. */
    async createOpportunity(actor: Actor, input: NewOpportunity, origin: { leadId?: string; id?: string } = {}): Promise<Stored<Opportunity>> {
      const [{ value: model }, { value: account }] = await Promise.all([deps.stageModel(actor.tenantId), accounts.getAccount(actor.tenantId, input.accountId)]);
      const now = clock.now().toISOString();
      const built = build(actor, model, account, input, now, origin.id);
      const deal: OpportunityRow = origin.leadId ? { ...built, leadId: origin.leadId } : built;
      const stored = await store.opportunities.create(opportunityAddress(actor.tenantId, deal.id), deal);
      sync.follow(actor.tenantId, stored);
      return toStoredOpportunity(stored);
    },

    /**
     * Creates many deals for one owner (imports, seeding): records in one transaction per id bucket, board rows per
     * stage, and each rollup row written once for the whole batch. Accounts must exist; any invalid input fails the batch
     * before anything is written. Each record carries its own change, so a batch that fails part-way is completed deal by deal.
     */
    async importOpportunities(actor: Actor, inputs: readonly NewOpportunity[]): Promise<Stored<Opportunity>[]> {
      const { value: model } = await deps.stageModel(actor.tenantId);
      const accountIds = [...new Set(inputs.map((input) => input.accountId))];
      const accountList = await Promise.all(accountIds.map((id) => accounts.getAccount(actor.tenantId, id)));
      const byId = new Map(accountList.map((stored) => [stored.value.id, stored.value]));
      const now = clock.now().toISOString();
      // One id bucket for the whole batch: the records share a partition and go in transactions of 100.
      const bucket = idBucket(randomUUID());
      const deals = inputs.map((input) => build(actor, model, byId.get(input.accountId)!, input, now, idInBucket(bucket)));
      const partition = opportunityPartition(deals[0]?.id ?? bucket);
      const written = deals.length === 0 ? new Map<string, string>() : await store.opportunities.transact(actor.tenantId, partition, deals.map((deal) => ({ kind: 'create' as const, row: [deal.id], value: deal })));
      const stored = deals.map((deal) => ({ value: deal, etag: written.get(deal.id) ?? '' }));
      const changes = deals.map((deal) => deal.pending!);
      const byStage = new Map<string, PendingChange[]>();
      for (const change of changes) if (change.to.card.status === 'open') byStage.set(change.to.card.stageId, [...(byStage.get(change.to.card.stageId) ?? []), change]);
      const derived = Promise.all([
        ...[...byStage.entries()].map(([stageId, list]) =>
          index.insertMany(actor.tenantId, stageId, list.map(({ to }) => ({ snapshot: to, scopes: scopesOf({ ownerId: to.card.ownerId, team: to.card.team, industry: to.industry, region: to.region }) }))),
        ),
        search.insertMany(actor.tenantId, changes.map((change) => change.to)),
        ...changes.map(({ changeId, history }) =>
          store.history.create({ tenantId: actor.tenantId, partition: ['deal', history!.opportunityId], row: historyRow(history!, changeId) }, history!).catch((error: unknown) => {
            if (!(error instanceof AppError && error.code === 'ALREADY_EXISTS')) throw error;
          }),
        ),
      ]);
      if (stored.length > 0) await sync.followBatch(actor.tenantId, partition, stored, derived);
      return stored.map(toStoredOpportunity);
    },

    async updateOpportunity(actor: Actor, id: string, changes: OpportunityChanges, etag: string): Promise<Stored<Opportunity>> {
      return rewrite(actor.tenantId, id, etag, (deal, model) => {
        const products = changes.products ?? deal.products;
        const amount = changes.amount ?? (changes.products ? productsTotal(products) : deal.amount);
        const currency = changes.currency ?? deal.currency;
        const next: OpportunityRow = dropUndefined({
          ...deal,
          ...changes,
          products,
          amount,
          currency,
          reportingAmount: toReporting(model, amount, currency),
          updatedAt: clock.now().toISOString(),
          version: deal.version + 1,
          pending: undefined,
        });
        next.pending = changeOf(deal, next, next.updatedAt);
        return next;
      });
    },

    /** See PipelineService.moveOpportunity. Without an ETag a move that loses a race to another write is tried again. */
    async moveOpportunity(actor: Actor, id: string, move: { stageId: string; reason?: string }, etag?: string): Promise<Stored<Opportunity>> {
      return rewrite(actor.tenantId, id, etag, (deal, model) => {
        // A move to the stage the deal is in changes nothing (a closed deal may get its reason), even if that stage was retired.
        const unchanged = deal.stageId === move.stageId && (deal.status === 'open' || move.reason === undefined || move.reason === deal.outcomeReason);
        if (unchanged) return undefined;
        const stage = deal.stageId === move.stageId ? stageOf(model, move.stageId) : enterableStage(model, move.stageId);
        const now = clock.now().toISOString();
        const sameStage = deal.stageId === stage.id;
        const outcomeReason = stage.kind === 'open' ? undefined : (move.reason ?? (sameStage ? deal.outcomeReason : undefined));
        if (stage.kind === 'lost' && !outcomeReason && model.lostReasonRequired) throw new AppError('LOST_REASON_REQUIRED', { title: deal.title }, { field: 'reason' });
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
          pending: undefined,
        });
        const dwellDays = daysBetween(deal.stageEnteredAt, now);
        const history: StageChange | undefined = sameStage
          ? undefined
          : dropUndefined({ opportunityId: id, fromStageId: deal.stageId, toStageId: stage.id, at: now, byUserId: actor.userId, byName: actor.displayName, dwellDays, reason: move.reason });
        next.pending = changeOf(deal, next, now, sameStage ? {} : { dwell: { stageId: deal.stageId, days: dwellDays, at: now }, history });
        return next;
      });
    },

    /** A read completes a change its writer seems to have left unfinished (see deal-sync.ts). */
    async getOpportunity(tenantId: string, id: string): Promise<Stored<Opportunity>> {
      const stored = await read(tenantId, id);
      await sync.repair(tenantId, stored);
      return toStoredOpportunity(stored);
    },

    /** A read that completes any change left on the deal, however recent: for a retry that must find the deal whole. */
    async settledOpportunity(tenantId: string, id: string): Promise<Stored<Opportunity>> {
      const stored = await read(tenantId, id);
      await sync.repair(tenantId, stored, 0);
      return toStoredOpportunity(stored);
    },
  };
}

export type OpportunityWrites = ReturnType<typeof createOpportunityWrites>;
