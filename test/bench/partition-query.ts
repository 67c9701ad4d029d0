// Time of a one-partition query in a large table, on Azurite as published and with the embedded server's corrections.
// Run: npx tsx test/bench/partition-query.ts [rows=200000]; each variant runs in a process of its own.
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { odata, TableClient, type TransactionAction } from '@azure/data-tables';
import { azuriteConnectionString, findFreePort } from '../../src/storage/azurite';
import { installAzuriteFixes } from '../../src/storage/azurite-fixes';
import { createTableServer } from '../../src/storage/azurite-table-server';

const rowsPerPartition = 100;
const queries = 200;
const concurrency = 4;

interface Figures {
  variant: string;
  rows: number;
  seedSeconds: number;
  p50Ms: number;
  p95Ms: number;
}

async function measure(variant: 'published' | 'corrected', rows: number): Promise<Figures> {
  if (variant === 'corrected') installAzuriteFixes();
  const port = await findFreePort();
  await createTableServer({ port }).start();
  const table = TableClient.fromConnectionString(azuriteConnectionString(port), 'Bench', { allowInsecureConnection: true });
  await table.createTable();
  const partitions = Math.ceil(rows / rowsPerPartition);
  const partitionKey = (i: number) => `tenant-${String(i % 37).padStart(2, '0')}|Accounts|${String(i).padStart(7, '0')}`;
  const seedStart = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let p = next++; p < partitions; p = next++) {
        const actions: TransactionAction[] = Array.from({ length: rowsPerPartition }, (_, r) => [
          'create',
          {
            partitionKey: partitionKey(p),
            rowKey: String(r).padStart(4, '0'),
            name: `Account ${p}-${r}`,
            notes: 'Met at the trade fair; wants a pilot.',
          },
        ]);
        await table.submitTransaction(actions);
      }
    }),
  );
  const seedSeconds = (performance.now() - seedStart) / 1000;
  const times: number[] = [];
  for (let q = 0; q < queries; q += 1) {
    const started = performance.now();
    let count = 0;
    for await (const page of table
      .listEntities({ queryOptions: { filter: odata`PartitionKey eq ${partitionKey((q * 7919) % partitions)}` } })
      .byPage())
      count += page.length;
    times.push(performance.now() - started);
    if (count !== rowsPerPartition) throw new Error(`A partition query found ${count} rows, not ${rowsPerPartition}`);
  }
  times.sort((a, b) => a - b);
  const at = (share: number) => Math.round(times[Math.min(times.length - 1, Math.floor(share * times.length))]! * 10) / 10;
  return { variant, rows: partitions * rowsPerPartition, seedSeconds: Math.round(seedSeconds), p50Ms: at(0.5), p95Ms: at(0.95) };
}

const [variant, rowsArg] = process.argv.slice(2);
if (variant === 'published' || variant === 'corrected') {
  process.send!(await measure(variant, Number(rowsArg)));
  process.exit(0);
} else {
  const rows = Number(variant ?? 200_000);
  for (const each of ['published', 'corrected']) {
    const child = fork(fileURLToPath(import.meta.url), [each, String(rows)], {
      execArgv: ['--import', 'tsx', '--max-old-space-size=4096'],
    });
    console.log(
      JSON.stringify(
        await new Promise<Figures>((resolve, reject) =>
          child.once('message', (m) => resolve(m as Figures)).once('exit', (code) => reject(new Error(`${each} exited with ${code}`))),
        ),
      ),
    );
  }
}
