// Domain events through the outbox, against a real Azurite: stored with their record, delivered right after the write,
// and by the sweeper when the writer did not finish; failed subscribers again, held events withdrawn, markers dropped.
import { randomUUID } from 'node:crypto';
import type { TableClient } from '@azure/data-tables';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Clock } from '../../src/core/clock';
import type { DomainEvent } from '../../src/core/events';
import { where } from '../../src/storage/filter';
import { tenantPartitionKey } from '../../src/storage/keys';
import { partitionKeyOf, type LogicalTable } from '../../src/storage/logical-table';
import type { StorageOutbox } from '../../src/storage/outbox';
import { eventRowsFilter, markerEntity, newMarker, parseEventRow, parseMarker } from '../../src/storage/outbox-rows';
import type { OutboxSweeper } from '../../src/storage/outbox-sweeper';
import {
  loadProbe,
  probeListener,
  probePartition,
  probePlugin,
  probeTable,
  type ProbeEvent,
  type ProbeService,
} from '../fixtures/event-probe';
import { testOutbox } from '../fixtures/events';
import { newTenantId } from '../fixtures/server';
import { openLogicalTable, openTestTable, testStorage } from '../fixtures/tables';

/** This file's own markers table, so no other test's sweeper takes its markers or its lease. */
const outboxTable = `OutboxTest${randomUUID().slice(0, 8)}`;
/** Moved on by tests to age events past the sweeper's wait; shared by the outbox and the plugins. */
let offsetMs = 0;
const clock: Clock = { now: () => new Date(Date.now() + offsetMs) };
const timings = { sweepAfterMs: 5_000, abandonAfterMs: 60_000, sweepEveryMs: 3_600_000 };

let records: LogicalTable;
let markers: TableClient;
const sweepers: OutboxSweeper[] = [];

beforeAll(async () => {
  [records, markers] = await Promise.all([openLogicalTable('probe', probeTable), openTestTable(outboxTable)]);
});
afterAll(() => Promise.all(sweepers.map((sweeper) => sweeper.stop())));

/** A process: the probe and its listeners over a new outbox, with a sweeper that runs only when asked. */
async function startProcess(
  listeners: Record<string, (event: ProbeEvent) => Promise<void>>,
): Promise<{ probe: ProbeService; outbox: StorageOutbox; sweeper: OutboxSweeper }> {
  // The earlier test's process stops, freeing the sweeper's lease.
  await Promise.all(sweepers.splice(0).map((sweeper) => sweeper.stop()));
  const outbox = await testOutbox({ tableName: outboxTable, clock, timings });
  const probe = probePlugin();
  const service = await loadProbe(
    [probe, ...Object.entries(listeners).map(([id, handle]) => probeListener(id, probe, handle))],
    outbox,
    testStorage(),
    clock,
  );
  const sweeper = outbox.startSweeper();
  sweepers.push(sweeper);
  return { probe: service, outbox, sweeper };
}

/** A listener that remembers what it received; the sweeper serves every tenant, so tests read their own tenant's. */
function recorder() {
  const received: ProbeEvent[] = [];
  return {
    of: (tenantId: string) => received.filter((event) => event.tenantId === tenantId),
    handle: async (event: ProbeEvent) => void received.push(event),
  };
}

const eventRows = async (tenantId: string) => {
  const rows = [];
  for await (const row of records.client.listEntities<Record<string, unknown>>({
    queryOptions: { filter: eventRowsFilter(partitionKeyOf(records, tenantId, probePartition)) },
  }))
    rows.push(parseEventRow(row));
  return rows;
};
const markersOf = async (tenantId: string) => {
  const found = [];
  const from = `${tenantPartitionKey(tenantId, ['outbox'])}|`;
  for await (const row of markers.listEntities<Record<string, unknown>>({
    queryOptions: { filter: where`PartitionKey ge ${from} and PartitionKey lt ${`${from}~`}` },
  }))
    found.push(parseMarker(row));
  return found;
};
const later = (ms: number) => {
  offsetMs += ms;
};

