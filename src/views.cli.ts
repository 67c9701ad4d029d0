// `npm run rebuild -- --tenant T [--view V]` and `npm run verify -- --tenant T [--view V]`: a tenant's derived views recomputed from its records.
//
// verify: recomputes each view in memory and prints every row, aggregate and footprint that differs from what is stored
// (view, key, expected, stored); exit 1 on drift, 0 when clean. rebuild: under each view's lease, replaces the view's
// stored rows with the recomputation and removes what no record derives; exit 0. An unknown tenant or view, or bad
// arguments: a message and exit 2, nothing written. Storage is the server's (the environment, then `.env`): with the
// embedded Azurite the server must be stopped first (the data folder is held by one emulator); with
// AZURE_TABLES_CONNECTION_STRING it runs beside running servers.
import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { loadConfig } from './config';
import { systemClock } from './core/clock';
import { coreMessages } from './core/core.messages';
import { I18n } from './core/i18n';
import { createLogger } from './core/logger';
import { loadPlugins } from './core/plugin-host';
import { plugins } from './plugins';
import { startAzurite, type RunningAzurite } from './storage/azurite';
import { createLeases } from './storage/leases';
import { createOutbox } from './storage/outbox';
import { rebuildView, verifyView } from './storage/projection-audit';
import { createProjector } from './storage/projector';
import { createTableStorage, type StorageTarget } from './storage/table-storage';
import { createTenantRegistry } from './storage/tenant-registry';

const usage =
  'usage: npm run rebuild -- --tenant <tenant id> [--view <view id>]  |  npm run verify -- --tenant <tenant id> [--view <view id>]';
/** How long a rebuild waits for a view's lease while a server applies changes to it. */
const leaseWaitMs = 60_000;

class UsageError extends Error {}

const out = (line: string) => process.stdout.write(`${line}\n`);

async function run(): Promise<number> {
  const envFile = process.env.GUANXI_ENV_FILE ?? '.env';
  if (envFile && existsSync(envFile)) process.loadEnvFile(envFile);
  const [command, ...rest] = process.argv.slice(2);
  if (command !== 'rebuild' && command !== 'verify') throw new UsageError(usage);
  let values: { tenant?: string; view?: string };
  try {
    ({ values } = parseArgs({ args: rest, options: { tenant: { type: 'string' }, view: { type: 'string' } }, strict: true }));
  } catch (error) {
    throw new UsageError(`${error instanceof Error ? error.message : String(error)}\n${usage}`);
  }
  if (!values.tenant) throw new UsageError(`--tenant is required\n${usage}`);
  const config = loadConfig();
  const log = createLogger(config.logLevel === 'info' ? 'warn' : config.logLevel);
  let azurite: RunningAzurite | undefined;
  let target: StorageTarget;
  if (config.storage.kind === 'azurite') {
    azurite = await startAzurite({ port: config.storage.port, location: config.storage.location, log });
    target = { kind: 'connection-string', connectionString: azurite.connectionString };
  } else if (config.storage.kind === 'connection-string') target = config.storage;
  else
    throw new UsageError(
      'The views tool reaches storage by connection string or the embedded Azurite; set AZURE_TABLES_CONNECTION_STRING.',
    );
  try {
    const storage = createTableStorage(target, config.tablePrefix);
    const tenants = createTenantRegistry(await storage.openTable('Tenants'), systemClock);
    if (!(await tenants.get(values.tenant))) throw new UsageError(`Unknown tenant "${values.tenant}": it is not in the tenant registry.`);
    const i18n = new I18n();
    i18n.add('core', coreMessages);
    const projector = createProjector({ leases: createLeases(await storage.openTable('Leases'), systemClock), clock: systemClock, log });
    await loadPlugins(plugins, {
      openTable: (name) => storage.openTable(name),
      i18n,
      clock: systemClock,
      log,
      publicUrl: config.publicUrl,
      outbox: await createOutbox({ storage, clock: systemClock, log }),
      projector,
    });
    const all = projector.views();
    if (values.view && !all.has(values.view)) throw new UsageError(`Unknown view "${values.view}". Views: ${[...all.keys()].join(', ')}.`);
    const chosen = values.view ? [all.get(values.view)!] : [...all.values()];
    const tenantId = values.tenant;
    if (command === 'verify') {
      let drifted = 0;
      for (const entry of chosen) {
        const drift = await verifyView(entry, tenantId);
        drifted += drift.length;
        for (const { view, key, expected, stored } of drift) out(`${view}\t${key}\texpected ${expected}\tstored ${stored}`);
      }
      out(
        drifted === 0
          ? `No drift in ${chosen.length} view(s) of tenant ${tenantId}.`
          : `${drifted} difference(s) in the views of tenant ${tenantId}.`,
      );
      return drifted === 0 ? 0 : 1;
    }
    for (const entry of chosen) {
      const result = await projector.withLease(tenantId, entry.view.source, leaseWaitMs, () => rebuildView(entry, tenantId));
      if (!result.done) {
        out(`${entry.view.id}: another process kept the view's lease for ${leaseWaitMs / 1000} s; try again.`);
        return 1;
      }
      out(`${entry.view.id}: ${result.value.written} row(s) written, ${result.value.removed} removed.`);
    }
    return 0;
  } finally {
    await azurite?.stop();
  }
}

run().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(error instanceof UsageError ? 2 : 1);
  },
);
