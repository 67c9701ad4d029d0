// The repository base against a real Azurite: tenant keys, ETags, Azure's limits, paging and transactions.
import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { AppError } from '../../src/core/errors';
import { where } from '../../src/storage/filter';
import { azureLimits } from '../../src/storage/limits';
import { tenantPartitionKey } from '../../src/storage/keys';
import { Repository } from '../../src/storage/repository';
import { shardNames, shardOf } from '../../src/storage/shards';
import { newTenantId } from '../fixtures/server';
import { openTestTable } from '../fixtures/tables';

const noteSchema = z.strictObject({
  id: z.string(),
  title: z.string(),
  body: z.string().optional(),
  amount: z.number().optional(),
  tags: z.array(z.string()).default([]),
  extra: z.record(z.string(), z.string()).optional(),
});
type Note = z.infer<typeof noteSchema>;

let notes: Repository<typeof noteSchema>;
beforeAll(async () => {
  notes = new Repository(await openTestTable('RepositoryNotes'), 'record', noteSchema, ['tags']);
});

/** Records with any number of string fields, to reach Azure's property and size limits. */
const wideRepository = () => new Repository(notes.table, 'record', z.object({ id: z.string() }).catchall(z.string()));
const note = (id: string, more: Partial<Note> = {}): Note => ({ id, title: `Note ${id}`, tags: [], ...more });
const at = (tenantId: string, id: string) => ({ tenantId, partition: ['notes'], row: [id] });

async function failure(work: Promise<unknown>): Promise<AppError> {
  const error = await work.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

describe('Repository', () => {
  it('stores and reads back a record with JSON fields, large numbers and fractions', async () => {
    const tenantId = newTenantId();
    await notes.create(at(tenantId, 'n1'), note('n1', { tags: ['vip', '重点'], amount: 1_234_567_890_123.45 }));
    const stored = await notes.get(at(tenantId, 'n1'));
    expect(stored?.value).toEqual(note('n1', { tags: ['vip', '重点'], amount: 1_234_567_890_123.45 }));
    expect(stored?.etag).toMatch(/^W\//);
  });

  it('keeps tenants apart: the same row key in another tenant is another row', async () => {
    const [a, b] = [newTenantId(), newTenantId()];
    await notes.create(at(a, 'same'), note('same', { title: 'tenant A' }));
    expect(await notes.get(at(b, 'same'))).toBeUndefined();
    expect((await notes.page(b, ['notes'])).items).toEqual([]);
  });

  it('refuses to overwrite an existing row on create', async () => {
    const tenantId = newTenantId();
    await notes.create(at(tenantId, 'dup'), note('dup'));
    expect((await failure(notes.create(at(tenantId, 'dup'), note('dup', { title: 'other' })))).code).toBe('ALREADY_EXISTS');
    expect((await notes.get(at(tenantId, 'dup')))?.value.title).toBe('Note dup');
  });

  it('rejects an update with a stale ETag as CONFLICT and keeps the winner', async () => {
    const tenantId = newTenantId();
    const first = await notes.create(at(tenantId, 'n'), note('n'));
    await notes.replace(at(tenantId, 'n'), note('n', { title: 'winner' }), first.etag);
    const error = await failure(notes.replace(at(tenantId, 'n'), note('n', { title: 'loser' }), first.etag));
    expect(error.code).toBe('CONFLICT');
    expect(error.status).toBe(409);
    expect((await notes.get(at(tenantId, 'n')))?.value.title).toBe('winner');
  });

  it('round-trips row keys with characters Azure forbids', async () => {
    const tenantId = newTenantId();
    const id = 'a/b\\c#d?e\u0007 中文 🚀';
    await notes.create(at(tenantId, id), note(id));
    expect((await notes.get(at(tenantId, id)))?.value.id).toBe(id);
  });

  it('refuses a string longer than Azure allows, and writes nothing', async () => {
    const tenantId = newTenantId();
    const error = await failure(notes.create(at(tenantId, 'long'), note('long', { body: 'x'.repeat(azureLimits.stringChars + 1) })));
    expect(error.code).toBe('VALUE_TOO_LONG');
    expect(error.params).toMatchObject({ field: 'body', limit: azureLimits.stringChars });
    expect(await notes.get(at(tenantId, 'long'))).toBeUndefined();
  });

  it('refuses more than 252 properties, which Azurite would accept', async () => {
    const extra = Object.fromEntries(Array.from({ length: azureLimits.customProperties }, (_, i) => [`p${i}`, 'v']));
    const error = await failure(wideRepository().create(at(newTenantId(), 'wide'), { id: 'wide', ...extra }));
    expect(error.code).toBe('TOO_MANY_PROPERTIES');
  });

  it('refuses an entity over 1 MiB even when every string is within its limit', async () => {
    const extra = Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`chunk${i}`, 'y'.repeat(30_000)]));
    const error = await failure(wideRepository().create(at(newTenantId(), 'big'), { id: 'big', ...extra }));
    expect(error.code).toBe('ENTITY_TOO_LARGE');
    expect(error.status).toBe(413);
  });

  it('writes 250 rows as three transactions and pages them back with continuation tokens', async () => {
    const tenantId = newTenantId();
    const ids = Array.from({ length: 250 }, (_, i) => `n${String(i).padStart(3, '0')}`);
    await notes.transact(
      tenantId,
      ['notes'],
      ids.map((id) => ({ kind: 'create', row: [id], value: note(id) })),
    );
    const seen: string[] = [];
    let continuationToken: string | undefined;
    let pages = 0;
    do {
      const page = await notes.page(tenantId, ['notes'], { pageSize: 100, continuationToken });
      seen.push(...page.items.map((item) => item.value.id));
      continuationToken = page.continuationToken;
      pages += 1;
    } while (continuationToken);
    expect(seen).toEqual(ids);
    expect(pages).toBe(3);
  });

  it('leaves a failed transaction wholly unwritten', async () => {
    const tenantId = newTenantId();
    await notes.create(at(tenantId, 'taken'), note('taken'));
    const changes = ['a', 'b', 'taken', 'c'].map((id) => ({ kind: 'create' as const, row: [id], value: note(id) }));
    await failure(notes.transact(tenantId, ['notes'], changes));
    expect((await notes.page(tenantId, ['notes'])).items.map((item) => item.value.id)).toEqual(['taken']);
  });

  it('filters through the odata template and by row-key range', async () => {
    const tenantId = newTenantId();
    await notes.transact(
      tenantId,
      ['notes'],
      ['apple', 'apricot', 'banana'].map((id) => ({
        kind: 'create',
        row: [id],
        value: note(id, { title: id === 'banana' ? "it's" : id }),
      })),
    );
    const range = await notes.page(tenantId, ['notes'], { rowKeyFrom: 'ap', rowKeyBefore: 'ap\uffff' });
    expect(range.items.map((item) => item.value.id)).toEqual(['apple', 'apricot']);
    const quoted = await notes.page(tenantId, ['notes'], { where: where`title eq ${"it's"}` });
    expect(quoted.items.map((item) => item.value.id)).toEqual(['banana']);
  });

  it('refuses a record that does not match its schema before writing', async () => {
    const error = await failure(notes.create(at(newTenantId(), 'bad'), { ...note('bad'), title: 42 } as unknown as Note));
    expect(error.code).toBe('VALIDATION_FAILED');
  });
});

