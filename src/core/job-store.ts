// What the scheduler keeps per tenant and job, and the storage it needs: the tenants, and a claim that one process holds.
import { z } from 'zod';

export const jobOutcomes = ['succeeded', 'failed'] as const;

/** The state kept with a job's lease, per tenant; parsed whenever it is read back from storage. */
export const jobStateSchema = z.object({
  /** The latest slot that ran to success (ISO); a slot at or before it is done. */
  doneThrough: z.string().optional(),
  lastRun: z
    .object({
      scheduledFor: z.string(),
      startedAt: z.string(),
      finishedAt: z.string(),
      outcome: z.enum(jobOutcomes),
      /** Run from the admin API rather than by the schedule. */
      manual: z.boolean(),
      /** A failure's code (an AppError's, else INTERNAL) and the reference its log line carries. */
      error: z.object({ code: z.string(), reference: z.string() }).optional(),
    })
    .optional(),
  /** Failed runs since the last success; the wait before the next try of the same slot doubles with each. */
  failures: z.number().int().min(0).default(0),
});
export type JobState = z.infer<typeof jobStateSchema>;

export const emptyJobState: JobState = { failures: 0 };

/** A job of a plugin, as storage names it. */
export interface JobRef {
  pluginId: string;
  jobId: string;
}

/** A job's lease for one tenant, held by this process until it finishes or hands over. */
export interface JobClaim {
  /** The state stored when the claim was taken: what ran last, across every process. */
  readonly state: JobState;
  /** Keeps holding for another lease period; false when another process has taken the lease meanwhile. */
  renew(): Promise<boolean>;
  /** Stores the new state and frees the lease; false when the lease was lost, and then nothing is stored. */
  finish(state: JobState): Promise<boolean>;
  /** Frees the lease without storing anything, so the slot is still to do for whoever takes it next. */
  handOver(): Promise<boolean>;
}

export interface JobLeaseView {
  state: JobState;
  /** Set while a process holds the lease. */
  heldUntil?: Date;
}

export interface JobStore {
  /** Every tenant with its time zone, for background work only. */
  tenants(): AsyncIterable<{ tenantId: string; timeZone: string }>;
  timeZoneOf(tenantId: string): Promise<string>;
  /** Reads a job's lease without taking it. */
  peek(tenantId: string, job: JobRef): Promise<JobLeaseView>;
  /** Takes a job's lease for `ttlMs`, or resolves undefined when another holder has it. */
  claim(tenantId: string, job: JobRef, holder: string, ttlMs: number): Promise<JobClaim | undefined>;
}

/** Whether `slot` ran to success according to `state`. */
export function isDone(state: JobState, slot: Date): boolean {
  return state.doneThrough !== undefined && Date.parse(state.doneThrough) >= slot.getTime();
}
