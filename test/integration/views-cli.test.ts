// `npm run verify` and `npm run rebuild` as an operator runs them, against the run's Azurite: drift found row by row and
// exit 1 (pipeline and activities views), a rebuild that clears it, and exit 2 with nothing written for an unknown tenant or view.
import { execFile } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { systemClock } from '../../src/core/clock';
import { activityTables } from '../../src/plugins/activities';
import { accountKey, activityViewIds, listPartitions } from '../../src/plugins/activities/activity.views';
import { pipelineTables } from '../../src/plugins/pipeline';
import { figuresKey } from '../../src/plugins/pipeline/pipeline-rollups';
import { pipelineViewIds } from '../../src/plugins/pipeline/pipeline.views';
import { physicalTableOf } from '../../src/core/plugin-tables';
import { where } from '../../src/storage/filter';
import { composeKey } from '../../src/storage/keys';
import { logicalTable, partitionKeyOf } from '../../src/storage/logical-table';
import { aggregateRow, viewPartition } from '../../src/storage/projection-rows';
import { createTenantRegistry } from '../../src/storage/tenant-registry';
import { makeAccount } from '../fixtures/accounts';
import { startPipelineProcess, type PipelineProcess } from '../fixtures/pipeline-process';
import { repoRoot } from '../fixtures/process';
import { newTenantId } from '../fixtures/server';
import { testStorage } from '../fixtures/tables';

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** `npm run <command> -- <args>`, as the package script runs it, with the server's storage configured by connection string. */
function cli(command: 'rebuild' | 'verify', ...args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', 'src/views.cli.ts', command, ...args],
      {
        cwd: repoRoot,
        env: { ...process.env, GUANXI_ENV_FILE: '', AZURE_TABLES_CONNECTION_STRING: inject('azuriteConnectionString'), LOG_LEVEL: 'error' },
        timeout: 120_000,
      },
      (error, stdout, stderr) => resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr }),
    );
  });
}

let server: PipelineProcess;
const tenantId = newTenantId();
let accountId: string;

beforeAll(async () => {
  server = await startPipelineProcess(inject('azuriteConnectionString'), 'views-cli-test');
  await createTenantRegistry(await testStorage().openTable('Tenants'), systemClock).ensure(tenantId);
  const rep = { tenantId, userId: 'rep-a', displayName: 'Rep A', roles: ['rep' as const] };
  const { value: account } = await server.accounts.createAccount(rep, makeAccount({ name: '校验工具有限公司' }));
  accountId = account.id;
  // A burst of logs, edits (a date moved, a type changed, a follow-up done) and deletes, all at once.
  const logged = await Promise.all(
    Array.from({ length: 12 }, (_, i) =>
      server.activities.logActivity(
        rep,
        {
          accountId: account.id,
          type: i % 2 === 0 ? 'visit' : 'callOutbound',
          subject: `Touchpoint ${i}`,
          occurredAt: `2026-11-${String(10 + i).padStart(2, '0')}T03:00:00.000Z`,
          ...(i % 3 === 0 ? { followUpOn: '2026-11-30' } : {}),
        },
        { source: 'api' },
      ),
    ),
  );
  const [a, b, c, d, e, f, g] = logged.map((l) => l.activity);
  await Promise.all([
    server.activities.updateActivity(rep, a!.value.id, { occurredAt: '2026-11-28T03:00:00.000Z' }, a!.etag),
    server.activities.updateActivity(rep, b!.value.id, { type: 'meeting' }, b!.etag),
    server.activities.updateActivity(rep, d!.value.id, { followUpDone: true }, d!.etag),
    server.activities.updateActivity(rep, e!.value.id, { subject: 'Renamed touchpoint' }, e!.etag),
    server.activities.deleteActivity(rep, c!.value.id, c!.etag),
    server.activities.deleteActivity(rep, f!.value.id, f!.etag),
    server.activities.deleteActivity(rep, g!.value.id, g!.etag),
  ]);
  for (const [i, stageId] of ['demo', 'demo', 'won'].entries()) {
    const { value } = await server.pipeline.createOpportunity(rep, {
      title: `Verify ${i}`,
      accountId: account.id,
      amount: 1500.25,
      expectedCloseDate: '2027-04-30',
    });
    await server.pipeline.moveOpportunity(rep, value.id, { stageId });
  }
  await server.projector.settled(tenantId);
}, 60_000);
afterAll(() => server.stop());

