// CSV imports as resources over real HTTP against the run's Azurite: 202 and Location, the status, and files refused whole.
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/server';
import { eventually } from '../fixtures/entry-point';
import { newTenantId, startTestServer } from '../fixtures/server';

let server: RunningServer;

beforeAll(async () => {
  server = await startTestServer({ GUANXI_DEV_MODE: 'true' });
});
afterAll(async () => {
  await server.stop();
});

const post = (tenantId: string, file: string | Buffer, locale = 'en') =>
  fetch(`${server.url}/api/v1/accounts/imports`, {
    method: 'POST',
    headers: { 'x-dev-tenant-id': tenantId, 'content-type': 'text/csv', 'accept-language': locale },
    body: typeof file === 'string' ? file : new Blob([new Uint8Array(file)]),
  });
const get = (tenantId: string, id: string) =>
  fetch(`${server.url}/api/v1/accounts/imports/${id}`, { headers: { 'x-dev-tenant-id': tenantId } });
const accountCount = async (tenantId: string) =>
  (await (await fetch(`${server.url}/api/v1/accounts/csv/export`, { headers: { 'x-dev-tenant-id': tenantId } })).text()).trim().split('\n')
    .length - 1;

describe('an import as a resource', () => {
  it('starts with 202 and a Location, and its status ends finished with the refused lines and their reasons', async () => {
    const tenantId = newTenantId();
    const response = await post(tenantId, 'name,size\nAlpha Imports,small\nBeta Imports,huge\nAlpha Imports,small\n');
    const started = (await response.json()) as { id: string; state: string };

    expect(response.status).toBe(202);
    expect(response.headers.get('location')).toBe(`/api/v1/accounts/imports/${started.id}`);
    let body: Record<string, unknown> = {};
    await eventually(
      async () => (body = (await (await get(tenantId, started.id)).json()) as Record<string, unknown>).state !== 'running',
      20_000,
      'finished',
    );
    expect(body).toMatchObject({
      id: started.id,
      kind: 'accounts',
      state: 'finished',
      rowsDone: 1,
      rowsRejected: 2,
      startedBy: { userId: expect.any(String) },
      rejected: [
        { line: 3, code: 'VALIDATION_FAILED', reason: expect.stringContaining('huge') },
        { line: 4, code: 'ALREADY_EXISTS', reason: expect.any(String) },
      ],
    });
    expect(body.finishedAt).toEqual(expect.any(String));
  });

  it('answers 404 for an unknown id and for another tenant’s import, 400 for an id that is not one', async () => {
    const tenantId = newTenantId();
    const { id } = (await (await post(tenantId, 'name\nGamma Imports\n')).json()) as { id: string };

    expect((await get(tenantId, '6f1c2a8e-3b4d-4e5f-8a9b-0c1d2e3f4a5b')).status).toBe(404);
    expect((await get(newTenantId(), id)).status).toBe(404);
    expect((await get(tenantId, 'not-an-id')).status).toBe(400);
  });
});

describe('a large import whose names all start alike', () => {
  it('answers 202 within 2 s for a 30,000-row file after an earlier import of the same names, and stores every row', async () => {
    const tenantId = newTenantId();
    // Every name starts "Crash": all their claims share one search partition.
    const file = (from: number, count: number) =>
      [
        'name,industry',
        ...Array.from({ length: count }, (_, i) => `Crash ${from + i} ${((from + i) * 2654435761) % 4294967296},Retail`),
      ].join('\n');
    const finished = async (id: string) => {
      let body: Record<string, unknown> = {};
      await eventually(
        async () => (body = (await (await get(tenantId, id)).json()) as Record<string, unknown>).state !== 'running',
        240_000,
        'the import finishing',
      );
      return body;
    };
    const first = (await (await post(tenantId, file(0, 2_000))).json()) as { id: string };
    expect(await finished(first.id)).toMatchObject({ state: 'finished', rowsDone: 2_000 });

    const began = performance.now();
    const response = await post(tenantId, file(2_000, 30_000));
    const answeredMs = performance.now() - began;
    const started = (await response.json()) as { id: string };

    expect(response.status).toBe(202);
    expect(answeredMs).toBeLessThan(2_000);
    expect(await finished(started.id)).toMatchObject({ state: 'finished', rowsDone: 30_000, rowsRejected: 0 });
    expect(await accountCount(tenantId)).toBe(32_000);
  }, 300_000);
});

describe('a file refused whole', () => {
  it('refuses a GBK file with IMPORT_NOT_UTF8, saying how to save it, and writes nothing', async () => {
    const tenantId = newTenantId();
    const before = await accountCount(tenantId);
    const file = iconv.encode('name,region\nFirst Ltd,Shanghai\n上海贸易,上海\n', 'gbk');
    const response = await post(tenantId, file, 'zh-CN');
    const { error: body } = (await response.json()) as { error: { code: string; message: string } };

    expect(response.status).toBe(400);
    expect(body.code).toBe('IMPORT_NOT_UTF8');
    expect(body.message).toContain('CSV UTF-8');
    expect(await accountCount(tenantId)).toBe(before);
  });

  it('refuses a Latin-1 file in English', async () => {
    const tenantId = newTenantId();
    const response = await post(tenantId, Buffer.from('name\nFirst Ltd\nCafé Crème\n', 'latin1'));

    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: { message: string } }).error.message).toContain('The file is not UTF-8');
    expect(await accountCount(tenantId)).toBe(0);
  });

  it('refuses a file with a broken quote, naming the line, and writes none of the rows above it', async () => {
    const tenantId = newTenantId();
    const response = await post(tenantId, 'name,industry\nFirst Ltd,Retail\nSecond Ltd,Retail\n"Broken,Retail\n');
    const { error: body } = (await response.json()) as { error: { code: string; message: string } };

    expect(response.status).toBe(400);
    expect(body.code).toBe('IMPORT_MALFORMED');
    expect(body.message).toContain('Line 4');
    expect(await accountCount(tenantId)).toBe(0);
  });

  it('refuses a file whose header names an unknown column, writing nothing', async () => {
    const tenantId = newTenantId();
    const response = await post(tenantId, 'name,colour\nFirst Ltd,red\n');

    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe('VALIDATION_FAILED');
    expect(await accountCount(tenantId)).toBe(0);
  });
});
