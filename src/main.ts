// `npm start`: reads the configuration, starts the server, prints its URLs, and stops everything on Ctrl-C or SIGTERM.
import { loadConfig } from './config';
import { createLogger } from './core/logger';
import { startServer } from './server';

const started = await Promise.resolve()
  .then(() => loadConfig())
  .then(async (config) => ({ config, log: createLogger(config.logLevel) }))
  .then(async ({ config, log }) => ({ config, log, server: await startServer(config, { log }) }))
  .catch((error: unknown) => {
    process.stderr.write(`Guanxi CRM could not start: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
const { config, log, server } = started;

process.stdout.write(
  [
    `Guanxi CRM is running${config.devMode ? ' in local development mode (dev identity, loopback only)' : ''}.`,
    `  Bot endpoint:  ${server.url}/api/messages`,
    `  Home tab:      ${server.url}/tabs/home/`,
    `  API:           ${server.url}/api/v1/<plugin>/…`,
    `  Health:        ${server.url}/healthz`,
    `  Storage:       ${config.storage.kind === 'azurite' ? `embedded Azurite on 127.0.0.1:${config.storage.port}, data in ${config.storage.location}` : config.storage.kind}`,
    'Press Ctrl-C to stop.',
    '',
  ].join('\n'),
);

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    log.info('stopping', { signal });
    server.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        log.error('stop failed', { error });
        process.exit(1);
      },
    );
  });
}
