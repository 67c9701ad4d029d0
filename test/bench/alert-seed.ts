// Seeds the alerts scenario's tenant as an import would: the service desk (case-seed.ts), then sales teams with their
// managers and open deals through the pipeline's import of past deals, some past their stage's dwell limit, some past their close date.
import { performance } from 'node:perf_hooks';
import type { Actor } from '../../src/core/actor';
import { systemClock } from '../../src/core/clock';
import { forEachLimited } from '../../src/core/concurrency';
import { coreMessages } from '../../src/core/core.messages';
import { I18n } from '../../src/core/i18n';
import { createLogger } from '../../src/core/logger';
import { loadPlugins } from '../../src/core/plugin-host';
import { seededRandom } from '../../src/demo/crm-data.generator';
import { plugins } from '../../src/plugins';
import { peoplePlugin } from '../../src/plugins/people';
import { pipelinePlugin } from '../../src/plugins/pipeline';
import type { PastOpportunity } from '../../src/plugins/pipeline/past-deals';
import { defaultStages } from '../../src/plugins/pipeline/stage-model.defaults';
import { createLeases } from '../../src/storage/leases';
import { createOutbox } from '../../src/storage/outbox';
import { createProjector } from '../../src/storage/projector';
import { createTableStorage } from '../../src/storage/table-storage';
import { seedDesk, type SeededDesk } from './case-seed';
import { meter, untilQuiet } from './harness';

/** The tenant at scale 1: 20,000 open deals over 200 reps and 10,000 open cases. */
export const alertsFullScale = { deals: 20_000, reps: 200, openCases: 10_000 } as const;
const repsPerTeam = 10;
/** Deals per rep whose expected close date has passed: 1,000 alerts to 200 reps at scale 1. */
export const lateDealsPerRep = 5;
/** Days a deal has been in its stage: exponential with this mean, so a few in each stage outstay its dwell limit. */
const meanDaysInStage = 7;
const dayMs = 86_400_000;
const openStages = defaultStages.filter((stage) => stage.kind === 'open');

export interface SalesTeam {
  id: string;
  name: string;
  managerId: string;
  memberIds: string[];
}

export interface SeededDeal {
  id: string;
  title: string;
  ownerId: string;
  amount: number;
  /** Past its stage's dwell limit when seeded. */
  stuck: boolean;
  /** Its expected close date has passed. */
  late: boolean;
}

export interface AlertsTenant {
  tenantId: string;
  desk: SeededDesk;
  sales: SalesTeam[];
  deals: SeededDeal[];
  /** Everyone an alert can go to, each of whom the bot will know. */
  people: string[];
  phases: { name: string; rows: number; seconds: number }[];
}

const person = (tenantId: string, userId: string): Actor => ({ tenantId, userId, displayName: userId.replace(/-/g, ' '), roles: ['rep'] });
const pad = (n: number, width: number) => String(n).padStart(width, '0');
const isoDate = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** A rep's deals as an import of an earlier CRM holds them: in a stage since some time, closing soon or late. */
function dealsOf(seed: number, rep: number, count: number, context: { now: number; accountIds: readonly string[]; team: string }) {
  const random = seededRandom(seed * 7_000_003 + rep);
  return Array.from({ length: count }, (_, k) => {
    const stage = openStages[Math.floor(random() * openStages.length)]!;
    const enteredAt = context.now - Math.min(120, -Math.log(1 - random()) * meanDaysInStage) * dayMs - 60_000;
    const late = k < lateDealsPerRep;
    const closeDay = late ? -1 - Math.floor(random() * 30) : 7 + Math.floor(random() * 170);
    const input: PastOpportunity = {
      title: `Deal R${pad(rep, 3)}-${pad(k, 4)}`,
      accountId: context.accountIds[Math.floor(random() * context.accountIds.length)]!,
      amount: Math.round(5_000 + random() * 495_000),
      stageId: stage.id,
      expectedCloseDate: isoDate(context.now + closeDay * dayMs),
      team: context.team,
      createdAt: new Date(enteredAt).toISOString(),
      moves: [],
    };
    const stuck = Math.floor((context.now - enteredAt) / dayMs) >= (stage.dwellLimitDays ?? Infinity);
    return { input, stuck, late };
  });
}

