// One run of a scheduled job under its claim: renews the lease while the job works, then stores the outcome or hands over.
import { randomUUID } from 'node:crypto';
import type { Clock } from './clock';
import { isAppError } from './errors';
import type { JobClaim, JobState } from './job-store';
import type { Logger } from './logger';
import type { ScheduledJob } from './plugin';

export interface RunRequest {
  pluginId: string;
  job: ScheduledJob;
  tenantId: string;
  timeZone: string;
  slot: Date;
  /** Run from the admin API rather than by the schedule. */
  manual: boolean;
}

/** How a run ended. `interrupted`: it was aborted (a stop, a lost lease), nothing was recorded and its slot stays to do. */
export interface RunResult {
  outcome: 'succeeded' | 'failed' | 'interrupted';
  scheduledFor: string;
  startedAt: string;
  finishedAt: string;
  error?: { code: string; reference: string };
}

export interface RunnerSettings {
  clock: Clock;
  log: Logger;
  leaseMs: number;
}

/** Renews every third of the lease, and aborts the run once the lease is lost or has run out unrenewed. */
function keepLease(claim: JobClaim, controller: AbortController, leaseMs: number, log: Logger) {
  let heldUntil = Date.now() + leaseMs;
  let renewing: Promise<void> = Promise.resolve();
  const timer = setInterval(
    () => {
      renewing = claim.renew().then(
        (held) => {
          if (held) heldUntil = Date.now() + leaseMs;
          else controller.abort(new Error("another process took the job's lease"));
        },
        (error: unknown) => {
          log.warn("could not renew a scheduled job's lease", { error });
          if (Date.now() >= heldUntil) controller.abort(new Error("the job's lease ran out while storage did not answer"));
        },
      );
    },
    Math.max(1, Math.floor(leaseMs / 3)),
  );
  timer.unref();
  // Once aborted the run is no longer this process's: the lease is left to expire if the job does not end.
  controller.signal.addEventListener('abort', () => clearInterval(timer), { once: true });
  return {
    /** Stops renewing; resolves once a renewal under way has ended, so the next write uses the lease's latest ETag. */
    async end() {
      clearInterval(timer);
      await renewing;
    },
  };
}

function stateAfter(previous: JobState, request: RunRequest, lastRun: NonNullable<JobState['lastRun']>): JobState {
  if (lastRun.outcome === 'failed') return { ...previous, failures: previous.failures + 1, lastRun };
  const doneThrough =
    previous.doneThrough && Date.parse(previous.doneThrough) > request.slot.getTime() ? previous.doneThrough : request.slot.toISOString();
  return { doneThrough, failures: 0, lastRun };
}

/**
 * Runs the job once for its slot while holding `claim`. Success records the slot as done; a failure is recorded with
 * its reference (the slot stays to do, retried later); an aborted run records nothing and frees the lease.
 */
export async function runUnderClaim(
  claim: JobClaim,
  request: RunRequest,
  controller: AbortController,
  settings: RunnerSettings,
): Promise<RunResult> {
  const { clock, leaseMs } = settings;
  const scheduledFor = request.slot.toISOString();
  const log = settings.log.child({
    plugin: request.pluginId,
    job: request.job.id,
    tenantId: request.tenantId,
    scheduledFor,
    manual: request.manual,
  });
  const lease = keepLease(claim, controller, leaseMs, log);
  const startedAt = clock.now().toISOString();
  let failure: { error: unknown } | undefined;
  try {
    await request.job.run({
      tenantId: request.tenantId,
      timeZone: request.timeZone,
      scheduledFor: request.slot,
      log,
      signal: controller.signal,
    });
  } catch (error) {
    failure = { error };
  }
  await lease.end();
  const finishedAt = clock.now().toISOString();
  if (controller.signal.aborted) {
    log.warn('a scheduled job was interrupted; its slot stays to do', {
      reason: (controller.signal.reason as Error | undefined)?.message,
      error: failure?.error,
    });
    await claim.handOver();
    return { outcome: 'interrupted', scheduledFor, startedAt, finishedAt };
  }
  const error = failure ? { code: isAppError(failure.error) ? failure.error.code : 'INTERNAL', reference: randomUUID() } : undefined;
  if (failure)
    log.error('a scheduled job failed; it is tried again later', {
      reference: error!.reference,
      failures: claim.state.failures + 1,
      error: failure.error,
    });
  const lastRun = {
    scheduledFor,
    startedAt,
    finishedAt,
    outcome: failure ? ('failed' as const) : ('succeeded' as const),
    manual: request.manual,
    ...(error ? { error } : {}),
  };
  if (!(await claim.finish(stateAfter(claim.state, request, lastRun)))) {
    log.warn("a scheduled job's lease was taken before its outcome was stored; its slot may run again", { outcome: lastRun.outcome });
  }
  return { outcome: lastRun.outcome, scheduledFor, startedAt, finishedAt, ...(error ? { error } : {}) };
}
