// The bot's HTTP edge over real HTTP: bad bodies, bad activities and bad tokens get a 4xx or a message in Teams' own shape, each logged once.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Activity } from 'botbuilder';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/core/logger';
import type { RunningServer } from '../../src/server';
import { makeAccount } from '../fixtures/accounts';
import {
  cardOf,
  invokeCardOf,
  invokeResponseOf,
  makeCardAction,
  makeInstall,
  makeMessage,
  makeSearchQuery,
  makeSubmitAction,
  postActivity,
  type BotResponse,
} from '../fixtures/activities';
import { apiClient } from '../fixtures/api';
import { expectValidCard } from '../fixtures/cards';
import { newTenantId, startTestServer } from '../fixtures/server';

type LogLine = Record<string, unknown> & { level: string; message: string };
type ErrorBody = { error: { code: string; message: string; details?: unknown } };

/** Every line the servers of this file log, from debug up, in order. */
const lines: LogLine[] = [];
const log = createLogger('debug', {}, (line) => lines.push(line as LogLine));

/** Runs `act` and returns what it returned, with the lines logged meanwhile. */
async function logging<T>(act: () => Promise<T>): Promise<{ result: T; logged: LogLine[] }> {
  const from = lines.length;
  const result = await act();
  return { result, logged: lines.slice(from) };
}

/** Exactly one line says anything went wrong: a warning with the reason, not the turn-error handler's error nor the error middleware's. */
function expectLoggedOnce(logged: LogLine[], reason: RegExp): LogLine {
  const notable = logged.filter(
    (line) => line.level === 'warn' || line.level === 'error' || /^request (refused|failed)$/.test(line.message),
  );
  expect(notable).toHaveLength(1);
  expect(notable[0]).toMatchObject({ level: 'warn' });
  expect(JSON.stringify(notable[0])).toMatch(reason);
  return notable[0]!;
}

