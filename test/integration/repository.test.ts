// The repository base against a real Azurite: tenant keys, ETags, Azure's limits, paging and transactions.
import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { AppError } from '../../src/core/errors';
import { where } from '../../src/storage/filter';
import { azureLimits } from '../../src/storage/limits';
import { Repository } from '../../src/storage/repository';
import { logicalTable } from '../../src/storage/logical-table';
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

describe('Repository over logical tables', () => {
  it('keeps two logical tables of one physical table apart, every PartitionKey [tenant, logical name, …]', async () => {
    const physical = await openTestTable('RepositoryLayout');
    const first = new Repository(logicalTable(physical, 'First'), 'record', noteSchema, ['tags']);
    const second = new Repository(logicalTable(physical, 'Second'), 'record', noteSchema, ['tags']);
    const tenantId = newTenantId();
    await first.create(at(tenantId, 'a'), note('first-a'));
    await second.create(at(tenantId, 'a'), note('second-a'));

    expect((await first.get(at(tenantId, 'a')))?.value.id).toBe('first-a');
    expect((await second.page(tenantId, ['notes'])).items.map((item) => item.value.id)).toEqual(['second-a']);
    const keys: string[] = [];
    for await (const row of physical.listEntities({
      queryOptions: { filter: where`PartitionKey ge ${`${tenantId}|`} and PartitionKey lt ${`${tenantId}|\uffff`}` },
    }))
      keys.push(row.partitionKey!);
    expect(keys.sort()).toEqual([`${tenantId}|First|notes`, `${tenantId}|Second|notes`]);
  });

  it('pages every bucket below a partition in one tenant and one logical table, with tokens of its own', async () => {
    const physical = await openTestTable('RepositoryLayout');
    const buckets = new Repository(logicalTable(physical, 'Bucketed'), 'record', noteSchema, ['tags']);
    const neighbour = new Repository(logicalTable(physical, 'BucketedToo'), 'record', noteSchema, ['tags']);
    const [tenantId, otherTenant] = [newTenantId(), newTenantId()];
    for (const bucket of ['00', '7f', 'ff']) {
      await buckets.transact(
        tenantId,
        ['notes', bucket],
        [
          { kind: 'create', row: ['x'], value: note(`${bucket}-x`) },
          { kind: 'create', row: ['y'], value: note(`${bucket}-y`) },
        ],
      );
      await buckets.create({ tenantId: otherTenant, partition: ['notes', bucket], row: ['x'] }, note(`other-${bucket}`));
      await neighbour.create({ tenantId, partition: ['notes', bucket], row: ['x'] }, note(`neighbour-${bucket}`));
    }
    const seen: string[] = [];
    let continuationToken: string | undefined;
    do {
      const page = await buckets.pageBelow(tenantId, ['notes'], { pageSize: 4, continuationToken });
      seen.push(...page.items.map((item) => item.value.id));
      continuationToken = page.continuationToken;
      if (continuationToken) expect(JSON.parse(Buffer.from(continuationToken, 'base64url').toString())).toMatchObject({ v: 1 });
    } while (continuationToken);
    expect(seen).toEqual(['00-x', '00-y', '7f-x', '7f-y', 'ff-x', 'ff-y']);
    expect((await buckets.pageBelow(tenantId, ['notes'], {}, '7')).items.map((item) => item.value.id)).toEqual(['7f-x', '7f-y']);
  });

  it('refuses a continuation token it did not give out with INVALID_CONTINUATION', async () => {
    const tenantId = newTenantId();
    const service = Buffer.from('not json').toString('base64');
    for (const token of [
      'garbage!',
      'bm90IGEgdG9rZW4',
      Buffer.from(JSON.stringify({ v: 1, s: service })).toString('base64url'),
      Buffer.from(JSON.stringify({ v: 1, a: ['5'] })).toString('base64url'),
    ])
      expect((await failure(notes.page(tenantId, ['notes'], { continuationToken: token }))).code).toBe('INVALID_CONTINUATION');
  });
});
