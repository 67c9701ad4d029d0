// GET /healthz with storage up and down, the JSON 404 for unknown routes, and the redirect from / to the home tab.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/server';
import { findFreePort, startAzurite } from '../../src/storage/azurite';
import type { ErrorBody } from '../fixtures/api';
import { startTestServer } from '../fixtures/server';

const packageVersion: string = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')).version;

type HealthBody = { status: string; storage: string; plugins: string[]; version: string; reason?: string };

describe('health and routing', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.stop());

  it('reports ok storage, the loaded plugins and the package version', async () => {
    const response = await fetch(`${server.url}/healthz`);

    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await response.json()).toEqual({
      status: 'ok',
      storage: 'ok',
      plugins: ['people', 'accounts', 'activities', 'pipeline', 'cases', 'reminders', 'alerts'],
      version: packageVersion,
    });
  });

  it('answers an unknown route with a JSON ROUTE_NOT_FOUND', async () => {
    const response = await fetch(`${server.url}/nope`);

    expect(response.status).toBe(404);
    const body = (await response.json()) as ErrorBody;
    expect(body.error.code).toBe('ROUTE_NOT_FOUND');
    expect(body.error.message).toBe('There is no API at GET /nope.');
  });

  it('redirects / to the home tab', async () => {
    const response = await fetch(`${server.url}/`, { redirect: 'manual' });

    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toBe('/tabs/home/');
  });
});

describe('health with storage down', () => {
  let server: RunningServer;
  beforeAll(async () => {
    const azurite = await startAzurite({ port: await findFreePort() });
    server = await startTestServer({ AZURE_TABLES_CONNECTION_STRING: azurite.connectionString });
    await azurite.stop();
  });
  afterAll(() => server.stop());

  it('answers 503 at once with storage unavailable and the real reason', async () => {
    const startedAt = Date.now();

    const response = await fetch(`${server.url}/healthz`);
    const elapsedMs = Date.now() - startedAt;

    expect(response.status).toBe(503);
    const body = (await response.json()) as HealthBody;
    expect(body).toMatchObject({
      status: 'unavailable',
      storage: 'unavailable',
      plugins: ['people', 'accounts', 'activities', 'pipeline', 'cases', 'reminders', 'alerts'],
      version: packageVersion,
    });
    expect(body.reason).toMatch(/ECONNREFUSED|connect/i);
    expect(elapsedMs).toBeLessThan(2000);
  });
});
