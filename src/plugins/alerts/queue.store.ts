// What waits to be sent: cards held through quiet hours and digest lines (PK 'queue', by when they are due), the cap counters, and each person's language and zone.
import { z } from 'zod';
import { KeyedQueue } from '../../core/concurrency';
import { isAppError } from '../../core/errors';
import { locales, type Locale } from '../../core/i18n';
import { composeKey } from '../../storage/keys';
import type { LogicalTable } from '../../storage/logical-table';
import { Repository, type RowChange } from '../../storage/repository';
import { alertRefSchema, type AlertRef } from './ledger.store';

/** Whom a card goes to, as the ledger and the queue keep it. */
export const recipientSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('user'), userId: z.string() }),
  z.strictObject({ kind: z.literal('channel'), teamId: z.string(), channelId: z.string() }),
]);
export type Recipient = z.infer<typeof recipientSchema>;
export const recipientKey = (recipient: Recipient): string =>
  recipient.kind === 'user' ? `user:${recipient.userId}` : `channel:${recipient.teamId}:${recipient.channelId}`;

/** One card a sweep wants to send: a take from the recipient's allowance of the day, in their zone. */
export interface CapWant {
  recipient: Recipient;
  localDate: string;
}

export const queuedSchema = z.strictObject({
  /** `card`: the alert's own card, held through quiet hours; `digest`: a line of the recipient's daily digest. */
  mode: z.enum(['card', 'digest']),
  dueAt: z.string(),
  recipient: recipientSchema,
  alert: alertRefSchema,
  /** The recipient's reading: the digest is written in their language and dated in their zone. */
  locale: z.enum(locales),
  timeZone: z.string(),
});
export type Queued = z.infer<typeof queuedSchema>;

const counterSchema = z.strictObject({ count: z.number().int().min(0) });
export const prefsSchema = z.strictObject({ locale: z.enum(locales), timeZone: z.string(), updatedAt: z.string() });
export type Prefs = z.infer<typeof prefsSchema>;

/** How many cap counters a process keeps the last version of. */
const seenKept = 10_000;

/** PK [tenant, 'AlertQueue', 'queue']: RK [due, recipient, rule, subject, period]. */
const queuePartition = ['queue'];
const queueRow = (item: Queued) => [item.dueAt, recipientKey(item.recipient), item.alert.ruleId, item.alert.subject, item.alert.period];

