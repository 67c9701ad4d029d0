// Pages over bucketed partitions: every bucket of a tenant (lists), or the search buckets a short prefix can be in.
import type { TableClient, TableEntityResult } from '@azure/data-tables';
import { z } from 'zod';
import { AppError } from '../../core/errors';
import { fromEntity, type Row } from '../../storage/entity-codec';
import { allOf, where, type ODataFilter } from '../../storage/filter';
import type { Page, PageRequest, Repository, Stored } from '../../storage/repository';
import { tenantPartitionKey } from '../../storage/keys';
import { isEventRow } from '../../storage/outbox-rows';
import { tableForPartition, tablesOf, type TableSet } from '../../storage/shards';
import { toAppError } from '../../storage/storage-errors';
import { bucketPartitions, bucketRange, keyBucket, keyBucketLength } from './buckets';
import { prefixRange } from './search-keys';

/**
 * Rows of all buckets of `partition` in one tenant (or those starting with `bucketPrefix`), in key order, within
 * the request's row-key range and filter. Never leaves the tenant. Over the shards of a table, each page merges every
 * shard's next rows, and its continuation token is the last key it returned.
 */
export async function pageBuckets<S extends z.ZodObject>(
  tables: TableSet,
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
  const pageSize = Math.min(Math.max(request.pageSize ?? 100, 1), 1000);
  const json = new Set(jsonFields);
  const toItem = (row: TableEntityResult<Row>) => ({ value: fromEntity(row, schema, json), etag: row.etag });
  const shards = tablesOf(tables);
  try {
    if (shards.length > 1)
      return await mergedPage(
        shards.map((table) => ({ table, filter })),
        partitionOrder,
        pageSize,
        request.continuationToken,
        toItem,
      );
    const pages = shards[0]!
      .listEntities<Row>({ queryOptions: { filter } })
      .byPage({ maxPageSize: pageSize, continuationToken: request.continuationToken });
    for await (const page of pages) {
      return { items: page.filter((row) => !isEventRow(row.rowKey)).map(toItem), continuationToken: page.continuationToken };
    }
    return { items: [] };
  } catch (error) {
    throw toAppError(error, { entity: scope.entity, id: scope.partition.join('/') });
  }
}

type Key = readonly [string, string];
const compareKeys = (a: Key, b: Key) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0);

/** How merged rows are ordered: the key each row sorts by, and the filter for the rows after a key. */
interface Order {
  keyOf(row: TableEntityResult<Row>): Key;
  after(key: Key): ODataFilter;
}
/** Partition, then row: buckets in their order, each bucket's rows in key order. */
const partitionOrder: Order = {
  keyOf: (row) => [row.partitionKey!, row.rowKey!],
  after: ([partitionKey, rowKey]) => where`(PartitionKey gt ${partitionKey} or (PartitionKey eq ${partitionKey} and RowKey gt ${rowKey}))`,
};
/** Row, then partition: the rows of partitions that split one bucket, interleaved in key order. */
const rowOrder: Order = {
  keyOf: (row) => [row.rowKey!, row.partitionKey!],
  after: ([rowKey, partitionKey]) => where`(RowKey gt ${rowKey} or (RowKey eq ${rowKey} and PartitionKey gt ${partitionKey}))`,
};

const tokenSchema = z.tuple([z.string(), z.string()]);
const encodeToken = (key: Key) => Buffer.from(JSON.stringify(key)).toString('base64url');
function decodeToken(token: string): Key {
  try {
    return tokenSchema.parse(JSON.parse(Buffer.from(token, 'base64url').toString('utf8')));
  } catch (error) {
    throw new AppError('VALIDATION_FAILED', { summary: 'continuationToken: not a token this list gave out' }, undefined, { cause: error });
  }
}

/** A shard's first rows matching `filter`, and whether it has more (an empty page with a token is read past). */
async function firstRows(table: TableClient, filter: string, pageSize: number): Promise<{ rows: TableEntityResult<Row>[]; more: boolean }> {
  for await (const page of table.listEntities<Row>({ queryOptions: { filter } }).byPage({ maxPageSize: pageSize })) {
    if (page.length > 0 || !page.continuationToken) return { rows: page, more: page.continuationToken !== undefined };
  }
  return { rows: [], more: false };
}

/**
 * One page over several sources (shards, or the partitions of one bucket) in key order: every source's rows after the
 * token's key, merged. Rows past the last row of a source that has more wait for the next page, as that source may
 * hold rows before them.
 */
async function mergedPage<T>(
  sources: { table: TableClient; filter: string }[],
  order: Order,
  pageSize: number,
  token: string | undefined,
  toItem: (row: TableEntityResult<Row>) => Stored<T>,
): Promise<Page<T>> {
  const after = token === undefined ? undefined : decodeToken(token);
  const past = after && order.after(after);
  const pages = await Promise.all(sources.map(({ table, filter }) => firstRows(table, allOf(filter as ODataFilter, past), pageSize)));
  const bounds = pages.filter((page) => page.more).map((page) => order.keyOf(page.rows.at(-1)!));
  const bound = bounds.sort(compareKeys)[0];
  const rows = pages.flatMap((page) => page.rows).sort((a, b) => compareKeys(order.keyOf(a), order.keyOf(b)));
  const ready = rows.filter((row) => bound === undefined || compareKeys(order.keyOf(row), bound) <= 0).slice(0, pageSize);
  const more = bound !== undefined || rows.length > ready.length;
  // Events waiting beside their records (storage/outbox-rows.ts) are not records; the token may still point past one.
  return {
    items: ready.filter((row) => !isEventRow(row.rowKey)).map(toItem),
    continuationToken: more && ready.length > 0 ? encodeToken(order.keyOf(ready.at(-1)!)) : undefined,
  };
}

/**
 * One page of the search rows whose key starts with `key`. A key of a full bucket's length reads its bucket: one
 * partition, or the `splits` partitions the bucket is split into, merged in key order. A shorter key reads the
 * buckets starting with it.
 */
export async function pageSearch<S extends z.ZodObject>(
  repository: Repository<S>,
  jsonFields: readonly string[],
  tenantId: string,
  key: string,
  request: PageRequest,
  splits = 1,
): Promise<Page<z.infer<S>>> {
  const range = { ...request, ...prefixRange(key) };
  if ([...key].length < keyBucketLength) {
    return pageBuckets(
      repository.shards,
      repository.schema,
      jsonFields,
      { tenantId, partition: ['search'], entity: repository.entity, bucketPrefix: key },
      range,
    );
  }
  const partitions = bucketPartitions(key, splits);
  if (partitions.length === 1) return repository.page(tenantId, partitions[0]!, range);
  const rows = allOf(where`RowKey ge ${range.rowKeyFrom} and RowKey lt ${range.rowKeyBefore}`, request.where);
  const sources = partitions.map((partition) => {
    const partitionKey = tenantPartitionKey(tenantId, partition);
    return {
      table: tableForPartition(repository.shards, partitionKey),
      filter: allOf(where`PartitionKey eq ${partitionKey}`, rows) as string,
    };
  });
  const json = new Set(jsonFields);
  const pageSize = Math.min(Math.max(request.pageSize ?? 100, 1), 1000);
  try {
    return await mergedPage(sources, rowOrder, pageSize, request.continuationToken, (row) => ({
      value: fromEntity(row, repository.schema, json),
      etag: row.etag,
    }));
  } catch (error) {
    throw toAppError(error, { entity: repository.entity, id: `search/${keyBucket(key)}` });
  }
}
