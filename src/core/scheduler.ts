// Runs the plugins' scheduled jobs for every tenant: each slot once across processes, a missed one caught up once.
//
// Every tick walks the tenants and, for each job whose latest slot is not done, takes the job's lease for that tenant.
// Only the holder runs it, and the slot counts as done only once the run succeeded, so of any number of processes one
// runs each slot; a process that dies mid-run leaves the slot to whoever takes the lease after it expires.
import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import { createBackgroundWork } from './background-work';
import type { Clock } from './clock';
import { AppError } from './errors';
import { latestSlot, nextSlot, zoneOrUtc } from './job-cadence';
import { runUnderClaim, type RunResult } from './job-runner';
import { isDone, type JobState, type JobStore } from './job-store';
import type { Logger } from './logger';
import type { JobCadence, ScheduledJob } from './plugin';

export interface LoadedJob {
  pluginId: string;
  job: ScheduledJob;
}

export interface SchedulerOptions {
  jobs: readonly LoadedJob[];
  store: JobStore;
  clock: Clock;
  log: Logger;
  /** How often due jobs are looked for. */
  tickMs: number;
  /** How long a job's lease lasts unrenewed; a running job renews it every third of this. */
  leaseMs: number;
  /** Runs at once in this process; more due jobs wait for a later tick. */
  maxRuns?: number;
}

/** A job as an admin sees it for one tenant. */
export interface JobSummary {
  pluginId: string;
  jobId: string;
  cadence: JobCadence;
  timeZone: string;
  /** Some process holds the job's lease for this tenant now. */
  running: boolean;
  /** The slot the next scheduled run is for: the latest one while it is not done, else the one after. */
  nextSlot: string;
  doneThrough?: string;
  lastRun?: JobState['lastRun'];
  failures: number;
}

export interface Scheduler {
  /** Starts ticking; the first tick comes at once. */
  start(): void;
  /**
   * Stops ticking and waits up to `waitMs` for running jobs. Jobs still running then are aborted and their slots left to
   * do: their leases are freed as soon as they end (or expire), so another process or the next start runs them.
   */
  stop(waitMs: number): Promise<void>;
  /** Runs a job now for the tenant's latest slot, under its lease; JOB_RUNNING when it is running anywhere. */
  runNow(tenantId: string, pluginId: string, jobId: string): Promise<{ job: JobSummary; run: RunResult }>;
  list(tenantId: string): Promise<JobSummary[]>;
}

/** The longest wait before a failing slot is tried again. */
const maxRetryWaitMs = 3_600_000;
/** After the stop's wait, how long aborted jobs get to end and free their leases. */
const handOverMs = 1_000;

const settledWithin = (work: Promise<void>, ms: number) =>
  new Promise<boolean>((resolve) => {
    const timer = setTimeout(() => resolve(false), ms);
    void work.then(() => {
      clearTimeout(timer);
      resolve(true);
    });
  });

