// Loads the plugin set: refuses a bad set at start-up with a message naming the culprit, then sets each plugin up.
import type { TableClient } from '@azure/data-tables';
import type { Router } from 'express';
import type { Clock } from './clock';
import { CommandRegistry } from './command-registry';
import type { I18n } from './i18n';
import type { Logger } from './logger';
import type { AnyPlugin, CardAction, Dependencies, LinkUnfurler, MessageAction, PluginDefinition, PluginParts, SearchCommand } from './plugin';

export interface LoadedPlugin {
  id: string;
  parts: PluginParts;
}

export interface LoadedPlugins {
  plugins: LoadedPlugin[];
  commands: CommandRegistry;
  cardActions: Map<string, { pluginId: string; action: CardAction }>;
  routers: { id: string; router: Router }[];
  /** Message-extension commands by manifest command id. */
  searchCommands: Map<string, SearchCommand>;
  messageActions: Map<string, MessageAction>;
  unfurlers: LinkUnfurler[];
  /**
   * The service of a loaded plugin, typed by its definition; undefined when the plugin is not in the set.
   * @example const people = loaded.serviceOf(peoplePlugin)
   */
  serviceOf<Service>(plugin: PluginDefinition<Service, Dependencies>): Service | undefined;
  /** Stops the plugins in the reverse of their start order; a failing one is logged and the others still stop. */
  stop(): Promise<void>;
}

export interface HostDependencies {
  /** Creates the table if needed and returns its client. */
  openTable(name: string): Promise<TableClient>;
  i18n: I18n;
  clock: Clock;
  log: Logger;
  publicUrl: string;
  teamsAppId?: string;
}

/** Throws a start-up error for a duplicate id, a missing dependency, a cycle, or a table owned twice. */
export function validatePluginSet(definitions: readonly AnyPlugin[]): AnyPlugin[] {
  const byId = new Map<string, AnyPlugin>();
  const tableOwner = new Map<string, string>();
  for (const plugin of definitions) {
    if (!/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/.test(plugin.id)) throw new Error(`Plugin id "${plugin.id}" must be kebab-case`);
    if (byId.has(plugin.id)) throw new Error(`Plugin "${plugin.id}" is registered twice`);
    byId.set(plugin.id, plugin);
    for (const table of plugin.tables ?? []) {
      const owner = tableOwner.get(table.toLowerCase());
      if (owner) throw new Error(`Table "${table}" is claimed by both plugin "${owner}" and plugin "${plugin.id}"`);
      tableOwner.set(table.toLowerCase(), plugin.id);
    }
  }
  for (const plugin of definitions) {
    for (const [name, dependency] of dependenciesOf(plugin)) {
      if (dependency?.id !== name) throw new Error(`Plugin "${plugin.id}" names its dependency "${name}" after another plugin ("${dependency?.id}")`);
      if (byId.get(name) !== dependency) throw new Error(`Plugin "${plugin.id}" depends on "${name}", which is not registered`);
    }
  }
  return dependencyOrder(byId);
}

function dependencyOrder(byId: Map<string, AnyPlugin>): AnyPlugin[] {
  const ordered: AnyPlugin[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (plugin: AnyPlugin, path: string[]) => {
    if (state.get(plugin.id) === 'done') return;
    if (state.get(plugin.id) === 'visiting') throw new Error(`Plugins depend on each other in a cycle: ${[...path, plugin.id].join(' → ')}`);
    state.set(plugin.id, 'visiting');
    for (const [name] of dependenciesOf(plugin)) visit(byId.get(name)!, [...path, plugin.id]);
    state.set(plugin.id, 'done');
    ordered.push(plugin);
  };
  for (const plugin of byId.values()) visit(plugin, []);
  return ordered;
}

const dependenciesOf = (plugin: AnyPlugin): [string, AnyPlugin | undefined][] => Object.entries(plugin.dependsOn ?? {});

/** Validates and sets up every plugin, dependencies first. */
export async function loadPlugins(definitions: readonly AnyPlugin[], deps: HostDependencies): Promise<LoadedPlugins> {
  const ordered = validatePluginSet(definitions);
  const services: Record<string, unknown> = {};
  const byDefinition = new Map<AnyPlugin, unknown>();
  const loaded: LoadedPlugins = {
    plugins: [],
    commands: new CommandRegistry(),
    cardActions: new Map(),
    routers: [],
    searchCommands: new Map(),
    messageActions: new Map(),
    unfurlers: [],
    // The host stored what this very definition's setup returned, so the service has the definition's type.
    serviceOf: <Service>(plugin: PluginDefinition<Service, Dependencies>) => (byDefinition.get(plugin) as Service | undefined),
    async stop() {
      for (const plugin of [...loaded.plugins].reverse()) {
        await plugin.parts.stop?.().catch((error: unknown) => deps.log.error('a plugin did not stop cleanly', { plugin: plugin.id, error }));
      }
    },
  };
  const commandOwners = new Map<string, string>();
  for (const plugin of ordered) {
    deps.i18n.add(plugin.id, plugin.messages);
    const tables = new Map<string, TableClient>();
    for (const name of plugin.tables ?? []) tables.set(name, await deps.openTable(name));
    const parts = await plugin.setup({
      table: (name) => {
        const client = tables.get(name);
        if (!client) throw new Error(`Plugin "${plugin.id}" uses table "${name}" without declaring it`);
        return client;
      },
      services: Object.fromEntries(dependenciesOf(plugin).map(([id]) => [id, services[id]])),
      clock: deps.clock,
      log: deps.log.child({ plugin: plugin.id }),
      publicUrl: deps.publicUrl,
      ...(deps.teamsAppId ? { teamsAppId: deps.teamsAppId } : {}),
    });
    services[plugin.id] = parts.service;
    byDefinition.set(plugin, parts.service);
    for (const action of parts.cardActions ?? []) {
      const owner = loaded.cardActions.get(action.verb);
      if (owner) throw new Error(`Card action "${action.verb}" is claimed by both plugin "${owner.pluginId}" and plugin "${plugin.id}"`);
      loaded.cardActions.set(action.verb, { pluginId: plugin.id, action });
    }
    for (const command of [...(parts.searchCommands ?? []), ...(parts.messageActions ?? [])]) {
      const owner = commandOwners.get(command.commandId);
      if (owner) throw new Error(`Message-extension command "${command.commandId}" is claimed by both plugin "${owner}" and plugin "${plugin.id}"`);
      commandOwners.set(command.commandId, plugin.id);
    }
    for (const command of parts.searchCommands ?? []) loaded.searchCommands.set(command.commandId, command);
    for (const action of parts.messageActions ?? []) loaded.messageActions.set(action.commandId, action);
    loaded.unfurlers.push(...(parts.unfurlers ?? []));
    if (parts.router) loaded.routers.push({ id: plugin.id, router: parts.router });
    loaded.plugins.push({ id: plugin.id, parts });
  }
  // Commands in the order the plugin list names their plugins, not the order they were set up: help and the greeting
  // lead with the capabilities listed first, whatever plugins they depend on.
  for (const plugin of definitions) {
    for (const command of byId(loaded, plugin.id)?.parts.commands ?? []) loaded.commands.add(plugin.id, command);
  }
  return loaded;
}

const byId = (loaded: LoadedPlugins, id: string) => loaded.plugins.find((plugin) => plugin.id === id);
