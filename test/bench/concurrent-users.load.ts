// The people of the concurrency bench: the mix of calls a working day makes, each checked as the user would read it, and the
// loop that runs them for a fixed time. The bench runs it in a worker thread, so the callers' work is not the server's.
import { performance } from 'node:perf_hooks';
import { seededRandom } from '../../src/demo/crm-data.generator';
import { defaultStages } from '../../src/plugins/pipeline/stage-model.defaults';
import { cardOf, invokeResponseOf, makeMessage, makeSearchQuery, postActivity } from '../fixtures/activities';

const han = /\p{Script=Han}/u;
const openStages = defaultStages.filter((stage) => stage.kind === 'open').map((stage) => stage.id);

export type Face = 'chat' | 'api';
export interface Deal {
  id: string;
  etag: string;
  stageId: string;
}
export interface Tenant {
  tenantId: string;
  accounts: { id: string; name: string }[];
  /** Each user's own deals, so two users never move one deal at once. */
  deals: Deal[][];
}

/** A call's answer checked as the user would read it; a failure says what came back instead. */
type Call = (url: string, tenant: Tenant, user: number, draw: () => number) => Promise<void>;

export function must(condition: boolean, message: string): void {
  if (!condition) throw new Error(message);
}

export const userId = (user: number) => `bench-user-${user}`;
export const headers = (tenantId: string, user: number) => ({
  'content-type': 'application/json',
  'x-dev-tenant-id': tenantId,
  'x-dev-user-id': userId(user),
});
const pickAccount = (tenant: Tenant, draw: () => number) => tenant.accounts[Math.floor(draw() * tenant.accounts.length)]!;
/** A prefix of a Latin name, 3 to 5 letters, as someone types it in the search box. */
function prefixOf(tenant: Tenant, draw: () => number): string {
  const latin = tenant.accounts.filter((account) => !han.test(account.name));
  const name = (latin[Math.floor(draw() * latin.length)] ?? tenant.accounts[0]!).name.toLowerCase();
  return (/^[a-z]+/.exec(name)?.[0] ?? name).slice(0, 3 + Math.floor(draw() * 3));
}

/** The mix of a working day: mostly looking accounts up, then logging and searching, some stage moves. */
export const kinds: { name: string; face: Face; weight: number; call: Call }[] = [
  {
    name: 'chat: account <name>',
    face: 'chat',
    weight: 30,
    async call(url, tenant, user, draw) {
      const { name } = pickAccount(tenant, draw);
      const reply = await postActivity(url, makeMessage(`account ${name}`, { tenantId: tenant.tenantId, userId: userId(user) }));
      must(
        reply.status === 200 && JSON.stringify(cardOf(reply.activities[0]) ?? '').includes(name),
        `account ${name}: ${reply.status} ${JSON.stringify(reply.body).slice(0, 200)}`,
      );
    },
  },
  {
    name: 'chat: log call with <account>',
    face: 'chat',
    weight: 15,
    async call(url, tenant, user, draw) {
      const { name } = pickAccount(tenant, draw);
      const text = `log call with ${name}: went through the renewal quote, they want a pilot first, follow up Friday`;
      const reply = await postActivity(url, makeMessage(text, { tenantId: tenant.tenantId, userId: userId(user) }));
      const card = JSON.stringify(cardOf(reply.activities[0]) ?? '');
      must(
        reply.status === 200 && card.includes('logged') && card.includes(name),
        `log with ${name}: ${reply.status} ${card.slice(0, 200)}`,
      );
    },
  },
  {
    name: 'chat: message-extension search',
    face: 'chat',
    weight: 15,
    async call(url, tenant, user, draw) {
      const prefix = prefixOf(tenant, draw);
      const response = invokeResponseOf<{ composeExtension?: { attachments?: unknown[] } }>(
        await postActivity(url, makeSearchQuery(prefix, { tenantId: tenant.tenantId, userId: userId(user), count: 10 })),
      );
      must(
        response.status === 200 && (response.body.composeExtension?.attachments?.length ?? 0) >= 1,
        `search "${prefix}": ${response.status} ${JSON.stringify(response.body).slice(0, 200)}`,
      );
    },
  },
  {
    name: 'API: POST /activities',
    face: 'api',
    weight: 15,
    async call(url, tenant, user, draw) {
      const { id } = pickAccount(tenant, draw);
      const response = await fetch(`${url}/api/v1/activities`, {
        method: 'POST',
        headers: headers(tenant.tenantId, user),
        body: JSON.stringify({
          accountId: id,
          type: 'callOutbound',
          subject: 'Renewal quote',
          occurredAt: new Date().toISOString(),
          timeZone: 'Asia/Shanghai',
        }),
      });
      must(response.status === 201, `log activity: ${response.status} ${(await response.text()).slice(0, 200)}`);
      await response.arrayBuffer().catch(() => undefined);
    },
  },
  {
    name: 'API: account search',
    face: 'api',
    weight: 15,
    async call(url, tenant, user, draw) {
      const prefix = prefixOf(tenant, draw);
      const response = await fetch(`${url}/api/v1/accounts?q=${encodeURIComponent(prefix)}&pageSize=10`, {
        headers: headers(tenant.tenantId, user),
      });
      const body = (await response.json()) as { items?: unknown[] };
      must(
        response.status === 200 && (body.items?.length ?? 0) >= 1,
        `account search "${prefix}": ${response.status} ${JSON.stringify(body).slice(0, 200)}`,
      );
    },
  },
  {
    name: 'API: stage move',
    face: 'api',
    weight: 10,
    async call(url, tenant, user, draw) {
      const own = tenant.deals[user]!;
      const deal = own[Math.floor(draw() * own.length)]!;
      const others = openStages.filter((stage) => stage !== deal.stageId);
      const stageId = others[Math.floor(draw() * others.length)]!;
      const response = await fetch(`${url}/api/v1/pipeline/opportunities/${deal.id}/move`, {
        method: 'POST',
        headers: { ...headers(tenant.tenantId, user), 'if-match': deal.etag },
        body: JSON.stringify({ stageId }),
      });
      const body = (await response.json()) as { etag?: string; stageId?: string };
      must(response.status === 200 && body.stageId === stageId, `move: ${response.status} ${JSON.stringify(body).slice(0, 200)}`);
      [deal.etag, deal.stageId] = [body.etag!, stageId];
    },
  },
];

