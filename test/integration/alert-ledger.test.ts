// The alert ledger and the cap counters against a real Azurite: new alerts written together, each to the one caller
// that created it, and a day's cap taken by several processes at once never exceeded.
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../src/core/errors';
import { alertsTables } from '../../src/plugins/alerts';
import { changeAlert, createLedger, newAlertState, refOf, type Alert, type Ledger } from '../../src/plugins/alerts/ledger.store';
import { createQueueStore } from '../../src/plugins/alerts/queue.store';
import { newTenantId } from '../fixtures/server';
import { openLogicalTable } from '../fixtures/tables';

let ledger: Ledger;
beforeAll(async () => {
  ledger = createLedger(await openLogicalTable('alerts', alertsTables.ledger));
});

const at = '2026-12-01T09:00:00.000Z';
const alertOf = (ruleId: string, dealId: string): Alert => ({
  ruleId,
  condition: 'deal-stuck',
  subjectKind: 'deal',
  subjectId: dealId,
  period: 'proposal',
  title: `Deal ${dealId}`,
  facts: { days: 12 },
  ...newAlertState(at),
});

describe('new alerts written together', () => {
  it('creates a rule’s new alerts in one transaction and hands each back with its version', async () => {
    const tenantId = newTenantId();
    const ruleId = randomUUID();
    const fresh = Array.from({ length: 50 }, (_, i) => alertOf(ruleId, `deal-${i}`));

    const created = await ledger.createAllIfAbsent(tenantId, ruleId, fresh);

    expect(created.map((stored) => stored.value.subjectId)).toEqual(fresh.map((alert) => alert.subjectId));
    // The version handed back is the stored one: a change made with it succeeds without reading the alert again.
    const changed = await changeAlert(ledger, tenantId, refOf(fresh[7]!), (alert) => ({ ...alert, delivery: 'done' }), created[7]);
    expect((await ledger.get(tenantId, refOf(fresh[7]!)))?.value.delivery).toBe('done');
    expect(changed.etag).not.toBe(created[7]!.etag);
  });

  it('hands back only the alerts this caller created when another caller wrote some of them first', async () => {
    const tenantId = newTenantId();
    const ruleId = randomUUID();
    const fresh = Array.from({ length: 10 }, (_, i) => alertOf(ruleId, `deal-${i}`));
    await ledger.createIfAbsent(tenantId, fresh[3]!);
    await ledger.createIfAbsent(tenantId, fresh[8]!);

    const created = await ledger.createAllIfAbsent(tenantId, ruleId, fresh);

    expect(created.map((stored) => stored.value.subjectId)).toEqual(
      fresh.filter((_, i) => i !== 3 && i !== 8).map((alert) => alert.subjectId),
    );
    expect(await ledger.createAllIfAbsent(tenantId, ruleId, fresh)).toEqual([]);
  });

  it('gives each alert to exactly one of several callers writing the same findings at once', async () => {
    const tenantId = newTenantId();
    const ruleId = randomUUID();
    const fresh = Array.from({ length: 40 }, (_, i) => alertOf(ruleId, `deal-${i}`));

    const results = await Promise.all([0, 1, 2].map(() => ledger.createAllIfAbsent(tenantId, ruleId, fresh)));

    const subjects = results.flat().map((stored) => stored.value.subjectId);
    expect(subjects.sort()).toEqual(fresh.map((alert) => alert.subjectId).sort());
  });
});

