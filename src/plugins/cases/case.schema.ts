// The service case 服务请求 and complaint 投诉: its kinds, statuses and fields, the entries of its timeline, and what clients send to open or work one.
import { z } from 'zod';
import { text } from '../../core/validation';
import { azureLimits } from '../../storage/limits';

/** Pre-sales consultation 售前, in-sales 售中, after-sales 售后 (with its kind of service), complaint 投诉. */
export const caseTypes = ['pre-sales', 'in-sales', 'after-sales', 'complaint'] as const;
/** What an after-sales case is about. */
export const afterSalesKinds = ['delivery', 'installation', 'return', 'repair', 'maintenance', 'training', 'support'] as const;
export const caseChannels = ['phone', 'email', 'chat', 'web', 'visit'] as const;
export const casePriorities = ['low', 'normal', 'high', 'urgent'] as const;
/**
 * The statuses every case goes through: new → in progress → waiting on customer → resolved → closed, and reopened
 * back to in progress. A complaint moves through them as its eight steps advance (complaint-workflow.ts).
 */
export const caseStatuses = ['new', 'in-progress', 'waiting', 'resolved', 'closed'] as const;
/** What a complaint's cause analysis (step 4) names, for the KPI of complaints by cause. */
export const complaintCauses = ['product', 'delivery', 'service', 'billing', 'staff', 'other'] as const;

export type CaseType = (typeof caseTypes)[number];
export type CasePriority = (typeof casePriorities)[number];
export type CaseStatus = (typeof caseStatuses)[number];
export type ComplaintCause = (typeof complaintCauses)[number];

/** The longest description or reply: what one table property holds (64 KiB of UTF-16). */
export const caseTextMax = azureLimits.stringChars;
const userId = z.string().min(1).max(128);
const instant = z.iso.datetime();

/** The SLA a case was given when it opened, or when its type or priority changed: the policy's targets as they were then. */
export const caseSlaSchema = z.strictObject({
  policyId: z.string().max(40),
  calendarId: z.string().max(40),
  responseMinutes: z.number().int().min(1),
  resolutionMinutes: z.number().int().min(1),
  warnPercent: z.number().int().min(1).max(99),
});
export type CaseSla = z.infer<typeof caseSlaSchema>;

/** A stretch of time in a paused status; `to` is missing while the case is still in it. */
export const pauseSchema = z.strictObject({ from: instant, to: instant.optional() });

/** When each clock first went at risk and was breached: kept for good, even once the case is resolved. */
export const slaMarksSchema = z.strictObject({
  responseAtRiskAt: instant.optional(),
  responseBreachedAt: instant.optional(),
  resolutionAtRiskAt: instant.optional(),
  resolutionBreachedAt: instant.optional(),
});
export type SlaMarks = z.infer<typeof slaMarksSchema>;

/**
 * Each clock's due and warning instants as of the case's last write (its calendar and pauses applied), absent while the
 * clock is paused or stopped; a paused clock keeps its remaining business minutes. Views and reads compare them with
 * the time, so no read needs the calendar.
 */
export const caseDueSchema = z.strictObject({
  responseDueAt: instant.optional(),
  responseWarnAt: instant.optional(),
  responseRemaining: z.number().optional(),
  resolutionDueAt: instant.optional(),
  resolutionWarnAt: instant.optional(),
  resolutionRemaining: z.number().optional(),
});
export type CaseDue = z.infer<typeof caseDueSchema>;

/** A complaint's workflow: the step done last (1 once recorded, 8 once reviewed) and what each step decided. */
export const complaintSchema = z.strictObject({
  step: z.number().int().min(1).max(8),
  /** When `step` was done (or the complaint sent back to it): how long it has waited for the next. */
  stepAt: z.iso.datetime().optional(),
  valid: z.boolean().optional(),
  department: z.string().max(100).optional(),
  cause: z.enum(complaintCauses).optional(),
  /** Set by a send-back at step 6: the manager's note, shown to whoever proposes the resolution again. */
  sentBackNote: z.string().max(2000).optional(),
});
export type ComplaintState = z.infer<typeof complaintSchema>;

