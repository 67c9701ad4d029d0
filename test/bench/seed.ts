// Seeds one tenant at the scale through the app's own services: accounts and contacts in batches, activities by bulk import.
import { performance } from 'node:perf_hooks';
import type { Actor } from '../../src/core/actor';
import { systemClock } from '../../src/core/clock';
import { forEachLimited } from '../../src/core/concurrency';
import { coreMessages } from '../../src/core/core.messages';
import { I18n } from '../../src/core/i18n';
import { createLogger } from '../../src/core/logger';
import { loadPlugins } from '../../src/core/plugin-host';
import { generateAccount, generateActivity, generateContact, toNewActivity } from '../../src/demo/crm-data.generator';
import { plugins } from '../../src/plugins';
import type { AccountsService } from '../../src/plugins/accounts';
import type { ActivitiesPluginService, NewActivity } from '../../src/plugins/activities';
import type { BatchOutcome } from '../../src/plugins/accounts/accounts.service';
import { createLeases } from '../../src/storage/leases';
import { createOutbox } from '../../src/storage/outbox';
import { createProjector } from '../../src/storage/projector';
import { createTableStorage } from '../../src/storage/table-storage';

/** The data set at scale 1. */
export const fullScale = { accounts: 100_000, contactsPerAccount: 3, activitiesPerAccount: 10 } as const;
/** Reps who own the accounts and author their activities: about 55 activities per rep per day over the year. */
const repCount = 50;
/** Accounts or contacts per import call: the more, the more of their search rows share a transaction. */
const batchSize = 5000;
/** Batches in flight; each sends several transactions side by side, so more would only queue in the emulator. */
const batchesInFlight = 2;
const progressEveryMs = 15_000;

export interface SeedOptions {
  connectionString: string;
  scale: number;
  seed: number;
  tenantId: string;
  /** Seeding that takes longer stops with its rates and a projection rather than running on for hours. */
  maxMinutes: number;
  print(line: string): void;
}

export interface SeedPhase {
  name: string;
  rows: number;
  seconds: number;
  /** Milliseconds per batch of 5,000, where the phase writes in such batches. */
  batchMs: number[];
}

export interface SeededTenant {
  tenantId: string;
  /** By generator index: account `i` is `generateAccount(seed, i)`. */
  accounts: { id: string; name: string }[];
  reps: Actor[];
  phases: SeedPhase[];
  seconds: number;
}

const repActor = (tenantId: string, k: number): Actor => ({ tenantId, userId: `rep-${k}`, displayName: `Rep ${k}`, roles: ['rep'] });
/** Accounts are owned batch by batch, so one rep's accounts are every `repCount`-th batch. */
const ownerOf = (accountIndex: number) => Math.floor(accountIndex / batchSize) % repCount;

function storedOrThrow<T>(outcomes: BatchOutcome<T>[], what: string): T[] {
  return outcomes.map((outcome, index) => {
    if (!outcome.ok) throw new Error(`seeding: ${what} ${index} of a batch was refused`, { cause: outcome.error });
    return outcome.stored.value;
  });
}

const rate = (rows: number, seconds: number) => Math.round(rows / Math.max(seconds, 0.001)).toLocaleString('en');

/**
 * Progress lines while a phase runs, with the whole seeding projected at the phase's current rate (rates fall as the
 * tables grow, so it is a lower bound); past `maxMinutes` the seeding stops with its rates and that projection.
 */
function tracker(options: SeedOptions, started: number, phases: SeedPhase[], plan: { name: string; rows: number }[]) {
  return (name: string, total: number) => {
    const phaseStart = performance.now();
    const later = plan.slice(plan.findIndex((p) => p.name === name) + 1).reduce((sum, p) => sum + p.rows, 0);
    let lastPrint = phaseStart;
    return (done: number) => {
      const now = performance.now();
      const seconds = (now - phaseStart) / 1000;
      const elapsedMinutes = (now - started) / 60_000;
      const projected = elapsedMinutes + (total - done + later) / Math.max(done / Math.max(seconds, 0.001), 0.001) / 60;
      if (elapsedMinutes > options.maxMinutes) {
        const rates = [
          ...phases.map((p) => `${p.name} ${rate(p.rows, p.seconds)} rows/s`),
          `${name} ${rate(done, seconds)} rows/s (${done.toLocaleString('en')} of ${total.toLocaleString('en')} after ${seconds.toFixed(0)} s)`,
        ];
        throw new Error(
          `seeding passed BENCH_SEED_MAX_MINUTES=${options.maxMinutes}: ${rates.join(', ')}; the whole set would take at least ${projected.toFixed(0)} minutes. Try a smaller BENCH_SCALE.`,
        );
      }
      if (now - lastPrint < progressEveryMs) return;
      lastPrint = now;
      options.print(
        `  ${name}: ${done.toLocaleString('en')} of ${total.toLocaleString('en')} (${rate(done, seconds)} rows/s; at this rate the whole seeding takes ${projected.toFixed(1)} min)`,
      );
    };
  };
}

