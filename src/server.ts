// The composition root: storage (embedded Azurite unless configured), plugins, scheduled jobs, bot, tab API and HTTP listener.
import { readFileSync } from 'node:fs';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { DefaultAzureCredential } from '@azure/identity';
import type { Express } from 'express';
import { createBotAdapter } from '../bot/adapter';
import { botEndpoint } from '../bot/bot-endpoint';
import { CrmBot } from '../bot/crm-bot';
import { setUpProactiveDelivery, type DeliveryOptions } from '../bot/delivery-setup';
import type { Config } from './config';
import { coreMessages } from './core/core.messages';
import { AppError } from './core/errors';
import { systemClock, type Clock } from './core/clock';
import { I18n } from './core/i18n';
import { createLogger, type Logger } from './core/logger';
import type { ManagerDirectory } from './core/notifier';
import type { AnyPlugin } from './core/plugin';
import { loadPlugins, type LoadedPlugins } from './core/plugin-host';
import { createScheduler } from './core/scheduler';
import type { Role } from './core/actor';
import { loadDemoData } from './demo/demo-data.loader';
import { createHttpApp } from './http/app';
import { bearerAuthenticator, devAuthenticator, type Authenticate } from './http/auth.middleware';
import { createSsoVerifier } from './http/sso-token';
import { tabNames } from './http/tab-pages';
import { plugins as defaultPlugins } from './plugins';
import { peoplePlugin, type PeopleService } from './plugins/people';
import { isValidTimeZone } from './plugins/activities';
import { startAzurite, type RunningAzurite } from './storage/azurite';
import { createJobStore } from './storage/job-leases';
import { createLeases } from './storage/leases';
import { createOutbox } from './storage/outbox';
import type { StorageMeter } from './storage/storage-meter';
import { createProjector } from './storage/projector';
import { createTableStorage, type StorageTarget, type TableStorage } from './storage/table-storage';
import { createTenantRegistry } from './storage/tenant-registry';

export interface RunningServer {
  url: string;
  /** Every tab the server serves, by its folder name under `/tabs/`, with its URL. */
  tabs: { name: string; url: string }[];
  /**
   * Stops taking requests and lets those under way finish (for up to `drainMs`) while running scheduled jobs finish
   * (for up to the scheduler's stop budget, else they are handed over), lets the plugins finish their background work,
   * then closes the embedded Azurite if this server started one, which saves every write.
   */
  stop(): Promise<void>;
  /** Called if the embedded Azurite dies and cannot be started again: the server cannot go on and should stop. */
  onStorageLost(listener: (reason: string) => void): void;
}

export interface ServerOverrides {
  plugins?: readonly AnyPlugin[];
  clock?: Clock;
  log?: Logger;
  /** Who each person's manager is, for cards sent to a manager. */
  managers?: ManagerDirectory;
  /** Retry timing and rate limits of proactive delivery; Teams' own limits and a back-off from 1 s by default. */
  delivery?: Omit<DeliveryOptions, 'managers'>;
  /** Counts the storage requests and entities of every table client the server makes; the bench reads it. */
  meter?: StorageMeter;
}

export const version: string = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).version;
const tabsDir = fileURLToPath(new URL('../dist/tabs', import.meta.url));
/** How long requests under way at a stop may take before their connections are cut. */
const drainMs = 8_000;

async function storageTarget(config: Config, log: Logger): Promise<{ target: StorageTarget; azurite?: RunningAzurite }> {
  if (config.storage.kind === 'connection-string') return { target: config.storage };
  if (config.storage.kind === 'account-url') {
    return { target: { kind: 'account-url', accountUrl: config.storage.accountUrl, credential: new DefaultAzureCredential() } };
  }
  const azurite = await startAzurite({ port: config.storage.port, location: config.storage.location, log });
  log.info('embedded Azurite started', { port: azurite.port, location: config.storage.location });
  return { target: { kind: 'connection-string', connectionString: azurite.connectionString }, azurite };
}

/** The demo data set for the dev identity, in the server's own time zone so its follow-ups fall due today where it runs. */
async function loadDemo(config: Config, loaded: LoadedPlugins, clock: Clock, log: Logger): Promise<void> {
  const actor = { ...config.devIdentity, roles: ['rep', 'manager', 'admin'] as Role[] };
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  const result = await loadDemoData(loaded, actor, { clock, log, timeZone: isValidTimeZone(zone) ? zone : 'UTC' });
  if (!result.loaded) log.info('demo data not loaded', { tenantId: actor.tenantId, reason: result.reason });
}

/** Bot turns and tab calls take their roles from the people plugin's directory; a plugin set without it cannot run. */
function peopleOf(loaded: LoadedPlugins): PeopleService {
  const people = loaded.serviceOf(peoplePlugin);
  if (!people)
    throw new Error('The plugin set has no "people" plugin, which holds every tenant\'s roles and teams; add it to the plugin list.');
  return people;
}

/** The embedded Azurite's own state first: while it is being restarted, storage is down whatever a ping would find. */
async function pingStorage(storage: TableStorage, azurite: RunningAzurite | undefined): Promise<void> {
  const outage = azurite?.outage();
  if (outage) throw new AppError('STORAGE_UNAVAILABLE', {}, { reason: outage });
  await storage.ping();
}

