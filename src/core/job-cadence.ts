// The slots of a job's cadence: the latest one due at an instant, the next one, for a period or a daily local time.
import { DateTime, IANAZone } from 'luxon';
import type { JobCadence } from './plugin';

const dailyAtPattern = /^([01]\d|2[0-3]):([0-5]\d)$/;
const unitMs = { hours: 3_600_000, minutes: 60_000, seconds: 1_000 } as const;

/** Why a cadence cannot be scheduled, or undefined when it can. */
export function cadenceProblem(cadence: JobCadence): string | undefined {
  if (cadence.every !== undefined && cadence.dailyAt !== undefined) return 'has both every and dailyAt; give one';
  if (cadence.dailyAt !== undefined)
    return dailyAtPattern.test(cadence.dailyAt)
      ? undefined
      : `has dailyAt "${cadence.dailyAt}"; write a 24-hour local time such as "08:00"`;
  if (cadence.every === undefined) return 'has no cadence; give every (a period) or dailyAt (a local time)';
  const parts = Object.entries(cadence.every);
  if (parts.some(([unit, value]) => !(unit in unitMs) || !Number.isInteger(value) || (value as number) < 0))
    return 'has an every that is not whole hours, minutes and seconds';
  return periodMs(cadence.every) >= unitMs.seconds ? undefined : 'has an every shorter than a second';
}

export function periodMs(every: NonNullable<JobCadence['every']>): number {
  return (every.hours ?? 0) * unitMs.hours + (every.minutes ?? 0) * unitMs.minutes + (every.seconds ?? 0) * unitMs.seconds;
}

/**
 * Zones found to be IANA zones. luxon checks a name by building a date formatter, a tenth of a millisecond each time,
 * and an alert sweep asks for every recipient of every alert; only valid names are kept, so the set stays small.
 */
const ianaZones = new Set<string>();

/** The zone daily slots are read in: the tenant's, or UTC when what is stored is not an IANA zone. */
export function zoneOrUtc(timeZone: string): string {
  if (ianaZones.has(timeZone)) return timeZone;
  if (!IANAZone.isValidZone(timeZone)) return 'UTC';
  ianaZones.add(timeZone);
  return timeZone;
}

/** The local `dailyAt` time on the day of `day` (a local time a clock change skips runs at the first instant after it). */
function atDailyTime(day: DateTime, dailyAt: string): DateTime {
  const [, hour, minute] = dailyAtPattern.exec(dailyAt)!;
  return day.set({ hour: Number(hour), minute: Number(minute), second: 0, millisecond: 0 });
}

/**
 * The latest slot at or before `now`: the one a run at `now` is for. After downtime it is the only missed slot that
 * runs, so a missed run is caught up once.
 * @example latestSlot({ dailyAt: '08:00' }, new Date('2026-03-02T01:30Z'), 'Asia/Shanghai') // 2026-03-02T00:00Z
 */
export function latestSlot(cadence: JobCadence, now: Date, timeZone: string): Date {
  if (cadence.every !== undefined) {
    const period = periodMs(cadence.every);
    return new Date(Math.floor(now.getTime() / period) * period);
  }
  const local = DateTime.fromJSDate(now, { zone: zoneOrUtc(timeZone) });
  const today = atDailyTime(local, cadence.dailyAt!);
  return (today <= local ? today : atDailyTime(local.minus({ days: 1 }), cadence.dailyAt!)).toJSDate();
}

/** The first slot after `slot`, a slot of the same cadence. */
export function nextSlot(cadence: JobCadence, slot: Date, timeZone: string): Date {
  if (cadence.every !== undefined) return new Date(slot.getTime() + periodMs(cadence.every));
  const local = DateTime.fromJSDate(slot, { zone: zoneOrUtc(timeZone) });
  return atDailyTime(local.plus({ days: 1 }), cadence.dailyAt!).toJSDate();
}
