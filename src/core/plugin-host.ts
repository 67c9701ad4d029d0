// Loads the plugin set: refuses a bad set at start-up with a message naming the culprit, then sets each plugin up.
import type { TableClient } from '@azure/data-tables';
import type { Router } from 'express';
import type { Clock } from './clock';
import { CommandRegistry } from './command-registry';
import { coreErrors } from './errors';
import { createEventDelivery, eventPublishers, pluginOutbox } from './event-delivery';
import type { Outbox } from './events';
import type { I18n } from './i18n';
import type { Logger } from './logger';
import { cadenceProblem } from './job-cadence';
import type {
  AnyPlugin,
  CardAction,
  Dialog,
  LinkUnfurler,
  MessageAction,
  PluginParts,
  ScheduledJob,
  SearchCommand,
  ServiceOf,
} from './plugin';
import type { LoadedJob } from './scheduler';
import type { Notifier } from './notifier';
import { openPluginTables, validatePluginTables } from './plugin-tables';
import { projectorSubscriber, type Projections } from './projection';

export interface LoadedPlugin {
  id: string;
  parts: PluginParts;
}

export interface LoadedPlugins {
  plugins: LoadedPlugin[];
  commands: CommandRegistry;
  cardActions: Map<string, { pluginId: string; action: CardAction }>;
  /** Dialogs by id. */
  dialogs: Map<string, Dialog>;
  routers: { id: string; router: Router }[];
  /** Message-extension commands by manifest command id. */
  searchCommands: Map<string, SearchCommand>;
  messageActions: Map<string, MessageAction>;
  unfurlers: LinkUnfurler[];
  /** Every plugin's scheduled jobs, dependencies' first. */
  jobs: LoadedJob[];
  /** Starts the plugins in dependency order; the first failure stops it with an error naming the plugin. */
  start(): Promise<void>;
  /**
   * The service of a loaded plugin, typed by its definition; undefined when the plugin is not in the set.
   * @example const people = loaded.serviceOf(peoplePlugin)
   */
  serviceOf<Plugin extends AnyPlugin>(plugin: Plugin): ServiceOf<Plugin> | undefined;
  /** The projector the views of the set are registered with, when the host was given one. */
  projector?: Projections;
  /** Lets event deliveries under way finish, then stops the plugins in the reverse of their start order; a failing one is logged and the others still stop. */
  stop(): Promise<void>;
}

export interface HostDependencies {
  /** Creates a physical table if needed and returns its client: each plugin's one table (plugin-tables.ts). */
  openTable(name: string): Promise<TableClient>;
  i18n: I18n;
  clock: Clock;
  log: Logger;
  publicUrl: string;
  teamsAppId?: string;
  /** The proactive-delivery service of one plugin; a host without a bot (a data tool, say) leaves it out. */
  notifierFor?(pluginId: string): Notifier;
  /** Stores and delivers domain events (src/storage/outbox.ts); needed when a plugin of the set publishes or handles any. */
  outbox?: Outbox;
  /** Keeps the views plugins declare (src/storage/projector.ts); needed when a plugin of the set declares any. */
  projector?: Projections;
}

/** What a plugin gets for `notify` from a host that does not deliver: every use fails, naming the plugin. */
function refusingNotifier(pluginId: string): Notifier {
  const refuse = async (): Promise<never> => {
    throw new Error(`Plugin "${pluginId}" sent a proactive message, but this host was started without proactive delivery`);
  };
  return { send: refuse, sendAll: refuse, update: refuse, reachesTeam: refuse };
}

const kebabCase = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;
/** Ids whose API path the server keeps for itself (`/api/v1/admin`). */
const reservedIds = new Set(['admin']);

/** Throws a start-up error for a duplicate id, a missing dependency, a cycle, a bad or shared table, an error code declared twice, or an event type published twice. */
export function validatePluginSet(definitions: readonly AnyPlugin[]): AnyPlugin[] {
  const byId = new Map<string, AnyPlugin>();
  const errorOwner = new Map<string, string>();
  for (const plugin of definitions) {
    if (!kebabCase.test(plugin.id)) throw new Error(`Plugin id "${plugin.id}" must be kebab-case`);
    if (reservedIds.has(plugin.id))
      throw new Error(`Plugin id "${plugin.id}" is reserved by the server (its API lives at /api/v1/${plugin.id})`);
    if (byId.has(plugin.id)) throw new Error(`Plugin "${plugin.id}" is registered twice`);
    byId.set(plugin.id, plugin);
    claimErrorCodes(plugin, errorOwner);
  }
  validatePluginTables(definitions);
  eventPublishers(definitions);
  for (const plugin of definitions) {
    for (const [name, dependency] of dependenciesOf(plugin)) {
      if (dependency?.id !== name)
        throw new Error(`Plugin "${plugin.id}" names its dependency "${name}" after another plugin ("${dependency?.id}")`);
      if (byId.get(name) !== dependency) throw new Error(`Plugin "${plugin.id}" depends on "${name}", which is not registered`);
    }
  }
  return dependencyOrder(byId);
}

