// A case as a queue row shows it: the flat facts a list, a card's list line and the SLA badges need, read without the case itself.
import { z } from 'zod';
import { caseStatuses, casePriorities, caseTypes, type CaseRow } from './case.schema';
import { queueDueKey } from './sla/case-clocks';

const instant = z.iso.datetime();

export const caseSummarySchema = z.object({
  number: z.number().int(),
  title: z.string(),
  type: z.enum(caseTypes),
  priority: z.enum(casePriorities),
  status: z.enum(caseStatuses),
  accountId: z.uuid(),
  accountName: z.string(),
  accountOwnerId: z.string().optional(),
  ownerId: z.string().optional(),
  ownerName: z.string().optional(),
  teamId: z.string().optional(),
  teamName: z.string().optional(),
  openedBy: z.string(),
  openedAt: instant,
  updatedAt: instant,
  complaintStep: z.number().int().optional(),
  /** When the complaint's last step was done. */
  complaintStepAt: z.string().optional(),
  /** The row's sort key: the earliest running due time, a breach's time, or `~` when nothing runs. */
  dueKey: z.string(),
  /** The earliest warning instant of a running clock; `~` when none. */
  warnKey: z.string(),
  responseDueAt: instant.optional(),
  resolutionDueAt: instant.optional(),
  responseWarnAt: instant.optional(),
  resolutionWarnAt: instant.optional(),
  responseBreachedAt: instant.optional(),
  resolutionBreachedAt: instant.optional(),
  responseAtRiskAt: instant.optional(),
  resolutionAtRiskAt: instant.optional(),
  firstResponseAt: instant.optional(),
  resolvedAt: instant.optional(),
  version: z.number().int(),
});
export type CaseSummary = z.infer<typeof caseSummarySchema>;

type Flat = Record<string, string | number | boolean>;

/** Drops absent fields: a view row holds only what is there. */
const present = (value: Record<string, string | number | boolean | undefined>): Flat =>
  Object.fromEntries(Object.entries(value).filter(([, field]) => field !== undefined)) as Flat;

export function summaryOf(row: CaseRow): CaseSummary {
  const { due, marks } = row;
  const warnKey = [due.responseWarnAt, due.resolutionWarnAt].filter((key): key is string => Boolean(key)).sort()[0];
  return present({
    number: row.number,
    title: row.title,
    type: row.type,
    priority: row.priority,
    status: row.status,
    accountId: row.accountId,
    accountName: row.accountName,
    accountOwnerId: row.accountOwnerId,
    ownerId: row.ownerId,
    ownerName: row.ownerName,
    teamId: row.teamId,
    teamName: row.teamName,
    openedBy: row.openedBy,
    openedAt: row.openedAt,
    updatedAt: row.updatedAt,
    complaintStep: row.complaint?.step,
    complaintStepAt: row.complaint?.stepAt,
    dueKey: queueDueKey(row),
    warnKey: warnKey ?? '~',
    responseDueAt: due.responseDueAt,
    resolutionDueAt: due.resolutionDueAt,
    responseWarnAt: due.responseWarnAt,
    resolutionWarnAt: due.resolutionWarnAt,
    responseBreachedAt: marks.responseBreachedAt,
    resolutionBreachedAt: marks.resolutionBreachedAt,
    responseAtRiskAt: marks.responseAtRiskAt,
    resolutionAtRiskAt: marks.resolutionAtRiskAt,
    firstResponseAt: row.firstResponseAt,
    resolvedAt: row.resolvedAt,
    version: row.version,
  }) as CaseSummary;
}

/**
 * A queue row's SLA state now: breached, at risk or on track while a clock runs; paused when the case is open and no
 * clock runs (a paused status); none once both clocks stopped.
 */
export function summaryState(summary: CaseSummary, now: Date): 'breached' | 'at-risk' | 'on-track' | 'paused' | 'none' {
  const time = now.toISOString();
  if (summary.responseBreachedAt && !summary.firstResponseAt) return 'breached';
  if (summary.resolutionBreachedAt && !summary.resolvedAt) return 'breached';
  if (summary.dueKey === '~') return summary.resolvedAt ? 'none' : 'paused';
  if (summary.dueKey <= time) return 'breached';
  return summary.warnKey <= time ? 'at-risk' : 'on-track';
}
