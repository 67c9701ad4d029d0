// What one write costs the embedded emulator as its table grows: a table filled with 100-entity transactions, and at each
// size the time of a single insert, a 100-entity transaction and a single delete, with the embedded server's corrections.
// Azure's and Cosmos's cost per write does not depend on the table's size; this shows where the emulator's does.
// Run: npx tsx test/bench/table-growth.ts [entities=1000000] [step=200000]
import { TableClient, type TransactionAction } from '@azure/data-tables';
import { azuriteConnectionString, findFreePort } from '../../src/storage/azurite';
import { installAzuriteFixes } from '../../src/storage/azurite-fixes';
import { createTableServer } from '../../src/storage/azurite-table-server';

const rowsPerPartition = 100;
const fillers = 4;
const samples = 40;

const partitionKey = (i: number) => `tenant-${String(i % 37).padStart(2, '0')}|Activities|${String(i).padStart(7, '0')}`;
const entity = (partition: string, row: number) => ({
  partitionKey: partition,
  rowKey: String(row).padStart(6, '0'),
  subject: `Call ${row}`,
  notes: 'Went through the renewal quote; they want a pilot first.',
});

function percentiles(times: number[]): { p50: number; p95: number } {
  const sorted = [...times].sort((a, b) => a - b);
  const at = (share: number) => Math.round(sorted[Math.min(sorted.length - 1, Math.floor(share * sorted.length))]! * 10) / 10;
  return { p50: at(0.5), p95: at(0.95) };
}

const [entitiesArg, stepArg] = process.argv.slice(2);
const total = Number(entitiesArg ?? 1_000_000);
const step = Number(stepArg ?? 200_000);
installAzuriteFixes();
const port = await findFreePort();
await createTableServer({ port }).start();
const table = TableClient.fromConnectionString(azuriteConnectionString(port), 'Growth', { allowInsecureConnection: true });
await table.createTable();

console.log(
  'entities in the table  fill rate (entities/s)  single insert p50/p95 ms  transaction of 100 p50/p95 ms  single delete p50/p95 ms',
);
let filled = 0;
let probe = 0;
while (filled < total) {
  const target = Math.min(total, filled + step);
  const fillStart = performance.now();
  let next = filled / rowsPerPartition;
  const last = target / rowsPerPartition;
  await Promise.all(
    Array.from({ length: fillers }, async () => {
      for (let p = next++; p < last; p = next++) {
        const key = partitionKey(p);
        await table.submitTransaction(Array.from({ length: rowsPerPartition }, (_, r): TransactionAction => ['create', entity(key, r)]));
      }
    }),
  );
  const fillRate = Math.round((target - filled) / ((performance.now() - fillStart) / 1000));
  filled = target;
  const singles: number[] = [];
  const batches: number[] = [];
  const deletes: number[] = [];
  for (let s = 0; s < samples; s += 1) {
    const key = `probe|${probe++}`;
    let started = performance.now();
    await table.createEntity(entity(key, 0));
    singles.push(performance.now() - started);
    started = performance.now();
    await table.submitTransaction(Array.from({ length: rowsPerPartition }, (_, r): TransactionAction => ['create', entity(key, r + 1)]));
    batches.push(performance.now() - started);
    started = performance.now();
    await table.deleteEntity(key, entity(key, 0).rowKey);
    deletes.push(performance.now() - started);
  }
  const single = percentiles(singles);
  const batch = percentiles(batches);
  const removal = percentiles(deletes);
  console.log(
    [
      String(filled).padStart(22),
      String(fillRate).padStart(24),
      `${single.p50} / ${single.p95}`.padStart(25),
      `${batch.p50} / ${batch.p95}`.padStart(30),
      `${removal.p50} / ${removal.p95}`.padStart(24),
    ].join('  '),
  );
}
process.exit(0);
