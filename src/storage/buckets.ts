// Partitions split into buckets where one partition would run hot: Azure serves a partition from one server (about
// 2,000 entities/s), so a tenant's records of a busy kind are spread over the buckets of their random ids, and index
// rows over the buckets of their keys' first characters. Every plugin that buckets uses these.
import { randomUUID } from 'node:crypto';

/** The bucket of a record: the first `digits` hex digits of its random id (3 make 4,096 buckets, 2 make 256). */
export const idBucket = (id: string, digits: number): string => id.slice(0, digits).toLowerCase();

/** Every bucket of `digits` hex digits, in key order: for the few jobs that visit all of a tenant's records. */
export const allIdBuckets = (digits: number): string[] =>
  Array.from({ length: 16 ** digits }, (_, i) => i.toString(16).padStart(digits, '0'));

/**
 * A new random id starting with `bucket` (hex digits), so that records bucketed by the start of their id can be
 * made in one partition and written in one transaction.
 */
export const idInBucket = (bucket: string): string => `${bucket}${randomUUID().slice(bucket.length)}`;

/** A random bucket of `digits` hex digits, for a batch of new records written together. */
export const randomBucket = (digits: number): string => idBucket(randomUUID(), digits);

/** Characters of an index key that name its bucket. */
export const keyBucketLength = 3;

/** The bucket of an index row: the first characters of its key, the same for every prefix at least that long. */
export const keyBucket = (key: string): string => [...key].slice(0, keyBucketLength).join('') || '-';
