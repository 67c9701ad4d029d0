// A table spread over several Azure tables by partition, for record kinds that reach millions of rows per tenant.
//
// Every partition lives whole in one shard, chosen by a stable digest of its PartitionKey, so point reads,
// partition queries and entity-group transactions work as on one table. What it buys: a query reads one shard's
// rows, not all of them (the local emulator evaluates a filter against every row of a table, and its inserts slow
// down as a table grows), and on Azure the shards are separate scale units.
import { randomUUID } from 'node:crypto';
import type { TableClient } from '@azure/data-tables';

/** The Azure table names of a sharded table: `Activities0` … `Activities15`. */
export function shardNames(name: string, count: number): string[] {
  return Array.from({ length: count }, (_, i) => `${name}${i}`);
}

/** The shard of a PartitionKey: FNV-1a over its UTF-16 code units, stable across processes and releases. */
export function shardOf(partitionKey: string, count: number): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < partitionKey.length; i += 1) {
    hash ^= partitionKey.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0) % count;
}

/** One table, or the shards of one; a repository takes either. */
export type TableSet = TableClient | readonly TableClient[];

export const tablesOf = (set: TableSet): readonly TableClient[] => ('submitTransaction' in set ? [set] : set);

/** The table of `set` that holds the partition `partitionKey`. */
export function tableForPartition(set: TableSet, partitionKey: string): TableClient {
  const tables = tablesOf(set);
  return tables.length === 1 ? tables[0]! : tables[shardOf(partitionKey, tables.length)]!;
}

/**
 * A new random id starting with `bucket` (hex digits), so that records bucketed by the start of their id can be
 * made in one partition and written in one transaction.
 */
export const idInBucket = (bucket: string): string => `${bucket}${randomUUID().slice(bucket.length)}`;