describe('npm run verify and rebuild', () => {
  it('report drift row by row with exit 1 after a rollup row is corrupted, and none with exit 0 after a rebuild', async () => {
    expect(await cli('verify', '--tenant', tenantId)).toMatchObject({ code: 0 });
    const views = await testStorage().openTable(physicalTableOf('pipeline'));
    const partitionKey = partitionKeyOf(logicalTable(views, pipelineTables.views), tenantId, viewPartition(pipelineViewIds.funnel));
    const rowKey = composeKey(aggregateRow(figuresKey('all')));
    const stored = await views.getEntity<Record<string, string>>(partitionKey, rowKey);
    await views.updateEntity({ partitionKey, rowKey, p0: stored.p0!.replace('"count|demo":2', '"count|demo":3') }, 'Merge');

    const drifted = await cli('verify', '--tenant', tenantId);
    expect(drifted.code).toBe(1);
    expect(drifted.stdout).toContain(`${pipelineViewIds.funnel}\taggregate figures|all\texpected`);
    expect(drifted.stdout).toContain('"count|demo":3');

    const rebuilt = await cli('rebuild', '--tenant', tenantId, '--view', pipelineViewIds.funnel);
    expect(rebuilt.code, rebuilt.stderr).toBe(0);
    expect(rebuilt.stdout).toContain(pipelineViewIds.funnel);
    expect(await cli('verify', '--tenant', tenantId)).toMatchObject({ code: 0 });
    const funnel = await server.pipeline.funnel({ tenantId, userId: 'admin', displayName: 'Admin', roles: ['admin'] }, {});
    expect(funnel.stages.find((stage) => stage.stageId === 'demo')).toMatchObject({ count: 2, amount: 3000.5 });
  }, 240_000);

  it("report an activities count or list row that drifted, and none once the account's view is rebuilt", async () => {
    expect(await cli('verify', '--tenant', tenantId, '--view', activityViewIds.account)).toMatchObject({ code: 0 });
    const table = await testStorage().openTable(physicalTableOf('activities'));
    const partitionKey = partitionKeyOf(logicalTable(table, activityTables.views), tenantId, viewPartition(activityViewIds.account));
    const rowKey = composeKey(aggregateRow(accountKey(accountId)));
    const stored = await table.getEntity<Record<string, string>>(partitionKey, rowKey);
    expect(stored.p0).toContain('"activities":9');
    await table.updateEntity({ partitionKey, rowKey, p0: stored.p0!.replace('"activities":9', '"activities":10') }, 'Merge');
    const recent = partitionKeyOf(logicalTable(table, activityTables.lists), tenantId, listPartitions.recent(accountId));
    for await (const newest of table.listEntities({ queryOptions: { filter: where`PartitionKey eq ${recent}` } })) {
      await table.deleteEntity(newest.partitionKey!, newest.rowKey!);
      break;
    }

    const drifted = await cli('verify', '--tenant', tenantId);
    expect(drifted.code).toBe(1);
    expect(drifted.stdout).toContain(`${activityViewIds.account}\taggregate ${accountKey(accountId)}\texpected`);
    expect(drifted.stdout).toContain('"activities":10');
    expect(drifted.stdout).toContain(`${activityViewIds.account}\trow `);

    const rebuilt = await cli('rebuild', '--tenant', tenantId, '--view', activityViewIds.account);
    expect(rebuilt.code, rebuilt.stderr).toBe(0);
    expect(await cli('verify', '--tenant', tenantId)).toMatchObject({ code: 0 });
    const digest = await server.activities.accountDigest(tenantId, accountId);
    expect(digest.activityCount).toBe(9);
    expect(digest.recent.map((item) => item.occurredAt.slice(8, 10))).toEqual(['28', '21', '20', '19', '18']);
  }, 240_000);

  it('refuse an unknown tenant or view with exit 2, writing nothing', async () => {
    const unknownTenant = await cli('rebuild', '--tenant', newTenantId());
    expect(unknownTenant.code).toBe(2);
    expect(unknownTenant.stderr).toContain('Unknown tenant');
    const unknownView = await cli('verify', '--tenant', tenantId, '--view', 'pipeline.nothing');
    expect(unknownView.code).toBe(2);
    expect(unknownView.stderr).toContain('Unknown view "pipeline.nothing"');
    expect((await cli('verify')).code).toBe(2);
  }, 240_000);
});
