// The outbox's rows: each event beside its record (same partition, a reserved RowKey range) and the marker that points the sweeper at it.
import { randomUUID } from 'node:crypto';
import type { TableEntity } from '@azure/data-tables';
import { z } from 'zod';
import type { DomainEvent, NewEvent } from '../core/events';
import { where, type ODataFilter } from './filter';
import { composeKey, splitPartitionKey, tenantPartitionKey } from './keys';
import { assertWithinAzureLimits } from './limits';

/**
 * RowKeys of events start with this. composeKey never makes `%` followed by a letter (it writes `%` as `%25`), so no
 * record's key falls in the range; `~` sorts it after the keys records use, so a page of records meets events last.
 */
export const eventRowPrefix = '~%outbox|';
/** Just past every key with the prefix: `}` follows `|`. */
const eventRowEnd = '~%outbox}';

/** True for an event's row: partition reads of records leave these out. */
export const isEventRow = (rowKey: string | undefined): boolean => rowKey?.startsWith(eventRowPrefix) === true;

/** An event's RowKey: by record, then version (padded, so a record's events sort in order), then type. */
export const eventRowKey = (event: NewEvent): string =>
  `${eventRowPrefix}${composeKey([event.recordId, String(event.version).padStart(10, '0'), event.type])}`;

/** The events of one partition, in key order. */
export const eventRowsFilter = (partitionKey: string): ODataFilter =>
  where`PartitionKey eq ${partitionKey} and RowKey ge ${eventRowPrefix} and RowKey lt ${eventRowEnd}`;

/** An event as stored: who must receive it (the subscribers when it was written), who has, and when to try again. */
export interface EventRow {
  partitionKey: string;
  rowKey: string;
  etag?: string;
  event: DomainEvent;
  to: string[];
  delivered: string[];
  attempts: number;
  retryAt?: string;
}

const jsonList = z.string().transform((text) => z.array(z.string()).parse(JSON.parse(text)));
const storedEventSchema = z.object({
  partitionKey: z.string(),
  rowKey: z.string(),
  etag: z.string().optional(),
  eventId: z.string(),
  type: z.string(),
  recordId: z.string(),
  version: z.number().int(),
  occurredAt: z.string(),
  payload: z.string(),
  to: jsonList,
  delivered: jsonList,
  attempts: z.number().int(),
  retryAt: z.string().optional(),
});

export function newEventRow(partitionKey: string, event: NewEvent, to: readonly string[]): EventRow {
  const { tenantId } = splitPartitionKey(partitionKey);
  return { partitionKey, rowKey: eventRowKey(event), event: { ...event, tenantId }, to: [...to], delivered: [], attempts: 0 };
}

/** The row as the service stores it; checked against Azure's limits, as a record's row is. */
export function eventEntity(row: EventRow): TableEntity {
  const { event } = row;
  const entity = {
    partitionKey: row.partitionKey,
    rowKey: row.rowKey,
    eventId: event.id,
    type: event.type,
    recordId: event.recordId,
    version: event.version,
    occurredAt: event.occurredAt,
    payload: JSON.stringify(event.payload),
    to: JSON.stringify(row.to),
    delivered: JSON.stringify(row.delivered),
    attempts: row.attempts,
    ...(row.retryAt === undefined ? {} : { retryAt: row.retryAt }),
  };
  assertWithinAzureLimits(entity);
  return entity;
}

export function parseEventRow(entity: Record<string, unknown>): EventRow {
  const row = storedEventSchema.parse(entity);
  const { tenantId } = splitPartitionKey(row.partitionKey);
  const event: DomainEvent = {
    id: row.eventId,
    type: row.type,
    tenantId,
    recordId: row.recordId,
    version: row.version,
    occurredAt: row.occurredAt,
    payload: JSON.parse(row.payload) as unknown,
  };
  return {
    partitionKey: row.partitionKey,
    rowKey: row.rowKey,
    etag: row.etag,
    event,
    to: row.to,
    delivered: row.delivered,
    attempts: row.attempts,
    ...(row.retryAt === undefined ? {} : { retryAt: row.retryAt }),
  };
}

/**
 * One write's marker, in the small Outbox table: PK [tenant, 'outbox', first hex digit of its id], RK [id]. It names the
 * record partition holding the write's events, and `dueAt`, when the sweeper should look at them.
 */
export interface Marker {
  partitionKey: string;
  rowKey: string;
  etag?: string;
  /** The record table, as `TableClient.tableName` names it. */
  table: string;
  recordPartition: string;
  rows: string[];
  createdAt: string;
  dueAt: string;
}

const storedMarkerSchema = z.object({
  partitionKey: z.string(),
  rowKey: z.string(),
  etag: z.string().optional(),
  table: z.string(),
  recordPartition: z.string(),
  rows: jsonList,
  createdAt: z.string(),
  dueAt: z.string(),
});

export function newMarker(table: string, recordPartition: string, rows: readonly string[], now: Date, dueInMs: number): Marker {
  const id = randomUUID();
  const { tenantId } = splitPartitionKey(recordPartition);
  return {
    partitionKey: tenantPartitionKey(tenantId, ['outbox', id.slice(0, 1)]),
    rowKey: id,
    table,
    recordPartition,
    rows: [...rows],
    createdAt: now.toISOString(),
    dueAt: new Date(now.getTime() + dueInMs).toISOString(),
  };
}

export const markerEntity = ({ partitionKey, rowKey, table, recordPartition, rows, createdAt, dueAt }: Marker): TableEntity => ({
  partitionKey,
  rowKey,
  table,
  recordPartition,
  rows: JSON.stringify(rows),
  createdAt,
  dueAt,
});

export const parseMarker = (entity: Record<string, unknown>): Marker => storedMarkerSchema.parse(entity);

/** Markers the sweeper should look at by `now`, across tenants: the Outbox table holds only pending markers (and the sweeper's lease, which has no `dueAt`). */
export const dueMarkersFilter = (now: Date): ODataFilter => where`dueAt le ${now.toISOString()}`;
