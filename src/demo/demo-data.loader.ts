// Loads the demo data set into an empty dev tenant through the plugin services' import paths, so a new user sees a populated CRM.
import type { Actor } from '../core/actor';
import type { Clock } from '../core/clock';
import { forEachLimited } from '../core/concurrency';
import type { Logger } from '../core/logger';
import type { LoadedPlugins } from '../core/plugin-host';
import type { AccountsService } from '../plugins/accounts';
import type { BatchOutcome } from '../plugins/accounts/accounts.service';
import type { ActivitiesPluginService } from '../plugins/activities';
import type { CasesService } from '../plugins/cases';
import type { PeopleService } from '../plugins/people';
import type { PipelinePluginService, StageModel } from '../plugins/pipeline';
import { demoDataSet, demoMarkerAccount, type DemoDataSet, type DemoSetting } from './demo-data';
import { loadDemoCases } from './demo-cases';
import { loadDemoPeople } from './demo-people';

export type DemoLoadResult =
  | { loaded: true; accounts: number; contacts: number; activities: number; deals: number; leads: number; cases: number }
  | { loaded: false; reason: 'already-loaded' | 'tenant-not-empty' };

/** Imports (or leads) in flight at once: enough to overlap storage round trips without crowding a small machine. */
const concurrency = 4;

function storedOrThrow<T>(outcomes: BatchOutcome<T>[], what: string): T[] {
  return outcomes.map((outcome, index) => {
    if (!outcome.ok) throw new Error(`demo ${what} ${index} could not be stored`, { cause: outcome.error });
    return outcome.stored.value;
  });
}

function service<T>(loaded: LoadedPlugins, id: string): T {
  const plugin = loaded.plugins.find((p) => p.id === id);
  if (!plugin?.parts.service) throw new Error(`The demo data needs the "${id}" plugin`);
  return plugin.parts.service as T;
}

/** The tenant's stages the demo's deals go through: its open ones in order, its won and its lost. */
function stagesOf(model: StageModel): DemoSetting['stages'] {
  const active = model.stages.filter((stage) => !stage.retired);
  const idOf = (kind: 'won' | 'lost') => active.find((stage) => stage.kind === kind)!.id;
  return { open: active.filter((stage) => stage.kind === 'open'), won: idOf('won'), lost: idOf('lost') };
}

/** Items grouped by the index of the rep who writes them, in the reps' order. */
function byRep<T extends { [K in F]: number }, F extends string>(items: readonly T[], field: F): [number, T[]][] {
  const groups = new Map<number, T[]>();
  for (const item of items) groups.set(item[field], [...(groups.get(item[field]) ?? []), item]);
  return [...groups.entries()].sort(([a], [b]) => a - b);
}

/**
 * Loads the demo set as `actor` (the dev identity) once: a tenant that has the demo's first account already has the
 * demo, and a tenant with any other account is somebody's data, so neither is touched. A load cut short (the server
 * stopped within its first seconds) is not resumed: the accounts are there, so the tenant no longer counts as empty.
 * Each rep's activities and deals are written by that rep, through the import paths, so every view counts them as theirs.
 * @example await loadDemoData(loaded, devActor, { clock, log, timeZone: 'Asia/Shanghai' })
 */
export async function loadDemoData(
  loaded: LoadedPlugins,
  actor: Actor,
  options: { clock: Clock; log: Logger; timeZone: string },
): Promise<DemoLoadResult> {
  const accounts = service<AccountsService>(loaded, 'accounts');
  const activities = service<ActivitiesPluginService>(loaded, 'activities');
  const pipeline = service<PipelinePluginService>(loaded, 'pipeline');
  const people = service<PeopleService>(loaded, 'people');
  const cases = service<CasesService>(loaded, 'cases');
  if (await accounts.findAccountByName(actor.tenantId, demoMarkerAccount)) return { loaded: false, reason: 'already-loaded' };
  if ((await accounts.listAccounts(actor, {}, { pageSize: 1 })).items.length > 0) return { loaded: false, reason: 'tenant-not-empty' };

  const started = Date.now();
  const { value: model } = await pipeline.stageModel(actor.tenantId);
  const set = demoDataSet(options.clock.now(), { timeZone: options.timeZone, devUser: actor, stages: stagesOf(model) });
  const repActor = (index: number): Actor =>
    index === 0 ? actor : { tenantId: actor.tenantId, userId: set.reps[index]!.userId, displayName: set.reps[index]!.name, roles: ['rep'] };
  await loadDemoPeople(people, actor, set.reps);
  const stored = storedOrThrow(await accounts.importAccounts(actor, set.accounts), 'account');
  const chunks = Array.from({ length: Math.ceil(set.contacts.length / 100) }, (_, i) => set.contacts.slice(i * 100, (i + 1) * 100));
  const contacts = (
    await Promise.all(
      chunks.map(async (chunk) =>
        storedOrThrow(
          await accounts.importContacts(
            actor,
            chunk.map(({ accountIndex, contact }) => ({ ...contact, accountId: stored[accountIndex]!.id })),
          ),
          'contact',
        ),
      ),
    )
  ).flat();
  const accountNames = new Map(stored.map((account) => [account.id, account.name]));
  const contactAccounts = new Map(contacts.map((contact) => [contact.id, contact.accountId]));

  const loadActivities = forEachLimited(byRep(set.activities, 'authorIndex'), concurrency, async ([authorIndex, list]) => {
    const inputs = list.map(({ accountIndex, contactIndexes, activity }) => ({
      ...activity,
      accountId: stored[accountIndex]!.id,
      contactIds: contactIndexes.map((i) => contacts[i]!.id),
    }));
    await activities.importActivities(repActor(authorIndex), inputs, { accountNames, contactAccounts });
  });
  // One batch for every rep's deals: the tenant-wide and team rollup rows they all count in are written once.
  const loadDeals = pipeline.importPastOpportunities(
    actor,
    set.deals.map(({ repIndex, accountIndex, contactIndex, deal }) => {
      const contact = contacts[contactIndex]!;
      const owner = { userId: set.reps[repIndex]!.userId, name: set.reps[repIndex]!.name };
      return {
        ...deal,
        owner,
        accountId: stored[accountIndex]!.id,
        contacts: [{ contactId: contact.id, name: contact.name, ...(contact.cuteRole ? { cuteRole: contact.cuteRole } : {}) }],
      };
    }),
  );
  const loadLeads = forEachLimited(set.leads, concurrency, async ({ repIndex, lead, man }) => {
    const created = await pipeline.createLead(repActor(repIndex), lead);
    if (man) await pipeline.qualifyLead(repActor(repIndex), created.value.id, man, created.etag);
  });
  const loadCases = loadDemoCases(cases, people, actor, stored);
  const [, , , caseCount] = await Promise.all([loadActivities, loadDeals, loadLeads, loadCases]);

  const counts = { ...countsOf(set, stored.length, contacts.length), cases: caseCount };
  options.log.info('demo data loaded', { tenantId: actor.tenantId, ...counts, ms: Date.now() - started });
  return { loaded: true, ...counts };
}

const countsOf = (set: DemoDataSet, accounts: number, contacts: number) => ({
  accounts,
  contacts,
  activities: set.activities.length,
  deals: set.deals.length,
  leads: set.leads.length,
});
