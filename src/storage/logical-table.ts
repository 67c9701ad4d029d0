// The physical layout: a plugin's logical table lives in the plugin's one table under [tenant, logical name, ...] keys.
import type { TableClient } from '@azure/data-tables';
import type { LogicalTable } from '../core/plugin';
import { composeKey, splitPartitionKey, tenantPartitionKey } from './keys';

export type { LogicalTable };

/** A plugin's logical table, or a core table (Tenants, Leases, Outbox, the bot's) that is a physical table of its own. */
export type TableRef = LogicalTable | TableClient;

/** A logical table in a physical one: what the plugin host gives a plugin for each table it declares. */
export const logicalTable = (client: TableClient, name: string): LogicalTable => ({ client, name });

/** The physical table the rows of `table` are stored in. */
export const clientOf = (table: TableRef): TableClient => ('tableName' in table ? table : table.client);

/** The name errors and logs use: the logical name, or the core table's own. */
export const nameOf = (table: TableRef): string => ('tableName' in table ? table.tableName : table.name);

/**
 * The PartitionKey of a partition, tenant id first always: [tenant, logical name, ...partition] in a plugin's table,
 * [tenant, ...partition] in a core table.
 */
export function partitionKeyOf(table: TableRef, tenantId: string, partition: readonly string[]): string {
  return 'tableName' in table ? tenantPartitionKey(tenantId, partition) : composeKey([tenantId, table.name, ...partition]);
}

/**
 * The PartitionKey range (from inclusive, before exclusive) of every partition below `partition` in one tenant, such
 * as all buckets of a record kind; with `nextPartPrefix`, those whose next part starts with it.
 */
export function partitionRange(
  table: TableRef,
  tenantId: string,
  partition: readonly string[],
  nextPartPrefix?: string,
): { from: string; before: string } {
  const from =
    nextPartPrefix === undefined || nextPartPrefix === ''
      ? `${partitionKeyOf(table, tenantId, partition)}|`
      : partitionKeyOf(table, tenantId, [...partition, nextPartPrefix]);
  return { from, before: `${from}\uffff` };
}

/** Splits a PartitionKey of `table` back into tenant and the partition below the logical name (inverse of `partitionKeyOf`). */
export function partitionOf(table: TableRef, partitionKey: string): { tenantId: string; partition: string[] } {
  const { tenantId, partition } = splitPartitionKey(partitionKey);
  return { tenantId, partition: 'tableName' in table ? partition : partition.slice(1) };
}
