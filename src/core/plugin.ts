// The plugin contract: a CRM capability declares its tables, strings, error codes, bot commands, card actions, router, scheduled jobs and events.
import type { TableClient } from '@azure/data-tables';
import type { Router } from 'express';
import type { Actor } from './actor';
import type { Clock } from './clock';
import type { ErrorSet } from './errors';
import type { EventHandlers, EventOutbox, EventSchemas } from './events';
import type { Locale, Messages, Translate } from './i18n';
import type { Logger } from './logger';
import type { Notifier } from './notifier';
import type { ProjectionReads, ViewDefinition } from './projection';

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

/** Where a dialog was opened from: the channel, when the chat is a channel's. */
export interface DialogContext {
  teamId?: string;
  channelId?: string;
  channelName?: string;
}

/**
 * A Teams dialog (task module) a card button opens with `{ msteams: { type: 'task/fetch' }, dialog: id }`: a page of
 * this app shown over the chat.
 */
export interface Dialog {
  id: string;
  open(
    input: TurnInput & { context: DialogContext },
  ): Promise<{ title: string; url: string; width: number | 'large'; height: number | 'large' }>;
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
  run(
    input: TurnInput & { data: unknown; message: { id?: string; text: string; fromName?: string; createdAt?: string } },
  ): Promise<BotReply>;
}

/** Link unfurling (`composeExtension/queryLink`): a card for a URL this plugin owns, or undefined. */
export type LinkUnfurler = (input: TurnInput & { url: string }) => Promise<SearchResult | undefined>;

/** What a scheduled job receives for one run, for one tenant. */
export interface JobRun {
  tenantId: string;
  /** The tenant's IANA time zone (UTC until an admin sets one); `dailyAt` is read in it. */
  timeZone: string;
  /**
   * The slot this run is for: the start of the period, or the day's `dailyAt` instant in the tenant's zone. After
   * downtime only the latest missed slot runs, so a job that covers a stretch of time reads it from here.
   */
  scheduledFor: Date;
  log: Logger;
  /**
   * Aborted when the run must end early: the server is stopping and its wait for running jobs is spent, or another
   * process took the job's lease. A run that ends after the abort does not count as done, and its slot runs again.
   */
  signal: AbortSignal;
}

/**
 * How often a job runs: `every` a period (aligned to whole periods since 1970-01-01T00:00Z, so `{ hours: 1 }` runs on
 * the hour and `{ minutes: 15 }` at :00, :15, :30, :45), or `dailyAt` a local `HH:mm` in each tenant's time zone.
 */
export type JobCadence =
  { every: { hours?: number; minutes?: number; seconds?: number }; dailyAt?: never } | { dailyAt: string; every?: never };

/**
 * A job the scheduler runs for every tenant at each slot of its cadence, once across all server processes (it holds a
 * lease in storage while it runs). A run may happen twice when a process dies mid-run, so a run is idempotent per slot.
 * @example { id: 'stuck-deals', dailyAt: '08:00', run: ({ tenantId, scheduledFor, signal }) => alertStuckDeals(tenantId, scheduledFor, signal) }
 */
export type ScheduledJob = JobCadence & {
  /** kebab-case, unique within its plugin. */
  id: string;
  run(input: JobRun): Promise<void>;
};

/**
 * One of a plugin's logical tables: its rows live in the plugin's one physical table (`client`, named after the plugin),
 * each PartitionKey being [tenant id, logical name, ...partition]. Storage composes the keys (src/storage/logical-table.ts);
 * plugins pass it to a `Repository` and never build a PartitionKey themselves.
 * @example const accounts = new Repository(ctx.table('Accounts'), 'account', accountSchema)
 */
export interface LogicalTable {
  /** The physical table, shared by every logical table of the plugin. */
  readonly client: TableClient;
  /** The logical name, as the plugin declares it: the second part of every PartitionKey of its rows. */
  readonly name: string;
}

export interface PluginContext<Services = Record<string, never>, Events extends EventSchemas = Record<never, never>> {
  /** One of the logical tables this plugin declared, in the plugin's physical table (which exists). */
  table(name: string): LogicalTable;
  /** The public services of the plugins in `dependsOn`, under the same names and with their own types. */
  services: Services;
  clock: Clock;
  log: Logger;
  /** Where people reach this server, e.g. https://crm.contoso.com; links in cards start with it. */
  publicUrl: string;
  /** The Teams app's id when configured, for deep links into its tabs. */
  teamsAppId?: string;
  /** Proactive delivery of cards to a person, a channel or a person's manager, recorded under this plugin's id. */
  notify: Notifier;
  /**
   * Makes the plugin's events (the types in its `events`) and stores them with the write of their record, in one
   * transaction; see src/core/events.ts.
   * @example await records.create(address, row, { outbox, events: [outbox.event('activity.logged', row.id, 1, payload)] })
   */
  outbox: EventOutbox<Events>;
  /** The projector keeping the views plugins declare: a read of a view first awaits `settled(tenantId)`, to see this process's writes. */
  projections: ProjectionReads;
}

