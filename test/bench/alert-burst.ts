// The delivery target: a rule a manager adds sends every missed close date to its owner at once (1,000 alerts to 200
// reps at scale 1) while the stand-in answers every 20th card 429 with Retry-After; each must arrive once, within Teams' limits.
import { performance } from 'node:perf_hooks';
import { teamsLimits } from '../../bot/rate-limits';
import type { RuleBody, SweepBody } from '../../src/plugins/alerts';
import type { RunningServer } from '../../src/server';
import { countsSince } from '../../src/storage/storage-meter';
import type { apiClient } from '../fixtures/api';
import { faults, type BotConnectorStandIn } from '../fixtures/bot-connector';
import type { AlertsTenant } from './alert-seed';
import { alertOfCard, busiestWindow, deliveryStates, isCard, ratesOf, teamsFloorSeconds, untilConnectorQuiet } from './connector-figures';
import { meter, resultOf, type Result } from './harness';
import { describeCpu, type cpuMeter } from './process-cpu';

/** The stand-in answers every this many cards 429, asking to wait `retryAfterSeconds`. */
const throttleEvery = 20;
const retryAfterSeconds = 1;
/** Teams' published limits, per second; the sender keeps to them over slightly longer windows (bot/rate-limits.ts). */
const teams = { perConversation: 7, perTenant: 50 } as const;
const arrivalTimeoutMs = 900_000;

export interface BurstFigures {
  /** From the sweep's request to the last card's arrival, with the storage of it all. */
  result: Result;
  limits: string;
  pass: boolean;
  lines: string[];
}

export async function measureBurst(options: {
  server: RunningServer;
  connector: BotConnectorStandIn;
  tenant: AlertsTenant;
  manager: ReturnType<typeof apiClient>;
  sweep(): Promise<SweepBody>;
  cpu: ReturnType<typeof cpuMeter>;
}): Promise<BurstFigures> {
  const { connector, tenant } = options;
  const expected = new Map(tenant.deals.filter((deal) => deal.late).map((deal) => [`deal:${deal.id}`, `a:chat-${deal.ownerId}`]));
  const recipients = new Set(expected.values()).size;
  const rule = await options.manager.post<RuleBody>('/alerts/rules', {
    name: 'Missed close dates, as they happen · 错过成交日期即时提醒',
    condition: 'close-date-passed',
    thresholds: { graceDays: 0 },
    recipients: { owner: true, manager: false },
    cadence: { mode: 'immediate', digestAt: '08:30' },
    capPerDay: 20,
  });
  if (rule.status !== 201) throw new Error(`alerts bench: the burst's rule answered ${rule.status} ${JSON.stringify(rule.body)}`);
  const ofRule = (request: Parameters<typeof alertOfCard>[0]) => alertOfCard(request)?.ruleId === rule.body.id;

  const throttles = Math.floor(expected.size / throttleEvery);
  let sends = 0;
  connector.failNext(faults.throttled(retryAfterSeconds), {
    times: throttles,
    match: (request) => request.kind === 'send' && ++sends % throttleEvery === 0,
  });
  const from = connector.requests.length;
  const before = meter.counts();
  const mark = options.cpu.mark();
  const started = performance.now();
  const swept = await options.sweep();
  const sweepMs = performance.now() - started;
  for (let arrived = 0; arrived < expected.size;) {
    if (performance.now() - started > arrivalTimeoutMs)
      throw new Error(`alerts bench: ${arrived} of ${expected.size} cards arrived within ${arrivalTimeoutMs / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 100));
    arrived = new Set(
      connector.requests
        .slice(from)
        .filter((request) => isCard(request) && ofRule(request))
        .map((request) => alertOfCard(request)!.subject),
    ).size;
  }
  await untilConnectorQuiet(connector);
  const storage = countsSince(before, meter.counts());
  const shares = options.cpu.since(mark);
  const states = await deliveryStates(options.server.url, tenant.tenantId, tenant.desk.admin.userId);

  const seen = connector.requests.slice(from);
  const cards = seen.filter((request) => isCard(request) && ofRule(request));
  const chatsOf = new Map<string, string[]>();
  for (const card of cards) {
    const subject = alertOfCard(card)!.subject;
    chatsOf.set(subject, [...(chatsOf.get(subject) ?? []), card.conversationId ?? '']);
  }
  const missing = [...expected.keys()].filter((subject) => !chatsOf.has(subject)).length;
  const duplicated = [...chatsOf.values()].filter((chats) => chats.length > 1).length;
  const misdirected = [...chatsOf].filter(
    ([subject, chats]) => expected.has(subject) && chats.some((chat) => chat !== expected.get(subject)),
  ).length;
  const unexpected = [...chatsOf.keys()].filter((subject) => !expected.has(subject)).length;
  const throttled = seen.filter((request) => request.status === 429).length;
  const rates = ratesOf(seen);
  const inSenderWindow = busiestWindow(
    seen.map((request) => request.at),
    teamsLimits.perTenant.windowMs,
  );
  const totalMs = Math.max(...cards.map((card) => card.at)) - started;
  const floorSeconds = teamsFloorSeconds(expected.size);
  const closed = states.failed + states.unreachable;
  const open = states.pending + states.retrying;
  const pass =
    rates.perConversation <= teams.perConversation &&
    rates.overall <= teams.perTenant &&
    missing + duplicated + misdirected + unexpected === 0 &&
    closed + open === 0 &&
    throttled === throttles;

  const name = `${expected.size.toLocaleString('en')} alerts to ${recipients} recipients: sweep to last card`;
  return {
    result: resultOf(name, [totalMs], storage),
    limits: `≤ ${teams.perConversation}/s per chat, ≤ ${teams.perTenant}/s in all, each once`,
    pass,
    lines: [
      `delivery burst: the sweep took ${(sweepMs / 1000).toFixed(1)} s (${swept.created.toLocaleString('en')} alerts created, ${swept.sent.toLocaleString('en')} cards handed to delivery); the last card arrived ${(totalMs / 1000).toFixed(1)} s after it began (the sender's pace per tenant, under Teams' 50/s, allows no less than ${floorSeconds.toFixed(1)} s)`,
      `  busiest second: ${rates.perConversation} requests to one chat (${rates.conversation ?? 'none'}), ${rates.overall} to the stand-in in all (429s included; in the sender's own ${teamsLimits.perTenant.windowMs} ms window ${inSenderWindow}, where it admits ${teamsLimits.perTenant.count}); the stand-in answered ${throttled} requests 429 with Retry-After ${retryAfterSeconds} s`,
      `  cards: ${(expected.size - missing).toLocaleString('en')} of ${expected.size.toLocaleString('en')} alerts arrived, ${duplicated} twice, ${misdirected} to the wrong chat, ${unexpected} unexpected; deliveries after it: ${open} open, ${states.failed} failed, ${states.unreachable} unreachable, ${states.delivered.toLocaleString('en')} delivered in the run so far`,
      `  its time: ${describeCpu(shares)}`,
    ],
  };
}