describe('an event published with its record', () => {
  it('reaches its subscriber right after the write, once, and leaves neither its row nor its marker', async () => {
    const listener = recorder();
    const { probe, outbox } = await startProcess({ listener: listener.handle });
    const tenantId = newTenantId();

    const written = await probe.record(tenantId, 7);
    await outbox.idle();

    const [id] = [...written.etags.keys()];
    expect(listener.of(tenantId)).toEqual([
      expect.objectContaining({
        id: `probe.recorded:${id}:1`,
        type: 'probe.recorded',
        tenantId,
        recordId: id,
        version: 1,
        payload: { n: 7, note: 'probe 7' },
      }),
    ]);
    expect(await eventRows(tenantId)).toEqual([]);
    expect(await markersOf(tenantId)).toEqual([]);
  });

  it("gives the write the record's new ETag, which the next write of the record presents", async () => {
    const { probe, outbox } = await startProcess({ listener: recorder().handle });
    const tenantId = newTenantId();
    const created = await probe.record(tenantId, 1);
    const [[id, etag]] = [...created.etags] as [[string, string]];
    const address = { tenantId, partition: probePartition, row: [id] };

    const replaced = await probe.records.replace(address, { id, n: 2 }, etag, {
      outbox: probe.outbox,
      events: [probe.outbox.event('probe.recorded', id, 2, { n: 2, note: 'second' })],
    });
    const again = await probe.records.replace(address, { id, n: 3 }, replaced.etag);
    await outbox.idle();

    expect(replaced.etag).toMatch(/^W\/"datetime'/);
    expect(again.value.n).toBe(3);
    expect((await probe.records.getOrThrow(address)).etag).toBe(again.etag);
  });

  it('is not stored when no plugin of the set handles its type', async () => {
    const { probe, outbox } = await startProcess({});
    const tenantId = newTenantId();

    const written = await probe.record(tenantId, 1, { hold: true });
    await outbox.idle();

    expect(written.etags.size).toBe(1);
    expect(await eventRows(tenantId)).toEqual([]);
    expect(await markersOf(tenantId)).toEqual([]);
  });

  it('is not part of the record partition when that partition is read, while it waits there', async () => {
    const { probe } = await startProcess({ listener: recorder().handle });
    const tenantId = newTenantId();

    await probe.record(tenantId, 1, { hold: true });
    const page = await probe.records.page(tenantId, probePartition);

    expect(await eventRows(tenantId)).toHaveLength(1);
    expect(page.items.map((item) => item.value.n)).toEqual([1]);
  });

  it('is never written when its record is not: the write is refused whole and its marker dropped', async () => {
    const { probe, outbox } = await startProcess({ listener: recorder().handle });
    const tenantId = newTenantId();
    const id = randomUUID();
    await probe.records.create({ tenantId, partition: probePartition, row: [id] }, { id, n: 1 });

    const event = probe.outbox.event('probe.recorded', id, 1, { n: 1, note: 'again' });
    const refused = probe.records.publish(probe.outbox, tenantId, probePartition, [
      { kind: 'create', row: [id], value: { id, n: 1 }, events: [event] },
    ]);
    await expect(refused).rejects.toMatchObject({ code: 'ALREADY_EXISTS' });
    await outbox.idle();

    expect(await eventRows(tenantId)).toEqual([]);
    expect(await markersOf(tenantId)).toEqual([]);
  });
});

describe('delivery that does not finish at once', () => {
  it('delivers again only to the subscriber that failed, once the sweeper finds the event due', async () => {
    const steady = recorder();
    const flaky = recorder();
    let failures = 1;
    const { probe, outbox, sweeper } = await startProcess({
      steady: steady.handle,
      flaky: async (event) => {
        if (failures-- > 0) throw new Error('flaky subscriber is down');
        await flaky.handle(event);
      },
    });
    const tenantId = newTenantId();

    await probe.record(tenantId, 3);
    await outbox.idle();
    const [waiting] = await eventRows(tenantId);
    later(timings.sweepAfterMs + 1_000);
    await sweeper.sweep();

    expect(waiting).toMatchObject({ delivered: ['steady'], attempts: 1 });
    expect(steady.of(tenantId)).toHaveLength(1);
    expect(flaky.of(tenantId).map((event) => event.payload.n)).toEqual([3]);
    expect(await eventRows(tenantId)).toEqual([]);
    expect(await markersOf(tenantId)).toEqual([]);
  });

  it("delivers a held event whose writer never released it, after the sweeper's wait and not before", async () => {
    const listener = recorder();
    const { probe, sweeper } = await startProcess({ listener: listener.handle });
    const tenantId = newTenantId();

    await probe.record(tenantId, 5, { hold: true });
    await sweeper.sweep();
    const early = listener.of(tenantId).length;
    later(timings.sweepAfterMs + 1_000);
    await sweeper.sweep();
    await sweeper.sweep();

    expect(early).toBe(0);
    expect(listener.of(tenantId).map((event) => event.payload.n)).toEqual([5]);
    expect(await markersOf(tenantId)).toEqual([]);
  });

  it('never delivers a held event its writer withdrew', async () => {
    const listener = recorder();
    const { probe, sweeper } = await startProcess({ listener: listener.handle });
    const tenantId = newTenantId();

    const written = await probe.record(tenantId, 9, { hold: true });
    await written.withdraw();
    written.release();
    later(timings.sweepAfterMs + 1_000);
    await sweeper.sweep();

    expect(listener.of(tenantId)).toEqual([]);
    expect(await eventRows(tenantId)).toEqual([]);
    expect(await markersOf(tenantId)).toEqual([]);
  });

  it('checks a stored payload against its schema again before any subscriber sees it', async () => {
    const listener = recorder();
    const { probe, outbox } = await startProcess({ listener: listener.handle });
    const tenantId = newTenantId();
    const id = randomUUID();
    const forged: Omit<DomainEvent, 'tenantId'> = {
      id: `probe.recorded:${id}:1`,
      type: 'probe.recorded',
      recordId: id,
      version: 1,
      occurredAt: clock.now().toISOString(),
      payload: { n: 'seven' },
    };

    await probe.records.publish(probe.outbox, tenantId, probePartition, [
      { kind: 'create', row: [id], value: { id, n: 7 }, events: [forged] },
    ]);
    await outbox.idle();

    expect(listener.of(tenantId)).toEqual([]);
    expect(await eventRows(tenantId)).toEqual([expect.objectContaining({ attempts: 1, delivered: [] })]);
  });
});

describe('markers', () => {
  it('keeps a marker whose events were never seen until it is long overdue, then drops it', async () => {
    const { sweeper } = await startProcess({ listener: recorder().handle });
    const tenantId = newTenantId();
    const marker = newMarker(
      records.client.tableName,
      partitionKeyOf(records, tenantId, probePartition),
      ['~%outbox|never-written'],
      clock.now(),
      timings.sweepAfterMs,
    );
    await markers.createEntity(markerEntity(marker));

    later(timings.sweepAfterMs + 1_000);
    await sweeper.sweep();
    const kept = await markersOf(tenantId);
    later(timings.abandonAfterMs);
    await sweeper.sweep();

    expect(kept.map((m) => m.dueAt)).toEqual([new Date(Date.parse(marker.createdAt) + timings.abandonAfterMs).toISOString()]);
    expect(await markersOf(tenantId)).toEqual([]);
  });
});
