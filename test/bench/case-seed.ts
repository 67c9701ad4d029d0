// Seeds one service desk as an import would: service teams and accounts through their services, then cases in transactions through the cases plugin's store and outbox.
import { performance } from 'node:perf_hooks';
import type { Actor } from '../../src/core/actor';
import { systemClock } from '../../src/core/clock';
import { forEachLimited } from '../../src/core/concurrency';
import { coreMessages } from '../../src/core/core.messages';
import { pluginOutbox } from '../../src/core/event-delivery';
import { I18n } from '../../src/core/i18n';
import { createLogger } from '../../src/core/logger';
import { loadPlugins } from '../../src/core/plugin-host';
import { generateAccount } from '../../src/demo/crm-data.generator';
import { plugins } from '../../src/plugins';
import { accountsPlugin } from '../../src/plugins/accounts';
import { casesEvents, casesPlugin, casesTables } from '../../src/plugins/cases';
import type { CaseRow } from '../../src/plugins/cases/case.schema';
import { caseAddress, casePartition, counterAddress, createCaseStore, entryRow, firstCaseNumber } from '../../src/plugins/cases/case.store';
import { peoplePlugin } from '../../src/plugins/people';
import { createLeases } from '../../src/storage/leases';
import { logicalTable } from '../../src/storage/logical-table';
import { createOutbox } from '../../src/storage/outbox';
import { createProjector } from '../../src/storage/projector';
import { publishKinds, type KindChange } from '../../src/storage/kind-transactions';
import { createTableStorage } from '../../src/storage/table-storage';
import { generateCase, openingTimes, type DeskAccount, type DeskTeam, type SeedCase } from './case-data';
import { meter, untilQuiet } from './harness';

/** The desk at scale 1: 10,000 open and 100,000 closed cases in one tenant. */
export const casesFullScale = { open: 10_000, closed: 100_000 } as const;
const teamNames = ['Service East', 'Service West', 'Service North', 'Service South', 'Service Online'];
const agentsPerTeam = 8;
/** Each case is three operations (the case, its opened line, its `case.changed` event): 33 fill Azure's 100. */
const casesPerTransaction = 33;
const transactionsInFlight = 8;
const progressEveryMs = 15_000;

export interface SeededDesk {
  tenantId: string;
  admin: Actor;
  teams: (DeskTeam & { managerId: string })[];
  accounts: DeskAccount[];
  /** Case numbers by whether the case is still open, and each case's team. */
  open: number[];
  /** The open cases as written, for a scenario that picks some by their clocks. */
  openRows: CaseRow[];
  closed: number[];
  teamOf: Map<number, string>;
  phases: { name: string; rows: number; seconds: number }[];
}

const person = (tenantId: string, userId: string, roles: Actor['roles']): Actor => ({
  tenantId,
  userId,
  displayName: userId.replace(/-/g, ' '),
  roles,
});
const rate = (rows: number, seconds: number) => Math.round(rows / Math.max(seconds, 0.001)).toLocaleString('en');