export const satisfactionSchema = z.strictObject({
  rating: z.number().int().min(1).max(5),
  comment: z.string().max(2000).optional(),
  at: instant,
  byUserId: userId,
});

export const caseSchema = z.strictObject({
  /** Per tenant, from 1001 up; shown as `C-1042`. */
  number: z.number().int().min(1),
  title: text(200),
  description: z.string().max(caseTextMax).default(''),
  type: z.enum(caseTypes),
  afterSalesKind: z.enum(afterSalesKinds).optional(),
  channel: z.enum(caseChannels),
  priority: z.enum(casePriorities),
  status: z.enum(caseStatuses),
  accountId: z.uuid(),
  accountName: z.string().max(200),
  /** The account's manager when the case opened: they see their customers' cases. */
  accountOwnerId: userId.optional(),
  /** Whether the account was a key account 重点客户 when the case opened: policies can match on it. */
  keyAccount: z.boolean().default(false),
  contactIds: z.array(z.uuid()).max(20).default([]),
  opportunityId: z.uuid().optional(),
  product: z.string().max(200).optional(),
  ownerId: userId.optional(),
  ownerName: z.string().max(256).optional(),
  /** The service team whose queue the case is in. */
  teamId: z.uuid().optional(),
  teamName: z.string().max(60).optional(),
  openedBy: userId,
  openedByName: z.string().max(256),
  openedAt: instant,
  updatedAt: instant,
  firstResponseAt: instant.optional(),
  resolvedAt: instant.optional(),
  closedAt: instant.optional(),
  resolution: z.string().max(4000).optional(),
  sla: caseSlaSchema,
  pauses: z.array(pauseSchema).max(500).default([]),
  marks: slaMarksSchema.default({}),
  due: caseDueSchema.default({}),
  complaint: complaintSchema.optional(),
  satisfaction: satisfactionSchema.optional(),
  activityIds: z.array(z.uuid()).max(200).default([]),
  /** The message a case was made from (`Create case from message`), so Teams redelivering it opens no second case. */
  sourceMessageId: z.string().max(200).optional(),
});
export type Case = z.infer<typeof caseSchema>;

/** A case as stored: with the version every write raises (its views key what they applied on) and the count of its timeline entries. */
export const caseRowSchema = caseSchema.extend({
  version: z.number().int().min(1),
  entries: z.number().int().min(0),
});
export type CaseRow = z.infer<typeof caseRowSchema>;

export const entryKinds = ['opened', 'status', 'step', 'reply', 'note', 'assigned', 'priority', 'rating', 'activity', 'sla'] as const;
export type EntryKind = (typeof entryKinds)[number];

/** One line of a case's timeline: who did what when. `detail` holds the step's or action's own facts. */
export const caseEntrySchema = z.strictObject({
  seq: z.number().int().min(1),
  kind: z.enum(entryKinds),
  at: instant,
  byUserId: userId,
  byName: z.string().max(256),
  /** A reply's or note's text, a step's notes, a reason. */
  text: z.string().max(caseTextMax).optional(),
  fromStatus: z.enum(caseStatuses).optional(),
  toStatus: z.enum(caseStatuses).optional(),
  step: z.number().int().min(1).max(8).optional(),
  detail: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).default({}),
});
export type CaseEntry = z.infer<typeof caseEntrySchema>;

/** `C-1042`, as people read and type it. */
export const caseLabel = (number: number): string => `C-${number}`;

/** `C-1042`, `c1042`, `1042`, `#1042` or full-width `Ｃ－１０４２` → 1042; anything else undefined. */
export function parseCaseNumber(typed: string): number | undefined {
  const match = /^\s*(?:#|[cC]\s*-?\s*)?(\d{1,9})\s*$/u.exec(typed.normalize('NFKC'));
  return match ? Number(match[1]) : undefined;
}
