// Partitions split into buckets, so no tenant keeps 100,000 records in one partition.
//
// Azure serves a partition from one server (a hot-partition limit), and the emulator's point reads and inserts
// scan the whole partition (a 60,000-row partition makes a point read ~6 ms instead of ~1 ms; each row an insert
// passes costs ~50 ns). So records are spread over 4,096 partitions by the first three hex digits of their id, a
// hundred or two rows each at 100,000 records, and search rows (name claims among them) by
// the first three characters of their key, their bucket: a prefix of three or more characters reads its bucket, a
// shorter one the few buckets that start with it. A bucket can be split into several partitions by a digest of the
// key, when names share their first characters often enough to fill one.
import { createHash, randomUUID } from 'node:crypto';
import { tenantPartitionKey } from '../../storage/keys';
import { shardOf } from '../../storage/shards';

/** The bucket of a record: the first three hex digits of its random id. */
export const idBucket = (id: string): string => id.slice(0, 3).toLowerCase();

export { idInBucket } from '../../storage/shards';

/** A random bucket for a batch. */
export const randomBucket = (): string => idBucket(randomUUID());

/** Characters of a search key that name its partition. */
export const keyBucketLength = 3;

/** The bucket of a search row: the first characters of its key, the same for every prefix at least that long. */
export const keyBucket = (key: string): string => [...key].slice(0, keyBucketLength).join('') || '-';

/** The search partition of a key: its bucket, or one of the `splits` partitions its bucket is split into. */
export const searchBucketPartition = (key: string, splits: number): string[] =>
  splits === 1 ? ['search', keyBucket(key)] : ['search', keyBucket(key), String(shardOf(key, splits))];

/** Every partition of the bucket a key (or a prefix at least a bucket long) is in. */
export const bucketPartitions = (key: string, splits: number): string[][] =>
  splits === 1 ? [['search', keyBucket(key)]] : Array.from({ length: splits }, (_, split) => ['search', keyBucket(key), String(split)]);

/**
 * The PartitionKey range of every bucket of `partition` in one tenant, for the few reads that need all; with
 * `bucketPrefix`, only the buckets that start with it (the search partitions a short prefix can be in).
 */
export function bucketRange(tenantId: string, partition: readonly string[], bucketPrefix?: string): { from: string; before: string } {
  const from =
    bucketPrefix === undefined ? `${tenantPartitionKey(tenantId, partition)}|` : tenantPartitionKey(tenantId, [...partition, bucketPrefix]);
  return { from, before: `${from}\uffff` };
}

/**
 * The table a search key's rows live in, when an index is spread over `tables` tables by the key's bucket: the
 * emulator scans a whole table per query, so a prefix of a full bucket's length reads only one of them.
 */
export const tableOf = (key: string, tables: number): number =>
  parseInt(createHash('sha256').update(keyBucket(key)).digest('hex').slice(0, 8), 16) % tables;

/** Items grouped by a key (a partition, an account), in first-seen order. */
export function groupBy<T>(items: readonly T[], key: (item: T) => string): T[][] {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const name = key(item);
    const group = groups.get(name);
    if (group) group.push(item);
    else groups.set(name, [item]);
  }
  return [...groups.values()];
}