export function createQueueStore(table: LogicalTable) {
  const queue = new Repository(table, 'queued alert', queuedSchema, ['recipient', 'alert']);
  const capCounters = new Repository(table, 'alert cap', counterSchema);
  const prefs = new Repository(table, 'alert reader', prefsSchema);
  const counterTurns = new KeyedQueue();
  /** The cap counters as this process last wrote or read them (forgotten in bulk now and then: old days are never asked about). */
  const seen = new Map<string, { count: number; etag: string }>();
  const remember = (key: string, counter: { count: number; etag: string }) => {
    if (seen.size >= seenKept) seen.clear();
    seen.set(key, counter);
  };

  /** Cards granted per counter of one day: one transaction, tried again on the counters' latest versions if another process got there first. */
  async function takeFromDay(
    tenantId: string,
    ruleId: string,
    localDate: string,
    cap: number,
    counters: readonly [string, { want: CapWant; indexes: number[] }][],
  ): Promise<Map<string, number>> {
    const partition = ['cap', localDate];
    const rowOf = (want: CapWant) => [recipientKey(want.recipient), ruleId];
    for (let round = 0; ; round += 1) {
      const granted = new Map<string, number>();
      const counts = new Map<string, number>();
      const changes: RowChange<{ count: number }>[] = [];
      for (const [key, { want, indexes }] of counters) {
        const current = seen.get(key);
        const grant = Math.max(0, Math.min(indexes.length, cap - (current?.count ?? 0)));
        granted.set(key, grant);
        if (grant === 0) continue;
        const value = { count: (current?.count ?? 0) + grant };
        counts.set(key, value.count);
        changes.push(
          current ? { kind: 'replace', row: rowOf(want), value, etag: current.etag } : { kind: 'create', row: rowOf(want), value },
        );
      }
      try {
        const etags =
          changes.length > 0 ? await capCounters.transact(tenantId, partition, changes, { atomic: true }) : new Map<string, string>();
        for (const [key, { want }] of counters) {
          const etag = etags.get(composeKey(rowOf(want)));
          if (etag) remember(key, { count: counts.get(key)!, etag });
        }
        return granted;
      } catch (error) {
        if ((!isAppError(error, 'CONFLICT') && !isAppError(error, 'ALREADY_EXISTS')) || round >= 10) throw error;
      }
      // Another process took from some of them since: read them all as they are now.
      await Promise.all(
        counters.map(async ([key, { want }]) => {
          const stored = await capCounters.get({ tenantId, partition, row: rowOf(want) });
          if (stored) remember(key, { count: stored.value.count, etag: stored.etag });
          else seen.delete(key);
        }),
      );
    }
  }

  return {
    /** Queues the item; the same item queued twice (a retried delivery) is kept once. */
    async add(tenantId: string, item: Queued): Promise<void> {
      await queue.upsert({ tenantId, partition: queuePartition, row: queueRow(item) }, item);
    },

    /** Queues items together (transactions of one partition); each kept once, however often it is queued. */
    async addAll(tenantId: string, items: readonly Queued[]): Promise<void> {
      const rows = new Map(items.map((item) => [composeKey(queueRow(item)), item]));
      if (rows.size === 0) return;
      await queue.transact(
        tenantId,
        queuePartition,
        [...rows.values()].map((item) => ({ kind: 'upsert' as const, row: queueRow(item), value: item })),
      );
    },

    /** Items due by `now`, earliest first. */
    async due(tenantId: string, now: Date, pageSize: number): Promise<Queued[]> {
      const page = await queue.page(tenantId, queuePartition, { pageSize, rowKeyBefore: composeKey([now.toISOString(), '~']) });
      return page.items.map((item) => item.value);
    },

    async remove(tenantId: string, items: readonly Queued[]): Promise<void> {
      for (let i = 0; i < items.length; i += 100)
        await queue.transact(
          tenantId,
          queuePartition,
          items.slice(i, i + 100).map((item) => ({ kind: 'delete' as const, row: queueRow(item) })),
        );
    },

    /**
     * Takes one card of the recipient's daily allowance from a rule: true while under `cap`, false once it is spent (the
     * card goes to the digest instead). PK ['cap', local date], RK [recipient, rule]. Takes of one counter wait their
     * turn in this process and start from the version it last saw, so a sweep sending a person many cards reads the
     * counter once, and a spent one not at all (a day's count only grows).
     */
    take(tenantId: string, recipient: Recipient, ruleId: string, localDate: string, cap: number): Promise<boolean> {
      const address = { tenantId, partition: ['cap', localDate], row: [recipientKey(recipient), ruleId] };
      const key = composeKey([tenantId, localDate, ...address.row]);
      return counterTurns.run(key, async () => {
        let current = seen.get(key);
        for (;;) {
          if (current && current.count >= cap) return false;
          try {
            const written = current
              ? await capCounters.replace(address, { count: current.count + 1 }, current.etag)
              : await capCounters.create(address, { count: 1 });
            remember(key, { count: written.value.count, etag: written.etag });
            return true;
          } catch (error) {
            if (!isAppError(error, 'CONFLICT') && !isAppError(error, 'ALREADY_EXISTS')) throw error;
          }
          // Another process took from it since: read it as it is now.
          const stored = await capCounters.get(address);
          current = stored && { count: stored.value.count, etag: stored.etag };
          if (current) remember(key, current);
        }
      });
    },

    /**
     * Takes cards of one rule from several recipients' daily allowances at once, in the order wanted: for each want,
     * whether its card is allowed. Each counter is written once, in transactions of up to 100 counters of a day, from
     * the version this process last saw (or created when it saw none); a counter another process changed since is
     * read again and the takes tried again.
     */
    async takeAll(tenantId: string, ruleId: string, cap: number, wants: readonly CapWant[]): Promise<boolean[]> {
      const byCounter = new Map<string, { want: CapWant; indexes: number[] }>();
      wants.forEach((want, i) => {
        const key = composeKey([tenantId, want.localDate, recipientKey(want.recipient), ruleId]);
        const counter = byCounter.get(key) ?? { want, indexes: [] };
        counter.indexes.push(i);
        byCounter.set(key, counter);
      });
      const allowed = wants.map(() => false);
      const byDay = new Map<string, [string, { want: CapWant; indexes: number[] }][]>();
      for (const entry of byCounter) byDay.set(entry[1].want.localDate, [...(byDay.get(entry[1].want.localDate) ?? []), entry]);
      for (const [localDate, counters] of byDay) {
        for (let i = 0; i < counters.length; i += 100) {
          const granted = await takeFromDay(tenantId, ruleId, localDate, cap, counters.slice(i, i + 100));
          for (const [key, { indexes }] of counters.slice(i, i + 100))
            indexes.slice(0, granted.get(key) ?? 0).forEach((index) => (allowed[index] = true));
        }
      }
      return allowed;
    },

    async prefsOf(tenantId: string, userId: string): Promise<Prefs | undefined> {
      return (await prefs.get({ tenantId, partition: ['prefs'], row: [userId] }))?.value;
    },

    /** Remembers how a person reads: the language and zone of their last turn with the bot or the tab. */
    async remember(tenantId: string, userId: string, locale: Locale, timeZone: string, now: Date): Promise<void> {
      const known = await this.prefsOf(tenantId, userId);
      if (known?.locale === locale && known.timeZone === timeZone) return;
      await prefs.upsert({ tenantId, partition: ['prefs'], row: [userId] }, { locale, timeZone, updatedAt: now.toISOString() });
    },
  };
}

export type QueueStore = ReturnType<typeof createQueueStore>;
export type { AlertRef };
