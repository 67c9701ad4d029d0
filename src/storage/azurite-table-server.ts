// Azurite's table server as the product runs it: on loopback, in memory or saving to a folder. The embedded emulator's
// process (azurite-host.ts) and the bench scripts that time the emulator alone make it here.
import { createRequire } from 'node:module';
import { join } from 'node:path';

/** The parts of Azurite's table server the product uses (the package ships no type declarations). */
export interface TableServer {
  start(): Promise<void>;
  close(): Promise<void>;
  httpServer: { stop(done: () => void): void };
  /** The emulator's LokiJS database. */
  metadataStore: { db: { saveDatabase(done: (error?: Error) => void): void } };
}

/** A table server on 127.0.0.1:`port`; with `location`, its database is saved in that folder, otherwise kept in memory. */
export function createTableServer({ port, location }: { port: number; location?: string }): TableServer {
  const require = createRequire(import.meta.url);
  const TableServerClass = require('azurite/dist/src/table/TableServer.js').default as new (config: unknown) => TableServer;
  const TableConfiguration = require('azurite/dist/src/table/TableConfiguration.js').default as new (...args: unknown[]) => unknown;
  const tableDbFile: string = require('azurite/dist/src/table/utils/constants.js').DEFAULT_TABLE_LOKI_DB_PATH;
  // Host, port, keep-alive (s), database file, debug log, access log; then the defaults up to in-memory persistence.
  const config = new TableConfiguration(
    '127.0.0.1',
    port,
    5,
    join(location ?? '.', tableDbFile),
    false,
    false,
    undefined,
    undefined,
    false,
    false,
    '',
    '',
    '',
    undefined,
    false,
    location === undefined,
  );
  return new TableServerClass(config);
}
