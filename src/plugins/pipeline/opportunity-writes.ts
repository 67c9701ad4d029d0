// Writing deals: create, ETag-checked update and stage moves, each followed by its history row, board index row and rollups.
import { randomUUID } from 'node:crypto';
import type { Actor } from '../../core/actor';
import type { Clock } from '../../core/clock';
import { AppError } from '../../core/errors';
import { parseWith } from '../../core/validation';
import type { Stored } from '../../storage/repository';
import { idInBucket } from '../../storage/shards';
import type { Account, AccountsService } from '../accounts';
import type { BoardIndex } from './board-index.store';
import type { OpportunitySearch } from './opportunity-search';
import { snapshotOf, type DealChange } from './deal-snapshot';
import { productsTotal, toReporting } from './money';
import { historyRow, idBucket, opportunityAddress, opportunityPartition, opportunityRowSchema, toStoredOpportunity, type OpportunityRow, type PipelineStore } from './opportunity.store';
import type { PipelineRollups } from './pipeline-rollup.store';
import { daysBetween, scopesOf } from './pipeline-scope';
import { type Opportunity, type Stage, type StageChange, type StageModel } from './pipeline.schema';
import type { NewOpportunity, OpportunityChanges } from './pipeline.service';
import { enterableStage, firstOpenStage, funnelOrder, stageOf } from './stage-model.rules';