describe('Repository over shards', () => {
  it('keeps each partition whole in the shard its key names, for reads, pages and transactions', async () => {
    const shards = await Promise.all(shardNames('RepositoryShard', 4).map((name) => openTestTable(name)));
    const sharded = new Repository(shards, 'record', noteSchema, ['tags']);
    const tenantId = newTenantId();
    const partitions = Array.from({ length: 12 }, (_, i) => ['notes', `p${i}`]);
    for (const partition of partitions) {
      await sharded.transact(
        tenantId,
        partition,
        ['a', 'b'].map((id) => ({ kind: 'create', row: [id], value: note(`${partition[1]}-${id}`) })),
      );
    }
    const used = new Set<number>();
    for (const partition of partitions) {
      const partitionKey = tenantPartitionKey(tenantId, partition);
      const home = shardOf(partitionKey, shards.length);
      used.add(home);
      for (const [index, shard] of shards.entries()) {
        const rows = [];
        for await (const row of shard.listEntities({ queryOptions: { filter: `PartitionKey eq '${partitionKey}'` } })) rows.push(row);
        expect(rows.length).toBe(index === home ? 2 : 0);
      }
      expect((await sharded.page(tenantId, partition)).items.map((item) => item.value.id)).toEqual([
        `${partition[1]}-a`,
        `${partition[1]}-b`,
      ]);
      expect((await sharded.get({ tenantId, partition, row: ['b'] }))?.value.id).toBe(`${partition[1]}-b`);
    }
    // Twelve partitions over four shards: more than one shard holds some.
    expect(used.size).toBeGreaterThan(1);
    expect(() => sharded.table).toThrow(/sharded/);
  });
});