/** Express passes a failure to listen (a taken port, say) to the callback, not as an 'error' event. */
function listen(app: Express, config: Config): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = app.listen(config.port, config.host, (error?: NodeJS.ErrnoException) => {
      if (!error) resolve(server);
      else
        reject(
          error.code === 'EADDRINUSE'
            ? new Error(`Port ${config.port} on ${config.host} is taken by another program. Stop it, or set PORT to a free port.`)
            : error,
        );
    });
  });
}

/** Stops taking connections; requests under way get `drainMs` to finish, then what is left is cut. */
async function closeListener(server: Server, log: Logger): Promise<void> {
  const cut = setTimeout(() => {
    log.warn('requests still under way at the stop were cut', { afterMs: drainMs });
    server.closeAllConnections();
  }, drainMs);
  await new Promise<void>((resolve) => server.close(() => resolve()));
  clearTimeout(cut);
}

export async function startServer(config: Config, overrides: ServerOverrides = {}): Promise<RunningServer> {
  const log = overrides.log ?? createLogger(config.logLevel);
  const clock = overrides.clock ?? systemClock;
  const { target, azurite } = await storageTarget(config, log);
  /** Once the plugins are set up, a failed start stops them again. */
  let stopPlugins = async () => {};
  let stopDelivery: (() => Promise<void>) | undefined;
  /** The people directory: roles for the edges, and each person's manager for proactive cards; set up with the plugins. */
  let people: PeopleService | undefined;
  try {
    const storage = createTableStorage(target, config.tablePrefix, { meter: overrides.meter });
    const i18n = new I18n();
    i18n.add('core', coreMessages);
    const tenants = createTenantRegistry(await storage.openTable('Tenants'), clock);
    const leases = createLeases(await storage.openTable('Leases'), clock);
    const { delivery, capture } = await setUpProactiveDelivery((name) => storage.openTable(name), config.bot, clock, log, {
      // The people directory knows each person's manager; it is set up with the plugins, after delivery.
      managers: overrides.managers ?? { managerOf: async (tenantId, userId) => people?.managerOf(tenantId, userId) },
      ...overrides.delivery,
    });
    stopDelivery = () => delivery.stop();
    const outbox = await createOutbox({ storage, clock, log });
    const projector = createProjector({ leases, clock, log: log.child({ component: 'projector' }) });
    const loaded = await loadPlugins(overrides.plugins ?? defaultPlugins, {
      openTable: (name) => storage.openTable(name),
      i18n,
      clock,
      log,
      publicUrl: config.publicUrl,
      ...(config.teamsAppId ? { teamsAppId: config.teamsAppId } : {}),
      notifierFor: (pluginId) => delivery.notifierFor(pluginId),
      outbox,
      projector,
    });
    stopPlugins = () => loaded.stop();
    await loaded.start();
    if (config.demoData) await loadDemo(config, loaded, clock, log);
    const scheduler = createScheduler({
      jobs: loaded.jobs,
      store: createJobStore(leases, tenants, log),
      clock,
      log: log.child({ component: 'scheduler' }),
      ...config.scheduler,
    });
    const adapter = createBotAdapter(config.bot, i18n, log);
    people = peopleOf(loaded);
    const directory = people;
    const bot = new CrmBot(loaded, i18n, directory, tenants, capture);
    const signIn = config.devMode ? devAuthenticator(config.devIdentity) : bearerAuthenticator(createSsoVerifier(config.sso!));
    // Every signed-in request records its tenant, so scheduled jobs run for it.
    const authenticate: Authenticate = async (req) => {
      const signedIn = await signIn(req);
      await tenants.ensure(signedIn.tenantId);
      return signedIn;
    };
    const app = createHttpApp({
      loaded,
      authenticate,
      directory,
      // Dev mode: chat turns act as the tab API's dev identity, whatever tenant the Agents Playground sends.
      botEndpoint: botEndpoint(adapter, bot, { i18n, log, ...(config.devMode ? { localActor: authenticate } : {}) }),
      health: { ping: () => pingStorage(storage, azurite), plugins: loaded.plugins.map((p) => p.id), version },
      admin: { jobs: scheduler, deliveries: delivery.log },
      tabsDir,
      log,
    });
    const server = await listen(app, config);
    // Delivers the events a stopped process left behind; one process at a time sweeps.
    const sweeper = outbox.startSweeper();
    let stopping: Promise<void> | undefined;
    // Once stopping, every answer closes its connection, so keep-alive clients do not send more.
    server.prependListener('request', (_req: IncomingMessage, res: ServerResponse) => {
      if (stopping) res.shouldKeepAlive = false;
    });
    const { port } = server.address() as AddressInfo;
    const host = config.host.includes(':') ? `[${config.host}]` : config.host;
    const url = `http://${host}:${port}`;
    azurite?.announce(url);
    scheduler.start();
    return {
      url,
      tabs: tabNames(tabsDir).map((name) => ({ name, url: `${url}/tabs/${name}/` })),
      stop() {
        stopping ??= (async () => {
          await Promise.all([closeListener(server, log), scheduler.stop(config.scheduler.stopMs)]);
          // The projector first: a sweep under way waits on it, and it leaves a long backlog to the next process.
          await Promise.all([sweeper.stop(), projector.stop()]);
          await loaded.stop();
          await delivery.stop();
          await azurite?.stop();
        })();
        return stopping;
      },
      onStorageLost: (listener) => azurite?.onLost(listener),
    };
  } catch (error) {
    await stopPlugins();
    await stopDelivery?.();
    await azurite?.stop();
    throw error;
  }
}