export function createScheduler(options: SchedulerOptions): Scheduler {
  const { jobs, store, clock, log, tickMs, leaseMs, maxRuns = 4 } = options;
  const holder = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  const keyOf = (tenantId: string, entry: LoadedJob) => `${tenantId}\n${entry.pluginId}\n${entry.job.id}`;
  const refOf = (entry: LoadedJob) => ({ pluginId: entry.pluginId, jobId: entry.job.id });
  /** Runs of this process by tenant and job: one at a time each, since a holder may take its own lease again. */
  const running = new Map<string, AbortController>();
  /** The latest slot known done per tenant and job, so a done slot costs no storage read on later ticks. */
  const doneThrough = new Map<string, number>();
  const background = createBackgroundWork();
  let timer: NodeJS.Timeout | undefined;
  let ticking: Promise<void> | undefined;
  let stopping = false;

  const remember = (key: string, slotMs: number) => doneThrough.set(key, Math.max(slotMs, doneThrough.get(key) ?? 0));

  /** A failed slot waits one tick before it is tried again, then two, four … up to an hour: never a tight loop. */
  function retryWaiting(state: JobState, slot: Date, now: Date): boolean {
    const last = state.lastRun;
    if (last?.outcome !== 'failed' || Date.parse(last.scheduledFor) !== slot.getTime()) return false;
    const waitMs = Math.min(tickMs * 2 ** Math.max(0, state.failures - 1), maxRetryWaitMs);
    return now.getTime() < Date.parse(last.finishedAt) + waitMs;
  }

  /** Takes the lease and runs the slot; undefined when the job is running elsewhere (or, scheduled, already done). */
  async function attempt(
    entry: LoadedJob,
    tenantId: string,
    timeZone: string,
    slot: Date,
    manual: boolean,
  ): Promise<RunResult | undefined> {
    const key = keyOf(tenantId, entry);
    // Once stopping, the schedule starts nothing new; an admin's run still goes ahead and the stop waits for it.
    if (running.has(key) || (stopping && !manual)) return undefined;
    const controller = new AbortController();
    running.set(key, controller);
    try {
      const claim = await store.claim(tenantId, refOf(entry), holder, leaseMs);
      if (!claim) return undefined;
      if (!manual && isDone(claim.state, slot)) {
        remember(key, slot.getTime());
        await claim.handOver();
        return undefined;
      }
      const result = await runUnderClaim(
        claim,
        { pluginId: entry.pluginId, job: entry.job, tenantId, timeZone, slot, manual },
        controller,
        { clock, log, leaseMs },
      );
      if (result.outcome === 'succeeded') remember(key, slot.getTime());
      return result;
    } finally {
      running.delete(key);
    }
  }

  async function consider(entry: LoadedJob, tenantId: string, timeZone: string): Promise<void> {
    const key = keyOf(tenantId, entry);
    const now = clock.now();
    const slot = latestSlot(entry.job, now, timeZone);
    if (running.has(key) || (doneThrough.get(key) ?? -Infinity) >= slot.getTime()) return;
    const view = await store.peek(tenantId, refOf(entry));
    if (isDone(view.state, slot)) {
      remember(key, Date.parse(view.state.doneThrough!));
      return;
    }
    if (view.heldUntil || retryWaiting(view.state, slot, now)) return;
    const context = { plugin: entry.pluginId, job: entry.job.id, tenantId, scheduledFor: slot.toISOString() };
    background.add(
      attempt(entry, tenantId, timeZone, slot, false).then(
        () => undefined,
        (error: unknown) => log.error('a scheduled job could not be run; it is tried again at a later tick', { ...context, error }),
      ),
    );
  }

  async function tick(): Promise<void> {
    if (jobs.length === 0) return;
    try {
      for await (const tenant of store.tenants()) {
        for (const entry of jobs) {
          if (stopping || running.size >= maxRuns) return;
          await consider(entry, tenant.tenantId, zoneOrUtc(tenant.timeZone));
        }
      }
    } catch (error) {
      log.error('the scheduler could not look for due jobs; it looks again at the next tick', { error });
    }
  }

  function schedule(delayMs: number): void {
    timer = setTimeout(() => {
      ticking = tick().finally(() => {
        ticking = undefined;
        if (!stopping) schedule(tickMs);
      });
    }, delayMs);
    timer.unref();
  }

  function find(pluginId: string, jobId: string): LoadedJob {
    const entry = jobs.find((candidate) => candidate.pluginId === pluginId && candidate.job.id === jobId);
    if (!entry) throw new AppError('NOT_FOUND', { entity: 'scheduledJob', id: `${pluginId}/${jobId}` });
    return entry;
  }

  async function summary(entry: LoadedJob, tenantId: string, timeZone: string): Promise<JobSummary> {
    const view = await store.peek(tenantId, refOf(entry));
    const latest = latestSlot(entry.job, clock.now(), timeZone);
    const cadence: JobCadence = entry.job.every !== undefined ? { every: entry.job.every } : { dailyAt: entry.job.dailyAt! };
    return {
      pluginId: entry.pluginId,
      jobId: entry.job.id,
      cadence,
      timeZone,
      running: running.has(keyOf(tenantId, entry)) || view.heldUntil !== undefined,
      nextSlot: (isDone(view.state, latest) ? nextSlot(entry.job, latest, timeZone) : latest).toISOString(),
      ...(view.state.doneThrough ? { doneThrough: view.state.doneThrough } : {}),
      ...(view.state.lastRun ? { lastRun: view.state.lastRun } : {}),
      failures: view.state.failures,
    };
  }

  return {
    start() {
      if (!stopping && !timer) schedule(0);
    },
    async stop(waitMs) {
      stopping = true;
      clearTimeout(timer);
      await ticking;
      if (await settledWithin(background.idle(), waitMs)) return;
      log.warn('scheduled jobs still running at the stop are interrupted; their slots stay to do', {
        waitedMs: waitMs,
        runs: running.size,
      });
      for (const controller of running.values()) controller.abort(new Error('the server is stopping'));
      if (!(await settledWithin(background.idle(), handOverMs))) {
        log.warn('scheduled jobs did not end when asked; their leases expire on their own', { runs: running.size, leaseMs });
      }
    },
    async runNow(tenantId, pluginId, jobId) {
      const entry = find(pluginId, jobId);
      const timeZone = zoneOrUtc(await store.timeZoneOf(tenantId));
      const work = attempt(entry, tenantId, timeZone, latestSlot(entry.job, clock.now(), timeZone), true);
      background.add(
        work.then(
          () => undefined,
          () => undefined,
        ),
      );
      const run = await work;
      if (!run) throw new AppError('JOB_RUNNING', { pluginId, jobId });
      return { job: await summary(entry, tenantId, timeZone), run };
    },
    async list(tenantId) {
      const timeZone = zoneOrUtc(await store.timeZoneOf(tenantId));
      return Promise.all(jobs.map((entry) => summary(entry, tenantId, timeZone)));
    },
  };
}
