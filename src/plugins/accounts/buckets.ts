// Accounts and contacts in bucketed partitions (storage/buckets.ts): 4,096 per tenant, by the first three hex digits of
// the id, so no partition of a large tenant runs hot; a batch makes its records in one bucket to write them together.
import { idBucket as hexBucket, randomBucket as randomHexBucket } from '../../storage/buckets';

export { idInBucket } from '../../storage/buckets';

/** Hex digits of a record's id that name its partition. */
const recordBucketDigits = 3;

/** The bucket of a record: the first three hex digits of its random id. */
export const idBucket = (id: string): string => hexBucket(id, recordBucketDigits);

/** A random bucket for a batch. */
export const randomBucket = (): string => randomHexBucket(recordBucketDigits);

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
