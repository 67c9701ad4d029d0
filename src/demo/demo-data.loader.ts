// Loads the demo data set into an empty dev tenant through the plugin services, so a new user sees a populated CRM.
import type { Actor } from '../core/actor';
import type { Clock } from '../core/clock';
import type { Logger } from '../core/logger';
import type { LoadedPlugins } from '../core/plugin-host';
import type { AccountsService } from '../plugins/accounts';
import type { ActivitiesService } from '../plugins/activities';
import type { BatchOutcome } from '../plugins/accounts/accounts.service';
import { demoDataSet, demoMarkerAccount } from './demo-data';

export type DemoLoadResult = { loaded: true; accounts: number; contacts: number; activities: number } | { loaded: false; reason: 'already-loaded' | 'tenant-not-empty' };

/** Activities logged at the same time: enough to load 400 in a couple of seconds without crowding storage. */
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

/**
 * Loads the demo set as `actor` (the dev identity) once: a tenant that has the demo's first account already has the
 * demo, and a tenant with any other account is somebody's data, so neither is touched. A load cut short (the server
 * stopped within its first seconds) is not resumed: the accounts are there, so the tenant no longer counts as empty.
 * @example await loadDemoData(loaded, devActor, { clock, log, timeZone: 'Asia/Shanghai' })
 */
export async function loadDemoData(loaded: LoadedPlugins, actor: Actor, options: { clock: Clock; log: Logger; timeZone: string }): Promise<DemoLoadResult> {
  const accounts = service<AccountsService>(loaded, 'accounts');
  const activities = service<ActivitiesService>(loaded, 'activities');
  if (await accounts.findAccountByName(actor.tenantId, demoMarkerAccount)) return { loaded: false, reason: 'already-loaded' };
  if ((await accounts.listAccounts(actor.tenantId, {}, { pageSize: 1 })).items.length > 0) return { loaded: false, reason: 'tenant-not-empty' };

  const set = demoDataSet(options.clock.now(), options.timeZone);
  const stored = storedOrThrow(await accounts.importAccounts(actor, set.accounts), 'account');
  const contactInputs = set.contacts.map(({ accountIndex, contact }) => ({ ...contact, accountId: stored[accountIndex]!.id }));
  const contacts: string[] = [];
  for (let first = 0; first < contactInputs.length; first += 100) {
    contacts.push(...storedOrThrow(await accounts.importContacts(actor, contactInputs.slice(first, first + 100)), 'contact').map((c) => c.id));
  }
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < set.activities.length) {
        const index = next++;
        const { accountIndex, contactIndexes, activity } = set.activities[index]!;
        const input = { ...activity, accountId: stored[accountIndex]!.id, contactIds: contactIndexes.map((i) => contacts[i]!) };
        await activities.logActivity(actor, input, { source: 'api' });
      }
    }),
  );
  options.log.info('demo data loaded', { tenantId: actor.tenantId, accounts: stored.length, contacts: contacts.length, activities: set.activities.length });
  return { loaded: true, accounts: stored.length, contacts: contacts.length, activities: set.activities.length };
}
