// Runs the embedded Azurite table service in a child process (loopback only, telemetry off): one server per data
// folder, every write saved however the server stops, and the emulator restarted if it dies under a running server.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { resolve as resolvePath } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Logger } from '../core/logger';
import type { HostMessage, ServerMessage } from './azurite-protocol';
import { isRunning, processStarted, tryLock, type DataFolderLock, type LockHolder } from './data-folder-lock';

/** Azurite's published development account; its key is public and only valid against the emulator. */
export const azuriteAccount = {
  name: 'devstoreaccount1',
  key: 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==',
};

/** Size of each of the emulator's two young-generation spaces, in MiB (Node's default is 16). */
const youngGenerationMb = 64;
/** Saving a large data set takes a while; past this the emulator is killed, and its unsaved writes with it. */
const saveTimeoutMs = 60_000;
/** An emulator that dies this often within `restartWindowMs` is not started again. */
const maxRestarts = 3;
const restartWindowMs = 60_000;

export interface AzuriteOptions {
  port: number;
  /** Folder for the data files; omitted, the emulator keeps everything in memory (and is not restarted if it dies). */
  location?: string;
  /** Heap of the emulator's process in MiB (`--max-old-space-size`); Node's default is too small for millions of in-memory rows. */
  maxOldSpaceMb?: number;
  log?: Logger;
}

export interface RunningAzurite {
  port: number;
  connectionString: string;
  /** Why the emulator does not answer right now (it died and is being restarted), or undefined while it runs. */
  outage(): string | undefined;
  /** Called once if the emulator dies and cannot be brought back: the server cannot go on. */
  onLost(listener: (reason: string) => void): void;
  /** Records where the server answers, so that a second start on the same data folder can say so. */
  announce(url: string): void;
  /** Asks the emulator to answer what is under way and save every write, and waits until it has exited. */
  stop(): Promise<void>;
}

export function azuriteConnectionString(port: number): string {
  return `DefaultEndpointsProtocol=http;AccountName=${azuriteAccount.name};AccountKey=${azuriteAccount.key};TableEndpoint=http://127.0.0.1:${port}/${azuriteAccount.name};`;
}

/** Resolves when the emulator listens; rejects with a message that says what to do when the folder or port is taken. */
export async function startAzurite(options: AzuriteOptions): Promise<RunningAzurite> {
  const location = options.location === undefined ? undefined : resolvePath(options.location);
  const lock = location === undefined ? undefined : await lockFolder(location, options.port);
  try {
    const child = await launch({ ...options, location });
    lock?.update({ emulatorPid: child.pid, emulatorStarted: processStarted(child.pid!) });
    return supervise(child, { ...options, location }, lock);
  } catch (error) {
    lock?.release();
    throw error;
  }
}

function supervise(first: ChildProcess, options: AzuriteOptions, lock: DataFolderLock | undefined): RunningAzurite {
  let child = first;
  /** A start after an unexpected exit, while it is under way; it never rejects (a failure is `lost`). */
  let restarting: Promise<unknown> | undefined;
  let stopping = false;
  let outage: string | undefined;
  const exits: number[] = [];
  const lostListeners: ((reason: string) => void)[] = [];

  const lost = (reason: string) => {
    options.log?.error('the embedded Azurite is gone and is not started again', { reason });
    for (const listener of lostListeners) listener(reason);
  };

  const watch = (running: ChildProcess) => {
    running.once('exit', (code, signal) => {
      if (stopping) return;
      outage = `the embedded Azurite exited (${signal ?? `code ${code}`})`;
      const now = Date.now();
      exits.push(now);
      while (exits[0]! < now - restartWindowMs) exits.shift();
      if (options.location === undefined) return lost(`${outage}; it kept its data in memory`);
      if (exits.length > maxRestarts) return lost(`${outage}, ${exits.length} times within a minute`);
      options.log?.error('the embedded Azurite exited; starting it again on the same data folder', {
        code,
        signal,
        output: outputOf(running),
      });
      restarting = launch(options).then(
        (next) => {
          child = next;
          if (stopping) return;
          outage = undefined;
          lock?.update({ emulatorPid: next.pid, emulatorStarted: processStarted(next.pid!) });
          options.log?.info('embedded Azurite started again', { port: options.port });
          watch(next);
        },
        (error: unknown) => lost(`${outage}, and starting it again failed: ${error instanceof Error ? error.message : String(error)}`),
      );
    });
  };
  watch(first);

  return {
    port: options.port,
    connectionString: azuriteConnectionString(options.port),
    outage: () => outage,
    onLost: (listener) => void lostListeners.push(listener),
    announce: (url) => lock?.update({ url }),
    async stop() {
      stopping = true;
      try {
        await restarting;
        await closeChild(child);
      } finally {
        lock?.release();
      }
    },
  };
}