export interface WriteDeps {
  store: PipelineStore;
  index: BoardIndex;
  search: OpportunitySearch;
  rollups: PipelineRollups;
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
export const conflictWith = (current: Stored<Opportunity>) => new AppError('CONFLICT', { entity: 'opportunity' }, { current: { ...current.value, etag: current.etag } });

const dropUndefined = <T extends object>(value: T): T => Object.fromEntries(Object.entries(value).filter(([, field]) => field !== undefined)) as T;

export function createOpportunityWrites(deps: WriteDeps) {
  const { store, index, search, rollups, accounts, clock } = deps;

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
    });
    return parseWith(opportunityRowSchema, deal);
  }

  /** History, board index and rollups after the record is written: in parallel, all before the caller hears back. */
  async function follow(tenantId: string, change: DealChange, history: StageChange | undefined): Promise<void> {
    await Promise.all([
      history && store.history.create({ tenantId, partition: ['deal', history.opportunityId], row: historyRow(history, randomUUID().slice(0, 8)) }, history),
      index.apply(tenantId, change.from, change.to, scopesOf({ ownerId: change.to.card.ownerId, team: change.to.card.team, industry: change.to.industry, region: change.to.region })),
      rollups.apply(tenantId, [change]),
      search.apply(tenantId, change.from, change.to),
    ]);
  }

  async function read(tenantId: string, id: string): Promise<Stored<OpportunityRow>> {
    return store.opportunities.getOrThrow(opportunityAddress(tenantId, id));
  }

  return {
    /** `origin` links a deal made from a lead, with the id the lead already names. */
    async createOpportunity(actor: Actor, input: NewOpportunity, origin: { leadId?: string; id?: string } = {}): Promise<Stored<Opportunity>> {
      const [{ value: model }, { value: account }] = await Promise.all([deps.stageModel(actor.tenantId), accounts.getAccount(actor.tenantId, input.accountId)]);
      const now = clock.now().toISOString();
      const deal = { ...build(actor, model, account, input, now), ...(origin.leadId ? { leadId: origin.leadId } : {}), ...(origin.id ? { id: origin.id } : {}) };
      const stored = await store.opportunities.create(opportunityAddress(actor.tenantId, deal.id), deal);
      const to = snapshotOf(stored.value, stored.etag, stored.value.reached);
      const history: StageChange = { opportunityId: deal.id, toStageId: deal.stageId, at: now, byUserId: actor.userId, byName: actor.displayName };
      await follow(actor.tenantId, { from: null, to }, history);
      return toStoredOpportunity(stored);
    },

    /**
     * Creates many deals for one owner (imports, seeding): records in one transaction per id bucket, board rows per
     * stage, and each rollup row written once for the whole batch. Accounts must exist; any invalid input fails the batch
     * before anything is written.
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
      const buckets = new Map<string, OpportunityRow[]>();
      for (const deal of deals) {
        const key = opportunityPartition(deal.id).join('|');
        buckets.set(key, [...(buckets.get(key) ?? []), deal]);
      }
      const etags = new Map<string, string>();
      await Promise.all(
        [...buckets.values()].map(async (group) => {
          const written = await store.opportunities.transact(actor.tenantId, opportunityPartition(group[0]!.id), group.map((deal) => ({ kind: 'create' as const, row: [deal.id], value: deal })));
          for (const deal of group) etags.set(deal.id, written.get(deal.id) ?? '');
        }),
      );
      const stored = deals.map((deal) => ({ value: deal, etag: etags.get(deal.id)! }));
      const changes = stored.map(({ value, etag }) => ({ from: null, to: snapshotOf(value, etag, value.reached) }));
      const byStage = new Map<string, typeof changes>();
      for (const change of changes) if (change.to.card.status === 'open') byStage.set(change.to.card.stageId, [...(byStage.get(change.to.card.stageId) ?? []), change]);
      await Promise.all([
        ...[...byStage.entries()].map(([stageId, list]) =>
          index.insertMany(actor.tenantId, stageId, list.map(({ to }) => ({ snapshot: to, scopes: scopesOf({ ownerId: to.card.ownerId, team: to.card.team, industry: to.industry, region: to.region }) }))),
        ),
        rollups.apply(actor.tenantId, changes),
        search.insertMany(actor.tenantId, changes.map((change) => change.to)),
        ...stored.map(({ value }) =>
          store.history.create({ tenantId: actor.tenantId, partition: ['deal', value.id], row: [now, '0'] }, { opportunityId: value.id, toStageId: value.stageId, at: now, byUserId: actor.userId, byName: actor.displayName }),
        ),
      ]);
      return stored.map(toStoredOpportunity);
    },

    async updateOpportunity(actor: Actor, id: string, changes: OpportunityChanges, etag: string): Promise<Stored<Opportunity>> {
      const [{ value: model }, current] = await Promise.all([deps.stageModel(actor.tenantId), read(actor.tenantId, id)]);
      if (current.etag !== etag) throw conflictWith(toStoredOpportunity(current));
      const deal = current.value;
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
      });
      const stored = await store.opportunities.replace(opportunityAddress(actor.tenantId, id), next, etag).catch(async (error: unknown) => {
        if (error instanceof AppError && error.code === 'CONFLICT') throw conflictWith(toStoredOpportunity(await read(actor.tenantId, id)));
        throw error;
      });
      await follow(actor.tenantId, { from: snapshotOf(deal, current.etag, deal.reached), to: snapshotOf(stored.value, stored.etag, stored.value.reached) }, undefined);
      return toStoredOpportunity(stored);
    },

    /** See PipelineService.moveOpportunity. Without an ETag a move that loses a race to another write is tried again. */
    async moveOpportunity(actor: Actor, id: string, move: { stageId: string; reason?: string }, etag?: string): Promise<Stored<Opportunity>> {
      for (let attempt = 0; ; attempt += 1) {
        const [{ value: model }, current] = await Promise.all([deps.stageModel(actor.tenantId), read(actor.tenantId, id)]);
        if (etag !== undefined && current.etag !== etag) throw conflictWith(toStoredOpportunity(current));
        const deal = current.value;
        // A move to the stage the deal is in changes nothing (a closed deal may get its reason), even if that stage was retired.
        const unchanged = deal.stageId === move.stageId && (deal.status === 'open' || move.reason === undefined || move.reason === deal.outcomeReason);
        if (unchanged) return toStoredOpportunity(current);
        const stage = deal.stageId === move.stageId ? stageOf(model, move.stageId) : enterableStage(model, move.stageId);
        const now = clock.now().toISOString();
        const sameStage = deal.stageId === stage.id;
        const next: OpportunityRow = dropUndefined({
          ...deal,
          stageId: stage.id,
          probability: sameStage ? deal.probability : stage.probability,
          status: stage.kind,
          stageEnteredAt: sameStage ? deal.stageEnteredAt : now,
          closedAt: stage.kind === 'open' ? undefined : sameStage ? deal.closedAt : now,
          outcomeReason: stage.kind === 'open' ? undefined : (move.reason ?? (sameStage ? deal.outcomeReason : undefined)),
          updatedAt: now,
          reached: reachedWith(model, deal.reached, stage),
        });
        let stored: Stored<OpportunityRow>;
        try {
          stored = await store.opportunities.replace(opportunityAddress(actor.tenantId, id), next, current.etag);
        } catch (error) {
          if (!(error instanceof AppError && error.code === 'CONFLICT')) throw error;
          if (etag !== undefined || attempt >= 4) throw conflictWith(toStoredOpportunity(await read(actor.tenantId, id)));
          continue;
        }
        const dwellDays = daysBetween(deal.stageEnteredAt, now);
        const history: StageChange | undefined = sameStage
          ? undefined
          : dropUndefined({ opportunityId: id, fromStageId: deal.stageId, toStageId: stage.id, at: now, byUserId: actor.userId, byName: actor.displayName, dwellDays, reason: move.reason });
        const change: DealChange = {
          from: snapshotOf(deal, current.etag, deal.reached),
          to: snapshotOf(stored.value, stored.etag, stored.value.reached),
          ...(sameStage ? {} : { dwell: { stageId: deal.stageId, days: dwellDays, at: now } }),
        };
        await follow(actor.tenantId, change, history);
        return toStoredOpportunity(stored);
      }
    },

    async getOpportunity(tenantId: string, id: string): Promise<Stored<Opportunity>> {
      return toStoredOpportunity(await read(tenantId, id));
    },
  };
}

export type OpportunityWrites = ReturnType<typeof createOpportunityWrites>;
