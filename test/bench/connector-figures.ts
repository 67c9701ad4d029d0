// What the Bot Connector stand-in saw, read as the alerts bench needs it: the alert each card is about, the busiest
// second overall and per conversation, waits for deliveries to finish, and the deliveries' end states over the admin API.
import { performance } from 'node:perf_hooks';
import { teamsLimits } from '../../bot/rate-limits';
import type { DeliveryStatus } from '../../src/core/notifier';
import type { BotConnectorStandIn, ConnectorRequest } from '../fixtures/bot-connector';
import { meter } from './harness';

/** The alert a sent card is about, from its `refresh` action's data (rule, subject, period); undefined for other messages. */
export function alertOfCard(request: Pick<ConnectorRequest, 'body'>): { ruleId: string; subject: string; period: string } | undefined {
  const attachments = (request.body as { attachments?: { content?: { refresh?: { action?: { data?: unknown } } } }[] }).attachments;
  const data = attachments?.[0]?.content?.refresh?.action?.data as { ruleId?: unknown; subject?: unknown; period?: unknown } | undefined;
  if (typeof data?.ruleId !== 'string' || typeof data.subject !== 'string' || typeof data.period !== 'string') return undefined;
  return { ruleId: data.ruleId, subject: data.subject, period: data.period };
}

/** A card that reached its chat: a new message the stand-in accepted. */
export const isCard = (request: ConnectorRequest): boolean => request.kind === 'send' && request.status === 201;

/** The most of `times` (milliseconds, any order) that fall within any one window of `windowMs`. */
export function busiestWindow(times: readonly number[], windowMs = 1_000): number {
  const sorted = [...times].sort((a, b) => a - b);
  let most = 0;
  for (let first = 0, last = 0; last < sorted.length; last += 1) {
    while (sorted[last]! - sorted[first]! >= windowMs) first += 1;
    most = Math.max(most, last - first + 1);
  }
  return most;
}

/** The least time the sender's pace per tenant (bot/rate-limits.ts, under Teams' 50/s) allows for `cards` messages. */
export const teamsFloorSeconds = (cards: number): number => cards / (teamsLimits.perTenant.count / (teamsLimits.perTenant.windowMs / 1000));

/** Requests per busiest second: every request counts, a 429 included, as Teams counts them. */
export function ratesOf(requests: readonly ConnectorRequest[]): { overall: number; perConversation: number; conversation?: string } {
  const byConversation = new Map<string, number[]>();
  for (const request of requests) {
    const key = request.conversationId ?? '(new chats)';
    const times = byConversation.get(key) ?? [];
    times.push(request.at);
    byConversation.set(key, times);
  }
  let perConversation = 0;
  let conversation: string | undefined;
  for (const [key, times] of byConversation) {
    const most = busiestWindow(times);
    if (most > perConversation) [perConversation, conversation] = [most, key];
  }
  return { overall: busiestWindow(requests.map((request) => request.at)), perConversation, ...(conversation ? { conversation } : {}) };
}

/** Resolves once the stand-in has seen no request for `quietMs`; rejects after `timeoutMs`. */
export async function untilConnectorQuiet(connector: BotConnectorStandIn, quietMs = 3_000, timeoutMs = 1_800_000): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  let seen = connector.requests.length;
  let quietSince = performance.now();
  while (performance.now() - quietSince < quietMs) {
    if (performance.now() > deadline) throw new Error(`the Bot Connector stand-in was still busy after ${timeoutMs / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 200));
    if (connector.requests.length !== seen) [seen, quietSince] = [connector.requests.length, performance.now()];
  }
}

/** The tenant's deliveries in each end state and still open, as an admin reads them over the admin API. */
export async function deliveryStates(serverUrl: string, tenantId: string, adminId: string): Promise<Record<DeliveryStatus, number>> {
  const states: Record<DeliveryStatus, number> = { pending: 0, retrying: 0, delivered: 0, failed: 0, unreachable: 0 };
  for (const status of Object.keys(states) as DeliveryStatus[]) {
    let continuationToken: string | undefined;
    do {
      const query = new URLSearchParams({ status, pageSize: '1000', ...(continuationToken ? { continuationToken } : {}) });
      const response = await fetch(`${serverUrl}/api/v1/admin/deliveries?${query.toString()}`, {
        headers: { 'x-dev-tenant-id': tenantId, 'x-dev-user-id': adminId, 'x-dev-roles': 'admin' },
      });
      if (response.status !== 200) throw new Error(`the deliveries list answered ${response.status}: ${await response.text()}`);
      const page = (await response.json()) as { items: unknown[]; continuationToken?: string };
      states[status] += page.items.length;
      continuationToken = page.continuationToken;
    } while (continuationToken);
  }
  return states;
}

/**
 * Waits until every delivery is delivered or closed: the stand-in quiet and none pending or retrying. Returns the states
 * and what the meter read when the stand-in fell quiet, before the admin lists spent reads of their own.
 */
export async function untilDelivered(connector: BotConnectorStandIn, serverUrl: string, tenantId: string, adminId: string) {
  for (;;) {
    await untilConnectorQuiet(connector);
    const quiet = meter.counts();
    const states = await deliveryStates(serverUrl, tenantId, adminId);
    if (states.pending + states.retrying === 0) return { states, quiet };
  }
}
