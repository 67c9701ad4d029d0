// Pages of name search rows (accounts' and contacts'): a key's bucket is its first characters (storage/buckets.ts).
import type { z } from 'zod';
import { keyBucket, keyBucketLength } from '../../storage/buckets';
import type { Page, PageRequest, Repository } from '../../storage/repository';
import { prefixRange } from './search-keys';

/** The search partition of a key; every prefix of it at least a bucket long is in the same one. */
export const searchPartition = (key: string): string[] => ['search', keyBucket(key)];

/**
 * One page of the search rows whose key starts with `key`, in key order. A key of a full bucket's length reads its
 * bucket's partition; a shorter one the partitions of the buckets that start with it (one range query).
 */
export function pageSearch<S extends z.ZodObject>(
  repository: Repository<S>,
  tenantId: string,
  key: string,
  request: PageRequest,
): Promise<Page<z.infer<S>>> {
  const range = { ...request, ...prefixRange(key) };
  if ([...key].length < keyBucketLength) return repository.pageBelow(tenantId, ['search'], range, key);
  return repository.page(tenantId, searchPartition(key), range);
}