/** Seeds `tenantId` with `scale` × the desk; the projector of a host of its own builds the queues and KPI rollups. */
export async function seedDesk(options: {
  connectionString: string;
  tenantId: string;
  scale: number;
  seed: number;
  /** Open and closed cases to seed; the desk × `scale` unless given. */
  counts?: { open: number; closed: number };
  print(line: string): void;
}): Promise<SeededDesk> {
  const { tenantId, seed, print } = options;
  const storage = createTableStorage({ kind: 'connection-string', connectionString: options.connectionString }, '', { meter });
  const i18n = new I18n();
  i18n.add('core', coreMessages);
  const clock = systemClock;
  const log = createLogger('error');
  const outbox = await createOutbox({ storage, clock, log });
  const projector = createProjector({ leases: createLeases(await storage.openTable('Leases'), clock), clock, log });
  const loaded = await loadPlugins(plugins, {
    openTable: (name) => storage.openTable(name),
    i18n,
    clock,
    log,
    publicUrl: 'http://127.0.0.1',
    outbox,
    projector,
  });
  const people = loaded.serviceOf(peoplePlugin)!;
  const accountsService = loaded.serviceOf(accountsPlugin)!;
  const cases = loaded.serviceOf(casesPlugin)!;
  const phases: SeededDesk['phases'] = [];
  const phase = (name: string, rows: number, started: number) => {
    const seconds = (performance.now() - started) / 1000;
    phases.push({ name, rows, seconds });
    print(`  ${name}: ${rows.toLocaleString('en')} in ${seconds.toFixed(1)} s (${rate(rows, seconds)}/s)`);
  };

  try {
    let started = performance.now();
    const admin = person(tenantId, 'desk-admin', ['rep', 'admin']);
    await people.me(admin);
    const teams: SeededDesk['teams'] = [];
    for (const [t, name] of teamNames.entries()) {
      const managerId = `manager-${t}`;
      const memberIds = Array.from({ length: agentsPerTeam }, (_, k) => `agent-${t}-${k}`);
      for (const userId of [managerId, ...memberIds]) await people.me(person(tenantId, userId, ['rep', 'service-agent']));
      const team = await people.createTeam(admin, { name, kind: 'service' });
      for (const userId of memberIds) await people.addMember(admin, team.id, userId);
      await people.setManager(admin, team.id, managerId);
      teams.push({ id: team.id, name, memberIds, managerId });
    }
    phase('service teams', teams.length, started);

    started = performance.now();
    const accountCount = Math.max(20, Math.round(2_000 * options.scale));
    const accounts: DeskAccount[] = [];
    const batches = Array.from({ length: Math.ceil(accountCount / 100) }, (_, b) => b);
    await forEachLimited(batches, 4, async (b) => {
      const inputs = Array.from({ length: Math.min(100, accountCount - b * 100) }, (_, i) => generateAccount(seed, b * 100 + i).account);
      const rep = person(tenantId, `rep-${b % 10}`, ['rep']);
      for (const outcome of await accountsService.importAccounts(rep, inputs)) {
        if (!outcome.ok) throw new Error('seeding cases: an account was refused', { cause: outcome.error });
        const { id, name, ownerId, tags } = outcome.stored.value;
        accounts.push({ id, name, ownerId, tags });
      }
    });
    phase('accounts', accounts.length, started);

    const counts = options.counts ?? {
      open: Math.max(1, Math.round(casesFullScale.open * options.scale)),
      closed: Math.max(1, Math.round(casesFullScale.closed * options.scale)),
    };
    const total = counts.open + counts.closed;
    const settings = await cases.settings(tenantId);
    const now = Date.now();
    const table = await storage.openTable('Cases');
    const store = createCaseStore({ cases: logicalTable(table, casesTables.cases), settings: logicalTable(table, casesTables.settings) });
    // The numbers are taken up front, as an import would claim its block, so cases opened meanwhile get later ones.
    await store.counter.create(counterAddress(tenantId), { next: firstCaseNumber + total });
    started = performance.now();
    const seeded: SeedCase[] = openingTimes(seed, counts, now).map(({ openedAt, closed }, i) =>
      generateCase(seed, i, { number: firstCaseNumber + i, openedAt, closed, now, accounts, teams, settings }),
    );
    phase('cases generated (clocks worked out)', seeded.length, started);

    // Each transaction: up to 33 cases of one bucket partition with their lines and events, in number order overall.
    const byBucket = new Map<string, SeedCase[]>();
    for (const one of seeded) {
      const bucket = casePartition(one.row.number).join('/');
      const inBucket = byBucket.get(bucket) ?? [];
      inBucket.push(one);
      byBucket.set(bucket, inBucket);
    }
    const transactions = [...byBucket.values()]
      .flatMap((inBucket) =>
        Array.from({ length: Math.ceil(inBucket.length / casesPerTransaction) }, (_, c) =>
          inBucket.slice(c * casesPerTransaction, (c + 1) * casesPerTransaction),
        ),
      )
      .sort((a, b) => a[0]!.row.number - b[0]!.row.number);
    const events = pluginOutbox(casesPlugin.id, casesEvents, outbox, clock);
    started = performance.now();
    let written = 0;
    let lastPrint = started;
    await forEachLimited(transactions, transactionsInFlight, async (batch) => {
      const changes = batch.flatMap(({ row, entry }): KindChange[] => [
        { repository: store.cases, change: { kind: 'create', row: caseAddress(tenantId, row.number).row, value: row } },
        { repository: store.entries, change: { kind: 'create', row: entryRow(row.number, entry.seq), value: entry } },
      ]);
      await publishKinds(
        events,
        tenantId,
        casePartition(batch[0]!.row.number),
        changes,
        batch.map(({ row }) => events.event('case.changed', String(row.number), row.version, {})),
      );
      written += batch.length;
      if (performance.now() - lastPrint > progressEveryMs) {
        lastPrint = performance.now();
        print(
          `  cases written: ${written.toLocaleString('en')} of ${total.toLocaleString('en')} (${rate(written, (lastPrint - started) / 1000)}/s)`,
        );
      }
    });
    phase('cases written (case, opened line and event per case)', total, started);
    // The projector applies the events as they are delivered; the queues and rollups are done once it is idle.
    let lastCount = meter.counts().requests;
    const progress = setInterval(() => {
      const requests = meter.counts().requests;
      print(`  views: still applying (${Math.round((requests - lastCount) / (progressEveryMs / 1000))} storage requests/s)`);
      lastCount = requests;
    }, progressEveryMs);
    try {
      await outbox.idle();
      await projector.idle();
    } finally {
      clearInterval(progress);
    }
    phase('cases in the queues and KPI rollups (since the first write)', total, started);
    await loaded.stop();
    await untilQuiet();

    const openRows = seeded.filter(({ row }) => row.status !== 'closed').map(({ row }) => row);
    const open = openRows.map((row) => row.number);
    const closed = seeded.filter(({ row }) => row.status === 'closed').map(({ row }) => row.number);
    const teamOf = new Map(seeded.map(({ row }) => [row.number, row.teamId!]));
    return { tenantId, admin, teams, accounts, open, openRows, closed, teamOf, phases };
  } catch (error) {
    await loaded.stop().catch((stopError: unknown) => print(`  (the seeding host did not stop cleanly: ${String(stopError)})`));
    throw error;
  }
}
