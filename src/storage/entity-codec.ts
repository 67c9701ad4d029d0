// Converts records to table rows and back: nested fields as JSON, metadata stripped, rows parsed with zod.
import type { TableEntity, TableEntityResult } from '@azure/data-tables';
import type { z } from 'zod';
import { assertWithinAzureLimits } from './limits';

const int32 = { min: -(2 ** 31), max: 2 ** 31 - 1 };
const metadata = new Set(['partitionKey', 'rowKey', 'etag', 'timestamp']);

export type Row = Record<string, unknown>;

/**
 * Flattens a record into storable properties (`jsonFields` hold arrays or objects as JSON text)
 * and checks Azure's limits before anything is sent.
 */
export function toEntity(partitionKey: string, rowKey: string, value: Row, jsonFields: ReadonlySet<string>): TableEntity<Row> {
  const plain: Record<string, string | number | boolean> = {};
  for (const [name, field] of Object.entries(value)) {
    if (field === undefined || field === null) continue;
    if (jsonFields.has(name)) plain[name] = JSON.stringify(field);
    else if (typeof field === 'string' || typeof field === 'number' || typeof field === 'boolean') plain[name] = field;
    else throw new Error(`Field "${name}" holds a ${typeof field} but is not declared as a JSON field`);
  }
  assertWithinAzureLimits({ partitionKey, rowKey, ...plain });
  const entity: TableEntity<Row> = { partitionKey, rowKey };
  for (const [name, field] of Object.entries(plain)) {
    // Untyped numbers are read by the service as Int32; larger or fractional ones must say Double.
    const isInt32 = typeof field === 'number' && Number.isInteger(field) && field >= int32.min && field <= int32.max;
    entity[name] = typeof field === 'number' && !isInt32 ? { value: String(field), type: 'Double' } : field;
  }
  return entity;
}

/** Parses a stored row with the record's schema; a row that does not parse is corrupt and throws. */
export function fromEntity<S extends z.ZodType>(entity: TableEntityResult<Row>, schema: S, jsonFields: ReadonlySet<string>): z.infer<S> {
  const raw: Row = {};
  for (const [name, value] of Object.entries(entity)) {
    if (metadata.has(name) || name.startsWith('odata.')) continue;
    raw[name] = jsonFields.has(name) && typeof value === 'string' ? JSON.parse(value) : value;
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    throw new Error(`Stored row ${entity.partitionKey}/${entity.rowKey} does not match its schema: ${parsed.error.message}`);
  }
  return parsed.data;
}
