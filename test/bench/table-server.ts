// Azurite's table server inside a bench script's own process, in memory, configured as azurite-host.ts configures it.
import { createRequire } from 'node:module';

/** Azurite's table server in this process, in memory, as azurite-host.ts configures it. */
export async function startTableServer(port: number): Promise<void> {
  const require = createRequire(import.meta.url);
  const TableServer = require('azurite/dist/src/table/TableServer.js').default as new (config: unknown) => { start(): Promise<void> };
  const TableConfiguration = require('azurite/dist/src/table/TableConfiguration.js').default as new (...args: unknown[]) => unknown;
  const config = new TableConfiguration(
    '127.0.0.1',
    port,
    5,
    'bench.json',
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
    true,
  );
  await new TableServer(config).start();
}