async function postRaw(
  baseUrl: string,
  body: string | undefined,
  contentType = 'application/json',
): Promise<{ status: number; body: ErrorBody }> {
  const response = await fetch(`${baseUrl}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': contentType },
    ...(body === undefined ? {} : { body }),
  });
  return { status: response.status, body: (await response.json()) as ErrorBody };
}

/** Posts a bad request; it must get a 400-class JSON error with `code`, and leave one warning naming `reason`. */
async function expectRefused(
  send: () => Promise<{ status: number; body: unknown }>,
  expected: { status: number; code: string; reason: RegExp },
): Promise<ErrorBody['error']> {
  const { result, logged } = await logging(send);
  expect(result.status).toBe(expected.status);
  const { error } = result.body as ErrorBody;
  expect(error.code).toBe(expected.code);
  expect(error.message.length).toBeGreaterThan(0);
  expectLoggedOnce(logged, expected.reason);
  return error;
}

const tenantId = newTenantId();
const message = (text: unknown, locale?: string) =>
  ({ ...makeMessage('help', { tenantId, ...(locale ? { locale } : {}) }), text }) as Partial<Activity>;
const withValue = (activity: Partial<Activity>, value: unknown) => ({ ...activity, value }) as Partial<Activity>;

describe('without a bot app id', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startTestServer({ DEV_TENANT_ID: tenantId }, { log });
  });
  afterAll(() => server.stop());

  describe('a request that is not an activity', () => {
    it('refuses a message without a type with 400, naming the field', async () => {
      const error = await expectRefused(() => postActivity(server.url, { ...makeMessage('help', { tenantId }), type: undefined }), {
        status: 400,
        code: 'VALIDATION_FAILED',
        reason: /type/,
      });
      expect(error.details).toEqual([expect.objectContaining({ path: 'type' })]);
    });

    it('refuses an empty JSON object and an empty body with 400', async () => {
      await expectRefused(() => postRaw(server.url, '{}'), { status: 400, code: 'VALIDATION_FAILED', reason: /type/ });
      await expectRefused(() => postRaw(server.url, undefined), { status: 400, code: 'VALIDATION_FAILED', reason: /expected object/ });
    });

    it('refuses a body that is not JSON, or JSON that is not an object, with 400', async () => {
      await expectRefused(() => postRaw(server.url, '{"type": "message", '), {
        status: 400,
        code: 'MALFORMED_JSON',
        reason: /MALFORMED_JSON/,
      });
      await expectRefused(() => postRaw(server.url, '"message"'), { status: 400, code: 'MALFORMED_JSON', reason: /MALFORMED_JSON/ });
      await expectRefused(() => postRaw(server.url, JSON.stringify([makeMessage('help', { tenantId })])), {
        status: 400,
        code: 'VALIDATION_FAILED',
        reason: /expected object/,
      });
    });

    it('refuses a body that is not sent as JSON with 415, as the REST API does', async () => {
      await expectRefused(() => postRaw(server.url, JSON.stringify(makeMessage('help', { tenantId })), 'text/plain'), {
        status: 415,
        code: 'UNSUPPORTED_MEDIA_TYPE',
        reason: /UNSUPPORTED_MEDIA_TYPE/,
      });
    });

    it("refuses a message whose text is an object or a number with 400, in the activity's language", async () => {
      const english = await expectRefused(() => postActivity(server.url, message({ value: 'help' })), {
        status: 400,
        code: 'VALIDATION_FAILED',
        reason: /text/,
      });
      expect(english.message).toContain('not valid');
      const chinese = await expectRefused(() => postActivity(server.url, message(42, 'zh-CN')), {
        status: 400,
        code: 'VALIDATION_FAILED',
        reason: /text/,
      });
      expect(chinese.message).toContain('部分输入无效');
    });

    it('refuses an install whose membersAdded is not a list with 400', async () => {
      const install = { ...makeInstall({ tenantId }), membersAdded: { id: '28:guanxi-bot' } } as unknown as Partial<Activity>;
      const error = await expectRefused(() => postActivity(server.url, install), {
        status: 400,
        code: 'VALIDATION_FAILED',
        reason: /membersAdded/,
      });
      expect(error.details).toEqual([expect.objectContaining({ path: 'membersAdded' })]);
    });

    it('refuses an activity whose locale or entities botbuilder could not read with 400', async () => {
      await expectRefused(
        () => postActivity(server.url, { ...makeMessage('help', { tenantId }), locale: 7 } as unknown as Partial<Activity>),
        { status: 400, code: 'VALIDATION_FAILED', reason: /locale/ },
      );
      const mentionOfNobody = {
        ...makeMessage('help', { tenantId }),
        entities: [{ type: 'mention', text: '<at>Guanxi</at>' }],
      } as Partial<Activity>;
      await expectRefused(() => postActivity(server.url, mentionOfNobody), {
        status: 400,
        code: 'VALIDATION_FAILED',
        reason: /entities\.0\.mentioned/,
      });
    });
  });

  describe('an invoke Teams shows to the user', () => {
    /** Posts an invoke that cannot be read; it must be answered 200 in its own shape, with one warning. */
    async function answered(activity: Partial<Activity>, reason: RegExp): Promise<BotResponse> {
      const { result, logged } = await logging(() => postActivity(server.url, activity));
      expect(result.status).toBe(200);
      expectLoggedOnce(logged, reason);
      return result;
    }

    const cardAction = (locale?: string) => makeCardAction('accounts.show', {}, { tenantId, ...(locale ? { locale } : {}) });

    it('answers a card action whose value is a string, lacks its action or has no string verb with an error card', async () => {
      for (const value of ['accounts.show', {}, { action: { type: 'Action.Execute', verb: 42, data: {} } }]) {
        const card = invokeCardOf(await answered(withValue(cardAction(), value), /value/));
        expectValidCard(card);
        expect(JSON.stringify(card)).toContain('Teams sent this request in a form I cannot read');
      }
    });

    it('answers in Chinese to a Chinese user, and in the invoke response itself without expectReplies', async () => {
      const activity = { ...withValue(cardAction('zh-CN'), 'accounts.show'), deliveryMode: undefined } as Partial<Activity>;
      const { result, logged } = await logging(() =>
        fetch(`${server.url}/api/messages`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(activity),
        }),
      );
      expect(result.status).toBe(200);
      const body = (await result.json()) as { statusCode: number; type: string; value: Record<string, unknown> };
      expect(body).toMatchObject({ statusCode: 200, type: 'application/vnd.microsoft.card.adaptive' });
      expectValidCard(body.value);
      expect(JSON.stringify(body.value)).toContain('Teams 发来的请求格式无法识别');
      expectLoggedOnce(logged, /value/);
    });

    it('answers a search with no value, or with parameters, values or paging of the wrong types, with a message', async () => {
      const search = makeSearchQuery('contoso', { tenantId });
      const values = [
        undefined,
        { commandId: 'searchCrm', parameters: 'contoso' },
        { commandId: 'searchCrm', parameters: [{ name: 'query', value: { text: 'contoso' } }] },
        { commandId: 'searchCrm', parameters: [{ name: 'query', value: 'contoso' }], queryOptions: { skip: 'none', count: 25 } },
      ];
      for (const value of values) {
        const response = await answered(withValue(search, value), /value/);
        expect(invokeResponseOf(response)).toEqual({
          status: 200,
          body: {
            composeExtension: {
              type: 'message',
              text: 'Teams sent this request in a form I cannot read, so nothing was changed. Please try again.',
            },
          },
        });
      }
    });

    it('answers a message action whose command, message or data have the wrong types with a dialog message', async () => {
      const action = makeSubmitAction('saveToCrm', { account: 'Contoso' }, { content: '<p>Call notes</p>' }, { tenantId, locale: 'zh-CN' });
      const good = action.value as Record<string, unknown>;
      for (const value of [
        { ...good, commandId: 7 },
        { ...good, messagePayload: '<p>Call notes</p>' },
        { ...good, data: 'Contoso' },
      ]) {
        const response = await answered(withValue(action, value), /value\.(commandId|messagePayload|data)/);
        expect(invokeResponseOf(response)).toEqual({
          status: 200,
          body: { task: { type: 'message', value: 'Teams 发来的请求格式无法识别，因此没有做任何更改。请重试。' } },
        });
      }
    });
  });

  describe('activities that can be read', () => {
    /** Posts a good activity: nothing is logged at warn or above. */
    async function quietly(activity: Partial<Activity>): Promise<BotResponse> {
      const { result, logged } = await logging(() => postActivity(server.url, activity));
      expect(result.status).toBe(200);
      expect(logged.filter((line) => line.level === 'warn' || line.level === 'error')).toEqual([]);
      return result;
    }

    it('still answers messages, installs and card actions', async () => {
      expect(JSON.stringify(cardOf((await quietly(makeMessage('help', { tenantId }))).activities[0]))).toContain('What you can ask me');
      expect(JSON.stringify(cardOf((await quietly(makeInstall({ tenantId, locale: 'zh-CN' }))).activities[0]))).toContain(
        '欢迎使用关系 CRM',
      );
      expect(JSON.stringify(invokeCardOf(await quietly(makeCardAction('no.such.verb', {}, { tenantId }))))).toContain(
        'not available any more',
      );
    });

    it("still answers searches and message actions, with Teams' nulls in the selected message", async () => {
      const ownTenant = newTenantId();
      await apiClient(server.url, ownTenant).post('/accounts', makeAccount({ name: 'Edge Traders' }));
      const search = invokeResponseOf<{ composeExtension: { attachments: unknown[] } }>(
        await quietly(makeSearchQuery('edge', { tenantId: ownTenant })),
      );
      expect(search.body.composeExtension.attachments).toHaveLength(1);
      const saved = invokeResponseOf<{ task: { value: string } }>(
        await quietly(
          makeSubmitAction('saveToCrm', { account: 'Edge Traders' }, { content: '<p>Met the buyer</p>' }, { tenantId: ownTenant }),
        ),
      );
      expect(saved.body.task.value).toContain('Edge Traders');
    });
  });
});

/**
 * A stand-in for the Bot Framework's OpenID metadata endpoint that is down: it answers 503 until it is closed. It
 * keeps no connection open, so that once it is closed every request meets a closed port.
 */
function startMetadataOutage(): Promise<{ url: string; server: Server }> {
  const server = createServer((_req, res) =>
    res.writeHead(503, { 'content-type': 'text/plain', connection: 'close' }).end('Service Unavailable'),
  );
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/.well-known/openidconfiguration`, server }),
    ),
  );
}

