// Azure Table storage's real limits, enforced here because Azurite accepts more than Azure does.
import { AppError } from '../core/errors';

export const azureLimits = {
  /** 64 KiB per string property, UTF-16. */
  stringChars: 32 * 1024,
  /** 1 MiB per entity, keys and property names included. */
  entityBytes: 1024 * 1024,
  /** 255 properties including PartitionKey, RowKey and Timestamp. */
  customProperties: 252,
  /** 64 KiB per binary property. */
  binaryBytes: 64 * 1024,
} as const;

type StoredValue = string | number | boolean | Date | Uint8Array | bigint | null | undefined;

/** Throws VALUE_TOO_LONG, TOO_MANY_PROPERTIES or ENTITY_TOO_LARGE before the row reaches storage. */
export function assertWithinAzureLimits(entity: { partitionKey: string; rowKey: string } & Record<string, StoredValue>): void {
  const properties = Object.entries(entity).filter(([name, value]) => name !== 'partitionKey' && name !== 'rowKey' && value !== undefined);
  if (properties.length > azureLimits.customProperties) {
    throw new AppError('TOO_MANY_PROPERTIES', { count: properties.length, limit: azureLimits.customProperties });
  }
  // Azure's published size formula: 4 bytes + 2 per key character + per property 8 + 2 per name character + its value.
  let size = 4 + 2 * (entity.partitionKey.length + entity.rowKey.length);
  for (const [name, value] of properties) {
    if (typeof value === 'string' && value.length > azureLimits.stringChars) {
      throw new AppError('VALUE_TOO_LONG', { field: name, length: value.length, limit: azureLimits.stringChars });
    }
    if (value instanceof Uint8Array && value.byteLength > azureLimits.binaryBytes) {
      throw new AppError('VALUE_TOO_LONG', { field: name, length: value.byteLength, limit: azureLimits.binaryBytes });
    }
    size += 8 + 2 * name.length + valueBytes(value);
  }
  if (size > azureLimits.entityBytes) throw new AppError('ENTITY_TOO_LARGE', { size, limit: azureLimits.entityBytes });
}

function valueBytes(value: StoredValue): number {
  if (typeof value === 'string') return 4 + 2 * value.length;
  if (value instanceof Uint8Array) return 4 + value.byteLength;
  if (typeof value === 'boolean') return 1;
  return 8; // numbers (Int32 counts 4, Double and Int64 8), dates
}
