// The account pulse 客户活跃度: each account's last contact and weekly contact counts, with an index by last contact, kept from the activity events.
import { z } from 'zod';
import { isAppError } from '../../core/errors';
import { transactKinds, type KindChange } from '../../storage/kind-transactions';
import { keyPrefixRange, composeKey } from '../../storage/keys';
import type { LogicalTable } from '../../storage/logical-table';
import { Repository, type Stored } from '../../storage/repository';

const weekMs = 7 * 86_400_000;
/** Weeks of counts an account keeps: two of the longest windows the churn signal compares. */
export const weeksKept = 53;
/** Activity ids an account remembers, so that an activity delivered twice counts once. */
const seenKept = 40;

export const pulseSchema = z.strictObject({
  accountId: z.string(),
  name: z.string(),
  ownerId: z.string(),
  ownerName: z.string(),
  team: z.string().optional(),
  keyAccount: z.boolean(),
  /** The latest contact, or the account's creation before any. */
  lastContactAt: z.string(),
  /** Contacts by week (weeks since 1970-01-01), the last `weeksKept`. */
  weeks: z.record(z.string(), z.number().int()),
  seen: z.array(z.string()),
});
export type Pulse = z.infer<typeof pulseSchema>;

export type AccountFacts = Pick<Pulse, 'accountId' | 'name' | 'ownerId' | 'ownerName' | 'team' | 'keyAccount'>;

/**
 * PK [tenant, 'AlertWatch', 'pulse']: the account at RK ['a', id], and a copy at RK ['q', tier, last contact, id] (the
 * quiet index), written together, so a range of the index is all a sweep reads.
 */
const partition = ['pulse'];
const pulseRow = (accountId: string) => ['a', accountId];
const tierOf = (pulse: Pick<Pulse, 'keyAccount'>) => (pulse.keyAccount ? 'key' : 'other');
const quietRow = (pulse: Pulse) => ['q', tierOf(pulse), pulse.lastContactAt, pulse.accountId];

export const weekOf = (instant: string | Date): number => Math.floor(new Date(instant).getTime() / weekMs);

/** Contacts in the `weeks` weeks up to and including `week`. */
export function contactsIn(pulse: Pulse, week: number, weeks: number): number {
  let total = 0;
  for (let w = week - weeks + 1; w <= week; w += 1) total += pulse.weeks[String(w)] ?? 0;
  return total;
}

export function createPulseStore(table: LogicalTable) {
  const pulses = new Repository(table, 'account pulse', pulseSchema, ['weeks', 'seen']);
  const quiet = new Repository(table, 'account pulse', pulseSchema, ['weeks', 'seen']);
  const get = (tenantId: string, accountId: string) => pulses.get({ tenantId, partition, row: pulseRow(accountId) });

  /** Writes `next` over `current` (or as new) with its quiet-index row moved, all at once; false when someone was first. */
  async function write(tenantId: string, current: Stored<Pulse> | undefined, next: Pulse): Promise<boolean> {
    const changes: KindChange[] = [
      current
        ? { repository: pulses, change: { kind: 'replace', row: pulseRow(next.accountId), value: next, etag: current.etag } }
        : { repository: pulses, change: { kind: 'create', row: pulseRow(next.accountId), value: next } },
    ];
    const before = current && composeKey(quietRow(current.value));
    if (current && before !== composeKey(quietRow(next)))
      changes.push({ repository: quiet, change: { kind: 'delete', row: quietRow(current.value) } });
    changes.push({ repository: quiet, change: { kind: 'upsert', row: quietRow(next), value: next } });
    try {
      await transactKinds(tenantId, partition, changes);
      return true;
    } catch (error) {
      if (isAppError(error, 'CONFLICT') || isAppError(error, 'ALREADY_EXISTS')) return false;
      throw error;
    }
  }

  /** Reads, changes and writes one account's pulse until no other writer came between. */
  async function update(
    tenantId: string,
    accountId: string,
    change: (current: Pulse | undefined) => Pulse | undefined,
  ): Promise<Pulse | undefined> {
    for (;;) {
      const current = await get(tenantId, accountId);
      const next = change(current?.value);
      if (!next) return current?.value;
      if (await write(tenantId, current, next)) return next;
    }
  }

  return {
    get: async (tenantId: string, accountId: string) => (await get(tenantId, accountId))?.value,

    /** Records the account's facts (name, owner, tier), as first seen or as changed; its contacts stay. */
    track(tenantId: string, facts: AccountFacts, createdAt: string): Promise<Pulse | undefined> {
      return update(tenantId, facts.accountId, (current) => {
        if (!current) return { ...facts, lastContactAt: createdAt, weeks: {}, seen: [] };
        const same = (Object.keys(facts) as (keyof AccountFacts)[]).every((key) => current[key] === facts[key]);
        return same ? undefined : { ...current, ...facts };
      });
    },

    /** Counts one contact (once, however often its event arrives) and moves the last contact forward. */
    contact(tenantId: string, facts: AccountFacts, activity: { id: string; occurredAt: string }, now: Date): Promise<Pulse | undefined> {
      return update(tenantId, facts.accountId, (current) => {
        const base = current ?? { ...facts, lastContactAt: activity.occurredAt, weeks: {}, seen: [] };
        if (base.seen.includes(activity.id)) return undefined;
        const week = weekOf(activity.occurredAt);
        const oldest = weekOf(now) - weeksKept + 1;
        const weeks = Object.fromEntries(Object.entries(base.weeks).filter(([w]) => Number(w) >= oldest));
        if (week >= oldest) weeks[String(week)] = (weeks[String(week)] ?? 0) + 1;
        const lastContactAt = current && current.lastContactAt > activity.occurredAt ? current.lastContactAt : activity.occurredAt;
        return { ...base, lastContactAt, weeks, seen: [...base.seen, activity.id].slice(-seenKept) };
      });
    },

    /** A page of the accounts of a tier whose last contact is before `before`, the longest quiet first. */
    async quietSince(
      tenantId: string,
      tier: 'key' | 'other',
      before: string,
      request: { pageSize: number; continuationToken?: string },
    ): Promise<{ items: Pulse[]; continuationToken?: string }> {
      const range = keyPrefixRange(['q', tier]);
      const page = await quiet.page(tenantId, partition, {
        ...request,
        rowKeyFrom: range.rowKeyFrom,
        rowKeyBefore: composeKey(['q', tier, before]),
      });
      return { items: page.items.map((item) => item.value), continuationToken: page.continuationToken };
    },
  };
}

export type PulseStore = ReturnType<typeof createPulseStore>;
