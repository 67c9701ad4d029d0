// How proactive delivery reads Teams' answers (retry, unreachable, failed), spaces retries, and keeps to a rate.
import { RestError, createHttpHeaders, createPipelineRequest, type PipelineResponse } from '@azure/core-rest-pipeline';
import { describe, expect, it } from 'vitest';
import { backoffMs, judgeFailure, parseRetryAfter } from '../../bot/connector-failure';
import { DeliveryLimits } from '../../bot/rate-limits';

const now = new Date('2025-06-02T08:00:00Z');

/** The error the connector client throws for an answer from Teams. */
function answer(status: number, code: string, headers: Record<string, string> = {}): RestError {
  const request = createPipelineRequest({ url: 'https://smba.trafficmanager.net/amer/v3/conversations/a%3A1/activities' });
  const response: PipelineResponse = { status, headers: createHttpHeaders(headers), request };
  return new RestError(`${code} happened`, { statusCode: status, code, request, response });
}

describe('judgeFailure', () => {
  it('retries a 429 after its Retry-After, in seconds or as a date', () => {
    expect(judgeFailure(answer(429, 'Throttled', { 'Retry-After': '3' }), now)).toMatchObject({
      kind: 'retry',
      code: 'throttled',
      retryAfterMs: 3_000,
    });
    expect(judgeFailure(answer(429, 'Throttled', { 'Retry-After': 'Mon, 02 Jun 2025 08:00:10 GMT' }), now)).toMatchObject({
      retryAfterMs: 10_000,
    });
    expect(judgeFailure(answer(429, 'Throttled'), now)).not.toHaveProperty('retryAfterMs');
  });

  it('retries 412, 502, 503 and 504 with back-off, and a request that got no answer', () => {
    for (const status of [412, 502, 503, 504])
      expect(judgeFailure(answer(status, 'Busy'), now)).toMatchObject({ kind: 'retry', code: 'service-unavailable' });
    expect(judgeFailure(new RestError('connect ECONNREFUSED', { code: 'ECONNREFUSED' }), now)).toMatchObject({ kind: 'retry' });
  });

  it('takes a 403 as an unreachable recipient and a 404 as a conversation Teams does not know', () => {
    expect(judgeFailure(answer(403, 'MessageWritesBlocked'), now)).toEqual({
      kind: 'unreachable',
      code: 'unreachable',
      reason: '403 MessageWritesBlocked: MessageWritesBlocked happened',
    });
    expect(judgeFailure(answer(404, 'ConversationNotFound'), now)).toMatchObject({ kind: 'failed', code: 'conversation-not-found' });
    expect(judgeFailure(answer(400, 'BadArgument'), now)).toMatchObject({ kind: 'failed', code: 'rejected' });
  });

  it('leaves errors that are not answers from Teams to the caller', () => {
    expect(judgeFailure(new TypeError('x is undefined'), now)).toBeUndefined();
  });
});

describe('retry timing', () => {
  it('reads no Retry-After from an empty or unreadable header', () => {
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter('Mon, 02 Jun 2025 07:00:00 GMT', now)).toBe(0);
  });

  it('doubles the back-off per attempt up to its ceiling, jittered within the upper half', () => {
    const settings = { maxAttempts: 6, baseDelayMs: 1_000, maxDelayMs: 8_000 };
    expect([1, 2, 3, 4, 5].map((attempt) => backoffMs(attempt, settings, () => 1))).toEqual([1_000, 2_000, 4_000, 8_000, 8_000]);
    expect([1, 2, 3].map((attempt) => backoffMs(attempt, settings, () => 0))).toEqual([500, 1_000, 2_000]);
  });
});

describe('DeliveryLimits', () => {
  it('lets no more than the limit through in any window, per conversation and per tenant', async () => {
    const limits = new DeliveryLimits({ perConversation: { count: 2, windowMs: 200 }, perTenant: { count: 3, windowMs: 200 } });
    const start = performance.now();
    const granted: { key: string; at: number }[] = [];
    const take = (key: string) => limits.acquire('tenant', key).then(() => void granted.push({ key, at: performance.now() - start }));

    await Promise.all([take('a'), take('a'), take('a'), take('b'), take('b')]);

    const within = (from: number, keys: string[]) =>
      granted.filter((g) => keys.includes(g.key) && g.at >= from && g.at < from + 200).length;
    for (const { at } of granted) {
      expect(within(at, ['a'])).toBeLessThanOrEqual(2);
      expect(within(at, ['a', 'b'])).toBeLessThanOrEqual(3);
    }
    expect(granted.filter((g) => g.key === 'a').at(-1)!.at).toBeGreaterThanOrEqual(195);
  });

  it('holds a conversation that Teams paused, and only that one', async () => {
    const limits = new DeliveryLimits();
    limits.pause('tenant', 'a', 150);
    const start = performance.now();
    const other = limits.acquire('tenant', 'b').then(() => performance.now() - start);
    const paused = limits.acquire('tenant', 'a').then(() => performance.now() - start);
    expect(await other).toBeLessThan(100);
    expect(await paused).toBeGreaterThanOrEqual(145);
  });
});
