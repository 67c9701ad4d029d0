// A user path's storage requests must not grow with the tenant: the key paths on two tenants ten times apart, one run.
import { loadConfig } from '../../src/config';
import { normaliseAccountName } from '../../src/plugins/accounts/account-name';
import { seededRandom } from '../../src/demo/crm-data.generator';
import { startServer, type RunningServer } from '../../src/server';
import { cardOf, invokeResponseOf, makeMessage, makeSearchQuery, postActivity } from '../fixtures/activities';
import { withinGrowthLimit } from './compare';
import { count, measure, meter, scenarios, type BenchContext, type Result } from './harness';
import { fullScale, seedTenant, type SeededTenant } from './seed';

const seed = 11;
/** The smaller tenant, as a share of the data set (× BENCH_SCALE); the larger holds ten times as much. */
const smallShare = 0.001;
const han = /\p{Script=Han}/u;

function must(condition: boolean, message: string): void {
  if (!condition) throw new Error(`tenant size: ${message}`);
}

/** The key user paths on one tenant, with what each shows. */
async function userPaths(server: RunningServer, tenant: SeededTenant, iterations: number): Promise<Result[]> {
  const size = `${tenant.accounts.length.toLocaleString('en')} accounts`;
  const random = seededRandom(seed);
  const account = () => tenant.accounts[Math.floor(random() * tenant.accounts.length)]!;
  const latin = tenant.accounts.filter((a) => !han.test(a.name));
  const prefix = () => {
    const key = normaliseAccountName((latin[Math.floor(random() * latin.length)] ?? tenant.accounts[0]!).name);
    return (/^[a-z]+/u.exec(key)?.[0] ?? key).slice(0, 3 + Math.floor(random() * 3));
  };
  const who = { tenantId: tenant.tenantId, userId: tenant.reps[0]!.userId };
  const headers = { 'x-dev-tenant-id': tenant.tenantId, 'x-dev-user-id': who.userId };
  return [
    await measure(`account <name> (${size})`, iterations, 5, async () => {
      const { name } = account();
      const card = cardOf((await postActivity(server.url, makeMessage(`account ${name}`, who))).activities[0]);
      must(JSON.stringify(card ?? '').includes(name), `account ${name} did not answer with its card`);
      return 1 + fullScale.contactsPerAccount; // the account and its contacts
    }),
    await measure(`message-extension search (${size})`, iterations, 5, async () => {
      const typed = prefix();
      const response = invokeResponseOf<{ composeExtension: { attachments: unknown[] } }>(
        await postActivity(server.url, makeSearchQuery(typed, { ...who, count: 10 })),
      );
      must(response.status === 200 && response.body.composeExtension.attachments.length >= 1, `search "${typed}" found nothing`);
      return response.body.composeExtension.attachments.length;
    }),
    await measure(`GET /api/v1/accounts/:id (${size})`, iterations, 5, async () => {
      const response = await fetch(`${server.url}/api/v1/accounts/${account().id}`, { headers });
      must(response.status === 200, `account read answered ${response.status}`);
      await response.arrayBuffer();
      return 1;
    }),
    await measure(`log call with <account> (${size})`, iterations, 5, async () => {
      const { name } = account();
      const text = `log call with ${name}: went through the renewal quote, follow up Friday`;
      const card = JSON.stringify(cardOf((await postActivity(server.url, makeMessage(text, who))).activities[0]) ?? '');
      must(card.includes('logged') && card.includes(name), `logging with ${name} did not confirm: ${card.slice(0, 200)}`);
      return 2; // the activity and its account
    }),
  ];
}

async function run(ctx: BenchContext): Promise<Result[]> {
  const server = await startServer(loadConfig({ PORT: '0', LOG_LEVEL: 'error', AZURE_TABLES_CONNECTION_STRING: ctx.connectionString }), {
    meter,
  });
  try {
    const tenants: SeededTenant[] = [];
    for (const share of [smallShare, smallShare * 10]) {
      console.log(`\nseeding a tenant at ${share * ctx.scale} of the issue's data set`);
      tenants.push(
        await seedTenant({
          connectionString: ctx.connectionString,
          scale: share * ctx.scale,
          seed,
          tenantId: `bench-size-${share}-${Date.now()}`,
          maxMinutes: 30,
          print: (line) => console.log(line),
        }),
      );
    }
    const iterations = ctx.scaled(100);
    const [small, large] = [await userPaths(server, tenants[0]!, iterations), await userPaths(server, tenants[1]!, iterations)];
    console.log(`\nrequests per call by tenant size (within 10%: the count does not grow with the tenant)`);
    small.forEach((result, i) => {
      const [a, b] = [result.storage!.requests, large[i]!.storage!.requests];
      console.log(`  ${result.name.replace(/ \([^()]*\)$/, '')}: ${count(a)} → ${count(b)} ${withinGrowthLimit(a, b) ? 'PASS' : 'FAIL'}`);
    });
    return [...small, ...large];
  } finally {
    await server.stop();
  }
}

scenarios.push({ name: 'tenant size: requests per call on two tenants ten times apart', run });
