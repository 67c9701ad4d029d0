// Writing deals: create, ETag-checked update, stage moves and imports. Each write publishes `opportunity.changed` in the
// deal's own transaction; the projector derives the deal's views from it (pipeline.views.ts), however the write ends.
import { randomUUID } from 'node:crypto';
import type { Actor } from '../../core/actor';
import type { Clock } from '../../core/clock';
import { AppError, isAppError } from '../../core/errors';
import type { EventOutbox } from '../../core/events';
import type { Stored } from '../../storage/repository';
import { idInBucket } from '../../storage/buckets';
import { pause } from '../../storage/rollup-rows';
import type { Account, AccountsService } from '../accounts';
import { buildDeal, dropUndefined, movedDeal } from './deal-versions';
import { productsTotal, toReporting } from './money';
import {
  idBucket,
  isCurrent,
  opportunityAddress,
  opportunityPartition,
  toStoredOpportunity,
  type OpportunityRow,
  type PipelineStore,
} from './opportunity.store';
import { replayPastDeal, type PastOpportunity } from './past-deals';
import { changedEvent, dealEvents, type PipelineEvents } from './pipeline.events';
import type { Opportunity, StageModel } from './pipeline.schema';
import type { NewOpportunity, OpportunityChanges } from './pipeline.service';

export { reachedWith } from './deal-versions';

export interface WriteDeps {
  store: PipelineStore;
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

/**
 * Tries of a write without an ETag that keeps losing races to other writes of the deal: it applies to the latest
 * version, so each try reads again; a jittered pause between tries lets a crowd of writers of one deal through in turn.
 */
const maxWriteAttempts = 40;
/** Deals per transaction of an import: each with its change event, within the 100 operations of one transaction. */
const importChunk = 50;

export function createOpportunityWrites(deps: WriteDeps) {
  const { store, accounts, clock, outbox } = deps;

  async function accountsOf(tenantId: string, inputs: readonly NewOpportunity[]): Promise<Map<string, Account>> {
    const list = await Promise.all([...new Set(inputs.map((input) => input.accountId))].map((id) => accounts.getAccount(tenantId, id)));
    return new Map(list.map((stored) => [stored.value.id, stored.value]));
  }

  /**
   * Writes imported deals (all in one id bucket: they share a partition), fifty to a transaction with their change
   * events; the projector applies them to the views in batches. A failure part-way leaves the chunks written whole.
   */
  async function writeImported(actor: Actor, deals: OpportunityRow[]): Promise<Stored<Opportunity>[]> {
    if (deals.length === 0) return [];
    const partition = opportunityPartition(deals[0]!.id);
    const stored: Stored<OpportunityRow>[] = [];
    for (let first = 0; first < deals.length; first += importChunk) {
      const chunk = deals.slice(first, first + importChunk);
      const { etags } = await store.opportunities.publish(
        outbox,
        actor.tenantId,
        partition,
        chunk.map((deal) => ({ kind: 'create' as const, row: [deal.id], value: deal, events: [changedEvent(outbox, deal)] })),
      );
      stored.push(...chunk.map((deal) => ({ value: deal, etag: etags.get(deal.id) ?? '' })));
    }
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
   * The write of an update or a move: reads the deal and replaces it with what `next` makes of it; `next` returns
   * undefined when the deal stays as it is. With an ETag the version check decides; without one a lost race is tried again.
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
      const written = next(current.value, model);
      if (!written) return toStoredOpportunity(current);
      const stored = await replaceOrRace(tenantId, written, current);
      if (!stored) {
        if (attempt >= maxWriteAttempts || etag !== undefined) throw conflictWith(await read(tenantId, id));
        await pause(attempt);
        continue;
      }
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
      const stored = await store.opportunities.create(opportunityAddress(actor.tenantId, deal.id), deal, {
        outbox,
        events: dealEvents(outbox, deal),
      });
      return toStoredOpportunity(stored);
    },

    /**
     * Creates many deals for one owner (imports, seeding): records in one transaction per id bucket, board rows per
     * Accounts must exist; any invalid input fails the batch before anything is written.
     */
    async importOpportunities(actor: Actor, inputs: readonly NewOpportunity[]): Promise<Stored<Opportunity>[]> {
      const [{ value: model }, byId] = await Promise.all([deps.stageModel(actor.tenantId), accountsOf(actor.tenantId, inputs)]);
      const now = clock.now().toISOString();
      const bucket = idBucket(randomUUID());
      const deals = inputs.map((input) => buildDeal(actor, model, byId.get(input.accountId)!, input, now, idInBucket(bucket)));
      return writeImported(actor, deals);
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
      return writeImported(actor, replayed);
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
        });
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

    async getOpportunity(tenantId: string, id: string): Promise<Stored<Opportunity>> {
      return toStoredOpportunity(await read(tenantId, id));
    },
  };
}

export type OpportunityWrites = ReturnType<typeof createOpportunityWrites>;
