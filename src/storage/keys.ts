// Table keys: tenant-scoped partition keys and reversible encoding of the characters Azure forbids in keys.
import { AppError } from '../core/errors';

/** Azure allows 1 KiB per key; UTF-16 makes that 512 characters. */
export const maxKeyLength = 512;

// `/ \ # ?` and control characters are illegal in keys; `%` escapes and `|` separates key parts, so both are encoded too.
const mustEncode = /[/\\#?%|\u0000-\u001f\u007f-\u009f]/gu;
const needsEncoding = new RegExp(mustEncode.source, 'u');

/** Encodes one key part so it is legal in a PartitionKey or RowKey and sorts with the same prefixes. */
export function encodeKeyPart(value: string): string {
  if (!needsEncoding.test(value)) return value;
  return value.replace(mustEncode, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}

export function decodeKeyPart(value: string): string {
  return value.replace(/%([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

/** Joins encoded parts with `|`; refuses empty parts and keys over Azure's limit. */
export function composeKey(parts: readonly string[]): string {
  if (parts.length === 0 || parts.some((part) => part.length === 0)) {
    throw new AppError('INVALID_KEY', { value: parts.join('|'), reason: 'a key part is empty' });
  }
  const key = parts.map(encodeKeyPart).join('|');
  if (key.length > maxKeyLength) {
    throw new AppError('INVALID_KEY', { value: `${key.slice(0, 40)}…`, reason: `longer than ${maxKeyLength} characters` });
  }
  return key;
}

/** Every PartitionKey starts with the tenant id, so no query can cross tenants. */
export function tenantPartitionKey(tenantId: string, partition: readonly string[]): string {
  return composeKey([tenantId, ...partition]);
}

/** Splits a PartitionKey made by `tenantPartitionKey` back into tenant and parts. */
export function splitPartitionKey(partitionKey: string): { tenantId: string; partition: string[] } {
  const [tenantId = '', ...partition] = partitionKey.split('|').map(decodeKeyPart);
  return { tenantId, partition };
}

/** The row-key range of every composed key that starts with `parts`: parts are joined by `|`, and `}` sorts right after it. */
export function keyPrefixRange(parts: readonly string[]): { rowKeyFrom: string; rowKeyBefore: string } {
  const key = composeKey(parts);
  return { rowKeyFrom: `${key}|`, rowKeyBefore: `${key}}` };
}
