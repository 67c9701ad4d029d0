// Writing deals: create, ETag-checked update and stage moves, each followed by its history row, board index row and rollups.
// Each write carries the change its derived rows need on the deal's row, so a failure part-way is completed later (deal-sync.ts).
import { randomUUID } from 'node:crypto';
import type { Actor } from '../../core/actor';
import type { Clock } from '../../core/clock';
import { AppError, isAppError } from '../../core/errors';
import type { EventOutbox } from '../../core/events';
import type { Stored } from '../../storage/repository';
import { idInBucket } from '../../storage/buckets';
import type { Account, AccountsService } from '../accounts';
import type { BoardIndex } from './board-index.store';
import type { DealSync } from './deal-sync';
import type { OpportunitySearch } from './opportunity-search';
import { scopedOf, type DealSnapshot, type PendingChange } from './deal-snapshot';
import { buildDeal, changeOf, dropUndefined, movedDeal } from './deal-versions';
import { productsTotal, toReporting } from './money';
import {
  historyRow,
  idBucket,
  isCurrent,
  opportunityAddress,
  opportunityPartition,
  toStoredOpportunity,
  type OpportunityRow,
  type PipelineStore,
} from './opportunity.store';
import { inChangeOrder, replayPastDeal, type PastOpportunity } from './past-deals';
import { dealEvents, type PipelineEvents } from './pipeline.events';
import { scopesOf } from './pipeline-scope';
import type { Opportunity, StageChange, StageModel } from './pipeline.schema';
import type { NewOpportunity, OpportunityChanges } from './pipeline.service';

export { reachedWith } from './deal-versions';

export interface WriteDeps {
  store: PipelineStore;
  index: BoardIndex;
  search: OpportunitySearch;
  sync: DealSync;
  accounts: AccountsService;
  clock: Clock;
  outbox: EventOutbox<PipelineEvents>;
  stageModel(tenantId: string): Promise<Stored<StageModel>>;
}

/** The CONFLICT a stale write answers with, carrying the current version so a client can show it without another call. */
export function conflictWith(stored: Stored<OpportunityRow>): AppError {
  const current = toStoredOpportunity(stored);
  return new AppError('CONFLICT', { entity: 'opportunity' }, { current: { ...current.value, etag: current.etag } });
}

/** Tries of a write whose storage ETag moved under it (a cleared change, or a racing write when no ETag was given). */
const maxWriteAttempts = 5;

/** The history rows of changes by deal, in the changes' order. */
function historiesOf(changes: readonly PendingChange[]): Map<string, { kind: 'create'; row: string[]; value: StageChange }[]> {
  const byDeal = new Map<string, { kind: 'create'; row: string[]; value: StageChange }[]>();
  for (const { changeId, history } of changes) {
    if (history)
      byDeal.set(history.opportunityId, [
        ...(byDeal.get(history.opportunityId) ?? []),
        { kind: 'create', row: historyRow(history, changeId), value: history },
      ]);
  }
  return byDeal;
}

