// What a failed Bot Connector request means for a delivery: retry (and when), recipient unreachable, or failed.
import type { DeliveryErrorCode } from '../src/core/notifier';

export type FailureVerdict =
  | { kind: 'retry'; code: Extract<DeliveryErrorCode, 'throttled' | 'service-unavailable'>; reason: string; retryAfterMs?: number }
  | { kind: 'unreachable'; code: 'unreachable'; reason: string }
  | { kind: 'failed'; code: Extract<DeliveryErrorCode, 'conversation-not-found' | 'rejected'>; reason: string };

interface ConnectorError {
  name?: string;
  statusCode?: number;
  code?: string;
  message?: string;
  response?: { headers?: { get(name: string): string | undefined } };
}

/** A Bot Connector request that Teams answered with an error, or did not answer; judged once, where it was made. */
export class ConnectorFailure extends Error {
  constructor(
    readonly verdict: FailureVerdict,
    options: { cause: unknown },
  ) {
    super(verdict.reason, options);
    this.name = 'ConnectorFailure';
  }
}

/** Runs one connector request; an error from Teams becomes a ConnectorFailure, anything else is thrown as it is. */
export async function connectorCall<T>(request: () => Promise<T>): Promise<T> {
  try {
    return await request();
  } catch (error) {
    const verdict = judgeFailure(error, new Date());
    if (!verdict) throw error;
    throw new ConnectorFailure(verdict, { cause: error });
  }
}

/** Statuses Teams asks callers to retry with exponential back-off. */
const retriedStatuses = new Set([412, 502, 503, 504]);

/**
 * Judges an error thrown by the botbuilder connector client (an Azure `RestError`); undefined for anything else,
 * which is a defect rather than an answer from Teams.
 */
export function judgeFailure(error: unknown, now: Date): FailureVerdict | undefined {
  const failure = error as ConnectorError | undefined;
  // The request's own timeout aborts it: Teams did not answer in time and may in a moment.
  if (failure?.name === 'AbortError')
    return { kind: 'retry', code: 'service-unavailable', reason: `no answer: ${failure.message ?? 'timed out'}` };
  if (failure?.name !== 'RestError') return undefined;
  const status = failure.statusCode;
  const reason = [status, failure.code].filter(Boolean).join(' ') + (failure.message ? `: ${failure.message}` : '');
  // No status: the request never got an answer (connection refused or reset, timeout); Teams may be back in a moment.
  if (status === undefined) return { kind: 'retry', code: 'service-unavailable', reason };
  if (status === 429) {
    const retryAfterMs = parseRetryAfter(failure.response?.headers?.get('retry-after'), now);
    return { kind: 'retry', code: 'throttled', reason, ...(retryAfterMs === undefined ? {} : { retryAfterMs }) };
  }
  if (retriedStatuses.has(status)) return { kind: 'retry', code: 'service-unavailable', reason };
  // The user blocked the bot, the app was removed, or the tenant stopped it: retrying can never succeed.
  if (status === 403) return { kind: 'unreachable', code: 'unreachable', reason };
  if (status === 404) return { kind: 'failed', code: 'conversation-not-found', reason };
  return { kind: 'failed', code: 'rejected', reason };
}

/** `Retry-After` in seconds or as an HTTP date, in milliseconds from `now`; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | undefined, now: Date): number | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now.getTime());
}

export interface RetrySettings {
  /** Attempts in all, the first included. */
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export const defaultRetrySettings: RetrySettings = { maxAttempts: 6, baseDelayMs: 1_000, maxDelayMs: 60_000 };

/** Exponential back-off after the `attempt`-th failure, with jitter over its upper half so that retries spread out. */
export function backoffMs(attempt: number, settings: RetrySettings, random: () => number = Math.random): number {
  const ceiling = Math.min(settings.maxDelayMs, settings.baseDelayMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}
