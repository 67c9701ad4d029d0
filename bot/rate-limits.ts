// Teams' rate limits kept in process: at most so many requests per sliding window, per conversation and per tenant.
//
// A sliding log rather than a token bucket: a bucket that starts full lets twice its rate through in the first second,
// while Teams counts the requests of any one-second window.
import { KeyedQueue } from '../src/core/concurrency';

export interface WindowLimit {
  count: number;
  windowMs: number;
}

/** Resolves after `ms`, or rejects with the signal's reason once it aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** Send times per key within the window, and pauses asked for by Teams (a 429's Retry-After). */
class SlidingWindow {
  private readonly sent = new Map<string, number[]>();
  private readonly pausedUntil = new Map<string, number>();
  private takes = 0;

  constructor(private readonly limit: WindowLimit) {}

  /** Milliseconds until `key` may send again; 0 when it may now. */
  waitFor(key: string, now: number): number {
    let wait = Math.max(0, (this.pausedUntil.get(key) ?? 0) - now);
    const times = this.sent.get(key);
    if (times) {
      while (times.length > 0 && times[0]! <= now - this.limit.windowMs) times.shift();
      if (times.length >= this.limit.count) wait = Math.max(wait, times[times.length - this.limit.count]! + this.limit.windowMs - now);
      if (times.length === 0) this.sent.delete(key);
    }
    if (wait === 0) this.pausedUntil.delete(key);
    return wait;
  }

  take(key: string, now: number): void {
    const times = this.sent.get(key) ?? [];
    times.push(now);
    this.sent.set(key, times);
    // Keys seen once are never asked about again: forget the idle ones now and then.
    if (++this.takes % 1000 === 0) for (const idle of [...this.sent.keys()]) this.waitFor(idle, now);
  }

  pause(key: string, until: number): void {
    this.pausedUntil.set(key, Math.max(until, this.pausedUntil.get(key) ?? 0));
  }
}

export interface DeliveryLimitSettings {
  perConversation: WindowLimit;
  perTenant: WindowLimit;
}

/**
 * Teams allows 7 messages per second in one conversation and 50 requests per second per app and tenant. The
 * conversation's window is 10 % longer; the tenant's admits 45 per 1.2 s (37.5/s), as requests admitted together
 * reach Teams up to a few hundred milliseconds apart and may arrive bunched: Teams must never count one too many.
 */
export const teamsLimits: DeliveryLimitSettings = {
  perConversation: { count: 7, windowMs: 1_100 },
  perTenant: { count: 45, windowMs: 1_200 },
};

export class DeliveryLimits {
  private readonly conversations: SlidingWindow;
  private readonly tenants: SlidingWindow;
  private readonly conversationQueue = new KeyedQueue();
  private readonly tenantQueue = new KeyedQueue();

  constructor(settings: DeliveryLimitSettings = teamsLimits) {
    this.conversations = new SlidingWindow(settings.perConversation);
    this.tenants = new SlidingWindow(settings.perTenant);
  }

  /**
   * Resolves when one request to `conversationKey` may go out now, in call order per conversation. The conversation
   * waits for its own room first, then holds its turn while it waits for the tenant's, so both counts hold at once.
   */
  acquire(tenantId: string, conversationKey: string, signal?: AbortSignal): Promise<void> {
    const conversation = `${tenantId}\n${conversationKey}`;
    return this.conversationQueue.run(conversation, async () => {
      for (;;) {
        await this.room(this.conversations, conversation, signal);
        await this.tenantQueue.run(tenantId, async () => {
          await this.room(this.tenants, tenantId, signal);
          this.tenants.take(tenantId, performance.now());
        });
        // A 429 may have paused the conversation while it waited for the tenant.
        if (this.conversations.waitFor(conversation, performance.now()) === 0) break;
      }
      this.conversations.take(conversation, performance.now());
    });
  }

  /** Teams asked this conversation to wait (a 429's Retry-After): no request to it goes out before then. */
  pause(tenantId: string, conversationKey: string, ms: number): void {
    this.conversations.pause(`${tenantId}\n${conversationKey}`, performance.now() + ms);
  }

  private async room(window: SlidingWindow, key: string, signal?: AbortSignal): Promise<void> {
    for (let wait = window.waitFor(key, performance.now()); wait > 0; wait = window.waitFor(key, performance.now()))
      await sleep(wait, signal);
  }
}
