// `npm start`: reads the configuration (the environment, then `.env`), starts the server, prints its URLs, and stops
// cleanly on Ctrl-C, SIGTERM or SIGHUP, so that every write it answered is saved.
import { existsSync } from 'node:fs';
import { loadConfig } from './config';
import { createLogger } from './core/logger';
import { startServer } from './server';

// Variables already set in the environment win over the file's; GUANXI_ENV_FILE names another file, or none when empty.
const envFile = process.env.GUANXI_ENV_FILE ?? '.env';
if (envFile && existsSync(envFile)) process.loadEnvFile(envFile);

const started = await Promise.resolve()
  .then(() => loadConfig())
  .then(async (config) => ({ config, log: createLogger(config.logLevel) }))
  .then(async ({ config, log }) => ({ config, log, server: await startServer(config, { log }) }))
  .catch((error: unknown) => {
    process.stderr.write(`Guanxi CRM could not start: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
const { config, log, server } = started;

/** `  Label:        value`, the values in one column. */
const line = (label: string, value: string) => `  ${`${label}:`.padEnd(15)}${value}`;
const tabLabel = (name: string) => `${name.charAt(0).toUpperCase()}${name.slice(1).replace(/-/g, ' ')} tab`;

process.stdout.write(
  [
    `Guanxi CRM is running${config.devMode ? ' in local development mode (dev identity, loopback only)' : ''}.`,
    line('Bot endpoint', `${server.url}/api/messages`),
    ...(server.tabs.length > 0
      ? server.tabs.map((tab) => line(tabLabel(tab.name), tab.url))
      : [line('Tabs', 'not built; run npm run build:tabs')]),
    line('API', `${server.url}/api/v1/<plugin>/…`),
    line('Health', `${server.url}/healthz`),
    line(
      'Storage',
      config.storage.kind === 'azurite'
        ? `embedded Azurite on 127.0.0.1:${config.storage.port}, data in ${config.storage.location}`
        : config.storage.kind,
    ),
    'Press Ctrl-C to stop.',
    '',
  ].join('\n'),
);

let stopping = false;

function stop(reason: Record<string, unknown>, exitCode: number): void {
  if (stopping) return;
  stopping = true;
  log.info('stopping', reason);
  server.stop().then(
    () => process.exit(exitCode),
    (error: unknown) => {
      log.error('stop failed', { error });
      process.exit(1);
    },
  );
}

// Ctrl-C reaches the whole process group (npm too, which passes it on), so a signal may come twice: one stop.
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => stop({ signal }, 0));

// A hung-up terminal can no longer be written to; the stop goes on without its output.
process.once('SIGHUP', () => {
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EIO' && error.code !== 'EPIPE') throw error;
    });
  }
});

server.onStorageLost((reason) => {
  process.stderr.write(`Guanxi CRM is stopping because its storage is gone: ${reason}.\n`);
  stop({ reason }, 1);
});
