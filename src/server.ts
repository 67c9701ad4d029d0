// The composition root: storage (embedded Azurite unless configured), plugins, bot, tab API and HTTP listener.
import { readFileSync } from 'node:fs';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { DefaultAzureCredential } from '@azure/identity';
import type { Express } from 'express';
import { botEndpoint, createBotAdapter } from '../bot/adapter';
import { CrmBot } from '../bot/crm-bot';
import type { Config } from './config';
import { coreMessages } from './core/core.messages';
import type { RoleDirectory } from './core/access';
import { AppError } from './core/errors';
import { systemClock, type Clock } from './core/clock';
import { I18n } from './core/i18n';
import { createLogger, type Logger } from './core/logger';
import type { PluginDefinition } from './core/plugin';
import { loadPlugins, type LoadedPlugins } from './core/plugin-host';
import type { Role } from './core/actor';
import { loadDemoData } from './demo/demo-data.loader';
import { createHttpApp } from './http/app';
import { bearerAuthenticator, devAuthenticator } from './http/auth.middleware';
import { createSsoVerifier } from './http/sso-token';
import { tabNames } from './http/tab-pages';
import { plugins as defaultPlugins } from './plugins';
import { peoplePlugin } from './plugins/people';
import { isValidTimeZone } from './plugins/activities';
import { startAzurite, type RunningAzurite } from './storage/azurite';
import { createTableStorage, type StorageTarget, type TableStorage } from './storage/table-storage';

export interface RunningServer {
  url: string;
  /** Every tab the server serves, by its folder name under `/tabs/`, with its URL. */
  tabs: { name: string; url: string }[];
  /**
   * Stops taking requests and lets those under way finish (for up to `drainMs`), lets the plugins finish their
   * background work, then closes the embedded Azurite if this server started one, which saves every write.
   */
  stop(): Promise<void>;
  /** Called if the embedded Azurite dies and cannot be started again: the server cannot go on and should stop. */
  onStorageLost(listener: (reason: string) => void): void;
}

export interface ServerOverrides {
  plugins?: readonly PluginDefinition[];
  clock?: Clock;
  log?: Logger;
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
function roleDirectoryOf(loaded: LoadedPlugins): RoleDirectory {
  const people = loaded.serviceOf(peoplePlugin);
  if (!people) throw new Error('The plugin set has no "people" plugin, which holds every tenant\'s roles and teams; add it to the plugin list.');
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
      else reject(error.code === 'EADDRINUSE' ? new Error(`Port ${config.port} on ${config.host} is taken by another program. Stop it, or set PORT to a free port.`) : error);
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
  const { target, azurite } = await storageTarget(config, log);
  try {
    const storage = createTableStorage(target, config.tablePrefix);
    const i18n = new I18n();
    i18n.add('core', coreMessages);
    const loaded = await loadPlugins(overrides.plugins ?? defaultPlugins, {
      openTable: (name) => storage.openTable(name),
      i18n,
      clock: overrides.clock ?? systemClock,
      log,
      publicUrl: config.publicUrl,
      ...(config.teamsAppId ? { teamsAppId: config.teamsAppId } : {}),
    });
    if (config.demoData) await loadDemo(config, loaded, overrides.clock ?? systemClock, log);
    const directory = roleDirectoryOf(loaded);
    const adapter = createBotAdapter(config.bot, i18n, log);
    const bot = new CrmBot(loaded, i18n, directory);
    const authenticate = config.devMode ? devAuthenticator(config.devIdentity) : bearerAuthenticator(createSsoVerifier(config.sso!));
    const app = createHttpApp({
      loaded,
      authenticate,
      directory,
      // Dev mode: chat turns act as the tab API's dev identity, whatever tenant the Agents Playground sends.
      botEndpoint: botEndpoint(adapter, bot, config.devMode ? authenticate : undefined),
      health: { ping: () => pingStorage(storage, azurite), plugins: loaded.plugins.map((p) => p.id), version },
      tabsDir,
      log,
    });
    const server = await listen(app, config);
    let stopping: Promise<void> | undefined;
    // Once stopping, every answer closes its connection, so keep-alive clients do not send more.
    server.prependListener('request', (_req: IncomingMessage, res: ServerResponse) => {
      if (stopping) res.shouldKeepAlive = false;
    });
    const { port } = server.address() as AddressInfo;
    const host = config.host.includes(':') ? `[${config.host}]` : config.host;
    const url = `http://${host}:${port}`;
    azurite?.announce(url);
    return {
      url,
      tabs: tabNames(tabsDir).map((name) => ({ name, url: `${url}/tabs/${name}/` })),
      stop() {
        stopping ??= (async () => {
          await closeListener(server, log);
          await loaded.stop();
          await azurite?.stop();
        })();
        return stopping;
      },
      onStorageLost: (listener) => azurite?.onLost(listener),
    };
  } catch (error) {
    await azurite?.stop();
    throw error;
  }
}
