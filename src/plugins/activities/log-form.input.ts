// What the log-activity form sends: untrusted input checked with zod, shown back as it was, and turned into an instant.
import { DateTime } from 'luxon';
import { z } from 'zod';
import { activityTypes } from './activity.schema';

export const formFields = ['type', 'account', 'subject', 'notes', 'date', 'time', 'durationMinutes', 'followUpOn'] as const;
export type FormField = (typeof formFields)[number];
/** The form's inputs as the card holds them: strings. */
export type FormValues = Partial<Record<FormField, string>>;

/** Each card must stay under 28 KB with the notes shown back in it; longer notes go through "Save to CRM". */
export const formNotesChars = 4000;
export const formTextChars = 200;
const earliestDate = '1900-01-01';

const blankIsMissing = (value: unknown) => (typeof value === 'string' && value.trim() === '' ? undefined : value);
const line = z
  .string()
  .trim()
  .min(1)
  .max(formTextChars)
  .refine((value) => !/[\u0000-\u001f\u007f]/u.test(value), 'must not contain control characters');
const minutes = z
  .union([
    z.number(),
    z
      .string()
      .trim()
      .regex(/^\d{1,4}$/)
      .transform(Number),
  ])
  .pipe(
    z
      .number()
      .int()
      .min(0)
      .max(24 * 60),
  );
const timePattern = /^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d)?$/;

export const logFormSchema = z.object({
  type: z.enum(activityTypes),
  account: line,
  subject: line,
  notes: z.preprocess(blankIsMissing, z.string().max(formNotesChars).optional()),
  date: z.iso.date(),
  time: z.string().regex(timePattern),
  durationMinutes: z.preprocess(blankIsMissing, minutes.optional()),
  followUpOn: z.preprocess(blankIsMissing, z.iso.date().optional()),
});
export type LogFormInput = z.infer<typeof logFormSchema>;

export type FormCheck =
  { ok: true; input: LogFormInput; occurredAt: string } | { ok: false; fields: FormField[] } | { ok: false; problem: 'followUpBeforeDate' };

/** Validates the submitted data and places date + time in the user's zone; dates from 1900 to a year ahead. */
export function checkForm(data: unknown, timeZone: string, now: Date): FormCheck {
  const parsed = logFormSchema.safeParse(data);
  if (!parsed.success) {
    const fields = new Set(
      parsed.error.issues.map((issue) => issue.path[0]).filter((key): key is FormField => formFields.includes(key as FormField)),
    );
    return { ok: false, fields: fields.size > 0 ? formFields.filter((field) => fields.has(field)) : [...formFields] };
  }
  const input = parsed.data;
  const latestDate = DateTime.fromJSDate(now).setZone(timeZone).plus({ years: 1 }).toISODate() ?? '';
  const local = DateTime.fromISO(`${input.date}T${input.time}`, { zone: timeZone });
  if (!local.isValid || input.date < earliestDate || input.date > latestDate) return { ok: false, fields: ['date'] };
  if (input.followUpOn !== undefined && (input.followUpOn > latestDate || input.followUpOn < earliestDate))
    return { ok: false, fields: ['followUpOn'] };
  if (input.followUpOn !== undefined && input.followUpOn < input.date) return { ok: false, problem: 'followUpBeforeDate' };
  return { ok: true, input, occurredAt: local.toUTC().toISO()! };
}

/** The submitted values the form can show again: strings of the right shape; tampered values are left out. */
export function formValues(data: unknown): FormValues {
  if (typeof data !== 'object' || data === null) return {};
  const raw = data as Record<string, unknown>;
  const text = (key: FormField, max: number) => (typeof raw[key] === 'string' && raw[key].length <= max ? raw[key] : undefined);
  const matching = (key: FormField, pattern: RegExp) => (typeof raw[key] === 'string' && pattern.test(raw[key]) ? raw[key] : undefined);
  const duration = raw.durationMinutes;
  return {
    type: activityTypes.find((type) => type === raw.type),
    account: text('account', formTextChars),
    subject: text('subject', formTextChars),
    notes: text('notes', formNotesChars),
    date: matching('date', /^\d{4}-\d{2}-\d{2}$/),
    time: matching('time', timePattern),
    durationMinutes:
      typeof duration === 'number' && Number.isInteger(duration) ? String(duration) : matching('durationMinutes', /^\d{1,4}$/),
    followUpOn: matching('followUpOn', /^\d{4}-\d{2}-\d{2}$/),
  };
}
