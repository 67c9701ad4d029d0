// What people send to open a case or work one, checked at every boundary (REST, chat, card data).
import { z } from 'zod';
import { text } from '../../core/validation';
import { afterSalesKinds, caseTextMax, complaintCauses } from './case.schema';

const note = (max: number) => text(max);

/**
 * A new case. Type, priority and channel are plain strings here so that a value outside the list gets its own
 * localised error (CASE_TYPE_UNKNOWN …) rather than a generic validation message.
 */
export const newCaseSchema = z.strictObject({
  title: text(200),
  description: z.string().max(caseTextMax).default(''),
  type: z.string().max(40).default('after-sales'),
  afterSalesKind: z.enum(afterSalesKinds).optional(),
  channel: z.string().max(40).default('chat'),
  priority: z.string().max(40).default('normal'),
  accountId: z.uuid(),
  contactIds: z.array(z.uuid()).max(20).default([]),
  opportunityId: z.uuid().optional(),
  product: text(200).optional(),
  teamId: z.uuid().optional(),
  ownerId: z.string().min(1).max(128).optional(),
});
export type NewCase = z.input<typeof newCaseSchema>;

/** A rating as typed or sent: checked against 1–5 by the workflow, so the answer is RATING_OUT_OF_RANGE. */
const rating = z.union([z.number(), z.string().max(10)]);

/** One thing done to a case. `step` advances a complaint by one of its eight steps (complaint-workflow.ts). */
export const caseActionSchema = z.discriminatedUnion('action', [
  z.strictObject({ action: z.literal('take') }),
  z.strictObject({ action: z.literal('assign'), userId: z.string().min(1).max(128), userName: z.string().max(256).optional() }),
  z.strictObject({ action: z.literal('reply'), text: z.string().trim().min(1).max(caseTextMax) }),
  z.strictObject({ action: z.literal('note'), text: z.string().trim().min(1).max(caseTextMax) }),
  z.strictObject({ action: z.literal('wait'), text: note(2000).optional() }),
  z.strictObject({ action: z.literal('resume') }),
  z.strictObject({
    action: z.literal('resolve'),
    resolution: note(4000),
    rating: rating.optional(),
    comment: note(2000).optional(),
  }),
  z.strictObject({ action: z.literal('close') }),
  z.strictObject({ action: z.literal('reopen'), reason: note(2000) }),
  z.strictObject({ action: z.literal('priority'), priority: z.string().max(40) }),
  z.strictObject({ action: z.literal('rate'), rating, comment: note(2000).optional() }),
  z.strictObject({
    action: z.literal('step'),
    step: z.number().int().min(2).max(8),
    notes: note(caseTextMax).optional(),
    valid: z.boolean().optional(),
    department: note(100).optional(),
    cause: z.enum(complaintCauses).optional(),
    approved: z.boolean().optional(),
    feedback: note(2000).optional(),
    rating: rating.optional(),
  }),
]);
export type CaseAction = z.infer<typeof caseActionSchema>;
export type CaseActionName = CaseAction['action'];
export const caseActionNames = [
  'take',
  'assign',
  'reply',
  'note',
  'wait',
  'resume',
  'resolve',
  'close',
  'reopen',
  'priority',
  'rate',
  'step',
] as const satisfies readonly CaseActionName[];
