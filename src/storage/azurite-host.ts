// The embedded Azurite's own process: serves the emulator's table service and, however it is asked to stop (by the
// server, by a signal, or by the server dying), answers its in-flight requests and saves every write before it exits.
import { z } from 'zod';
import { installAzuriteFixes } from './azurite-fixes';
import { createTableServer } from './azurite-table-server';
import type { HostMessage, ServerMessage } from './azurite-protocol';

const optionsSchema = z.object({ port: z.number().int().min(1).max(65535), location: z.string().optional() });

/** How long a signalled emulator waits for the server that started it to ask for the close itself. */
const serverGraceMs = 30_000;
/** How long in-flight requests may take before the data is saved without them. */
const inFlightGraceMs = 5_000;

const options = optionsSchema.parse(JSON.parse(process.argv[2] ?? '{}'));
// Before Azurite's server exists; an Azurite these corrections do not fit stops here, with the reason in the output.
installAzuriteFixes();
const server = createTableServer(options);

function tell(message: HostMessage): Promise<void> {
  return new Promise((resolve) => {
    if (!process.connected || !process.send) resolve();
    else process.send(message, undefined, {}, () => resolve());
  });
}

let closing: Promise<void> | undefined;

/** Stops taking requests, lets the ones under way finish (for a while), then closes the store, which saves it. */
function close(reason: string): void {
  closing ??= (async () => {
    process.stderr.write(`closing (${reason})\n`);
    await new Promise<void>((resolve) => {
      setTimeout(resolve, inFlightGraceMs).unref();
      server.httpServer.stop(resolve);
    });
    await server.close();
    // Closing saves only what is not saved yet, and LokiJS counts a save as done once it has begun: a close during the
    // 5-second save would exit before that file is written. One more save waits for it, then writes the data again.
    if (options.location !== undefined) {
      await new Promise<void>((resolve, reject) => server.metadataStore.db.saveDatabase((error) => (error ? reject(error) : resolve())));
    }
  })().then(
    () => process.exit(0),
    (error: unknown) => {
      process.stderr.write(`could not close cleanly: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exit(1);
    },
  );
}

// This output goes to the server; once it has died there is nobody to read it, and the save must still happen.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
  });
}

process.on('message', (message: ServerMessage) => {
  if (message === 'close') close('asked by the server');
});
// The server is gone (it exited, crashed or was killed): nobody will ask any more, so save now.
process.on('disconnect', () => close('the server that started it has gone'));
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.on(signal, () => {
    // A terminal or service manager signals the server too, which closes this process once its own requests are
    // done, so they can still be stored. Alone, or if the server never asks, close anyway.
    if (!process.connected) close(signal);
    else setTimeout(() => close(`${signal}, not followed by the server`), serverGraceMs).unref();
  });
}

server.start().then(
  () => tell({ kind: 'listening' }),
  async (error: NodeJS.ErrnoException) => {
    process.stderr.write(`could not start: ${error.message}\n`);
    await tell({ kind: 'failed', code: error.code ?? 'UNKNOWN', message: error.message });
    process.exit(1);
  },
);
