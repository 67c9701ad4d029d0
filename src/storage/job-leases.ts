// Scheduled jobs in storage: each tenant's job is a lease (`job:<plugin>:<job>`) whose state says which slot ran last.
import { emptyJobState, jobStateSchema, type JobClaim, type JobRef, type JobState, type JobStore } from '../core/job-store';
import type { Logger } from '../core/logger';
import type { Leases } from './leases';
import type { TenantRegistry } from './tenant-registry';

const leaseName = (job: JobRef) => `job:${job.pluginId}:${job.jobId}`;

/** State written by an older or damaged process is not trusted: the job starts over as if it never ran. */
function parseState(stored: unknown, log: Logger, context: Record<string, unknown>): JobState {
  if (stored === null || stored === undefined) return emptyJobState;
  const parsed = jobStateSchema.safeParse(stored);
  if (parsed.success) return parsed.data;
  log.warn("a scheduled job's stored state is not readable; it counts as never run", { ...context, issues: parsed.error.issues });
  return emptyJobState;
}

export function createJobStore(leases: Leases, tenants: TenantRegistry, log: Logger): JobStore {
  return {
    async *tenants() {
      for await (const profile of tenants.list()) yield { tenantId: profile.tenantId, timeZone: profile.timeZone };
    },
    async timeZoneOf(tenantId) {
      return (await tenants.get(tenantId))?.timeZone ?? 'UTC';
    },
    async peek(tenantId, job) {
      const lease = await leases.peek(tenantId, leaseName(job));
      if (!lease) return { state: emptyJobState };
      const state = parseState(lease.state, log, { tenantId, ...job });
      return lease.held ? { state, heldUntil: new Date(lease.expiresAt) } : { state };
    },
    async claim(tenantId, job, holder, ttlMs): Promise<JobClaim | undefined> {
      const lease = await leases.take(tenantId, leaseName(job), holder, ttlMs);
      if (!lease) return undefined;
      return {
        state: parseState(lease.state, log, { tenantId, ...job }),
        renew: () => lease.renew(ttlMs),
        finish: async (state) => (await lease.save(state)) && (await lease.release()),
        handOver: () => lease.release(),
      };
    },
  };
}
