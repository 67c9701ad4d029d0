// Domain events: the facts plugins publish with their records' writes, the handlers that take them, and the outbox between.
//
// An event is stored in the same entity-group transaction as the record it is about (src/storage/outbox.ts), so it
// exists exactly when the write happened. It is then delivered at least once to every plugin that handles its type:
// right after the write by the writing process, or by the sweeper of any process if the writer stopped first.
// A subscriber may therefore see an event twice (rarely), and events of one record in any order; each carries the
// record's id and version, and its `id` is the same on every delivery, so a handler keys what it writes on them.
import type { TableClient, TableTransactionResponse, TransactionAction } from '@azure/data-tables';
import type { z } from 'zod';

/**
 * A plugin's event types, each with the zod schema of its payload. A type is `<record>.<whatHappened>` in camelCase.
 * @example { 'activity.logged': activityLoggedSchema }
 */
export type EventSchemas = Readonly<Record<string, z.ZodType>>;

/** `activity.logged`, `opportunity.stageChanged`: the record, a dot, what happened. */
export const eventTypePattern = /^[a-z][a-zA-Z0-9]*\.[a-z][a-zA-Z0-9]*$/;

/** One fact, as every subscriber receives it. */
export interface DomainEvent<Type extends string = string, Payload = unknown> {
  /** `<type>:<recordId>:<version>`: the same on every delivery of this event, and different for every other. */
  id: string;
  type: Type;
  tenantId: string;
  /** The record the fact is about, and the version of it the write made. */
  recordId: string;
  version: number;
  /** When the write made the event (ISO). */
  occurredAt: string;
  payload: Payload;
}

/** An event made by a write and not yet stored: it goes into the transaction that writes its record. */
export type NewEvent = Omit<DomainEvent, 'tenantId'>;

/** The stable id of the event `type` of a record's `version`. */
export const eventIdOf = (type: string, recordId: string, version: number): string => `${type}:${recordId}:${version}`;

/** Takes one event; a rejection has it delivered again later. Must be idempotent, keyed by `event.id` (or record id and version). */
export type EventHandler<Type extends string, Payload> = (event: DomainEvent<Type, Payload>) => Promise<void>;

/** Handlers by event type, each receiving the payload its publisher's schema describes; none when there is no type to handle. */
export type EventHandlers<Events extends EventSchemas> = [keyof Events] extends [never]
  ? Readonly<Record<string, never>>
  : { readonly [Type in keyof Events & string]?: EventHandler<Type, z.output<Events[Type]>> };

export interface SubmitOptions {
  /**
   * Keeps the events from delivery until `release()`, for a writer that may still undo its write (`withdraw()`). A
   * held event whose writer stops before either is delivered by the sweeper, as its record was written.
   */
  hold?: boolean;
}

/** A write whose events are stored. */
export interface Submitted {
  response: TableTransactionResponse;
  /** Delivers the events now (a held write's; otherwise they already are on their way). Does nothing after `withdraw`. */
  release(): void;
  /** Deletes a held write's events before anyone receives them, for a writer undoing the write. */
  withdraw(): Promise<void>;
}

/** The part of the outbox a write path needs: which events are worth storing, and the transaction that stores them. */
export interface EventSubmitter {
  /** True when some plugin of the set handles the type: an event nobody handles is checked but not stored. */
  delivers(type: string): boolean;
  /**
   * Submits `actions` (all in one partition of `table`) and an outbox row per event in one entity-group transaction
   * (at most 100 operations in all), then delivers the events.
   * @example await ctx.outbox.submit(table, [['create', entity]], [ctx.outbox.event('account.created', id, 1, payload)])
   */
  submit(
    table: TableClient,
    actions: readonly TransactionAction[],
    events: readonly NewEvent[],
    options?: SubmitOptions,
  ): Promise<Submitted>;
}

/**
 * The outbox as a plugin sees it (`PluginContext.outbox`): it makes events of the types the plugin declares, and
 * submits them with the record's write. Repository.create/replace/publish take it with the events (src/storage/repository.ts).
 */
export interface EventOutbox<Events extends EventSchemas = EventSchemas> extends EventSubmitter {
  /** An event of one of the plugin's types; the payload is checked against the type's schema here. */
  event<Type extends keyof Events & string>(type: Type, recordId: string, version: number, payload: z.input<Events[Type]>): NewEvent;
}

/** What became of one delivery: the subscribers (plugin ids) that took the event, and those that failed. */
export interface DeliveryResult {
  handled: string[];
  failed: { subscriber: string; error: unknown }[];
  /** Subscribers that will take the event shortly but not now (src/core/projection.ts, EventDeferred): no failure. */
  deferred?: string[];
}

/** The plugin set's subscribers, as the outbox delivers to them (built by the host: src/core/event-delivery.ts). */
export interface EventDelivery {
  /** The plugins of this process that handle `type`. */
  subscribersOf(type: string): readonly string[];
  /** Checks the payload against its type's schema, then hands the event to each subscriber named in `to` that is here. */
  deliver(event: DomainEvent, to: readonly string[]): Promise<DeliveryResult>;
}

/** The storage side of events, given to the host (src/storage/outbox.ts implements it). */
export interface Outbox extends EventSubmitter {
  /** Starts delivery to the set's subscribers, once every plugin is set up; nothing may be published before. */
  open(delivery: EventDelivery): void;
  /** Resolves once every delivery this process started is done, including those started meanwhile. */
  idle(): Promise<void>;
}