/** A code names one failure wherever it is rendered, so it belongs to the core or to one plugin. */
function claimErrorCodes(plugin: AnyPlugin, owners: Map<string, string>): void {
  for (const code of plugin.errors?.codes ?? []) {
    if ((coreErrors.codes as readonly string[]).includes(code))
      throw new Error(`Error code "${code}" of plugin "${plugin.id}" is a core code`);
    const owner = owners.get(code);
    if (owner) throw new Error(`Error code "${code}" is declared by both plugin "${owner}" and plugin "${plugin.id}"`);
    owners.set(code, plugin.id);
  }
}

function dependencyOrder(byId: Map<string, AnyPlugin>): AnyPlugin[] {
  const ordered: AnyPlugin[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (plugin: AnyPlugin, path: string[]) => {
    if (state.get(plugin.id) === 'done') return;
    if (state.get(plugin.id) === 'visiting')
      throw new Error(`Plugins depend on each other in a cycle: ${[...path, plugin.id].join(' → ')}`);
    state.set(plugin.id, 'visiting');
    for (const [name] of dependenciesOf(plugin)) visit(byId.get(name)!, [...path, plugin.id]);
    state.set(plugin.id, 'done');
    ordered.push(plugin);
  };
  for (const plugin of byId.values()) visit(plugin, []);
  return ordered;
}

const dependenciesOf = (plugin: AnyPlugin): [string, AnyPlugin | undefined][] => Object.entries(plugin.dependsOn ?? {});

/** Throws a start-up error naming the plugin for a job id that is not kebab-case or is used twice, or a bad cadence. */
export function validateJobs(pluginId: string, jobs: readonly ScheduledJob[]): void {
  const seen = new Set<string>();
  for (const job of jobs) {
    if (!kebabCase.test(job.id)) throw new Error(`Plugin "${pluginId}" has a scheduled job id "${job.id}" that is not kebab-case`);
    if (seen.has(job.id)) throw new Error(`Plugin "${pluginId}" declares the scheduled job "${job.id}" twice`);
    seen.add(job.id);
    const problem = cadenceProblem(job);
    if (problem) throw new Error(`Plugin "${pluginId}": scheduled job "${job.id}" ${problem}`);
  }
}

/** Validates and sets up every plugin, dependencies first; then refuses a handler of an event type nobody publishes, and starts delivery. */
export async function loadPlugins(definitions: readonly AnyPlugin[], deps: HostDependencies): Promise<LoadedPlugins> {
  const ordered = validatePluginSet(definitions);
  const publishers = eventPublishers(definitions);
  const services: Record<string, unknown> = {};
  const byDefinition = new Map<AnyPlugin, unknown>();
  const loaded: LoadedPlugins = {
    plugins: [],
    commands: new CommandRegistry(),
    cardActions: new Map(),
    dialogs: new Map(),
    routers: [],
    searchCommands: new Map(),
    messageActions: new Map(),
    unfurlers: [],
    jobs: [],
    async start() {
      for (const plugin of loaded.plugins) {
        try {
          await plugin.parts.start?.();
        } catch (error) {
          throw new Error(`Plugin "${plugin.id}" did not start: ${error instanceof Error ? error.message : String(error)}`, {
            cause: error,
          });
        }
      }
    },
    // The host stored what this very definition's setup returned, so the service has the definition's type.
    serviceOf: <Plugin extends AnyPlugin>(plugin: Plugin) => byDefinition.get(plugin) as ServiceOf<Plugin> | undefined,
    ...(deps.projector ? { projector: deps.projector } : {}),
    async stop() {
      // Queued changes get a few seconds; a longer backlog (an import's) is left to the sweeper of the next process.
      await Promise.all([deps.outbox?.idle(), deps.projector?.stop()]);
      for (const plugin of [...loaded.plugins].reverse()) {
        await plugin.parts
          .stop?.()
          .catch((error: unknown) => deps.log.error('a plugin did not stop cleanly', { plugin: plugin.id, error }));
      }
      // What the plugins wrote while stopping is delivered too.
      await deps.outbox?.idle();
      await deps.projector?.idle();
    },
  };
  const commandOwners = new Map<string, string>();
  for (const plugin of ordered) {
    deps.i18n.add(plugin.id, plugin.messages);
    const tables = await openPluginTables(plugin, deps.openTable);
    const parts = await plugin.setup({
      table: (name) => {
        const table = tables.get(name);
        if (!table) throw new Error(`Plugin "${plugin.id}" uses table "${name}" without declaring it`);
        return table;
      },
      services: Object.fromEntries(dependenciesOf(plugin).map(([id]) => [id, services[id]])),
      clock: deps.clock,
      log: deps.log.child({ plugin: plugin.id }),
      publicUrl: deps.publicUrl,
      ...(deps.teamsAppId ? { teamsAppId: deps.teamsAppId } : {}),
      notify: deps.notifierFor?.(plugin.id) ?? refusingNotifier(plugin.id),
      outbox: pluginOutbox(plugin.id, plugin.events ?? {}, deps.outbox, deps.clock),
      projections: deps.projector ?? { settled: async () => {}, derivesFrom: () => false },
    });
    if (parts.views?.length) {
      if (!deps.projector) throw new Error(`Plugin "${plugin.id}" declares views, but the host was given no projector`);
      deps.projector.register(plugin.id, parts.views);
    }
    services[plugin.id] = parts.service;
    byDefinition.set(plugin, parts.service);
    for (const action of parts.cardActions ?? []) {
      const owner = loaded.cardActions.get(action.verb);
      if (owner) throw new Error(`Card action "${action.verb}" is claimed by both plugin "${owner.pluginId}" and plugin "${plugin.id}"`);
      loaded.cardActions.set(action.verb, { pluginId: plugin.id, action });
    }
    for (const dialog of parts.dialogs ?? []) {
      if (loaded.dialogs.has(dialog.id))
        throw new Error(`Dialog "${dialog.id}" is claimed twice, the second time by plugin "${plugin.id}"`);
      loaded.dialogs.set(dialog.id, dialog);
    }
    for (const command of [...(parts.searchCommands ?? []), ...(parts.messageActions ?? [])]) {
      const owner = commandOwners.get(command.commandId);
      if (owner)
        throw new Error(`Message-extension command "${command.commandId}" is claimed by both plugin "${owner}" and plugin "${plugin.id}"`);
      commandOwners.set(command.commandId, plugin.id);
    }
    for (const command of parts.searchCommands ?? []) loaded.searchCommands.set(command.commandId, command);
    for (const action of parts.messageActions ?? []) loaded.messageActions.set(action.commandId, action);
    loaded.unfurlers.push(...(parts.unfurlers ?? []));
    validateJobs(plugin.id, parts.jobs ?? []);
    for (const job of parts.jobs ?? []) loaded.jobs.push({ pluginId: plugin.id, job });
    if (parts.router) loaded.routers.push({ id: plugin.id, router: parts.router });
    loaded.plugins.push({ id: plugin.id, parts });
  }
  // Commands in the order the plugin list names their plugins, not the order they were set up: help and the greeting
  // lead with the capabilities listed first, whatever plugins they depend on.
  for (const plugin of definitions) {
    for (const command of byId(loaded, plugin.id)?.parts.commands ?? []) loaded.commands.add(plugin.id, command);
  }
  const subscriptions = loaded.plugins.map((plugin) => ({ pluginId: plugin.id, handles: plugin.parts.handles ?? {} }));
  const projector = deps.projector;
  if (projector && projector.sources().length > 0)
    subscriptions.push({
      pluginId: projectorSubscriber,
      handles: Object.fromEntries(
        projector.sources().map((source) => [source, (event: Parameters<Projections['handle']>[0]) => projector.handle(event)]),
      ),
    });
  const delivery = createEventDelivery(publishers, subscriptions);
  const withEvents = [...publishers.values()][0]?.pluginId ?? subscriptions.find((s) => Object.keys(s.handles).length > 0)?.pluginId;
  if (withEvents && !deps.outbox) throw new Error(`Plugin "${withEvents}" publishes or handles events, but the host was given no outbox`);
  deps.outbox?.open(delivery);
  return loaded;
}

const byId = (loaded: LoadedPlugins, id: string) => loaded.plugins.find((plugin) => plugin.id === id);
