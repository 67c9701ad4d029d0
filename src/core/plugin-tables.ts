// Where a plugin's logical tables live: all of them in one physical table named after the plugin, checked at start-up.
import type { TableClient } from '@azure/data-tables';
import type { AnyPlugin, LogicalTable } from './plugin';

/** The tables the core and the bot keep for themselves (tenants, leases, the outbox's markers, conversations, deliveries). */
export const coreTableNames = ['Tenants', 'Leases', 'Outbox', 'BotConversations', 'BotDeliveries'] as const;

/** Letters and digits, starting with a letter: a logical name is the second part of a PartitionKey. */
const logicalName = /^[A-Za-z][A-Za-z0-9]{0,62}$/;
/** Azure's rule for table names (3 to 63 letters and digits, starting with a letter); a deployment prefix comes on top. */
const physicalName = /^[A-Za-z][A-Za-z0-9]{2,62}$/;

/** The physical table of a plugin: its id in PascalCase (`accounts` → `Accounts`, `follow-ups` → `FollowUps`). */
export const physicalTableOf = (pluginId: string): string =>
  pluginId
    .split('-')
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join('');

/**
 * Throws a start-up error naming the plugin for a logical name that is not letters and digits or is declared twice, a
 * plugin id that makes no valid table name, or two plugins (or a plugin and the core) that would share a physical table.
 */
export function validatePluginTables(definitions: readonly AnyPlugin[]): void {
  // Azure table names are case-insensitive.
  const owners = new Map<string, string>(coreTableNames.map((name) => [name.toLowerCase(), 'the core']));
  for (const plugin of definitions) {
    const tables = plugin.tables ?? [];
    for (const name of tables)
      if (!logicalName.test(name)) throw new Error(`Plugin "${plugin.id}" declares table "${name}": use letters and digits`);
    const twice = tables.find((name, i) => tables.indexOf(name) !== i);
    if (twice) throw new Error(`Plugin "${plugin.id}" declares table "${twice}" twice`);
    if (tables.length === 0) continue;
    const physical = physicalTableOf(plugin.id);
    if (!physicalName.test(physical)) throw new Error(`Plugin "${plugin.id}" cannot own tables: "${physical}" is not a valid table name`);
    const owner = owners.get(physical.toLowerCase());
    if (owner)
      throw new Error(
        `Table "${physical}" is claimed by both ${owner === 'the core' ? owner : `plugin "${owner}"`} and plugin "${plugin.id}"`,
      );
    owners.set(physical.toLowerCase(), plugin.id);
  }
}

/** Opens a plugin's physical table (if it declares any table) and returns its logical tables by name. */
export async function openPluginTables(
  plugin: AnyPlugin,
  openTable: (physicalName: string) => Promise<TableClient>,
): Promise<Map<string, LogicalTable>> {
  const names = plugin.tables ?? [];
  if (names.length === 0) return new Map();
  const client = await openTable(physicalTableOf(plugin.id));
  return new Map(names.map((name) => [name, { client, name }]));
}
