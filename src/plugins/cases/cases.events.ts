// The facts the service desk publishes, with their payloads' schemas: a case's every write for its views, and the news other plugins act on (alerts).
import { z } from 'zod';
import { caseStatuses, casePriorities, caseTypes } from './case.schema';

const caseFacts = {
  number: z.number().int(),
  title: z.string(),
  type: z.enum(caseTypes),
  priority: z.enum(casePriorities),
  accountId: z.uuid(),
  accountName: z.string(),
  teamId: z.uuid().optional(),
  ownerId: z.string().optional(),
};

/** A clock newly at risk, or breached: recorded for good on the case, published once. */
const slaFact = z.strictObject({
  ...caseFacts,
  clock: z.enum(['response', 'resolution']),
  at: z.iso.datetime(),
  dueAt: z.iso.datetime().optional(),
});

export const casesEvents = {
  /** A case was written (opened, worked, marked by the SLA schedule): its views apply the version named. */
  'case.changed': z.strictObject({}),
  'case.opened': z.strictObject({ ...caseFacts, openedBy: z.string(), at: z.iso.datetime() }),
  'case.statusChanged': z.strictObject({
    ...caseFacts,
    fromStatus: z.enum(caseStatuses),
    toStatus: z.enum(caseStatuses),
    byUserId: z.string(),
    at: z.iso.datetime(),
  }),
  /** A complaint's workflow step was taken; `approved` at step 6 (false: sent back to step 5). */
  'case.stepCompleted': z.strictObject({
    ...caseFacts,
    step: z.number().int().min(2).max(8),
    approved: z.boolean().optional(),
    byUserId: z.string(),
    at: z.iso.datetime(),
  }),
  'case.slaAtRisk': slaFact,
  'case.slaBreached': slaFact,
};

export type CasesEvents = typeof casesEvents;