/** What a run of the users found: each kind's call times and failures, and how long the timed window lasted. */
export interface LoadOutcome {
  samples: Record<string, number[]>;
  failures: Record<string, string[]>;
  elapsed: number;
  /** The deals as the users left them (stage and ETag), for the next run to go on from. */
  deals: Deal[][];
  /** A raw point read of the emulator every `probeEveryMs` through the window: what the emulator alone answers in. */
  probe: number[];
}

/** Between two probe reads. */
const probeEveryMs = 50;

/** Reads `entity` straight from the emulator until `deadline`, timing each read. */
async function probeUntil(read: () => Promise<unknown>, deadline: number): Promise<number[]> {
  const times: number[] = [];
  while (performance.now() < deadline) {
    const start = performance.now();
    await read();
    times.push(performance.now() - start);
    await pause(probeEveryMs);
  }
  return times;
}

/** How long a user pauses between two calls, drawn evenly between the bounds; none for callers back to back. */
export interface ThinkTime {
  minMs: number;
  maxMs: number;
}
export const backToBack: ThinkTime = { minMs: 0, maxMs: 0 };

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Every user runs every kind once untimed (a warm server), then calls at random by weight until `seconds` have passed,
 * pausing `think` between calls (the pause is not part of a call's time).
 */
export async function runUsers(
  url: string,
  tenant: Tenant,
  users: number,
  seconds: number,
  seed: number,
  think: ThinkTime,
  /** One raw point read of the emulator, timed beside the users. */
  probe: () => Promise<unknown>,
  onWarm: () => void = () => {},
): Promise<LoadOutcome> {
  const samples: Record<string, number[]> = Object.fromEntries(kinds.map((kind) => [kind.name, []]));
  const failures: Record<string, string[]> = Object.fromEntries(kinds.map((kind) => [kind.name, []]));
  const totalWeight = kinds.reduce((sum, kind) => sum + kind.weight, 0);
  await Promise.all(
    Array.from({ length: users }, async (_, user) => {
      const draw = seededRandom(seed + user);
      for (const kind of kinds) await kind.call(url, tenant, user, draw);
    }),
  );
  onWarm();
  const started = performance.now();
  const deadline = started + seconds * 1000;
  const probing = probeUntil(probe, deadline);
  await Promise.all(
    Array.from({ length: users }, async (_, user) => {
      const draw = seededRandom(seed + 100 + user);
      while (performance.now() < deadline) {
        let roll = draw() * totalWeight;
        const kind = kinds.find((k) => (roll -= k.weight) < 0) ?? kinds[0]!;
        const start = performance.now();
        try {
          await kind.call(url, tenant, user, draw);
        } catch (error) {
          failures[kind.name]!.push(error instanceof Error ? error.message : String(error));
        }
        samples[kind.name]!.push(performance.now() - start);
        if (think.maxMs > 0) await pause(think.minMs + draw() * (think.maxMs - think.minMs));
      }
    }),
  );
  const probed = await probing;
  const elapsed = (performance.now() - started) / 1000;
  return { samples, failures, elapsed, deals: tenant.deals, probe: probed };
}
