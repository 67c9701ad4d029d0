// What a client may send to log or change an activity, checked beyond the shapes: real time zones, notes within Azure's limit.
import { z } from 'zod';
import { AppError } from '../../core/errors';
import { azureLimits } from '../../storage/limits';
import { activitySchema, newActivitySchema } from './activity.schema';
import { timeZoneSchema } from './activity-time';

/** A new activity; the time zone must be a real IANA zone. */
export const logInputSchema = newActivitySchema.extend({ timeZone: timeZoneSchema.default('UTC') });

const { type, subject, notes, occurredAt, durationMinutes, contactIds, outcome, nextStep, followUpOn, followUpDone } = activitySchema.shape;

/**
 * A change: only the fields sent. Defaults are removed on purpose, so a change of the subject alone
 * cannot reset the time zone, the contacts or a done follow-up.
 */
export const changeInputSchema = z
  .strictObject({
    type,
    subject,
    notes,
    occurredAt,
    timeZone: timeZoneSchema,
    durationMinutes,
    contactIds: contactIds.unwrap(),
    outcome,
    nextStep,
    followUpOn,
    followUpDone: followUpDone.unwrap(),
  })
  .partial();
export type ChangeInput = z.infer<typeof changeInputSchema>;

/** Notes longer than one table property holds are refused as too long, naming the field, before anything is stored. */
export function assertNotesFit(input: unknown): void {
  const notes = (input as { notes?: unknown } | undefined)?.notes;
  if (typeof notes === 'string' && notes.length > azureLimits.stringChars) {
    throw new AppError('VALUE_TOO_LONG', { field: 'notes', length: notes.length, limit: azureLimits.stringChars });
  }
}

export function invalid(path: string, message: string): AppError {
  return new AppError('VALIDATION_FAILED', { summary: `${path}: ${message}` }, [{ path, message, code: 'custom' }]);
}
