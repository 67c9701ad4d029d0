// Batch transactions built by table-transaction.ts: the SDK's wire format, and the real emulator's answers.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { odata, RestError, TableClient, type TransactionAction } from '@azure/data-tables';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { azuriteAccount } from '../../src/storage/azurite';
import { submitTransaction } from '../../src/storage/table-transaction';
import { newTenantId } from '../fixtures/server';
import { openTestTable } from '../fixtures/tables';

/** Keys with every character a key may hold that a URL or OData treats specially. */
const awkward = { partitionKey: "t|O'Brien & Söhne 100%", rowKey: "r'1 (é) 中文 +=;,$@~!*" };

/** A listener that keeps each request it gets and answers like the service does to a batch of one change. */
async function recordingServer(): Promise<{
  server: Server;
  url: string;
  bodies: string[];
  headers: Record<string, string | string[] | undefined>[];
}> {
  const bodies: string[] = [];
  const headers: Record<string, string | string[] | undefined>[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      bodies.push(body);
      headers.push(req.headers);
      res.writeHead(202, { 'content-type': 'multipart/mixed; boundary=batchresponse_1' });
      res.end(
        '--batchresponse_1\r\n--changesetresponse_2\r\nHTTP/1.1 204 No Content\r\n\r\n--changesetresponse_2--\r\n--batchresponse_1--\r\n',
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { server, url: `http://127.0.0.1:${port}`, bodies, headers };
}

/** Boundaries are random per request; everything else must be byte for byte what the SDK sends. */
const withoutBoundaries = (body: string) => body.replace(/(batch|changeset)_[0-9a-f-]{36}/g, '$1_ID');

describe('submitTransaction', () => {
  describe('wire format', () => {
    let recording: Awaited<ReturnType<typeof recordingServer>>;
    beforeAll(async () => {
      recording = await recordingServer();
    });
    afterAll(() => new Promise<void>((resolve) => recording.server.close(() => resolve())));

    it('sends the same batch body and headers as the SDK for every kind of change', async () => {
      const connectionString = `DefaultEndpointsProtocol=http;AccountName=${azuriteAccount.name};AccountKey=${azuriteAccount.key};TableEndpoint=${recording.url}/${azuriteAccount.name};`;
      const client = TableClient.fromConnectionString(connectionString, 'Wire', {
        allowInsecureConnection: true,
        retryOptions: { maxRetries: 0 },
      });
      const actions: TransactionAction[] = [
        [
          'create',
          {
            ...awkward,
            text: 'quote " backslash \\ line\nbreak',
            count: 7,
            flag: false,
            amount: { value: '1234567890123.5', type: 'Double' },
          },
        ],
        [
          'update',
          { partitionKey: awkward.partitionKey, rowKey: 'r2', text: 'new' },
          'Replace',
          { etag: `W/"datetime'2026-12-02T10%3A00%3A00.1Z'"` },
        ],
        ['upsert', { partitionKey: awkward.partitionKey, rowKey: 'r3', text: 'either' }, 'Replace'],
        ['delete', { partitionKey: awkward.partitionKey, rowKey: "r'4" }],
      ];

      await client.submitTransaction(actions);
      await submitTransaction(client, actions);

      const [sdk, ours] = recording.bodies.slice(-2).map(withoutBoundaries);
      expect(ours).toBe(sdk);
      const [sdkHeaders, ourHeaders] = recording.headers.slice(-2);
      for (const name of ['accept', 'x-ms-version', 'dataserviceversion', 'maxdataserviceversion', 'accept-charset', 'content-length'])
        expect(ourHeaders![name], name).toBe(sdkHeaders![name]);
      expect(withoutBoundaries(String(ourHeaders!['content-type']))).toBe(withoutBoundaries(String(sdkHeaders!['content-type'])));
      expect(ourHeaders!.authorization).toMatch(/^SharedKeyLite devstoreaccount1:/);
    });

    it('refuses a merge, which this path does not send', async () => {
      const client = TableClient.fromConnectionString(
        `DefaultEndpointsProtocol=http;AccountName=a;AccountKey=${azuriteAccount.key};TableEndpoint=${recording.url}/a;`,
        'Wire',
        { allowInsecureConnection: true },
      );
      await expect(submitTransaction(client, [['update', { partitionKey: 'p', rowKey: 'r' }, 'Merge']])).rejects.toThrow(/Merge/);
      await expect(
        submitTransaction(client, [
          ['create', { partitionKey: 'p', rowKey: 'r' }],
          ['create', { partitionKey: 'q', rowKey: 'r' }],
        ]),
      ).rejects.toThrow(/same partitionKey/);
    });
  });

  describe('against Azurite', () => {
    let table: TableClient;
    beforeAll(async () => {
      table = await openTestTable('TransactionRows');
    });

    it('stores, replaces and deletes in one transaction, answering each operation’s ETag in order', async () => {
      const partitionKey = `${newTenantId()}|${awkward.partitionKey}`;
      const first = await submitTransaction(table, [
        ['create', { partitionKey, rowKey: awkward.rowKey, text: 'one', count: 1, amount: { value: '2.5', type: 'Double' } }],
        ['create', { partitionKey, rowKey: 'b', text: 'two' }],
      ]);
      expect(first.subResponses.map((sub) => sub.status)).toEqual([204, 204]);
      const stored = await table.getEntity<{ text: string; count: number; amount: number }>(partitionKey, awkward.rowKey);
      expect(stored).toMatchObject({ text: 'one', count: 1, amount: 2.5, etag: first.subResponses[0]!.etag });

      const second = await submitTransaction(table, [
        ['update', { partitionKey, rowKey: awkward.rowKey, text: 'replaced' }, 'Replace', { etag: stored.etag }],
        ['upsert', { partitionKey, rowKey: 'c', text: 'three' }, 'Replace'],
        ['delete', { partitionKey, rowKey: 'b' }],
      ]);

      expect(second.subResponses).toHaveLength(3);
      expect(second.subResponses[0]!.etag).toBe((await table.getEntity(partitionKey, awkward.rowKey)).etag);
      const rows: { rowKey?: string; text: string }[] = [];
      for await (const row of table.listEntities<{ text: string }>({ queryOptions: { filter: odata`PartitionKey eq ${partitionKey}` } }))
        rows.push(row);
      expect(rows.map((row) => [row.rowKey, row.text])).toEqual([
        ['c', 'three'],
        [awkward.rowKey, 'replaced'],
      ]);
    });

    it('fails whole on an existing row, naming the operation, and writes nothing', async () => {
      const partitionKey = `${newTenantId()}|taken`;
      await table.createEntity({ partitionKey, rowKey: 'b', text: 'already here' });

      const error = await submitTransaction(table, [
        ['create', { partitionKey, rowKey: 'a', text: 'new' }],
        ['create', { partitionKey, rowKey: 'b', text: 'clash' }],
      ]).catch((caught: unknown) => caught);

      expect(error).toBeInstanceOf(RestError);
      expect((error as RestError).statusCode).toBe(409);
      expect((error as RestError).message).toMatch(/^1:/);
      await expect(table.getEntity(partitionKey, 'a')).rejects.toMatchObject({ statusCode: 404 });
      expect((await table.getEntity<{ text: string }>(partitionKey, 'b')).text).toBe('already here');
    });

    it('fails with 412 when a replace names an ETag the row no longer has', async () => {
      const partitionKey = `${newTenantId()}|stale`;
      const created = await table.createEntity({ partitionKey, rowKey: 'a', text: 'v1' });
      await table.updateEntity({ partitionKey, rowKey: 'a', text: 'v2' }, 'Replace');

      const error = await submitTransaction(table, [
        ['update', { partitionKey, rowKey: 'a', text: 'v3' }, 'Replace', { etag: created.etag! }],
      ]).catch((caught: unknown) => caught);

      expect((error as RestError).statusCode).toBe(412);
      expect((await table.getEntity<{ text: string }>(partitionKey, 'a')).text).toBe('v2');
    });
  });
});
