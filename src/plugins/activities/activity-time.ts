// Time for activities: IANA zones, the local date an activity counts on, and inverted-time row keys for newest-first order.
import { DateTime, IANAZone } from 'luxon';
import { z } from 'zod';
import { AppError } from '../../core/errors';

/** An IANA zone name such as `Asia/Shanghai`; offsets and abbreviations are refused because they ignore daylight saving. */
export const timeZoneSchema = z
  .string()
  .min(1)
  .max(64)
  .refine((zone) => IANAZone.isValidZone(zone) && !/^[+-]/.test(zone), 'must be an IANA time zone such as Asia/Shanghai');

export function isValidTimeZone(zone: string): boolean {
  return timeZoneSchema.safeParse(zone).success;
}

/** The calendar date (`YYYY-MM-DD`) of an instant in a zone: 2026-11-23T17:30Z is 2026-11-24 in Asia/Shanghai. */
export function localDateOf(instant: string, timeZone: string): string {
  const date = DateTime.fromISO(instant, { setZone: true }).setZone(timeZone).toISODate();
  if (!date) throw new AppError('VALIDATION_FAILED', { summary: `occurredAt: cannot be placed in ${timeZone}` });
  return date;
}

/** Today in a zone. */
export function todayIn(now: Date, timeZone: string): string {
  return DateTime.fromJSDate(now).setZone(timeZone).toISODate() ?? now.toISOString().slice(0, 10);
}

// Just after 9999-12-31T23:59:59.999Z, the last instant an ISO date-time can name; keeps every key 15 digits.
const endOfTime = 253_402_300_800_000;

/** Descending-time key part: later instants sort first in a partition read in row-key order. */
export function invertedTicks(instantMs: number): string {
  return String(endOfTime - instantMs).padStart(15, '0');
}

export function invertedTicksOf(instant: string): string {
  return invertedTicks(Date.parse(instant));
}

/** Every date from `from` to `to` inclusive, both `YYYY-MM-DD`. */
export function datesBetween(from: string, to: string): string[] {
  const dates: string[] = [];
  for (let day = DateTime.fromISO(from, { zone: 'UTC' }); day.toISODate()! <= to; day = day.plus({ days: 1 })) dates.push(day.toISODate()!);
  return dates;
}

/**
 * The instants that can fall on local dates `from`..`to` in some zone: zones run from UTC−12 to UTC+14,
 * so the window is widened by those offsets and the exact local date is checked per activity.
 */
export function instantWindow(from: string, to: string): { earliestMs: number; latestMs: number } {
  const hour = 3_600_000;
  return {
    earliestMs: Date.parse(`${from}T00:00:00Z`) - 14 * hour,
    latestMs: Date.parse(`${to}T00:00:00Z`) + 24 * hour + 12 * hour,
  };
}

/** Ascending-time key part: earlier instants sort first, 15 digits like `invertedTicks`. */
export function ticksOf(instant: string): string {
  return String(Date.parse(instant)).padStart(15, '0');
}