/** Seeds `tenantId` with `scale` × the tenant; a host of its own builds the views, as an import would. */
export async function seedAlertsTenant(options: {
  connectionString: string;
  tenantId: string;
  scale: number;
  seed: number;
  print(line: string): void;
}): Promise<AlertsTenant> {
  const { tenantId, scale, seed, print } = options;
  const open = Math.max(1, Math.round(alertsFullScale.openCases * scale));
  const desk = await seedDesk({ connectionString: options.connectionString, tenantId, scale, seed, counts: { open, closed: 0 }, print });
  const phases = [...desk.phases];
  const phase = (name: string, rows: number, started: number) => {
    const seconds = (performance.now() - started) / 1000;
    phases.push({ name, rows, seconds });
    print(`  ${name}: ${rows.toLocaleString('en')} in ${seconds.toFixed(1)} s (${Math.round(rows / Math.max(seconds, 0.001))}/s)`);
  };

  const storage = createTableStorage({ kind: 'connection-string', connectionString: options.connectionString }, '', { meter });
  const i18n = new I18n();
  i18n.add('core', coreMessages);
  const log = createLogger('error');
  const outbox = await createOutbox({ storage, clock: systemClock, log });
  const projector = createProjector({ leases: createLeases(await storage.openTable('Leases'), systemClock), clock: systemClock, log });
  const loaded = await loadPlugins(plugins, {
    openTable: (name) => storage.openTable(name),
    i18n,
    clock: systemClock,
    log,
    publicUrl: 'http://127.0.0.1',
    outbox,
    projector,
  });
  try {
    const people = loaded.serviceOf(peoplePlugin)!;
    const pipeline = loaded.serviceOf(pipelinePlugin)!;
    let started = performance.now();
    const reps = Math.max(repsPerTeam, Math.round(alertsFullScale.reps * scale));
    const sales: SalesTeam[] = [];
    for (let t = 0; t * repsPerTeam < reps; t += 1) {
      const name = `Sales ${t}`;
      const managerId = `sales-manager-${t}`;
      const memberIds = Array.from({ length: Math.min(repsPerTeam, reps - t * repsPerTeam) }, (_, k) => `rep-${t * repsPerTeam + k}`);
      for (const userId of [managerId, ...memberIds]) await people.me(person(tenantId, userId));
      const team = await people.createTeam(desk.admin, { name, kind: 'sales' });
      for (const userId of memberIds) await people.addMember(desk.admin, team.id, userId);
      await people.setManager(desk.admin, team.id, managerId);
      sales.push({ id: team.id, name, managerId, memberIds });
    }
    phase('sales teams', sales.length, started);

    started = performance.now();
    const total = Math.max(reps * lateDealsPerRep * 2, Math.round(alertsFullScale.deals * scale));
    const now = Date.now();
    const accountIds = desk.accounts.map((account) => account.id);
    const deals: SeededDeal[] = [];
    const owners = sales.flatMap((team) => team.memberIds.map((userId) => ({ userId, team: team.name })));
    await forEachLimited(owners, 4, async ({ userId, team }, rep) => {
      const count = Math.floor(total / reps) + (rep < total % reps ? 1 : 0);
      const generated = dealsOf(seed, rep, count, { now, accountIds, team });
      const stored = await pipeline.importPastOpportunities(
        person(tenantId, userId),
        generated.map(({ input }) => input),
      );
      stored.forEach(({ value }, i) =>
        deals.push({
          id: value.id,
          title: value.title,
          ownerId: userId,
          amount: value.amount,
          stuck: generated[i]!.stuck,
          late: generated[i]!.late,
        }),
      );
    });
    phase('open deals written (deal and event per deal)', deals.length, started);
    await outbox.idle();
    await projector.idle();
    phase('open deals in the board, due indexes and rollups (since the first write)', deals.length, started);
    await loaded.stop();
    await untilQuiet();
    const service = desk.teams.flatMap((team) => [team.managerId, ...team.memberIds]);
    const salesPeople = sales.flatMap((team) => [team.managerId, ...team.memberIds]);
    return { tenantId, desk, sales, deals, people: [...salesPeople, ...service], phases };
  } catch (error) {
    await loaded.stop().catch((stopError: unknown) => print(`  (the seeding host did not stop cleanly: ${String(stopError)})`));
    throw error;
  }
}
