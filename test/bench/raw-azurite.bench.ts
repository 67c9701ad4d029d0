// Raw Azurite table operations straight on the SDK: the floor every other scenario is measured against.
import { odata, TableClient, type TableEntity, type TransactionAction } from '@azure/data-tables';
import { measure, meter, scenarios, type BenchContext, type BenchScenario, type Result } from './harness';

const QUERY_ROWS = 1_000;
const BATCH_SIZE = 100;

interface CustomerRow {
  name: string;
  industry: string;
  region: string;
  owner: string;
  stage: string;
  annualRevenue: number;
  employees: number;
  createdAt: Date;
  updatedAt: Date;
  notes: string;
}

const companies = ['Contoso', 'Fabrikam', 'Northwind Traders', 'Tailspin Toys', 'Wingtip', 'Litware', 'Adventure Works'];
const industries = ['Manufacturing', 'Retail', 'Logistics', 'Healthcare', 'Financial services', 'Education'];
const regions = ['APAC', 'EMEA', 'North America', 'LATAM'];
const owners = ['mei.lin@contoso.com', 'arjun.rao@contoso.com', 'sofia.garcia@contoso.com', 'tom.becker@contoso.com'];
const stages = ['Lead', 'Qualified', 'Proposal', 'Negotiation', 'Won'];
const notePhrases = [
  'Met the procurement lead at the Shanghai trade fair; they want a pilot before the fiscal year closes.',
  'Follow up on the pricing sheet sent last week and confirm who signs off on the contract.',
  'Prefers Teams calls on Tuesday mornings; the CFO joins only for renewal discussions.',
  'Asked for references from two customers in the same industry and a security questionnaire.',
];

/** A customer row shaped like the CRM's own: about ten properties and a few hundred characters of notes. */
function customerRow(index: number): CustomerRow {
  const pick = <T>(list: readonly T[], offset = 0): T => list[(index + offset) % list.length] as T;
  const created = new Date(Date.UTC(2024, 0, 1) + index * 3_600_000);
  return {
    name: `${pick(companies)} ${index}`,
    industry: pick(industries),
    region: pick(regions),
    owner: pick(owners),
    stage: pick(stages),
    annualRevenue: 250_000 + (index % 97) * 12_500,
    employees: 20 + (index % 40) * 15,
    createdAt: created,
    updatedAt: new Date(created.getTime() + 86_400_000),
    notes: [pick(notePhrases), pick(notePhrases, 1), pick(notePhrases, 2)].join(' '),
  };
}

const rowKey = (prefix: string, index: number) => `${prefix}-${String(index).padStart(6, '0')}`;

function expect(condition: boolean, message: string): void {
  if (!condition) throw new Error(`raw Azurite: ${message}`);
}

function createActions(partitionKey: string, prefix: string, first: number, count: number): TransactionAction[] {
  return Array.from({ length: count }, (_, i): TransactionAction => [
    'create',
    { partitionKey, rowKey: rowKey(prefix, first + i), ...customerRow(first + i) },
  ]);
}

async function submitBatch(table: TableClient, actions: TransactionAction[]): Promise<void> {
  const response = await table.submitTransaction(actions);
  const stored = response.subResponses.filter((sub) => sub.status === 204).length;
  expect(stored === actions.length, `batch stored ${stored} of ${actions.length} entities (status ${response.status})`);
}

async function run(ctx: BenchContext): Promise<Result[]> {
  // Writes go to a second table: Azurite scans a whole table per query, so the read table holds exactly the
  // 1,000 queried rows whatever BENCH_SCALE is, and rows from other scenarios never land in either.
  const suffix = Date.now();
  const open = (name: string) =>
    TableClient.fromConnectionString(ctx.connectionString, `${name}${suffix}`, {
      allowInsecureConnection: true,
      additionalPolicies: meter.policies,
    });
  const table = open('rawreads');
  const writes = open('rawwrites');
  await table.createTable();
  await writes.createTable();

  // Transactions are capped at 100 entities, so the query partition is loaded in chunks of that size.
  const queryPartition = 'customers';
  for (let first = 0; first < QUERY_ROWS; first += BATCH_SIZE) {
    await submitBatch(table, createActions(queryPartition, 'cust', first, BATCH_SIZE));
  }

  const results: Result[] = [];

  results.push(
    await measure('raw point read', ctx.scaled(500), ctx.scaled(50), async (i) => {
      // Cycle through the partition so reads are not all of one hot row.
      const index = (i * 7) % QUERY_ROWS;
      const entity = await table.getEntity<CustomerRow>(queryPartition, rowKey('cust', index));
      expect(entity.name === customerRow(index).name, `point read returned ${entity.rowKey} with name ${entity.name}`);
    }),
  );

  results.push(
    await measure('raw single insert', ctx.scaled(500), ctx.scaled(50), async (i) => {
      const entity: TableEntity<CustomerRow> = { partitionKey: 'inserts', rowKey: rowKey('ins', i), ...customerRow(i) };
      const response = await writes.createEntity(entity);
      expect(Boolean(response.etag), `insert of ${entity.rowKey} returned no etag`);
    }),
  );

  results.push(
    await measure(`raw batch of ${BATCH_SIZE}`, ctx.scaled(50), ctx.scaled(5), async (i) => {
      // A fresh partition per batch: a transaction must stay in one partition and creates must not collide.
      await submitBatch(writes, createActions(`batch-${i}`, 'row', 0, BATCH_SIZE));
    }),
  );

  results.push(
    await measure(`raw partition query (${QUERY_ROWS} rows)`, ctx.scaled(30), ctx.scaled(3), async () => {
      const pages = table.listEntities<CustomerRow>({ queryOptions: { filter: odata`PartitionKey eq ${queryPartition}` } });
      let rows = 0;
      for await (const page of pages.byPage()) rows += page.length;
      expect(rows === QUERY_ROWS, `partition query returned ${rows} rows, expected ${QUERY_ROWS}`);
    }),
  );

  await Promise.all([table.deleteTable(), writes.deleteTable()]);
  return results;
}

export const rawAzurite: BenchScenario = { name: 'raw Azurite', run };
scenarios.push(rawAzurite);