export function createOpportunityWrites(deps: WriteDeps) {
  const { store, index, search, sync, accounts, clock, outbox } = deps;

  async function accountsOf(tenantId: string, inputs: readonly NewOpportunity[]): Promise<Map<string, Account>> {
    const list = await Promise.all([...new Set(inputs.map((input) => input.accountId))].map((id) => accounts.getAccount(tenantId, id)));
    return new Map(list.map((stored) => [stored.value.id, stored.value]));
  }

  /**
   * Writes imported deals (all in one id bucket: they share a partition and go in transactions of 100), then what
   * `changes` derive: every history row, board and search rows of the deals as they are, and the rollups.
   */
  async function writeImported(actor: Actor, deals: OpportunityRow[], changes: PendingChange[]): Promise<Stored<Opportunity>[]> {
    if (deals.length === 0) return [];
    const partition = opportunityPartition(deals[0]!.id);
    const written = await store.opportunities.transact(
      actor.tenantId,
      partition,
      deals.map((deal) => ({ kind: 'create' as const, row: [deal.id], value: deal })),
    );
    const stored = deals.map((deal) => ({ value: deal, etag: written.get(deal.id) ?? '' }));
    const current = deals.map((deal) => deal.pending!.to);
    const byStage = new Map<string, DealSnapshot[]>();
    for (const to of current) if (to.card.status === 'open') byStage.set(to.card.stageId, [...(byStage.get(to.card.stageId) ?? []), to]);
    const derived = Promise.all([
      ...[...byStage.entries()].map(([stageId, list]) =>
        index.insertMany(
          actor.tenantId,
          stageId,
          list.map((to) => ({ snapshot: to, scopes: scopesOf(scopedOf(to)) })),
        ),
      ),
      search.insertMany(actor.tenantId, current),
      // A new deal's history is a partition of its own: one transaction per deal.
      ...[...historiesOf(changes)].map(([id, rows]) => store.history.transact(actor.tenantId, ['deal', id], rows)),
    ]);
    await sync.followBatch(actor.tenantId, partition, stored, derived, changes);
    return stored.map(toStoredOpportunity);
  }

  async function read(tenantId: string, id: string): Promise<Stored<OpportunityRow>> {
    return store.opportunities.getOrThrow(opportunityAddress(tenantId, id));
  }

  /** Replaces the record (with the events the write publishes) if unchanged since `current` was read; a lost race is undefined, for the caller to read again. */
  async function replaceOrRace(
    tenantId: string,
    next: OpportunityRow,
    current: Stored<OpportunityRow>,
  ): Promise<Stored<OpportunityRow> | undefined> {
    try {
      return await store.opportunities.replace(opportunityAddress(tenantId, next.id), next, current.etag, {
        outbox,
        events: dealEvents(outbox, next),
      });
    } catch (error) {
      if (isAppError(error, 'CONFLICT')) return undefined;
      throw error;
    }
  }

  /**
   * The write of an update or a move: reads the deal, completes a change an earlier write left on it (a retried write
   * then completes its first try), and replaces it with what `next` makes of it, which carries its own change; `next`
   * returns undefined when the deal stays as it is. The storage ETag also moves when a change is cleared off the row, so
   * a lost race reads again: with an ETag the version check decides, without one any race is tried again.
   */
  async function rewrite(
    tenantId: string,
    id: string,
    etag: string | undefined,
    next: (deal: OpportunityRow, model: StageModel) => OpportunityRow | undefined,
  ): Promise<Stored<Opportunity>> {
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
    async createOpportunity(
      actor: Actor,
      input: NewOpportunity,
      origin: { leadId?: string; id?: string } = {},
    ): Promise<Stored<Opportunity>> {
      const [{ value: model }, { value: account }] = await Promise.all([
        deps.stageModel(actor.tenantId),
        accounts.getAccount(actor.tenantId, input.accountId),
      ]);
      const now = clock.now().toISOString();
      const built = buildDeal(actor, model, account, input, now, origin.id);
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
      const [{ value: model }, byId] = await Promise.all([deps.stageModel(actor.tenantId), accountsOf(actor.tenantId, inputs)]);
      const now = clock.now().toISOString();
      const bucket = idBucket(randomUUID());
      const deals = inputs.map((input) => buildDeal(actor, model, byId.get(input.accountId)!, input, now, idInBucket(bucket)));
      return writeImported(
        actor,
        deals,
        deals.map((deal) => deal.pending!),
      );
    },

    /**
     * Creates many deals as they went in the past (see past-deals.ts), each owned by the actor or the rep it names: each one's stage changes are replayed
     * at their own times, so its history, dwell samples, won and lost months and stage entry show what happened; written
     * as importOpportunities writes, with every replayed change applied to the rollups once.
     */
    async importPastOpportunities(actor: Actor, inputs: readonly PastOpportunity[]): Promise<Stored<Opportunity>[]> {
      const [{ value: model }, byId] = await Promise.all([deps.stageModel(actor.tenantId), accountsOf(actor.tenantId, inputs)]);
      const now = clock.now().toISOString();
      const bucket = idBucket(randomUUID());
      const replayed = inputs.map((input, index) =>
        replayPastDeal(actor, model, byId.get(input.accountId)!, input, { id: idInBucket(bucket), now, index }),
      );
      return writeImported(
        actor,
        replayed.map(({ deal }) => deal),
        inChangeOrder(replayed.map(({ changes }) => changes)),
      );
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
    async moveOpportunity(
      actor: Actor,
      id: string,
      move: { stageId: string; reason?: string },
      etag?: string,
    ): Promise<Stored<Opportunity>> {
      return rewrite(actor.tenantId, id, etag, (deal, model) => movedDeal(actor, deal, model, move, clock.now().toISOString()));
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
