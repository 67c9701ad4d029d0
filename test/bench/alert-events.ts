// The event target: from a write that makes an alert (a case escalated past its SLA, a large deal lost with a reason)
// to its cards arriving at the Bot Connector stand-in, one event at a time, over real HTTP.
import { performance } from 'node:perf_hooks';
import type { CaseRow } from '../../src/plugins/cases/case.schema';
import { withClocks } from '../../src/plugins/cases/sla/case-clocks';
import { calendarOf, defaultServiceSettings, policyFor } from '../../src/plugins/cases/sla/service-settings';
import type { RunningServer } from '../../src/server';
import { countsSince } from '../../src/storage/storage-meter';
import { apiClient } from '../fixtures/api';
import type { BotConnectorStandIn, ConnectorRequest } from '../fixtures/bot-connector';
import type { AlertsTenant, SeededDeal } from './alert-seed';
import { alertOfCard, isCard } from './connector-figures';
import { meter, perCall, resultOf, type Result } from './harness';

/** A lost deal at or over this amount is news: the rule a manager adds for this target. */
export const largeDealAmount = 400_000;
const cardTimeoutMs = 15_000;
/** No chat gets a second alert sooner than this: one Teams rate window and a margin. */
const spacingMs = 1_200;

export interface EventFigures {
  /** Write to the last of the alert's cards (owner's and manager's). */
  caseBreach: Result;
  dealLost: Result;
  /** Write to the first of its cards. */
  firstCard: { caseBreach: Result; dealLost: Result };
}

/** An open case with an owner, not breached at `now`, whose clocks an urgent priority would breach at once. */
function breachesWhenUrgent(row: CaseRow, now: Date): boolean {
  if (!row.ownerId || row.priority === 'urgent' || (row.status !== 'new' && row.status !== 'in-progress')) return false;
  if (row.marks.responseBreachedAt || row.marks.resolutionBreachedAt) return false;
  const settings = defaultServiceSettings;
  if (withClocks(row, calendarOf(settings, row.sla.calendarId), now).changes.some((change) => change.state === 'breached')) return false;
  const sla = policyFor(settings, {
    type: row.type,
    priority: 'urgent',
    keyAccount: row.keyAccount,
    ...(row.teamId ? { teamId: row.teamId } : {}),
  });
  const escalated = withClocks({ ...row, priority: 'urgent', sla }, calendarOf(settings, sla.calendarId), now);
  return escalated.changes.some((change) => change.state === 'breached');
}

/** Up to `count` of `items`, taken in turn from each group so that no one recipient's daily cap is spent. */
function spread<T>(items: readonly T[], groupOf: (item: T) => string, count: number): T[] {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const group = groups.get(groupOf(item)) ?? [];
    group.push(item);
    groups.set(groupOf(item), group);
  }
  const picked: T[] = [];
  for (let round = 0; picked.length < count && [...groups.values()].some((group) => group.length > round); round += 1)
    for (const group of groups.values()) if (group[round] !== undefined && picked.length < count) picked.push(group[round]!);
  return picked;
}