/** A token as the Bot Framework issues them, but signed by nobody: checking it needs the signing keys. */
function unsignedChannelToken(appId: string): string {
  const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const now = Math.floor(Date.now() / 1000);
  return `${part({ alg: 'RS256', typ: 'JWT', kid: 'edge-test-key' })}.${part({ iss: 'https://api.botframework.com', aud: appId, serviceurl: 'https://smba.trafficmanager.net/amer/', nbf: now - 60, exp: now + 3600 })}.${Buffer.from('not a signature').toString('base64url')}`;
}

describe('with a bot app id configured', () => {
  const appId = '6a5b1c3e-1111-4222-8333-944455556666';
  let server: RunningServer;
  let metadata: Awaited<ReturnType<typeof startMetadataOutage>>;
  beforeAll(async () => {
    metadata = await startMetadataOutage();
    server = await startTestServer(
      {
        MicrosoftAppId: appId,
        MicrosoftAppPassword: 'not-a-real-secret',
        AAD_APP_CLIENT_ID: '0b1c2d3e-aaaa-4bbb-8ccc-ddddeeeeffff',
        BotOpenIdMetadata: metadata.url,
      },
      { log },
    );
  });
  afterAll(async () => {
    await server.stop();
    metadata.server.close();
  });

  const post = (authorization?: string) =>
    postActivity(server.url, makeMessage('help', { tenantId }), authorization === undefined ? {} : { authorization });

  it('refuses a missing or malformed Authorization header with 401, saying why', async () => {
    for (const [authorization, reason] of [
      [undefined, 'missing Authorization header'],
      ['Basic dXNlcjpwYXNz', 'Authorization scheme must be Bearer'],
      ['Bearer not-a-token', 'malformed bearer token'],
    ] as const) {
      const error = await expectRefused(() => post(authorization), { status: 401, code: 'UNAUTHENTICATED', reason: new RegExp(reason) });
      expect(error.details).toEqual({ reason });
    }
  });

  it('refuses with 401 a token whose signing keys cannot be read, while the metadata endpoint answers errors and after it is gone', async () => {
    const token = `Bearer ${unsignedChannelToken(appId)}`;
    await expectRefused(() => post(token), {
      status: 401,
      code: 'UNAUTHENTICATED',
      reason: /signing keys unavailable.*Failed to load openID config: 503/,
    });
    await new Promise<void>((resolve) => metadata.server.close(() => resolve()));
    await expectRefused(() => post(token), { status: 401, code: 'UNAUTHENTICATED', reason: /signing keys unavailable.*ECONNREFUSED/ });
  });

  it('refuses a bad activity with 400 before looking at its token', async () => {
    await expectRefused(() => postActivity(server.url, message({ value: 'help' }), {}), {
      status: 400,
      code: 'VALIDATION_FAILED',
      reason: /text/,
    });
  });
});
