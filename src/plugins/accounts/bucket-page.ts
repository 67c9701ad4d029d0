// Pages over bucketed partitions: every bucket of a tenant (lists), or the search buckets a short prefix can be in.
import type { TableClient } from '@azure/data-tables';
import type { z } from 'zod';
import { fromEntity, type Row } from '../../storage/entity-codec';
import { allOf, where } from '../../storage/filter';
import type { Page, PageRequest, Repository } from '../../storage/repository';
import { toAppError } from '../../storage/storage-errors';
import { bucketRange, keyBucket, keyBucketLength } from './buckets';
import { prefixRange } from './search-keys';

/**
 * Rows of all buckets of `partition` in one tenant (or those starting with `bucketPrefix`), in key order, within
 * the request's row-key range and filter. Never leaves the tenant.
 */
export async function pageBuckets<S extends z.ZodObject>(
  table: TableClient,
  schema: S,
  jsonFields: readonly string[],
  scope: { tenantId: string; partition: readonly string[]; entity: string; bucketPrefix?: string },
  request: PageRequest,
): Promise<Page<z.infer<S>>> {
  const { from, before } = bucketRange(scope.tenantId, scope.partition, scope.bucketPrefix);
  const filter = allOf(
    where`PartitionKey ge ${from} and PartitionKey lt ${before}`,
    request.rowKeyFrom === undefined ? undefined : where`RowKey ge ${request.rowKeyFrom}`,
    request.rowKeyBefore === undefined ? undefined : where`RowKey lt ${request.rowKeyBefore}`,
    request.where,
  );
  const pages = table.listEntities<Row>({ queryOptions: { filter } }).byPage({
    maxPageSize: Math.min(Math.max(request.pageSize ?? 100, 1), 1000),
    continuationToken: request.continuationToken,
  });
  const json = new Set(jsonFields);
  try {
    for await (const page of pages) {
      return { items: page.map((row) => ({ value: fromEntity(row, schema, json), etag: row.etag })), continuationToken: page.continuationToken };
    }
    return { items: [] };
  } catch (error) {
    throw toAppError(error, { entity: scope.entity, id: scope.partition.join('/') });
  }
}

/** One page of the search rows whose key starts with `key`: one partition, or for a short key the buckets starting with it. */
export function pageSearch<S extends z.ZodObject>(
  repository: Repository<S>,
  jsonFields: readonly string[],
  tenantId: string,
  key: string,
  request: PageRequest,
): Promise<Page<z.infer<S>>> {
  const range = { ...request, ...prefixRange(key) };
  if ([...key].length >= keyBucketLength) return repository.page(tenantId, ['search', keyBucket(key)], range);
  return pageBuckets(repository.table, repository.schema, jsonFields, { tenantId, partition: ['search'], entity: repository.entity, bucketPrefix: key }, range);
}
