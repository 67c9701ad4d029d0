// CPU time of the emulator's process and of this one (the server, its workers and the bench) over a stretch of wall
// time, to say which one a slow operation waited on. Linux only: elsewhere the emulator's share is unknown.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';

export interface CpuShares {
  wallMs: number;
  /** CPU milliseconds the emulator used; undefined where it cannot be read. */
  emulatorMs?: number;
  /** CPU milliseconds of this process: the server, its background work, the stand-in and the bench. */
  processMs: number;
}

function ticksPerSecond(): number {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
}

/** The pid of the embedded Azurite this process started on `port`, found by its command line. */
function emulatorPid(port: number): number | undefined {
  try {
    for (const entry of readdirSync('/proc')) {
      if (!/^\d+$/u.test(entry)) continue;
      const command = readFileSync(`/proc/${entry}/cmdline`, 'utf8');
      if (command.includes('azurite-host') && command.includes(`"port":${port}`)) return Number(entry);
    }
  } catch {
    return undefined;
  }
  return undefined;
}

/** Reads CPU time of the emulator on `port` and of this process; `since(mark)` gives what each used after `mark`. */
export function cpuMeter(port: number) {
  const pid = emulatorPid(port);
  const tick = 1000 / ticksPerSecond();
  const emulatorMs = (): number | undefined => {
    if (pid === undefined) return undefined;
    try {
      // Fields after the command's closing parenthesis: utime and stime are the 12th and 13th.
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
      return (Number(fields[11]) + Number(fields[12])) * tick;
    } catch {
      return undefined;
    }
  };
  const processMs = () => {
    const usage = process.cpuUsage();
    return (usage.user + usage.system) / 1000;
  };
  const mark = () => ({ at: performance.now(), emulator: emulatorMs(), process: processMs() });
  return {
    mark,
    since(from: ReturnType<typeof mark>): CpuShares {
      const to = mark();
      return {
        wallMs: to.at - from.at,
        ...(from.emulator !== undefined && to.emulator !== undefined ? { emulatorMs: to.emulator - from.emulator } : {}),
        processMs: to.process - from.process,
      };
    },
  };
}

/** "emulator 1.8 s CPU (86 % of 2.1 s), this process 0.4 s (19 %)" */
export function describeCpu(shares: CpuShares): string {
  const part = (ms: number) => `${(ms / 1000).toFixed(1)} s CPU (${Math.round((100 * ms) / Math.max(shares.wallMs, 1))} %)`;
  const emulator = shares.emulatorMs === undefined ? 'emulator CPU unknown' : `emulator ${part(shares.emulatorMs)}`;
  return `${emulator}, server and bench process ${part(shares.processMs)} of ${(shares.wallMs / 1000).toFixed(1)} s wall`;
}
