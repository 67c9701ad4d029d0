// Events outlive their writer: a process killed with SIGKILL while delivering what it just wrote; a fresh process's
// sweeper delivers each event exactly once; two sweepers in two processes never both deliver one (a lease).
import { randomUUID } from 'node:crypto';
import type { TableClient } from '@azure/data-tables';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { where } from '../../src/storage/filter';
import { tenantPartitionKey } from '../../src/storage/keys';
import { partitionKeyOf, type LogicalTable } from '../../src/storage/logical-table';
import { eventRowsFilter } from '../../src/storage/outbox-rows';
import { childTimings, deliveryLedger, ledgerTable, probePartition, probeTable } from '../fixtures/event-probe';
import { killStartedProcesses, startScript, within, type StartedProcess } from '../fixtures/process';
import { newTenantId } from '../fixtures/server';
import { openLogicalTable, openTestTable } from '../fixtures/tables';

/** This file's own markers table: its sweepers and lease are the children's alone. */
const outboxTable = `OutboxCrash${randomUUID().slice(0, 8)}`;
const startupMs = 30_000;

let records: LogicalTable;
let markers: TableClient;
let ledger: ReturnType<typeof deliveryLedger>;

beforeAll(async () => {
  [records, markers] = await Promise.all([openLogicalTable('probe', probeTable), openTestTable(outboxTable)]);
  ledger = deliveryLedger(await openTestTable(ledgerTable), 'test');
});
afterAll(() => killStartedProcesses());

function child(role: 'publish' | 'sweep', tenantId: string, more: Record<string, string> = {}): StartedProcess {
  return startScript('test/fixtures/outbox-process.ts', {
    OUTBOX_TEST_CONNECTION_STRING: inject('azuriteConnectionString'),
    OUTBOX_TEST_TABLE: outboxTable,
    OUTBOX_TEST_ROLE: role,
    OUTBOX_TEST_TENANT: tenantId,
    ...more,
  });
}

async function until(check: () => boolean | Promise<boolean>, ms: number, what: string): Promise<void> {
  for (const deadline = Date.now() + ms; Date.now() < deadline;) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`${what}: not within ${ms} ms`);
}

const lines = (running: StartedProcess, start: string) =>
  running
    .stdout()
    .split('\n')
    .filter((line) => line.startsWith(start));

/** Publishes `count` events and kills the publisher with SIGKILL once every one is being delivered, none finished. */
async function publishAndDie(tenantId: string, count: number): Promise<void> {
  const publisher = child('publish', tenantId, { OUTBOX_TEST_COUNT: String(count) });
  await until(
    () => lines(publisher, 'delivering ').length === count || publisher.child.exitCode !== null,
    startupMs,
    `the publisher delivering ${count} events\n${publisher.stderr()}`,
  );
  process.kill(-publisher.child.pid!, 'SIGKILL');
  expect(await within(publisher.exited, 5_000, 'dying on SIGKILL')).toEqual({ code: null, signal: 'SIGKILL' });
}

async function pendingEvents(tenantId: string): Promise<number> {
  let count = 0;
  for await (const _row of records.client.listEntities({
    queryOptions: { filter: eventRowsFilter(partitionKeyOf(records, tenantId, probePartition)) },
  }))
    count += 1;
  return count;
}

async function markersOf(tenantId: string): Promise<number> {
  const from = `${tenantPartitionKey(tenantId, ['outbox'])}|`;
  let count = 0;
  for await (const _row of markers.listEntities({
    queryOptions: { filter: where`PartitionKey ge ${from} and PartitionKey lt ${`${from}~`}` },
  }))
    count += 1;
  return count;
}

/** Lets a few more sweeps pass: a second delivery, if there were one, would happen in them. */
const severalSweeps = () => new Promise((resolve) => setTimeout(resolve, childTimings.sweepAfterMs + 5 * childTimings.sweepEveryMs));

async function stop(running: StartedProcess): Promise<void> {
  process.kill(running.child.pid!, 'SIGTERM');
  await within(running.exited, 10_000, 'a sweeper stopping');
}

describe('an event whose writer was killed before delivering it', { timeout: 90_000 }, () => {
  it("is still stored, and a fresh process's sweeper delivers it exactly once, without another write", async () => {
    const tenantId = newTenantId();
    await publishAndDie(tenantId, 1);
    const leftBehind = { events: await pendingEvents(tenantId), markers: await markersOf(tenantId) };

    const sweeper = child('sweep', tenantId, { OUTBOX_TEST_HOLDER: 'fresh' });
    await until(
      async () => (await ledger.rows(tenantId, 'effect')).length === 1,
      startupMs,
      `the fresh sweeper delivering\n${sweeper.stderr()}`,
    );
    await severalSweeps();
    await stop(sweeper);

    expect(leftBehind).toEqual({ events: 1, markers: 1 });
    expect(await ledger.rows(tenantId, 'delivery')).toEqual([
      { eventId: expect.stringMatching(/^probe\.recorded:.+:1$/), holder: 'fresh' },
    ]);
    expect(await pendingEvents(tenantId)).toBe(0);
    expect(await markersOf(tenantId)).toBe(0);
  });
});

describe('two processes sweeping at once', { timeout: 90_000 }, () => {
  it('deliver each event once: only the holder of the lease sweeps', async () => {
    const tenantId = newTenantId();
    await publishAndDie(tenantId, 20);

    const sweepers = [child('sweep', tenantId, { OUTBOX_TEST_HOLDER: 'left' }), child('sweep', tenantId, { OUTBOX_TEST_HOLDER: 'right' })];
    await until(() => sweepers.every((sweeper) => lines(sweeper, 'sweeping as ').length === 1), startupMs, 'both sweepers running');
    await until(async () => (await ledger.rows(tenantId, 'effect')).length === 20, startupMs, 'every event delivered');
    await severalSweeps();
    await Promise.all(sweepers.map(stop));

    const deliveries = await ledger.rows(tenantId, 'delivery');
    expect(deliveries).toHaveLength(20);
    expect(new Set(deliveries.map((delivery) => delivery.eventId)).size).toBe(20);
    expect(new Set(deliveries.map((delivery) => delivery.holder)).size).toBe(1);
    expect(await pendingEvents(tenantId)).toBe(0);
  });
});