/** The cards of one alert sent after request `from`, once there are `count` of them. */
async function cardsOf(connector: BotConnectorStandIn, from: number, match: (request: ConnectorRequest) => boolean, count: number) {
  const deadline = performance.now() + cardTimeoutMs;
  for (;;) {
    const found = connector.requests.slice(from).filter((request) => isCard(request) && match(request));
    if (found.length >= count) return found;
    if (performance.now() > deadline)
      throw new Error(`alerts bench: ${found.length} of ${count} cards arrived within ${cardTimeoutMs / 1000} s of the write`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

export async function measureEvents(options: {
  server: RunningServer;
  connector: BotConnectorStandIn;
  tenant: AlertsTenant;
  now: Date;
  /** The rule ids that alert a breach and a large loss. */
  rules: { slaBreached: string; largeDealLost: string };
  iterations: number;
  warmup: number;
  print(line: string): void;
}): Promise<EventFigures> {
  const { server, connector, tenant, rules, print } = options;
  const as = (userId: string) => apiClient(server.url, tenant.tenantId, 'en', { 'x-dev-user-id': userId });
  const managerOfRep = new Map(tenant.sales.flatMap((team) => team.memberIds.map((userId) => [userId, team.managerId] as const)));
  const managerOfTeam = new Map(tenant.desk.teams.map((team) => [team.id, team.managerId]));
  const wanted = options.iterations + options.warmup;

  const cases = spread(
    tenant.desk.openRows.filter((row) => breachesWhenUrgent(row, options.now)),
    (row) => row.teamId!,
    wanted,
  );
  const deals = spread(
    tenant.deals.filter((deal) => !deal.late && deal.amount >= largeDealAmount),
    (deal: SeededDeal) => managerOfRep.get(deal.ownerId)!,
    wanted,
  );
  if (cases.length <= options.warmup || deals.length <= options.warmup)
    throw new Error(`alerts bench: only ${cases.length} cases and ${deals.length} deals to make alerts with`);
  print(
    `  events, with the clock a day on so that the caps the first sweep spent hold no card back, and no chat sent two alerts within ${spacingMs} ms: ${cases.length} cases an urgent priority breaches at once, ${deals.length} deals over ${largeDealAmount.toLocaleString('en')} to lose`,
  );

  /**
   * Times one write: to the first and to the last of the cards it makes, with the storage it costs. Writes follow one
   * another, but none sends to a chat that had an alert within `spacingMs`: Teams allows 7 messages a second in a chat,
   * and back to back the sender would rightly hold cards to one manager, which says nothing of the path from event to card.
   */
  const lastCardTo = new Map<string, number>();
  async function run<T>(
    items: T[],
    write: (item: T) => Promise<void>,
    cardsOfItem: (item: T) => { subject: string; ruleId: string; chats: string[] },
  ) {
    const first: number[] = [];
    const last: number[] = [];
    let before = meter.counts();
    for (const [i, item] of items.entries()) {
      if (i === options.warmup) before = meter.counts();
      const expected = cardsOfItem(item);
      const due = Math.max(...expected.chats.map((chat) => (lastCardTo.get(chat) ?? 0) + spacingMs)) - performance.now();
      if (due > 0) await new Promise((resolve) => setTimeout(resolve, due));
      const from = connector.requests.length;
      const start = performance.now();
      await write(item);
      const arrived = await cardsOf(
        connector,
        from,
        (request) =>
          expected.chats.includes(request.conversationId ?? '') &&
          alertOfCard(request)?.subject === expected.subject &&
          alertOfCard(request)?.ruleId === expected.ruleId,
        expected.chats.length,
      );
      for (const chat of expected.chats) lastCardTo.set(chat, performance.now());
      if (i < options.warmup) continue;
      first.push(Math.min(...arrived.map((request) => request.at)) - start);
      last.push(Math.max(...arrived.map((request) => request.at)) - start);
    }
    return { first, last, storage: perCall(countsSince(before, meter.counts()), items.length - options.warmup) };
  }

  const etags = new Map<string, string>();
  for (const row of cases) etags.set(`case:${row.number}`, (await as(row.ownerId!).get(`/cases/C-${row.number}`)).headers.get('etag')!);
  for (const deal of deals)
    etags.set(`deal:${deal.id}`, (await as(deal.ownerId).get(`/pipeline/opportunities/${deal.id}`)).headers.get('etag')!);

  const breach = await run(
    cases,
    async (row) => {
      const answer = await as(row.ownerId!).post(
        `/cases/C-${row.number}/actions`,
        { action: 'priority', priority: 'urgent' },
        { 'if-match': etags.get(`case:${row.number}`)! },
      );
      if (answer.status !== 200)
        throw new Error(`alerts bench: escalating C-${row.number} answered ${answer.status} ${JSON.stringify(answer.body)}`);
    },
    (row) => ({
      subject: `case:${row.number}`,
      ruleId: rules.slaBreached,
      chats: [`a:chat-${row.ownerId}`, `a:chat-${managerOfTeam.get(row.teamId!)}`],
    }),
  );
  const lost = await run(
    deals,
    async (deal) => {
      const answer = await as(deal.ownerId).post(
        `/pipeline/opportunities/${deal.id}/move`,
        { stageId: 'lost', reason: 'A competitor offered 20 % less 竞争对手报价低两成' },
        { 'if-match': etags.get(`deal:${deal.id}`)! },
      );
      if (answer.status !== 200)
        throw new Error(`alerts bench: losing ${deal.title} answered ${answer.status} ${JSON.stringify(answer.body)}`);
    },
    (deal) => ({
      subject: `deal:${deal.id}`,
      ruleId: rules.largeDealLost,
      chats: [`a:chat-${deal.ownerId}`, `a:chat-${managerOfRep.get(deal.ownerId)}`],
    }),
  );
  return {
    caseBreach: resultOf('event → cards: case escalated past its SLA', breach.last, breach.storage),
    dealLost: resultOf('event → cards: large deal lost with a reason', lost.last, lost.storage),
    firstCard: {
      caseBreach: resultOf('event → first card: case escalated past its SLA', breach.first),
      dealLost: resultOf('event → first card: large deal lost', lost.first),
    },
  };
}
