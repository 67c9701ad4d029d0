// The spine's own overhead: an account read through the repository, the tab API and the bot, against raw Azurite.
import { randomUUID } from 'node:crypto';
import { loadConfig } from '../../src/config';
import { startServer } from '../../src/server';
import { makeMessage, postActivity } from '../fixtures/activities';
import { measure, meter, scenarios, type BenchContext, type Result } from './harness';

const accountCount = 1000;

async function run(ctx: BenchContext): Promise<Result[]> {
  const server = await startServer(loadConfig({ PORT: '0', LOG_LEVEL: 'error', AZURE_TABLES_CONNECTION_STRING: ctx.connectionString }), {
    meter,
  });
  const tenantId = `bench-${randomUUID()}`;
  const headers = { 'content-type': 'application/json', 'x-dev-tenant-id': tenantId };
  try {
    const ids: string[] = [];
    for (let i = 0; i < accountCount; i += 1) {
      const response = await fetch(`${server.url}/api/v1/accounts`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ name: `Bench Account ${i}`, industry: 'Retail' }),
      });
      if (response.status !== 201) throw new Error(`seeding failed: ${response.status} ${await response.text()}`);
      ids.push(((await response.json()) as { id: string }).id);
    }
    const apiRead = await measure('GET /api/v1/accounts/:id', ctx.scaled(300), 30, async (i) => {
      const response = await fetch(`${server.url}/api/v1/accounts/${ids[i % accountCount]}`, { headers });
      if (response.status !== 200) throw new Error(`read failed: ${response.status}`);
      await response.arrayBuffer();
      return 1; // the account
    });
    const botLookup = await measure('account <name> via /api/messages', ctx.scaled(300), 30, async (i) => {
      const reply = await postActivity(server.url, makeMessage(`account bench account ${i % accountCount}`, { tenantId }));
      if (!JSON.stringify(reply.body).includes(`Bench Account ${i % accountCount}`)) throw new Error('bot did not answer with the account');
      return 1; // the account's card; these accounts have no contacts
    });
    const create = await measure('POST /api/v1/accounts', ctx.scaled(300), 20, async (i) => {
      const response = await fetch(`${server.url}/api/v1/accounts`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ name: `Created ${i}` }),
      });
      if (response.status !== 201) throw new Error(`create failed: ${response.status}`);
      await response.arrayBuffer();
      return 1; // the account it created
    });
    return [apiRead, botLookup, create];
  } finally {
    await server.stop();
  }
}

scenarios.push({ name: 'spine: accounts through HTTP and the bot', baseline: 'raw point read', run });
