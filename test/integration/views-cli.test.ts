// `npm run verify` and `npm run rebuild` as an operator runs them, against the run's Azurite: drift found row by row and
// exit 1, a rebuild that clears it, and exit 2 with nothing written for an unknown tenant or view.
import { execFile } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { systemClock } from '../../src/core/clock';
import { pipelineTables } from '../../src/plugins/pipeline';
import { figuresKey } from '../../src/plugins/pipeline/pipeline-rollups';
import { pipelineViewIds } from '../../src/plugins/pipeline/pipeline.views';
import { physicalTableOf } from '../../src/core/plugin-tables';
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

beforeAll(async () => {
  server = await startPipelineProcess(inject('azuriteConnectionString'), 'views-cli-test');
  await createTenantRegistry(await testStorage().openTable('Tenants'), systemClock).ensure(tenantId);
  const rep = { tenantId, userId: 'rep-a', displayName: 'Rep A', roles: ['rep' as const] };
  const { value: account } = await server.accounts.createAccount(rep, makeAccount({ name: '校验工具有限公司' }));
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
