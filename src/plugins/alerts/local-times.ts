// Local times of a recipient: whether quiet hours hold now, when they end, and the next digest time, in the recipient's zone.
import { DateTime } from 'luxon';
import { zoneOrUtc } from '../../core/job-cadence';
import type { RuleSettings } from './rule.schema';

type QuietHours = NonNullable<RuleSettings['quietHours']>;

const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
const local = (now: Date, timeZone: string) => DateTime.fromJSDate(now, { zone: zoneOrUtc(timeZone) });

/** Whether `now` falls in the quiet hours; `from` after `to` runs over midnight. */
export function inQuietHours(now: Date, timeZone: string, quiet: QuietHours | undefined): boolean {
  if (!quiet) return false;
  const at = local(now, timeZone);
  const minute = at.hour * 60 + at.minute;
  const from = minutesOf(quiet.from);
  const to = minutesOf(quiet.to);
  return from < to ? minute >= from && minute < to : minute >= from || minute < to;
}

/** The first instant after `now` at the local time `hhmm`. */
export function nextLocalTime(now: Date, timeZone: string, hhmm: string): Date {
  const at = local(now, timeZone);
  const today = at.set({ hour: Number(hhmm.slice(0, 2)), minute: Number(hhmm.slice(3, 5)), second: 0, millisecond: 0 });
  return (today > at ? today : today.plus({ days: 1 })).toJSDate();
}

/** When the quiet hours holding at `now` end (or `now` when they do not hold). */
export function quietEnd(now: Date, timeZone: string, quiet: QuietHours | undefined): Date {
  return quiet && inQuietHours(now, timeZone, quiet) ? nextLocalTime(now, timeZone, quiet.to) : now;
}

/** The next digest after `now`: at the local `digestAt`, moved to the end of quiet hours when they hold then. */
export function nextDigest(now: Date, timeZone: string, digestAt: string, quiet: QuietHours | undefined): Date {
  return quietEnd(nextLocalTime(now, timeZone, digestAt), timeZone, quiet);
}

export const localDateIn = (now: Date, timeZone: string): string => local(now, timeZone).toISODate()!;
