// The projector with a view of its own, knowing nothing of the pipeline: a case's SLA due time and the open and breached
// counts, applied once per version, taken away when the case is gone, and verified and rebuilt from the records.
import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { systemClock } from '../../src/core/clock';
import { createLogger } from '../../src/core/logger';
import type { ViewDefinition } from '../../src/core/projection';
import { createLeases } from '../../src/storage/leases';
import { rebuildView, verifyView } from '../../src/storage/projection-audit';
import { createAggregateReader, createProjector, type Projector, type RegisteredView } from '../../src/storage/projector';
import { Repository } from '../../src/storage/repository';
import { newTenantId } from '../fixtures/server';
import { openTestTable } from '../fixtures/tables';

const caseSchema = z.object({ id: z.string(), version: z.number().int(), open: z.boolean(), dueAt: z.string(), breached: z.boolean() });
type Case = z.infer<typeof caseSchema>;

let cases: Repository<typeof caseSchema>;
let projector: Projector;
let sla: RegisteredView;
let counts: ReturnType<typeof createAggregateReader>;
let dueRows: Repository<z.ZodObject<{ caseId: z.ZodString }>>;

beforeAll(async () => {
  const [records, views, due, leases] = await Promise.all(
    ['ProbeCases', 'ProbeCaseViews', 'ProbeCaseDue', 'Leases'].map((name) => openTestTable(name)),
  );
  cases = new Repository(records!, 'record', caseSchema);
  dueRows = new Repository(due!, 'record', z.object({ caseId: z.string() }));
  const view: ViewDefinition<Case> = {
    id: 'cases.sla',
    source: 'case.changed',
    store: views,
    tables: { due },
    owns: [{ table: 'due', partition: ['due'] }],
    async load(tenantId, id) {
      const stored = await cases.get({ tenantId, partition: ['case'], row: [id] });
      return stored && { id, version: stored.value.version, record: stored.value };
    },
    async *records(tenantId) {
      for (const { value } of (await cases.page(tenantId, ['case'], { pageSize: 1000 })).items)
        yield { id: value.id, version: value.version, record: value };
    },
    derive: (c) => ({
      rows: c.open ? [{ table: 'due', partition: ['due'], row: [c.dueAt, c.id], value: { caseId: c.id } }] : [],
      aggregates: c.open ? { 'open|all': { counts: { open: 1, breached: c.breached ? 1 : 0 } } } : ({} as Record<string, never>),
    }),
  };
  projector = createProjector({ leases: createLeases(leases!, systemClock), clock: systemClock, log: createLogger('silent') });
  projector.register('cases', [view as ViewDefinition]);
  sla = projector.views().get('cases.sla')!;
  counts = createAggregateReader(views!, 'cases.sla');
});

const write = (tenantId: string, value: Case) => cases.upsert({ tenantId, partition: ['case'], row: [value.id] }, value);
const changed = (tenantId: string, id: string, version: number) =>
  projector.handle({ type: 'case.changed', tenantId, recordId: id, version });
const dueOf = async (tenantId: string) => (await dueRows.page(tenantId, ['due'], { pageSize: 100 })).items.map((item) => item.value.caseId);

describe('a view of its own', () => {
  it('follows a record through its versions once each, and takes its share away when the record is gone', async () => {
    const tenantId = newTenantId();
    await write(tenantId, { id: 'c1', version: 1, open: true, dueAt: '2027-01-02T00:00:00Z', breached: false });
    await write(tenantId, { id: 'c2', version: 1, open: true, dueAt: '2027-01-01T00:00:00Z', breached: true });
    await Promise.all([changed(tenantId, 'c1', 1), changed(tenantId, 'c2', 1)]);
    expect((await counts.read(tenantId, 'open|all')).counts).toEqual({ open: 2, breached: 1 });
    expect(await dueOf(tenantId)).toEqual(['c2', 'c1']);

    await write(tenantId, { id: 'c1', version: 2, open: true, dueAt: '2026-12-31T00:00:00Z', breached: true });
    for (const version of [2, 2, 1]) await changed(tenantId, 'c1', version);
    expect((await counts.read(tenantId, 'open|all')).counts).toEqual({ open: 2, breached: 2 });
    expect(await dueOf(tenantId)).toEqual(['c1', 'c2']);

    await cases.delete({ tenantId, partition: ['case'], row: ['c2'] });
    await changed(tenantId, 'c2', 2);
    expect((await counts.read(tenantId, 'open|all')).counts).toEqual({ open: 1, breached: 1 });
    expect(await dueOf(tenantId)).toEqual(['c1']);
    expect(await verifyView(sla, tenantId)).toEqual([]);
  });

  it('reports an orphan row and a wrong count as drift, and a rebuild clears both', async () => {
    const tenantId = newTenantId();
    await write(tenantId, { id: 'c1', version: 1, open: true, dueAt: '2027-01-02T00:00:00Z', breached: false });
    await changed(tenantId, 'c1', 1);
    await dueRows.upsert({ tenantId, partition: ['due'], row: ['2027-02-01T00:00:00Z', 'ghost'] }, { caseId: 'ghost' });

    const drift = await verifyView(sla, tenantId);
    expect(drift).toEqual([
      { view: 'cases.sla', key: 'row ["due",["due"],["2027-02-01T00:00:00Z","ghost"]]', expected: '—', stored: '{"caseId":"ghost"}' },
    ]);
    expect(await rebuildView(sla, tenantId)).toMatchObject({ removed: 1 });
    expect(await verifyView(sla, tenantId)).toEqual([]);
    expect(await dueOf(tenantId)).toEqual(['c1']);
  });
});
