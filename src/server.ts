// The composition root: storage (embedded Azurite unless configured), plugins, bot, tab API and HTTP listener.
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { DefaultAzureCredential } from '@azure/identity';
import { createBotAdapter } from '../bot/adapter';
import { CrmBot } from '../bot/crm-bot';
import type { Config } from './config';
import { coreMessages } from './core/core.messages';
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
import { plugins as defaultPlugins } from './plugins';
import { isValidTimeZone } from './plugins/activities';
import { startAzurite, type RunningAzurite } from './storage/azurite';
import { createTableStorage, type StorageTarget } from './storage/table-storage';

export interface RunningServer {
  url: string;
  /** Closes the listener, then the embedded Azurite if this server started one. */
  stop(): Promise<void>;
}

export interface ServerOverrides {
  plugins?: readonly PluginDefinition[];
  clock?: Clock;
  log?: Logger;
}

export const version: string = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).version;
const tabsDir = fileURLToPath(new URL('../dist/tabs', import.meta.url));

async function storageTarget(config: Config, log: Logger): Promise<{ target: StorageTarget; azurite?: RunningAzurite }> {
  if (config.storage.kind === 'connection-string') return { target: config.storage };
  if (config.storage.kind === 'account-url') {
    return { target: { kind: 'account-url', accountUrl: config.storage.accountUrl, credential: new DefaultAzureCredential() } };
  }
  const azurite = await startAzurite({ port: config.storage.port, location: config.storage.location });
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
    const adapter = createBotAdapter(config.bot, i18n, log);
    const bot = new CrmBot(loaded, i18n, { devTenantId: config.devMode ? config.devIdentity.tenantId : undefined });
    const authenticate = config.devMode
      ? devAuthenticator({ ...config.devIdentity, roles: ['rep', 'manager', 'admin'] })
      : bearerAuthenticator(createSsoVerifier(config.sso!));
    const app = createHttpApp({
      loaded,
      authenticate,
      botEndpoint: (req, res) => adapter.process(req, res, (context) => bot.run(context)),
      health: { ping: () => storage.ping(), plugins: loaded.plugins.map((p) => p.id), version },
      tabsDir,
      log,
    });
    const server = await new Promise<import('node:http').Server>((resolve, reject) => {
      const listening = app.listen(config.port, config.host, () => resolve(listening)).once('error', reject);
    });
    const { port } = server.address() as AddressInfo;
    const host = config.host.includes(':') ? `[${config.host}]` : config.host;
    return {
      url: `http://${host}:${port}`,
      async stop() {
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        });
        await azurite?.stop();
      },
    };
  } catch (error) {
    await azurite?.stop();
    throw error;
  }
}
