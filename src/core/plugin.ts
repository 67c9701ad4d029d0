// The plugin contract: a CRM capability declares its tables, strings, bot commands, card actions, router and events.
import type { TableClient } from '@azure/data-tables';
import type { Router } from 'express';
import type { Actor } from './actor';
import type { Clock } from './clock';
import type { EventHandlers, EventOutbox, EventSchemas } from './events';
import type { Locale, Messages, Translate } from './i18n';
import type { Logger } from './logger';

/** What a bot command or card action answers: a text, an Adaptive Card (schema 1.5), or both. */
export interface BotReply {
  text?: string;
  card?: Record<string, unknown>;
}

export interface TurnInput {
  actor: Actor;
  locale: Locale;
  t: Translate;
  /** Teams activity id, for idempotent writes when Teams delivers the same activity twice. */
  activityId?: string;
  /** IANA time zone of the user's client, when Teams sends it. */
  timeZone?: string;
}

export interface CommandInput extends TurnInput {
  /** The text after the trigger, trimmed (`Contoso` in `account Contoso`). */
  args: string;
  text: string;
}

/**
 * A chat command. Triggers are the words a message starts with, per language.
 * @example { name: 'account.show', triggers: { en: ['account'], 'zh-CN': ['客户'] },
 *            usage: 'accounts.help.show', example: 'accounts.help.showExample', run }
 */
export interface BotCommand {
  name: string;
  triggers: Record<Locale, string[]>;
  /** Message keys (in the plugin's namespace) for the help card. */
  usage: string;
  example: string;
  run(input: CommandInput): Promise<BotReply>;
}

/** Handles an Adaptive Card `Action.Execute` with this verb; the reply replaces the card. */
export interface CardAction {
  verb: string;
  run(input: TurnInput & { data: unknown }): Promise<BotReply>;
}

/** One message-extension result: the card inserted into the conversation and its preview in the result list. */
export interface SearchResult {
  card: Record<string, unknown>;
  preview: { title: string; subtitle?: string; text?: string };
}

/** A message-extension search command (`composeExtension/query`), by its manifest command id. */
export interface SearchCommand {
  commandId: string;
  run(input: TurnInput & { query: string; skip: number; count: number }): Promise<SearchResult[]>;
}

/** A message action (`composeExtension/submitAction`) on a selected chat message, e.g. "Save to CRM". */
export interface MessageAction {
  commandId: string;
  run(input: TurnInput & { data: unknown; message: { id?: string; text: string; fromName?: string; createdAt?: string } }): Promise<BotReply>;
}

/** Link unfurling (`composeExtension/queryLink`): a card for a URL this plugin owns, or undefined. */
export type LinkUnfurler = (input: TurnInput & { url: string }) => Promise<SearchResult | undefined>;

export interface PluginContext<Services = Record<string, never>, Events extends EventSchemas = Record<never, never>> {
  /** A client for one of the tables this plugin declared; the table exists. */
  table(name: string): TableClient;
  /** The public services of the plugins in `dependsOn`, under the same names and with their own types. */
  services: Services;
  clock: Clock;
  log: Logger;
  /** Where people reach this server, e.g. https://crm.contoso.com; links in cards start with it. */
  publicUrl: string;
  /** The Teams app's id when configured, for deep links into its tabs. */
  teamsAppId?: string;
  /**
   * Makes the plugin's events (the types in its `events`) and stores them with the write of their record, in one
   * transaction; see src/core/events.ts.
   * @example await records.create(address, row, { outbox, events: [outbox.event('activity.logged', row.id, 1, payload)] })
   */
  outbox: EventOutbox<Events>;
}

export interface PluginParts<Service = unknown, Handled extends EventSchemas = EventSchemas> {
  /** The public API other plugins may call. */
  service?: Service;
  commands?: BotCommand[];
  cardActions?: CardAction[];
  /** Mounted at `/api/v1/<id>`, behind authentication; `req.actor` is set. */
  router?: Router;
  searchCommands?: SearchCommand[];
  messageActions?: MessageAction[];
  unfurlers?: LinkUnfurler[];
  /**
   * Handlers of events, by type: the plugin's own and those of the plugins in its `dependsOn`, each receiving its
   * publisher's payload type. Delivery is at least once, so a handler is idempotent, keyed by the event's id.
   * @example handles: { 'activity.logged': async ({ tenantId, payload }) => digests.add(tenantId, payload) }
   */
  handles?: EventHandlers<Handled>;
  /**
   * Called once at shutdown, after the server stopped taking requests and before storage closes: finishes the work
   * this plugin does after answering (derived rows, say), so that nothing is left for the next start to repair.
   */
  stop?(): Promise<void>;
}

/** Any plugin, whatever its service and dependencies: what the plugin list and the host hold. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a dependency's own dependencies do not matter to its dependents
export type AnyPlugin = PluginDefinition<any, any, any>;

/** The plugins a plugin depends on, each under its id: `{ accounts: accountsPlugin }`. */
export type Dependencies = Readonly<Record<string, AnyPlugin>>;

/** The services a plugin receives for its dependencies, typed as each dependency provides it. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a dependency's events do not matter to its service
export type ServicesOf<Deps extends Dependencies> = { readonly [Id in keyof Deps]: Deps[Id] extends PluginDefinition<infer Service, Dependencies, any> ? Service : never };

type Intersection<Union> = (Union extends unknown ? (member: Union) => void : never) extends (all: infer All) => void ? All : never;

/** The event types the plugins in `Deps` publish, with their schemas: what a dependant may handle. */
export type EventsOf<Deps extends Dependencies> = Intersection<
  { [Id in keyof Deps]: [Deps[Id]] extends [never] ? Record<never, never> : Deps[Id] extends { events?: infer Events extends EventSchemas } ? Events : Record<never, never> }[keyof Deps]
>;

/** What a plugin may handle: its own events and those of its dependencies. */
export type HandledBy<Deps extends Dependencies, Events extends EventSchemas> = Events & (EventsOf<Deps> extends EventSchemas ? EventsOf<Deps> : Record<never, never>);

export interface PluginDefinition<Service = unknown, Deps extends Dependencies = Record<string, never>, Events extends EventSchemas = Record<never, never>> {
  /** kebab-case, unique. */
  id: string;
  /** The plugins whose services this one uses, each under its own id; they are set up first. */
  dependsOn?: Deps;
  /** Azure table names this plugin owns; nobody else writes them. */
  tables?: string[];
  messages: Messages;
  /**
   * The events it publishes, each type with the zod schema of its payload; no other plugin may publish one of them.
   * @example events: { 'activity.logged': activityLoggedSchema }
   */
  events?: Events;
  // NoInfer: the events are those the plugin declares, never guessed from what it handles.
  setup(context: PluginContext<ServicesOf<Deps>, Events>): PluginParts<Service, HandledBy<Deps, NoInfer<Events>>> | Promise<PluginParts<Service, HandledBy<Deps, NoInfer<Events>>>>;
}

/**
 * Declares a plugin. Adding a capability is a folder with one of these and a line in `src/plugins/index.ts`.
 * The service's type is what `setup` returns; a dependency's service arrives typed, without casts.
 * @example export const pipelinePlugin = definePlugin({ id: 'pipeline', dependsOn: { accounts: accountsPlugin },
 *            messages, setup: ({ services }) => ({ service: createPipelineService(services.accounts) }) })
 */
export function definePlugin<Service, Deps extends Dependencies = Record<string, never>, Events extends EventSchemas = Record<never, never>>(
  definition: PluginDefinition<Service, Deps, Events>,
): PluginDefinition<Service, Deps, Events> {
  return definition;
}
