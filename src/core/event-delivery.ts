// The plugin set's events: who publishes each type (refusing a type published twice), who handles it (refusing a
// handler of a type nobody publishes), each plugin's outbox, and delivery to the handlers with the payload checked again.
import type { z } from 'zod';
import type { Clock } from './clock';
import {
  eventIdOf,
  eventTypePattern,
  type DeliveryResult,
  type DomainEvent,
  type EventDelivery,
  type EventHandler,
  type EventOutbox,
  type EventSchemas,
  type Outbox,
} from './events';
import type { AnyPlugin } from './plugin';
import { isDeferral } from './projection';

export interface Publisher {
  pluginId: string;
  schema: z.ZodType;
}

/** Every event type of the set with its publisher; throws for a badly named type or a type two plugins publish. */
export function eventPublishers(definitions: readonly AnyPlugin[]): Map<string, Publisher> {
  const publishers = new Map<string, Publisher>();
  for (const plugin of definitions) {
    for (const [type, schema] of Object.entries((plugin.events ?? {}) as EventSchemas)) {
      if (!eventTypePattern.test(type))
        throw new Error(`Event type "${type}" of plugin "${plugin.id}" must be <record>.<whatHappened> in camelCase, e.g. activity.logged`);
      const owner = publishers.get(type);
      if (owner) throw new Error(`Event "${type}" is published by both plugin "${owner.pluginId}" and plugin "${plugin.id}"`);
      publishers.set(type, { pluginId: plugin.id, schema });
    }
  }
  return publishers;
}

/** Handlers of one plugin, by event type, as its setup returned them. */
export type Subscriptions = Readonly<Record<string, EventHandler<string, never> | undefined>>;

/** The set's delivery; throws if a plugin handles a type no plugin of the set publishes. */
export function createEventDelivery(
  publishers: ReadonlyMap<string, Publisher>,
  subscriptions: readonly { pluginId: string; handles: Subscriptions }[],
): EventDelivery {
  const handlers = new Map<string, Map<string, EventHandler<string, unknown>>>();
  for (const { pluginId, handles } of subscriptions) {
    for (const [type, handler] of Object.entries(handles)) {
      if (!handler) continue;
      if (!publishers.has(type)) throw new Error(`Plugin "${pluginId}" handles event "${type}", which no plugin in the set publishes`);
      const byPlugin = handlers.get(type) ?? new Map<string, EventHandler<string, unknown>>();
      byPlugin.set(pluginId, handler as EventHandler<string, unknown>);
      handlers.set(type, byPlugin);
    }
  }
  return {
    subscribersOf: (type) => [...(handlers.get(type)?.keys() ?? [])],
    async deliver(event: DomainEvent, to: readonly string[]): Promise<DeliveryResult> {
      const here = to.filter((subscriber) => handlers.get(event.type)?.has(subscriber));
      const publisher = publishers.get(event.type);
      const parsed = publisher?.schema.safeParse(event.payload);
      if (!parsed?.success) {
        const error = new Error(`Event ${event.id} does not match the schema of its type${parsed ? `: ${parsed.error.message}` : ''}`);
        return { handled: [], failed: here.map((subscriber) => ({ subscriber, error })) };
      }
      const checked = { ...event, payload: parsed.data };
      const results = await Promise.allSettled(here.map(async (subscriber) => handlers.get(event.type)!.get(subscriber)!(checked)));
      const result: DeliveryResult = { handled: [], failed: [], deferred: [] };
      results.forEach((settled, i) => {
        if (settled.status === 'fulfilled') result.handled.push(here[i]!);
        else if (isDeferral(settled.reason)) result.deferred!.push(here[i]!);
        else result.failed.push({ subscriber: here[i]!, error: settled.reason });
      });
      return result;
    },
  };
}

/**
 * The outbox a plugin receives: events only of the types it declares, each payload checked against its schema. A host
 * without storage for events (`outbox` undefined) serves only plugins that neither publish nor handle any.
 */
export function pluginOutbox<Events extends EventSchemas>(
  pluginId: string,
  schemas: Events,
  outbox: Outbox | undefined,
  clock: Clock,
): EventOutbox<Events> {
  return {
    event(type, recordId, version, payload) {
      const schema = (schemas as EventSchemas)[type];
      if (!schema) throw new Error(`Plugin "${pluginId}" publishes event "${type}", which it does not declare in its events`);
      const parsed = schema.safeParse(payload);
      if (!parsed.success) throw new Error(`Event "${type}" of record ${recordId} does not match its schema: ${parsed.error.message}`);
      return {
        id: eventIdOf(type, recordId, version),
        type,
        recordId,
        version,
        occurredAt: clock.now().toISOString(),
        payload: parsed.data,
      };
    },
    delivers: (type) => outbox?.delivers(type) ?? false,
    submit(table, actions, events, options) {
      if (!outbox) throw new Error(`Plugin "${pluginId}" submitted events, but this host has no outbox`);
      return outbox.submit(table, actions, events, options);
    },
  };
}
