// The embedded emulator stores every string exactly, however a multi-byte character falls on the request body's chunks.
import type { TableClient, TableEntity } from '@azure/data-tables';
import { beforeAll, describe, expect, it } from 'vitest';
import { newTenantId } from '../fixtures/server';
import { openTestTable } from '../fixtures/tables';

/**
 * Two properties of 64 to 96 KB of UTF-8 each, so the body crosses 64 KiB read chunks; an ASCII lead of 0 to 3 characters
 * shifts every character by one byte, so across the leads a chunk ends inside a character at every offset.
 */
const texts = [
  ...[0, 1, 2].map((lead) => ({ name: `Chinese, lead ${lead}`, text: `${'x'.repeat(lead)}${'关'.repeat(32_000)}` })),
  ...[0, 1, 2, 3].map((lead) => ({ name: `emoji, lead ${lead}`, text: `${'x'.repeat(lead)}${'😀'.repeat(16_000)}` })),
];

/** Where a stored string first differs from the written one, readably (the strings are too long to print). */
function difference(stored: string, written: string): string | undefined {
  if (stored === written) return undefined;
  let at = 0;
  while (stored.charCodeAt(at) === written.charCodeAt(at)) at += 1;
  const unit = (text: string) => (at < text.length ? `U+${text.charCodeAt(at).toString(16).toUpperCase().padStart(4, '0')}` : 'the end');
  return `length ${stored.length} for ${written.length}; at ${at}, ${unit(stored)} for ${unit(written)}`;
}

type Write = (table: TableClient, entity: TableEntity<{ first: string; second: string }>) => Promise<unknown>;

/** Every way an entity's properties reach the service. */
const writes: [string, Write][] = [
  ['create', (table, entity) => table.createEntity(entity)],
  [
    'update (Replace)',
    async (table, entity) => {
      await table.createEntity({ partitionKey: entity.partitionKey, rowKey: entity.rowKey, first: '', second: '' });
      await table.updateEntity(entity, 'Replace');
    },
  ],
  ['upsert (Merge)', (table, entity) => table.upsertEntity(entity, 'Merge')],
  ['upsert (Replace)', (table, entity) => table.upsertEntity(entity, 'Replace')],
  ['transaction', (table, entity) => table.submitTransaction([['create', entity]])],
];

describe('strings through the embedded emulator', () => {
  let table: TableClient;
  beforeAll(async () => {
    table = await openTestTable('EmulatorStrings');
  });

  describe.each(writes)('%s', (_, write) => {
    it.each(texts)('reads back $name exactly', async ({ text }) => {
      const entity = { partitionKey: newTenantId(), rowKey: 'row', first: text, second: `y${text}` };

      await write(table, entity);
      const stored = await table.getEntity<{ first: string; second: string }>(entity.partitionKey, entity.rowKey);

      expect(difference(stored.first, entity.first)).toBeUndefined();
      expect(difference(stored.second, entity.second)).toBeUndefined();
    });
  });
});
