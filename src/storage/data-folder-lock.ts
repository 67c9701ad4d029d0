// One server per data folder: a lock file names the server and emulator that hold it, so a second start refuses
// with their pid and port, and a start after a crash finds what the dead server left and takes over.
import { linkSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';

const holderSchema = z.object({
  pid: z.number().int(),
  /** The process's start time in clock ticks since boot (Linux), so a reused pid is not taken for the holder. */
  started: z.string().optional(),
  emulatorPid: z.number().int().optional(),
  emulatorStarted: z.string().optional(),
  emulatorPort: z.number().int(),
  /** Where the holder's server answers, once it listens. */
  url: z.string().optional(),
});

export type LockHolder = z.infer<typeof holderSchema>;

export interface DataFolderLock {
  /** Records more about the holder (the emulator's pid, the server's URL); the file is replaced whole. */
  update(fields: Partial<LockHolder>): void;
  release(): void;
}

export const lockFileName = 'instance.lock';

/** Start time of a running process, or undefined where /proc does not tell (other systems, a finished process). */
export function processStarted(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name, which may hold spaces and parentheses; the start time is field 22.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
  } catch {
    return undefined;
  }
}

/** True when the process runs and is the one that was recorded (not a later process given the same pid). */
export function isRunning(pid: number, started: string | undefined): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ESRCH') return false;
  }
  const now = processStarted(pid);
  return started === undefined || now === undefined || now === started;
}

function readHolder(file: string): LockHolder | undefined {
  try {
    const parsed = holderSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
    return parsed.success ? parsed.data : undefined;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    // A file that is not a holder record at all (cut short by a full disk, say) holds nothing.
    if (error instanceof SyntaxError) return undefined;
    throw error;
  }
}

/** Writes the whole record to a temporary file first, so a reader never sees half of it. */
function writeTemporary(folder: string, holder: LockHolder): string {
  const temporary = join(folder, `${lockFileName}.${process.pid}.tmp`);
  writeFileSync(temporary, `${JSON.stringify(holder)}\n`);
  return temporary;
}

/**
 * Takes the folder for this process, or returns who holds it. A holder whose server has died is not a holder: the
 * caller stops its emulator if that still runs (`orphanEmulator`), then takes the folder over.
 * @example const taken = tryLock('.data/azurite', { pid: process.pid, emulatorPort: 10002 })
 */
export function tryLock(
  folder: string,
  holder: LockHolder,
): { lock: DataFolderLock } | { heldBy: LockHolder } | { orphanEmulator: LockHolder } {
  const file = join(folder, lockFileName);
  const temporary = writeTemporary(folder, holder);
  try {
    for (;;) {
      try {
        linkSync(temporary, file);
        break;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
      const current = readHolder(file);
      if (current && isRunning(current.pid, current.started)) return { heldBy: current };
      if (current?.emulatorPid !== undefined && isRunning(current.emulatorPid, current.emulatorStarted)) return { orphanEmulator: current };
      rmSync(file, { force: true });
    }
  } finally {
    rmSync(temporary, { force: true });
  }
  let recorded = holder;
  return {
    lock: {
      update(fields) {
        recorded = { ...recorded, ...fields };
        renameSync(writeTemporary(folder, recorded), file);
      },
      release() {
        if (readHolder(file)?.pid === process.pid) rmSync(file, { force: true });
      },
    },
  };
}
