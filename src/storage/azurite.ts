// Starts the Azurite table service from node_modules as a child process, loopback only, telemetry off.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';

/** Azurite's published development account; its key is public and only valid against the emulator. */
export const azuriteAccount = {
  name: 'devstoreaccount1',
  key: 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==',
};

/** Size of each of the emulator's two young-generation spaces, in MiB (Node's default is 16). */
const youngGenerationMb = 64;

export interface AzuriteOptions {
  port: number;
  /** Folder for the data files; omitted, Azurite keeps everything in memory. */
  location?: string;
  /** Heap of the Azurite process in MiB (`--max-old-space-size`); Node's default is too small for millions of in-memory rows. */
  maxOldSpaceMb?: number;
}

export interface RunningAzurite {
  port: number;
  connectionString: string;
  stop(): Promise<void>;
}

export function azuriteConnectionString(port: number): string {
  return `DefaultEndpointsProtocol=http;AccountName=${azuriteAccount.name};AccountKey=${azuriteAccount.key};TableEndpoint=http://127.0.0.1:${port}/${azuriteAccount.name};`;
}

/** Resolves when Azurite listens; rejects with its own output when it exits first (a busy port, say). */
export async function startAzurite(options: AzuriteOptions): Promise<RunningAzurite> {
  const entry = createRequire(import.meta.url).resolve('azurite/dist/src/table/main.js');
  const args = ['--tableHost', '127.0.0.1', '--tablePort', String(options.port), '--disableTelemetry', '--silent'];
  if (options.location) {
    mkdirSync(options.location, { recursive: true });
    args.push('--location', options.location);
  } else {
    args.push('--inMemoryPersistence');
  }
  const heap = options.maxOldSpaceMb === undefined ? [] : [`--max-old-space-size=${Math.round(options.maxOldSpaceMb)}`];
  // Every request makes many short-lived objects; a larger young generation lets them die there instead of being
  // promoted, which with millions of rows in memory would mean long collections of the whole heap.
  const child = spawn(process.execPath, [`--max-semi-space-size=${youngGenerationMb}`, ...heap, entry, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  const stopOnExit = () => child.kill('SIGTERM');
  process.once('exit', stopOnExit);
  await waitUntilListening(child);
  return {
    port: options.port,
    connectionString: azuriteConnectionString(options.port),
    stop: () => {
      process.removeListener('exit', stopOnExit);
      return stopChild(child);
    },
  };
}

function waitUntilListening(child: ChildProcess): Promise<void> {
  return new Promise((resolve, reject) => {
    let output = '';
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('successfully started')) {
        child.stdout?.removeListener('data', onData);
        child.removeListener('exit', onExit);
        child.stdout?.resume();
        resolve();
      }
    };
    const onExit = (code: number | null) => reject(new Error(`Azurite exited (code ${code}) before it listened:\n${output.trim()}`));
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', onExit);
  });
}

/** SIGINT is Azurite's graceful stop: it saves pending writes (otherwise saved every 5 s) before exiting; SIGTERM loses them. */
function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill('SIGKILL'), 5000);
    child.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    child.kill('SIGINT');
  });
}

/** A port the OS reports free on loopback right now. */
export function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('No free port'))));
    });
  });
}
