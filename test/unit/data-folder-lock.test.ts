// The data folder's lock: one holder at a time, a dead holder taken over, a reused pid not mistaken for the holder.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { lockFileName, processStarted, tryLock, type LockHolder } from '../../src/storage/data-folder-lock';

let folder: string;
const sleepers: ChildProcess[] = [];

/** A live process that is not this one, standing for another server or emulator. */
function liveProcess(): number {
  const child = spawn('sleep', ['60'], { stdio: 'ignore' });
  sleepers.push(child);
  return child.pid!;
}

async function endedProcess(): Promise<number> {
  const child = spawn('true', { stdio: 'ignore' });
  await new Promise((resolve) => child.once('exit', resolve));
  return child.pid!;
}

const lockFile = () => join(folder, lockFileName);
const writeHolder = (holder: LockHolder) => writeFileSync(lockFile(), JSON.stringify(holder));
const self: LockHolder = { pid: process.pid, started: processStarted(process.pid), emulatorPort: 10002 };

beforeEach(() => {
  folder = mkdtempSync(join(tmpdir(), 'guanxi-lock-'));
});
afterEach(() => rmSync(folder, { recursive: true, force: true }));
afterAll(() => sleepers.forEach((child) => child.kill()));

describe('tryLock', () => {
  it('takes a free folder and records the holder', () => {
    const taken = tryLock(folder, self);

    expect('lock' in taken).toBe(true);
    expect(JSON.parse(readFileSync(lockFile(), 'utf8'))).toEqual(self);
  });

  it('records what the holder adds later and removes the file on release', () => {
    const taken = tryLock(folder, self);
    if (!('lock' in taken)) throw new Error('not taken');

    taken.lock.update({ emulatorPid: 42, url: 'http://127.0.0.1:3978' });
    expect(JSON.parse(readFileSync(lockFile(), 'utf8'))).toEqual({ ...self, emulatorPid: 42, url: 'http://127.0.0.1:3978' });
    taken.lock.release();
    expect(existsSync(lockFile())).toBe(false);
  });

  it('refuses while another running server holds the folder, and says who', () => {
    const pid = liveProcess();
    const holder = { pid, started: processStarted(pid), emulatorPort: 10002, url: 'http://127.0.0.1:3978' };
    writeHolder(holder);

    expect(tryLock(folder, self)).toEqual({ heldBy: holder });
    expect(JSON.parse(readFileSync(lockFile(), 'utf8'))).toEqual(holder);
  });

  it('takes over from a holder whose process has ended', async () => {
    writeHolder({ pid: await endedProcess(), emulatorPort: 10002 });

    expect('lock' in tryLock(folder, self)).toBe(true);
    expect(JSON.parse(readFileSync(lockFile(), 'utf8'))).toEqual(self);
  });

  it.runIf(processStarted(process.pid) !== undefined)('takes over when the recorded pid now belongs to another process', () => {
    writeHolder({ pid: liveProcess(), started: '1', emulatorPort: 10002 });

    expect('lock' in tryLock(folder, self)).toBe(true);
  });

  it('reports an emulator that a dead server left running, without taking the folder', async () => {
    const emulatorPid = liveProcess();
    const holder = { pid: await endedProcess(), emulatorPid, emulatorStarted: processStarted(emulatorPid), emulatorPort: 10002 };
    writeHolder(holder);

    expect(tryLock(folder, self)).toEqual({ orphanEmulator: holder });
  });

  it('takes over a lock file that holds no record', () => {
    writeFileSync(lockFile(), '{"pid":');

    expect('lock' in tryLock(folder, self)).toBe(true);
  });

  it('does not remove on release a lock another process took since', () => {
    const taken = tryLock(folder, self);
    if (!('lock' in taken)) throw new Error('not taken');
    const other = { pid: liveProcess(), emulatorPort: 10003 };
    writeHolder(other);

    taken.lock.release();

    expect(JSON.parse(readFileSync(lockFile(), 'utf8'))).toEqual(other);
  });
});