/** Takes the data folder, after stopping an emulator that a dead server left running; refuses while a server holds it. */
async function lockFolder(location: string, port: number): Promise<DataFolderLock> {
  mkdirSync(location, { recursive: true });
  const self: LockHolder = { pid: process.pid, started: processStarted(process.pid), emulatorPort: port };
  for (let attempt = 0; ; attempt += 1) {
    const taken = tryLock(location, self);
    if ('lock' in taken) return taken.lock;
    if ('heldBy' in taken) throw new Error(heldMessage(location, taken.heldBy));
    const { emulatorPid, emulatorStarted } = taken.orphanEmulator;
    if (attempt > 0 || !(await stopOrphan(emulatorPid!, emulatorStarted))) {
      throw new Error(
        `The embedded Azurite that an earlier run left behind (pid ${emulatorPid}) still holds ${location} and did not stop. Stop it, then start again.`,
      );
    }
  }
}

function heldMessage(location: string, holder: LockHolder): string {
  const where = holder.url ? `, answering at ${holder.url}` : '';
  return `Another Guanxi CRM (pid ${holder.pid}${where}, its Azurite on 127.0.0.1:${holder.emulatorPort}) is using the data folder ${location}. Stop it first, or set DATA_DIR to another folder.`;
}

/** An emulator whose server died saves and exits by itself; this asks once more and waits for it. */
async function stopOrphan(pid: number, started: string | undefined): Promise<boolean> {
  try {
    process.kill(pid, 'SIGTERM');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ESRCH') return true;
    throw error;
  }
  for (const deadline = Date.now() + saveTimeoutMs; Date.now() < deadline;) {
    if (!isRunning(pid, started)) return true;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return false;
}

const lastOutput = new WeakMap<ChildProcess, string>();
const outputOf = (child: ChildProcess) => lastOutput.get(child)?.trim() ?? '';

/** Starts `azurite-host.ts` and waits until it listens; rejects with its output when it fails first. */
function launch(options: AzuriteOptions): Promise<ChildProcess> {
  const require = createRequire(import.meta.url);
  const tsx = pathToFileURL(require.resolve('tsx')).href;
  const host = fileURLToPath(new URL('./azurite-host.ts', import.meta.url));
  const heap = options.maxOldSpaceMb === undefined ? [] : [`--max-old-space-size=${Math.round(options.maxOldSpaceMb)}`];
  const settings = JSON.stringify({ port: options.port, ...(options.location === undefined ? {} : { location: options.location }) });
  // Every request makes many short-lived objects; a larger young generation lets them die there instead of being
  // promoted, which with millions of rows in memory would mean long collections of the whole heap.
  const child = spawn(process.execPath, [`--max-semi-space-size=${youngGenerationMb}`, ...heap, '--import', tsx, host, settings], {
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  const keep = (chunk: Buffer) => lastOutput.set(child, `${lastOutput.get(child) ?? ''}${chunk.toString()}`.slice(-4000));
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  return new Promise((resolve, reject) => {
    const onMessage = (message: HostMessage) => {
      child.removeListener('exit', onExit);
      if (message.kind === 'listening') return resolve(child);
      reject(
        message.code === 'EADDRINUSE'
          ? new Error(portTakenMessage(options.port))
          : new Error(`Azurite could not start: ${message.message}`),
      );
    };
    const onExit = (code: number | null, signal: NodeJS.Signals | null) => {
      child.removeListener('message', onMessage);
      reject(new Error(`Azurite exited (${signal ?? `code ${code}`}) before it listened:\n${outputOf(child)}`));
    };
    child.once('message', onMessage);
    child.once('exit', onExit);
  });
}

function portTakenMessage(port: number): string {
  return `Port ${port} on 127.0.0.1, where the embedded Azurite listens, is taken by another program (an Azurite that a code editor's extension started, say). Stop that program, or set AZURITE_TABLE_PORT to a free port.`;
}

/** Asks the emulator to close, which saves its data; kills it only if saving takes longer than `saveTimeoutMs`. */
function closeChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const force = setTimeout(() => {
      child.kill('SIGKILL');
      reject(
        new Error(
          `The embedded Azurite did not save its data within ${saveTimeoutMs / 1000} s and was killed; its last writes may be lost.`,
        ),
      );
    }, saveTimeoutMs);
    child.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    if (child.connected) child.send('close' satisfies ServerMessage);
    else child.kill('SIGTERM');
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