describe('alerts changed together', () => {
  it('writes all of them, or none when one changed since its version was read', async () => {
    const tenantId = newTenantId();
    const ruleId = randomUUID();
    const created = await ledger.createAllIfAbsent(tenantId, ruleId, [
      alertOf(ruleId, 'deal-a'),
      alertOf(ruleId, 'deal-b'),
      alertOf(ruleId, 'deal-c'),
    ]);
    // Someone acknowledged deal-b from its card in between.
    await changeAlert(ledger, tenantId, refOf(created[1]!.value), (alert) => ({ ...alert, state: 'acknowledged' }));
    const done = created.map(({ value, etag }) => ({ value: { ...value, delivery: 'done' as const }, etag }));

    const refused = await ledger.replaceAll(tenantId, ruleId, done).then(
      () => undefined,
      (error: unknown) => error,
    );

    expect(refused).toBeInstanceOf(AppError);
    expect((refused as AppError).code).toBe('CONFLICT');
    const stored = await Promise.all(created.map(({ value }) => ledger.get(tenantId, refOf(value))));
    expect(stored.map((one) => [one?.value.state, one?.value.delivery])).toEqual([
      ['open', 'pending'],
      ['acknowledged', 'pending'],
      ['open', 'pending'],
    ]);
    await ledger.replaceAll(tenantId, ruleId, [done[0]!, done[2]!]);
    expect((await ledger.get(tenantId, refOf(done[2]!.value)))?.value.delivery).toBe('done');
  });
});

describe('the daily cap', () => {
  it('grants the cards of many recipients together, up to each one’s cap, with another process taking too', async () => {
    const table = await openLogicalTable('alerts', alertsTables.queue);
    const [one, other] = [createQueueStore(table), createQueueStore(table)];
    const tenantId = newTenantId();
    const ruleId = randomUUID();
    const user = (userId: string) => ({ kind: 'user' as const, userId });
    // rep-1 already had 3 of their 4 today, taken by the other process.
    for (let i = 0; i < 3; i += 1) await other.take(tenantId, user('rep-1'), ruleId, '2026-12-01', 4);
    const wants = [
      ...Array.from({ length: 6 }, () => ({ recipient: user('rep-1'), localDate: '2026-12-01' })),
      ...Array.from({ length: 6 }, () => ({ recipient: user('rep-2'), localDate: '2026-12-01' })),
      // Someone whose day is already the next one: both processes' two each fit their cap.
      ...Array.from({ length: 2 }, () => ({ recipient: user('rep-3'), localDate: '2026-12-02' })),
    ];

    const [mine, theirs] = await Promise.all([one.takeAll(tenantId, ruleId, 4, wants), other.takeAll(tenantId, ruleId, 4, wants)]);

    const granted = (recipient: string) =>
      [mine, theirs].flatMap((allowed) => allowed.filter((ok, i) => ok && (wants[i]!.recipient as { userId: string }).userId === recipient))
        .length;
    expect([granted('rep-1'), granted('rep-2'), granted('rep-3')]).toEqual([1, 4, 4]);
    // The first wants of each recipient are the ones granted.
    expect(mine.slice(0, 6).filter(Boolean).length + theirs.slice(0, 6).filter(Boolean).length).toBe(1);
    expect(await one.take(tenantId, user('rep-2'), ruleId, '2026-12-01', 4)).toBe(false);
  });

  it('lets exactly the cap through when three processes take from one counter at once', async () => {
    const table = await openLogicalTable('alerts', alertsTables.queue);
    const processes = [createQueueStore(table), createQueueStore(table), createQueueStore(table)];
    const tenantId = newTenantId();
    const ruleId = randomUUID();
    const take = (store: (typeof processes)[number]) => store.take(tenantId, { kind: 'user', userId: 'rep-1' }, ruleId, '2026-12-01', 7);

    const taken = await Promise.all(processes.flatMap((store) => Array.from({ length: 5 }, () => take(store))));

    expect(taken.filter(Boolean)).toHaveLength(7);
    // Spent for the day in every process, the one that saw it spent and those that did not.
    expect(await Promise.all(processes.map(take))).toEqual([false, false, false]);
    // Another day, another allowance.
    expect(await processes[0]!.take(tenantId, { kind: 'user', userId: 'rep-1' }, ruleId, '2026-12-02', 7)).toBe(true);
  });
});