/** Seeds `tenantId` with `scale` × the data set (100,000 accounts, 3 contacts and 10 activities each). */
export async function seedTenant(options: SeedOptions): Promise<SeededTenant> {
  const { tenantId, seed } = options;
  const storage = createTableStorage({ kind: 'connection-string', connectionString: options.connectionString });
  const i18n = new I18n();
  i18n.add('core', coreMessages);
  const projector = createProjector({
    leases: createLeases(await storage.openTable('Leases'), systemClock),
    clock: systemClock,
    log: createLogger('error'),
  });
  const loaded = await loadPlugins(plugins, {
    openTable: (name) => storage.openTable(name),
    i18n,
    clock: systemClock,
    log: createLogger('error'),
    publicUrl: 'http://127.0.0.1',
    outbox: await createOutbox({ storage, clock: systemClock, log: createLogger('error') }),
    projector,
  });
  const accountsService = loaded.plugins.find((p) => p.id === 'accounts')!.parts.service as AccountsService;
  const importer = loaded.plugins.find((p) => p.id === 'activities')!.parts.service as ActivitiesPluginService;

  const accountCount = Math.max(1, Math.round(fullScale.accounts * options.scale));
  const reps = Array.from({ length: Math.min(repCount, Math.ceil(accountCount / batchSize)) }, (_, k) => repActor(tenantId, k));
  const plan = [
    { name: 'accounts', rows: accountCount },
    { name: 'contacts', rows: accountCount * fullScale.contactsPerAccount },
    { name: 'activities', rows: accountCount * fullScale.activitiesPerAccount },
  ];
  const started = performance.now();
  const phases: SeedPhase[] = [];
  const track = tracker(options, started, phases, plan);
  const accounts: { id: string; name: string }[] = new Array(accountCount);
  const finish = (phase: SeedPhase) => {
    phases.push(phase);
    options.print(
      `  seeded ${phase.rows.toLocaleString('en')} ${phase.name} in ${phase.seconds.toFixed(1)} s: ${rate(phase.rows, phase.seconds)} rows/s`,
    );
  };

  async function batched(name: string, rows: number, writeBatch: (first: number, count: number) => Promise<void>): Promise<void> {
    const progress = track(name, rows);
    const phaseStart = performance.now();
    const batchMs: number[] = [];
    let done = 0;
    await forEachLimited(
      Array.from({ length: Math.ceil(rows / batchSize) }, (_, b) => b),
      batchesInFlight,
      async (b) => {
        const start = performance.now();
        const first = b * batchSize;
        await writeBatch(first, Math.min(batchSize, rows - first));
        batchMs.push(performance.now() - start);
        done += Math.min(batchSize, rows - first);
        progress(done);
      },
    );
    finish({ name, rows, seconds: (performance.now() - phaseStart) / 1000, batchMs });
  }

  await batched('accounts', accountCount, async (first, count) => {
    const inputs = Array.from({ length: count }, (_, i) => generateAccount(seed, first + i).account);
    const stored = storedOrThrow(await accountsService.importAccounts(reps[ownerOf(first)]!, inputs), 'account');
    stored.forEach((account, i) => (accounts[first + i] = { id: account.id, name: account.name }));
  });

  const perAccount = fullScale.contactsPerAccount;
  await batched('contacts', accountCount * perAccount, async (first, count) => {
    const inputs = Array.from({ length: count }, (_, i) => {
      const accountIndex = Math.floor((first + i) / perAccount);
      return { ...generateContact(seed, accountIndex, (first + i) % perAccount), accountId: accounts[accountIndex]!.id };
    });
    storedOrThrow(await accountsService.importContacts(reps[ownerOf(Math.floor(first / perAccount))]!, inputs), 'contact');
  });

  // One import per rep; the projector applies the imported activities to the views in batches as they are written.
  const activityRows = accountCount * fullScale.activitiesPerAccount;
  const progress = track('activities', activityRows);
  const phaseStart = performance.now();
  const names = new Map(accounts.map((account) => [account.id, account.name]));
  const now = new Date();
  let done = 0;
  for (const [k, rep] of reps.entries()) {
    const inputs: NewActivity[] = [];
    for (let i = 0; i < accountCount; i += 1) {
      if (ownerOf(i) !== k) continue;
      for (let j = 0; j < fullScale.activitiesPerAccount; j += 1)
        inputs.push(toNewActivity(generateActivity(seed, i, j), accounts[i]!.id, now));
    }
    const before = done;
    await importer.importActivities(rep, inputs, {
      accountNames: names,
      concurrency: 16,
      onProgress: (stored) => progress((done = before + stored)),
    });
  }
  await projector.idle();
  finish({ name: 'activities', rows: activityRows, seconds: (performance.now() - phaseStart) / 1000, batchMs: [] });

  const seconds = (performance.now() - started) / 1000;
  options.print(`  seeding took ${seconds.toFixed(1)} s in all`);
  return { tenantId, accounts, reps, phases, seconds };
}
