// Bot delivery and authentication: the normal reply path to the Teams service URL, and Bot Framework tokens when an app id is set.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/server';
import { makeMessage, postActivity } from '../fixtures/activities';
import { newTenantId, startTestServer } from '../fixtures/server';

/** Stands in for the Teams connector service: records what the bot posts back. */
function startConnector(): Promise<{ url: string; received: { path: string; body: Record<string, unknown> }[]; server: Server }> {
  const received: { path: string; body: Record<string, unknown> }[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      received.push({ path: req.url ?? '', body: JSON.parse(body || '{}') as Record<string, unknown> });
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ id: 'reply-1' }));
    });
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, received, server })),
  );
}

describe('normal reply path', () => {
  let app: RunningServer;
  let connector: Awaited<ReturnType<typeof startConnector>>;
  beforeAll(async () => {
    [app, connector] = await Promise.all([startTestServer(), startConnector()]);
  });
  afterAll(async () => {
    await app.stop();
    connector.server.close();
  });

  it("posts the reply to the conversation at the activity's service URL", async () => {
    const activity = { ...makeMessage('help', { tenantId: newTenantId() }), deliveryMode: undefined, serviceUrl: connector.url };
    const response = await postActivity(app.url, activity);
    expect(response.status).toBe(200);
    expect(connector.received).toHaveLength(1);
    expect(connector.received[0]!.path).toBe(
      `/v3/conversations/${encodeURIComponent(activity.conversation!.id)}/activities/${encodeURIComponent(activity.id!)}`,
    );
    expect(JSON.stringify(connector.received[0]!.body)).toContain('What you can ask me');
  });
});

describe('with a bot app id configured', () => {
  let app: RunningServer;
  beforeAll(async () => {
    app = await startTestServer({
      MicrosoftAppId: '6a5b1c3e-1111-4222-8333-944455556666',
      MicrosoftAppPassword: 'not-a-real-secret',
      AAD_APP_CLIENT_ID: '0b1c2d3e-aaaa-4bbb-8ccc-ddddeeeeffff',
    });
  });
  afterAll(() => app.stop());

  it('refuses an activity without a Bot Framework token', async () => {
    const response = await postActivity(app.url, makeMessage('help', { tenantId: newTenantId() }));
    expect(response.status).toBe(401);
  });

  it('refuses an activity with a token it cannot verify', async () => {
    const forged = 'eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.eyJhdWQiOiI2YTViMWMzZSJ9.c2lnbmF0dXJl';
    const response = await postActivity(app.url, makeMessage('help', { tenantId: newTenantId() }), { authorization: `Bearer ${forged}` });
    expect(response.status).toBe(401);
  });

  it('refuses the tab API without a Teams SSO token', async () => {
    const response = await fetch(`${app.url}/api/v1/accounts`);
    expect(response.status).toBe(401);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe('UNAUTHENTICATED');
  });
});

describe('outside local development mode', () => {
  let app: RunningServer;
  beforeAll(async () => {
    app = await startTestServer({ GUANXI_DEV_MODE: 'false', AAD_APP_CLIENT_ID: '0b1c2d3e-aaaa-4bbb-8ccc-ddddeeeeffff' });
  });
  afterAll(() => app.stop());

  it("answers for the activity's own tenant, whatever x-dev-* headers say", async () => {
    const [tenantId, otherTenantId] = [newTenantId(), newTenantId()];
    const created = await postActivity(app.url, makeMessage('new account Outside Co', { tenantId }), {});
    expect(JSON.stringify(created.body)).toContain('Created the account');

    const own = await postActivity(app.url, makeMessage('account Outside Co', { tenantId }), {});
    const other = await postActivity(app.url, makeMessage('account Outside Co', { tenantId: otherTenantId }), {
      'x-dev-tenant-id': tenantId,
    });

    expect(JSON.stringify(own.body)).toContain('Outside Co');
    expect(JSON.stringify(own.body)).not.toContain('found no account');
    expect(JSON.stringify(other.body)).toContain('found no account');
  });

  it('refuses a bot turn that carries no tenant', async () => {
    const activity = {
      ...makeMessage('account Contoso', { tenantId: 'x' }),
      channelData: {},
      conversation: { id: 'a:1', isGroup: false, conversationType: 'personal', name: '' },
    };
    const response = await postActivity(app.url, activity);
    expect(JSON.stringify(response.body)).toContain('no Microsoft 365 tenant');
  });
});
