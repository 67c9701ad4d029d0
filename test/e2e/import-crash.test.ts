// A 30,000-row account import killed with SIGKILL part-way: after the restart no claim or search row names a missing account, and the file re-imports.
import { odata } from '@azure/data-tables';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accountTables } from '../../src/plugins/accounts';
import { logicalTable, partitionRange } from '../../src/storage/logical-table';
import { azuriteConnectionString } from '../../src/storage/azurite';
import { createTableStorage } from '../../src/storage/table-storage';
import { eventually, newSetup, removeDataDirs, signal, startAndWait, stop, type Setup } from '../fixtures/entry-point';
import { killStartedProcesses, within } from '../fixtures/process';
import { newTenantId } from '../fixtures/server';

const tenantId = newTenantId();
const rows = 30_000;
// Every third name Chinese, so the import also leaves pinyin and initials rows for the projector to derive.
const names = Array.from({ length: rows }, (_, i) =>
  i % 3 === 0 ? `华东贸易${i}号 ${randomUUID().slice(0, 8)}` : `Crash ${i} ${randomUUID().slice(0, 8)}`,
);
const csv = ['name,industry', ...names.map((name) => `${name},Retail`)].join('\n');

interface ImportBody {
  id: string;
  state: string;
  rowsDone: number;
  rowsRejected: number;
  rejected: { line: number; code: string }[];
  failure?: { code: string; message: string };
}

const api = (setup: Setup, path: string, init: RequestInit = {}) =>
  fetch(`http://127.0.0.1:${setup.port}/api/v1/accounts${path}`, {
    ...init,
    headers: { 'x-dev-tenant-id': tenantId, 'content-type': 'text/csv' },
  });
const status = async (setup: Setup, id: string) => (await (await api(setup, `/imports/${id}`)).json()) as ImportBody;

/** Every row of the tenant under one partition of a logical table (all its buckets), read straight from the accounts plugin's physical table. */
async function tenantRows(setup: Setup, logicalName: string, partition: string) {
  const storage = createTableStorage({ kind: 'connection-string', connectionString: azuriteConnectionString(setup.azuritePort) });
  const table = logicalTable(await storage.openTable('Accounts'), logicalName);
  const { from, before } = partitionRange(table, tenantId, [partition]);
  const found: Record<string, unknown>[] = [];
  for await (const row of table.client.listEntities<Record<string, unknown>>({
    queryOptions: { filter: odata`PartitionKey ge ${from} and PartitionKey lt ${before}` },
  }))
    found.push(row);
  return found;
}

afterAll(() => {
  killStartedProcesses();
  removeDataDirs();
});

describe('an account import killed with SIGKILL part-way', { timeout: 600_000 }, () => {
  let setup: Setup;
  let firstId: string;
  let interrupted: ImportBody;

  beforeAll(async () => {
    setup = await newSetup();
    const running = await startAndWait(setup);
    const started = await api(setup, '/imports', { method: 'POST', body: csv });
    expect(started.status).toBe(202);
    firstId = ((await started.json()) as ImportBody).id;
    expect(started.headers.get('location')).toBe(`/api/v1/accounts/imports/${firstId}`);
    await eventually(async () => (await status(setup, firstId)).rowsDone > 0, 300_000, 'some rows done');
    signal(running, 'SIGKILL', 'server');
    await within(running.exited, 10_000, 'dying on SIGKILL');
  }, 400_000);

  it('is reported failed as interrupted after the restart, with the rows it got done', async () => {
    const running = await startAndWait(setup);
    await eventually(async () => (interrupted = await status(setup, firstId)).state !== 'running', 60_000, 'the import marked failed');
    await stop(running, 'SIGTERM');

    expect(interrupted.state).toBe('failed');
    expect(interrupted.failure?.code).toBe('IMPORT_INTERRUPTED');
    expect(interrupted.rowsDone).toBeGreaterThan(0);
  }, 120_000);

  it('leaves no claim or search row naming an account that does not exist', async () => {
    const running = await startAndWait(setup);
    const records = await tenantRows(setup, accountTables.records, 'accounts');
    const search = await tenantRows(setup, accountTables.search, 'search');
    // The pinyin and initials rows come from the projector, which the restart's sweeper brings up to the records.
    let keys: Record<string, unknown>[] = [];
    const chineseStored = records.filter((row) => typeof row.name === 'string' && row.name.startsWith('华东')).length;
    await eventually(
      async () =>
        new Set((keys = await tenantRows(setup, accountTables.keys, 'search')).map((row) => row.accountId)).size === chineseStored,
      60_000,
      'every Chinese name found by its pinyin',
    );
    await stop(running, 'SIGTERM');
    const ids = new Set(records.filter((row) => typeof row.name === 'string').map((row) => row.rowKey));

    expect(records.length).toBeGreaterThan(0);
    expect(search.filter((row) => !ids.has(row.accountId as string))).toEqual([]);
    expect(chineseStored).toBeGreaterThan(0);
    expect(keys.filter((row) => !ids.has(row.accountId as string))).toEqual([]);
    // The restart settled the import's claims: none is left pending, and every stored account is found by its name.
    expect(search.filter((row) => row.pendingSince !== undefined)).toEqual([]);
    expect(new Set(search.map((row) => row.accountId))).toEqual(ids);
  }, 120_000);

  it('imports the same file again within 120 s, the stored rows as duplicates, every account once', async () => {
    const running = await startAndWait(setup);
    const began = Date.now();
    const started = await api(setup, '/imports', { method: 'POST', body: csv });
    const { id } = (await started.json()) as ImportBody;
    let again: ImportBody | undefined;
    await eventually(async () => (again = await status(setup, id)).state !== 'running', 120_000, 'the re-import finishing');
    const took = Date.now() - began;
    const exported = await (await api(setup, '/csv/export')).text();
    await stop(running, 'SIGTERM');
    const exportedNames = exported
      .trim()
      .split('\r\n')
      .slice(1)
      .map((line) => line.split(',')[0]!);

    console.log(`re-import of ${rows} rows after a crash: ${took} ms, ${again!.rowsDone} stored, ${again!.rowsRejected} duplicates`);
    expect(again!.state).toBe('finished');
    expect(again!.rowsDone + again!.rowsRejected).toBe(rows);
    // Rows stored after the last progress save are duplicates too.
    expect(again!.rowsRejected).toBeGreaterThanOrEqual(interrupted.rowsDone);
    expect(again!.rejected.every((line) => line.code === 'ALREADY_EXISTS')).toBe(true);
    expect(exportedNames.sort()).toEqual([...names].sort());
  }, 200_000);
});