export interface PluginParts<Service = unknown, Handled extends EventSchemas = EventSchemas> {
  /** The public API other plugins may call. */
  service?: Service;
  commands?: BotCommand[];
  cardActions?: CardAction[];
  /** Dialogs its cards open (`task/fetch`). */
  dialogs?: Dialog[];
  /** Mounted at `/api/v1/<id>`, behind authentication; `req.actor` is set. */
  router?: Router;
  searchCommands?: SearchCommand[];
  messageActions?: MessageAction[];
  unfurlers?: LinkUnfurler[];
  /** Run per tenant on their cadence, from the start of the server until its stop. */
  jobs?: ScheduledJob[];
  /** Called once after every plugin is set up, dependencies first, before the server takes requests or runs jobs. */
  start?(): Promise<void>;
  /**
   * Handlers of events, by type: the plugin's own and those of the plugins in its `dependsOn`, each receiving its
   * publisher's payload type. Delivery is at least once, so a handler is idempotent, keyed by the event's id.
   * @example handles: { 'activity.logged': async ({ tenantId, payload }) => digests.add(tenantId, payload) }
   */
  handles?: EventHandlers<Handled>;
  /**
   * Views derived from records (rollups, board and search rows, history), kept by the projector (src/core/projection.ts):
   * each applied once per record version, rebuilt by `npm run rebuild`, checked by `npm run verify`.
   * @example views: [boardView, searchView] // ids `pipeline.board`, `pipeline.search`
   */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- each view derives from its own record type
  views?: ViewDefinition<any>[];
  /**
   * Called once at shutdown, after the server stopped taking requests and running jobs and before storage closes:
   * finishes the work this plugin does after answering (derived rows, say), so that nothing is left for the next start
   * to repair. Called for every plugin that was set up, in the reverse order, even when a `start` failed.
   */
  stop?(): Promise<void>;
}

/** Any plugin, whatever its service and dependencies: what the plugin list and the host hold. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a dependency's own dependencies do not matter to its dependents
export type AnyPlugin = PluginDefinition<any, any, any>;

/** The plugins a plugin depends on, each under its id: `{ accounts: accountsPlugin }`. */
export type Dependencies = Readonly<Record<string, AnyPlugin>>;

/** The services a plugin receives for its dependencies, typed as each dependency provides it. */
export type ServicesOf<Deps extends Dependencies> = {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- a dependency's own dependencies and events do not matter to its service
  readonly [Id in keyof Deps]: Deps[Id] extends PluginDefinition<infer Service, any, any> ? Service : never;
};

/** The service a plugin provides, read from its definition. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- whatever the plugin depends on and publishes
export type ServiceOf<Plugin> = Plugin extends PluginDefinition<infer Service, any, any> ? Service : never;

type Intersection<Union> = (Union extends unknown ? (member: Union) => void : never) extends (all: infer All) => void ? All : never;

/** The event types the plugins in `Deps` publish, with their schemas: what a dependant may handle. */
export type EventsOf<Deps extends Dependencies> = Intersection<
  {
    [Id in keyof Deps]: [Deps[Id]] extends [never]
      ? Record<never, never>
      : Deps[Id] extends { events?: infer Events extends EventSchemas }
        ? Events
        : Record<never, never>;
  }[keyof Deps]
>;

/** What a plugin may handle: its own events and those of its dependencies. */
export type HandledBy<Deps extends Dependencies, Events extends EventSchemas> = Events &
  (EventsOf<Deps> extends EventSchemas ? EventsOf<Deps> : Record<never, never>);

export interface PluginDefinition<
  Service = unknown,
  Deps extends Dependencies = Record<string, never>,
  Events extends EventSchemas = Record<never, never>,
> {
  /** kebab-case, unique. */
  id: string;
  /** The plugins whose services this one uses, each under its own id; they are set up first. */
  dependsOn?: Deps;
  /**
   * Logical table names this plugin owns (letters and digits, e.g. `Accounts`, `AccountSearch`): storage keeps them all in
   * one physical table named after the plugin (`accounts` → `Accounts`), apart by the second part of the PartitionKey.
   */
  tables?: string[];
  messages: Messages;
  /** Its own error codes (`defineErrors`); the host refuses a code another plugin or the core declares. */
  errors?: ErrorSet;
  /**
   * The events it publishes, each type with the zod schema of its payload; no other plugin may publish one of them.
   * @example events: { 'activity.logged': activityLoggedSchema }
   */
  events?: Events;
  // NoInfer: the events are those the plugin declares, never guessed from what it handles.
  setup(
    context: PluginContext<ServicesOf<Deps>, Events>,
  ): PluginParts<Service, HandledBy<Deps, NoInfer<Events>>> | Promise<PluginParts<Service, HandledBy<Deps, NoInfer<Events>>>>;
}

/**
 * Declares a plugin. Adding a capability is a folder with one of these and a line in `src/plugins/index.ts`.
 * The service's type is what `setup` returns; a dependency's service arrives typed, without casts.
 * @example export const pipelinePlugin = definePlugin({ id: 'pipeline', dependsOn: { accounts: accountsPlugin },
 *            messages, setup: ({ services }) => ({ service: createPipelineService(services.accounts) }) })
 */
export function definePlugin<
  Service,
  Deps extends Dependencies = Record<string, never>,
  Events extends EventSchemas = Record<never, never>,
>(definition: PluginDefinition<Service, Deps, Events>): PluginDefinition<Service, Deps, Events> {
  return definition;
}
