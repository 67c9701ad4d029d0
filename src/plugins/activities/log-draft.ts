// The activity a chat line describes, before its account is known: small enough to ride on card buttons, validated when it comes back.
import { z } from 'zod';
import { activitySchema, activityTypes, localDate, type NewActivity } from './activity.schema';
import { timeZoneSchema } from './activity-time';
import type { ParsedLogCommand } from './chat/log-command.parser';

/**
 * A pick-list carries one copy of the draft per button; past this many bytes in all, the choice is asked in words.
 * Eight rows of clipped names take about 11 KB more, which keeps the card under Teams' 28 KB.
 */
export const cardDraftBudget = 14 * 1024;

const { subject, occurredAt, nextStep } = activitySchema.shape;

/** Card data is user input: every field is checked again, and unknown fields are refused. */
export const logDraftSchema = z.strictObject({
  type: z.enum(activityTypes),
  occurredAt,
  timeZone: timeZoneSchema,
  durationMinutes: z
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .optional(),
  subject,
  notes: z.string().max(cardDraftBudget).optional(),
  nextStep,
  followUpOn: localDate.optional(),
  /** A contact named in the line, linked once the account is chosen. */
  contactName: subject.optional(),
});
export type LogDraft = z.infer<typeof logDraftSchema>;

/** `{ accountId, draft }` on a pick-list button. */
/**
 * The id of the message that asked, carried by every button of its card: the answer logs under it, so a second click (a
 * double-click, or another button of the same card) returns the activity the first logged.
 */
const askedInSchema = z.string().min(1).max(200).optional();
export const pickedDataSchema = z.object({ accountId: z.uuid(), draft: logDraftSchema, askedIn: askedInSchema });
/** `{ name, draft }` on the button that creates an unknown account and logs. */
export const createDataSchema = z.object({ name: z.string().trim().min(1).max(200), draft: logDraftSchema, askedIn: askedInSchema });

export function draftOf(parsed: ParsedLogCommand): LogDraft {
  return {
    type: parsed.type,
    occurredAt: parsed.occurredAt,
    timeZone: parsed.timeZone,
    subject: parsed.subject,
    ...(parsed.durationMinutes !== undefined && { durationMinutes: parsed.durationMinutes }),
    ...(parsed.notes !== undefined && { notes: parsed.notes }),
    ...(parsed.nextStep !== undefined && { nextStep: parsed.nextStep }),
    ...(parsed.followUpOn !== undefined && { followUpOn: parsed.followUpOn }),
    ...(parsed.target.contactName !== undefined && { contactName: parsed.target.contactName }),
  };
}

export function activityOf(draft: LogDraft, accountId: string, contactIds: string[]): NewActivity {
  const { contactName: _typedName, ...fields } = draft;
  return { ...fields, accountId, contactIds };
}

export function fitsOnCard(draft: LogDraft, copies: number): boolean {
  return Buffer.byteLength(JSON.stringify(draft)) * copies <= cardDraftBudget;
}
