// CSV import and export of accounts and contacts over real HTTP against the run's Azurite: reports, line numbers, round trips.
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/core/actor';
import { systemClock } from '../../src/core/clock';
import { coreMessages } from '../../src/core/core.messages';
import { AppError } from '../../src/core/errors';
import { I18n } from '../../src/core/i18n';
import { createLogger } from '../../src/core/logger';
import { loadPlugins } from '../../src/core/plugin-host';
import { devAuthenticator, requireActor } from '../../src/http/auth.middleware';
import { errorMiddleware, maxBody } from '../../src/http/error.middleware';
import { accountsPlugin } from '../../src/plugins/accounts';
import type { Account } from '../../src/plugins/accounts/account.schema';
import type { AccountsService } from '../../src/plugins/accounts/accounts.service';
import { createCsvRouter, type CsvLimits } from '../../src/plugins/accounts/csv/csv.routes';
import type { ImportReportBody } from '../../src/plugins/accounts/csv/import-report';
import { testOutbox, testProjector } from '../fixtures/events';
import { peoplePlugin } from '../../src/plugins/people';
import type { RoleDirectory } from '../../src/core/access';
import { newTenantId } from '../fixtures/server';
import { testStorage } from '../fixtures/tables';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/csv/${name}`, import.meta.url), 'utf8');
const log = createLogger('silent');
const devIdentity: Actor = {
  tenantId: 'dev-tenant',
  userId: 'dev-user',
  displayName: 'Local Developer',
  roles: ['rep', 'manager', 'admin'],
};
const actorIn = (tenantId: string): Actor => ({ ...devIdentity, tenantId });

/** The accounts plugin's service as the plugin host builds it (with the people directory it depends on), over the run's Azurite. */
async function accountsService(): Promise<AccountsService> {
  const storage = testStorage();
  const i18n = new I18n();
  i18n.add('core', coreMessages);
  const loaded = await loadPlugins([peoplePlugin, accountsPlugin], {
    openTable: (name) => storage.openTable(name),
    i18n,
    clock: systemClock,
    log,
    publicUrl: 'http://127.0.0.1',
    outbox: await testOutbox(),
    projector: await testProjector(),
  });
  directory = loaded.serviceOf(peoplePlugin)!;
  return loaded.serviceOf(accountsPlugin)!;
}

/** The CSV router on a bare express app, behind the same JSON parser, dev sign-in and error renderer as the tab API. */
async function startCsvApp(accounts: AccountsService, limits: Partial<CsvLimits> = {}) {
  const app = express();
  app.use(
    '/api/v1/accounts/csv',
    express.json({ limit: maxBody }),
    requireActor(devAuthenticator(devIdentity), directory),
    createCsvRouter({ accounts, log, limits }),
  );
  app.use(errorMiddleware(log));
  const server = await new Promise<import('node:http').Server>((resolve) => {
    const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v1/accounts/csv`;
  return {
    url,
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** The real service with some methods replaced, to make storage fail at a chosen moment. */
function overriding(service: AccountsService, replaced: Partial<AccountsService>): AccountsService {
  return new Proxy(service, {
    get(target, key) {
      if (key in replaced) return replaced[key as keyof AccountsService];
      const value: unknown = Reflect.get(target, key);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

let accounts: AccountsService;
/** Roles of whoever downloads: the first person of a test's new tenant is its admin, so the export holds every account. */
let directory: RoleDirectory;
let app: Awaited<ReturnType<typeof startCsvApp>>;

beforeAll(async () => {
  accounts = await accountsService();
  app = await startCsvApp(accounts);
});
afterAll(() => app.stop());

interface Upload {
  status: number;
  body: ImportReportBody & { error?: { code: string; message: string; details?: unknown } };
}

async function upload(
  path: string,
  tenantId: string,
  csv: string | Buffer | ReadableStream<Uint8Array>,
  headers: Record<string, string> = {},
  base = app.url,
): Promise<Upload> {
  const response = await fetch(`${base}${path}`, {
    method: 'POST',
    headers: { 'x-dev-tenant-id': tenantId, 'content-type': 'text/csv; charset=utf-8', ...headers },
    body: csv,
    ...(csv instanceof ReadableStream ? { duplex: 'half' } : {}),
  } as RequestInit);
  return { status: response.status, body: (await response.json()) as Upload['body'] };
}

async function download(path: string, tenantId: string) {
  const response = await fetch(`${app.url}${path}`, { headers: { 'x-dev-tenant-id': tenantId } });
  return { status: response.status, headers: response.headers, bytes: Buffer.from(await response.arrayBuffer()) };
}

async function storedAccounts(tenantId: string): Promise<Account[]> {
  const page = await accounts.listAccounts(actorIn(tenantId), {}, { pageSize: 1000 });
  return page.items.map((item) => item.value);
}

const byName = (list: Account[], name: string) => list.find((account) => account.name === name);
const linesOf = (body: ImportReportBody) => body.rejected.map(({ line, code }) => ({ line, code }));

describe('account import', () => {
  it('stores every row of a well-formed file with its values', async () => {
    const tenantId = newTenantId();

    const { status, body } = await upload('/import', tenantId, fixture('accounts-good.csv'));

    expect(status).toBe(200);
    expect(body).toEqual({ stored: 3, rejected: [], rejectedCount: 0 });
    const stored = await storedAccounts(tenantId);
    const contoso = byName(stored, 'Contoso Ltd');
    expect(contoso).toMatchObject({
      industry: 'Retail',
      region: 'Shanghai',
      size: 'large',
      type: 'enterprise',
      team: 'East',
      tags: ['key', 'retail'],
      preferredChannel: 'email',
      consent: { phone: true, email: false, mail: false, sms: false },
      website: 'https://contoso.example',
      phone: '+86 21 5555 0100',
      address: '88 Century Avenue, Pudong',
    });
    expect(byName(stored, 'Fabrikam Inc')).toMatchObject({
      tags: ['manufacturing', 'export'],
      parentAccountId: contoso?.id,
      consent: { phone: true, email: true },
    });
  });

  it('reads Chinese column names and Chinese values', async () => {
    const tenantId = newTenantId();

    const { status, body } = await upload('/import', tenantId, fixture('accounts-zh.csv'));

    expect(status).toBe(200);
    expect(body.stored).toBe(2);
    const stored = await storedAccounts(tenantId);
    expect(byName(stored, '上海贸易有限公司')).toMatchObject({
      size: 'large',
      type: 'enterprise',
      tags: ['重点客户', '零售'],
      preferredChannel: 'wechat',
      consent: { phone: true, email: false },
    });
    expect(byName(stored, '王小明')).toMatchObject({ size: 'micro', type: 'individual', preferredChannel: 'phone' });
  });

  it('reports every bad row with its spreadsheet line number and stores the others', async () => {
    const tenantId = newTenantId();

    const { status, body } = await upload('/import', tenantId, fixture('accounts-bad-rows.csv'));

    expect(status).toBe(200);
    expect(linesOf(body)).toEqual([
      { line: 3, code: 'VALIDATION_FAILED' },
      { line: 4, code: 'VALIDATION_FAILED' },
      { line: 5, code: 'VALIDATION_FAILED' },
      { line: 6, code: 'VALIDATION_FAILED' },
      { line: 7, code: 'VALIDATION_FAILED' },
      { line: 8, code: 'VALIDATION_FAILED' },
      { line: 9, code: 'ALREADY_EXISTS' },
      { line: 10, code: 'NOT_FOUND' },
    ]);
    expect(body.stored).toBe(2);
    expect((await storedAccounts(tenantId)).map((account) => account.name).sort()).toEqual(['Good One', 'Last Good']);
  });

  it('says why each row was refused, naming the column', async () => {
    const tenantId = newTenantId();

    const { body } = await upload('/import', tenantId, fixture('accounts-bad-rows.csv'));

    const reason = (line: number) => body.rejected.find((entry) => entry.line === line)?.reason;
    expect(reason(3)).toMatch(/^size: "huge" is not one of: micro, small, medium, large$/);
    expect(reason(4)).toMatch(/^consentPhone: write yes or no/);
    expect(reason(6)).toMatch(/^website: /);
    expect(reason(8)).toBe('the row has 2 values but the header has 7 columns');
    expect(reason(9)).toBe('the name "good one" is already used by line 2 of this file');
    expect(reason(10)).toBe('there is no account named "Nobody Ltd" to be the parent account');
  });

  it('gives the reasons in Chinese when the request asks for Chinese', async () => {
    const tenantId = newTenantId();

    const { body } = await upload('/import', tenantId, fixture('accounts-bad-rows.csv'), { 'accept-language': 'zh-CN' });

    expect(body.rejected.find((entry) => entry.line === 9)?.reason).toBe('名称“good one”已在本文件第 2 行使用');
    expect(body.rejected.find((entry) => entry.line === 3)?.reason).toContain('不是以下选项之一');
  });

  it('refuses a name that an existing account already has, by line', async () => {
    const tenantId = newTenantId();
    await accounts.createAccount(actorIn(tenantId), { name: 'Contoso Ltd' });

    const { body } = await upload('/import', tenantId, fixture('accounts-good.csv'));

    expect(linesOf(body)).toEqual([{ line: 2, code: 'ALREADY_EXISTS' }]);
    expect(body.rejected[0]?.reason).toContain('Contoso Ltd');
    expect(body.stored).toBe(2);
  });

  it('links a parent account that comes later in the file', async () => {
    const tenantId = newTenantId();

    const { body } = await upload('/import', tenantId, 'name,parentAccount\nChild Co,Parent Co\nGrandchild Co,Child Co\nParent Co,\n');

    expect(body).toEqual({ stored: 3, rejected: [], rejectedCount: 0 });
    const stored = await storedAccounts(tenantId);
    expect(byName(stored, 'Child Co')?.parentAccountId).toBe(byName(stored, 'Parent Co')?.id);
    expect(byName(stored, 'Grandchild Co')?.parentAccountId).toBe(byName(stored, 'Child Co')?.id);
  });

  it('refuses accounts that name each other as parents', async () => {
    const tenantId = newTenantId();

    const { body } = await upload('/import', tenantId, 'name,parentAccount\nEgg Co,Hen Co\nHen Co,Egg Co\n');

    expect(linesOf(body)).toEqual([
      { line: 2, code: 'NOT_FOUND' },
      { line: 3, code: 'NOT_FOUND' },
    ]);
    expect(await storedAccounts(tenantId)).toEqual([]);
  });

  it('refuses a file with a broken quote whole, naming the line, and writes none of its rows', async () => {
    const tenantId = newTenantId();

    const { status, body } = await upload('/import', tenantId, fixture('accounts-broken-quote.csv'));

    expect(status).toBe(400);
    expect(body.error?.code).toBe('IMPORT_MALFORMED');
    expect(body.error?.message).toBe(
      'Line 4 of the file is not valid CSV (a quoted value is never closed). Correct it and import again; nothing was imported.',
    );
    expect(await storedAccounts(tenantId)).toEqual([]);
  });

  it('refuses a Latin-1 file whose bad byte comes after good rows, on both import routes, and writes nothing', async () => {
    const tenantId = newTenantId();
    const account = await accounts.createAccount(actorIn(tenantId), { name: 'Contoso Ltd' });
    const before = await storedAccounts(tenantId);

    const accountsFile = await upload('/import', tenantId, Buffer.from('name\nFirst Ltd\nSecond Ltd\nCafé Crème\n', 'latin1'));
    const contactsFile = await upload(
      '/contacts/import',
      tenantId,
      Buffer.from('name,account\nLi Wei,Contoso Ltd\nRené Dupont,Contoso Ltd\n', 'latin1'),
      { 'accept-language': 'zh-CN' },
    );

    expect(accountsFile.status).toBe(400);
    expect(accountsFile.body.error?.code).toBe('IMPORT_NOT_UTF8');
    expect(contactsFile.status).toBe(400);
    expect(contactsFile.body.error?.code).toBe('IMPORT_NOT_UTF8');
    expect(contactsFile.body.error?.message).toContain('文件不是 UTF-8 编码');
    expect(await storedAccounts(tenantId)).toEqual(before);
    expect((await accounts.listContacts(tenantId, account.value.id, {})).items).toEqual([]);
  });

  it('refuses the whole file when a column is unknown, writing nothing', async () => {
    const tenantId = newTenantId();

    const { status, body } = await upload('/import', tenantId, fixture('accounts-unknown-column.csv'));

    expect(status).toBe(400);
    expect(body.error?.code).toBe('VALIDATION_FAILED');
    expect(body.error?.message).toContain('unknown column "colour" (column 3 of line 1)');
    expect(await storedAccounts(tenantId)).toEqual([]);
  });

  it('refuses a file without the name column', async () => {
    const tenantId = newTenantId();

    const { status, body } = await upload('/import', tenantId, 'industry,region\nRetail,Shanghai\n');

    expect(status).toBe(400);
    expect(body.error?.message).toContain('the required column "name (名称)" is missing');
  });

  it('refuses an empty file', async () => {
    const { status, body } = await upload('/import', newTenantId(), '');

    expect(status).toBe(400);
    expect(body.error?.code).toBe('VALIDATION_FAILED');
  });

  it('refuses a file saved in GBK, saying how to save it as UTF-8', async () => {
    const gbkHeader = Buffer.from([0xc3, 0xfb, 0xb3, 0xc6, 0x0a]); // 名称 in GBK

    const { status, body } = await upload('/import', newTenantId(), Buffer.concat([gbkHeader, Buffer.from('Contoso\n')]), {
      'accept-language': 'zh-CN',
    });

    expect(status).toBe(400);
    expect(body.error?.code).toBe('IMPORT_NOT_UTF8');
    expect(body.error?.message).toContain('请另存为“CSV UTF-8”后重新导入');
  });

  it('refuses a body that is not CSV with 415', async () => {
    const { status, body } = await upload('/import', newTenantId(), '{"name":"x"}', { 'content-type': 'application/json' });

    expect(status).toBe(415);
    expect(body.error?.code).toBe('UNSUPPORTED_MEDIA_TYPE');
  });

  it('refuses an upload declared larger than the cap before reading it', async () => {
    const small = await startCsvApp(accounts, { maxBytes: 64 });
    try {
      const { status, body } = await upload('/import', newTenantId(), `name\n${'A Long Account Name Ltd\n'.repeat(10)}`, {}, small.url);

      expect(status).toBe(413);
      expect(body.error?.code).toBe('PAYLOAD_TOO_LARGE');
    } finally {
      await small.stop();
    }
  });

  it('refuses a streamed upload that outgrows the cap whole, writing none of its rows', async () => {
    const tenantId = newTenantId();
    const small = await startCsvApp(accounts, { maxBytes: 64 });
    const chunks = ['name\nFirst Ltd\nSecond Ltd\n', 'Third Ltd\nFourth Ltd\n', 'Fifth Ltd\nSixth Ltd\nSeventh Ltd\n'];
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        const chunk = chunks.shift();
        if (chunk === undefined) controller.close();
        else controller.enqueue(new TextEncoder().encode(chunk));
      },
    });
    try {
      const { status, body } = await upload('/import', tenantId, stream, {}, small.url);

      expect(status).toBe(413);
      expect(body.error?.code).toBe('PAYLOAD_TOO_LARGE');
      expect(await storedAccounts(tenantId)).toEqual([]);
    } finally {
      await small.stop();
    }
  });

  it('reports the rows of a storage failure as failed and stops, leaving no row unaccounted for', async () => {
    const tenantId = newTenantId();
    const failing = overriding(accounts, {
      importAccounts: (actor, inputs) =>
        inputs.some((input) => input.name === 'Row 150')
          ? Promise.reject(new AppError('STORAGE_UNAVAILABLE'))
          : accounts.importAccounts(actor, inputs),
    });
    const flaky = await startCsvApp(failing);
    const csv = ['name', ...Array.from({ length: 400 }, (_, index) => `Row ${index + 1}`)].join('\n');
    try {
      const { status, body } = await upload('/import', tenantId, csv, {}, flaky.url);

      expect(status).toBe(503);
      expect(body.rejected).toContainEqual(expect.objectContaining({ line: 151, code: 'STORAGE_UNAVAILABLE' }));
      const storedLines = (await storedAccounts(tenantId)).map((account) => Number(account.name.slice(4)) + 1);
      const accountedFor = [...storedLines, ...body.rejected.map((entry) => entry.line)].sort((a, b) => a - b);
      const readLines = Array.from({ length: body.stoppedAt!.line - 2 }, (_, index) => index + 2);
      expect(accountedFor).toEqual(readLines);
      expect(body.stored).toBe(storedLines.length);
    } finally {
      await flaky.stop();
    }
  });

  it('imports 2,000 rows, all stored, and prints the rate', async () => {
    const tenantId = newTenantId();
    const rows = Array.from({ length: 2000 }, (_, index) => `Speed Account ${index},Retail,Shanghai,medium,enterprise,key;bulk,yes`);
    const csv = ['name,industry,region,size,type,tags,consentEmail', ...rows].join('\n');

    const started = performance.now();
    const { body } = await upload('/import', tenantId, csv);
    const seconds = (performance.now() - started) / 1000;

    console.log(`CSV import: 2000 accounts in ${seconds.toFixed(2)} s = ${Math.round(2000 / seconds)} rows/s`);
    expect(body).toEqual({ stored: 2000, rejected: [], rejectedCount: 0 });
  }, 120_000);
});

describe('contact import', () => {
  it('stores contacts under the account their row names and refuses unknown accounts by line', async () => {
    const tenantId = newTenantId();
    const contoso = await accounts.createAccount(actorIn(tenantId), { name: 'Contoso Ltd' });

    const { status, body } = await upload('/contacts/import', tenantId, fixture('contacts-good.csv'));

    expect(status).toBe(200);
    expect(linesOf(body)).toEqual([
      { line: 4, code: 'NOT_FOUND' },
      { line: 5, code: 'VALIDATION_FAILED' },
    ]);
    expect(body.rejected[0]?.reason).toBe('No account was found for "Nobody Ltd".');
    const contacts = (await accounts.listContacts(tenantId, contoso.value.id, {})).items.map((item) => item.value);
    expect(contacts.map((contact) => contact.name).sort()).toEqual(['Li Wei', 'Zhang Min']);
    expect(contacts.find((contact) => contact.name === 'Li Wei')).toMatchObject({
      cuteRole: 'economic',
      preferredChannel: 'email',
      consent: { phone: true, email: true },
    });
  });

  it('reads Chinese column names and CUTE roles', async () => {
    const tenantId = newTenantId();
    const account = await accounts.createAccount(actorIn(tenantId), { name: '上海贸易有限公司' });

    const { body } = await upload('/contacts/import', tenantId, fixture('contacts-zh.csv'));

    expect(body.stored).toBe(1);
    const [contact] = (await accounts.listContacts(tenantId, account.value.id, {})).items;
    expect(contact?.value).toMatchObject({
      name: '陈静',
      title: '采购经理',
      cuteRole: 'coach',
      preferredChannel: 'wechat',
      consent: { phone: true },
    });
  });
});

describe('export', () => {
  it('downloads accounts as UTF-8 CSV with a BOM, as an attachment, in the documented columns', async () => {
    const tenantId = newTenantId();
    await accounts.createAccount(actorIn(tenantId), { name: '上海贸易有限公司' });

    const { status, headers, bytes } = await download('/export', tenantId);

    expect(status).toBe(200);
    expect(headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(headers.get('content-disposition')).toBe('attachment; filename="accounts.csv"');
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const [header, row] = bytes.subarray(3).toString('utf8').split('\r\n');
    expect(header).toBe(
      'name,industry,region,size,type,owner,team,tags,preferredChannel,consentPhone,consentEmail,consentMail,consentSms,website,phone,address,parentAccount',
    );
    expect(row).toBe('上海贸易有限公司,,,,enterprise,Local Developer,,,,no,no,no,no,,,,');
  });

  it('re-imports its accounts into a fresh tenant unchanged', async () => {
    const source = newTenantId();
    const target = newTenantId();
    const tricky = [
      'name,industry,region,size,type,tags,preferredChannel,consentSms,phone,address,parentAccount',
      'Subsidiary 🚀 Labs,Tech,深圳,small,enterprise,火箭;emoji,teams,yes,+86 755 5555 0000,"Floor 3, ""Tower"" B","Comma, Inc"',
      '"Comma, Inc",Retail,Shanghai,large,enterprise,a|b,email,no,,,',
      '"Quote ""Best"" Ltd",Retail,,medium,government,,mail,,,,',
      '上海贸易有限公司,零售,上海,大型,企业,重点客户,微信,是,,,',
      '=Formula Ltd,,,,individual,,,,-1,@home,',
    ].join('\n');
    await upload('/import', source, tricky);

    const exported = await download('/export', source);
    const { status, body } = await upload('/import', target, exported.bytes.toString('utf8'));

    expect(status).toBe(200);
    expect(body).toEqual({ stored: 5, rejected: [], rejectedCount: 0 });
    const again = await download('/export', target);
    expect(csvRecords(again.bytes)).toEqual(csvRecords(exported.bytes));
    expect(csvRecords(exported.bytes).map((record) => record[0])).toContain("'=Formula Ltd");
    expect(byName(await storedAccounts(target), '=Formula Ltd')).toMatchObject({ phone: '-1', address: '@home' });
  });

  it('re-imports its contacts into a fresh tenant unchanged', async () => {
    const source = newTenantId();
    const target = newTenantId();
    for (const tenantId of [source, target]) await accounts.createAccount(actorIn(tenantId), { name: 'Contoso, "The" Ltd 🚀' });
    const contoso = await accounts.findAccountByName(source, 'Contoso, "The" Ltd 🚀');
    await accounts.createContact(actorIn(source), {
      accountId: contoso!.value.id,
      name: '李伟',
      title: 'Director, Sales',
      email: 'li@contoso.example',
      cuteRole: 'economic',
      consent: { phone: true, email: false, mail: false, sms: true },
    });
    await accounts.createContact(actorIn(source), { accountId: contoso!.value.id, name: 'Ana "Coach" Silva', cuteRole: 'coach' });

    const exported = await download('/contacts/export', source);
    const { body } = await upload('/contacts/import', target, exported.bytes.toString('utf8'));

    expect(body).toEqual({ stored: 2, rejected: [], rejectedCount: 0 });
    expect(exported.headers.get('content-disposition')).toBe('attachment; filename="contacts.csv"');
    expect(csvRecords((await download('/contacts/export', target)).bytes)).toEqual(csvRecords(exported.bytes));
  });

  it('aborts a download that fails part-way instead of ending a cut-off file cleanly', async () => {
    const tenantId = newTenantId();
    await accounts.createAccount(actorIn(tenantId), { name: 'Contoso Ltd' });
    const failing = overriding(accounts, {
      listAccounts: async (tenant, filters, request) => {
        if (request.continuationToken) throw new AppError('STORAGE_UNAVAILABLE');
        return { ...(await accounts.listAccounts(tenant, filters, request)), continuationToken: 'next' };
      },
    });
    const flaky = await startCsvApp(failing);
    try {
      const response = await fetch(`${flaky.url}/export`, { headers: { 'x-dev-tenant-id': tenantId } });

      expect(response.status).toBe(200);
      await expect(response.text()).rejects.toThrow();
    } finally {
      await flaky.stop();
    }
  });

  it('answers a failure before the first page with an ordinary error', async () => {
    const failing = overriding(accounts, { listAccounts: () => Promise.reject(new AppError('STORAGE_UNAVAILABLE')) });
    const flaky = await startCsvApp(failing);
    try {
      const response = await fetch(`${flaky.url}/export`, { headers: { 'x-dev-tenant-id': newTenantId() } });

      expect(response.status).toBe(503);
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe('STORAGE_UNAVAILABLE');
    } finally {
      await flaky.stop();
    }
  });

  it('writes Chinese headers and values on request, and they re-import', async () => {
    const source = newTenantId();
    await accounts.createAccount(actorIn(source), { name: 'Contoso Ltd', size: 'large', type: 'government' });

    const exported = await download('/export?language=zh-CN', source);
    const { body } = await upload('/import', newTenantId(), exported.bytes.toString('utf8'));

    const [header, row] = csvRecords(exported.bytes, false);
    expect(header?.slice(0, 5)).toEqual(['名称', '行业', '地域', '规模', '类型']);
    expect(row?.slice(3, 5)).toEqual(['大型', '政府']);
    expect(body.stored).toBe(1);
  });
});

/** The records of a download, header first, the rest sorted (the order of records is the store's, not the file's). */
function csvRecords(bytes: Buffer, sorted = true): string[][] {
  const [header, ...rows] = parse(bytes, { bom: true }) as string[][];
  return [header ?? [], ...(sorted ? rows.sort((a, b) => a.join('\u0000').localeCompare(b.join('\u0000'))) : rows)];
}
