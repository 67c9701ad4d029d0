// A service team's business hours 营业时间: weekly shifts, holidays and make-up days, and the working time between instants.
import { IANAZone } from 'luxon';
import { z } from 'zod';
import { text } from '../../../core/validation';
import { casesErrors } from '../cases.errors';
import { chinaHolidays, holidaysOf } from './china-holidays';

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a 24-hour local time such as 09:00');
const isoDate = z.iso.date();

/**
 * One weekly shift on an ISO weekday (1 = Monday), in the calendar's local time. An end at or before the start runs
 * overnight: `{ day: 5, from: '22:00', to: '06:00' }` is Friday 22:00 to Saturday 06:00.
 */
export const shiftSchema = z
  .strictObject({ day: z.number().int().min(1).max(7), from: hhmm, to: hhmm })
  .refine((shift) => shift.from !== shift.to, 'a shift needs a start and an end');
export type Shift = z.infer<typeof shiftSchema>;

/**
 * A team's business hours. A shift does not run when the local date it starts on is a holiday 法定节假日; a make-up
 * working day 调休上班日 runs Monday's shifts, whatever weekday it falls on. Check one with `validateCalendar`.
 * @example { id: 'support-cn', name: '客服 9–18', timeZone: 'Asia/Shanghai', shifts: [{ day: 1, from: '09:00', to: '18:00' }], holidays: [], workdays: [] }
 */
export const businessCalendarSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9-]{1,40}$/),
  name: text(60),
  /** An IANA zone; `validateCalendar` checks it, so a wrong one is answered in the user's language. */
  timeZone: z.string().min(1).max(64),
  shifts: z.array(shiftSchema).max(50),
  holidays: z.array(isoDate).max(400),
  workdays: z.array(isoDate).max(100),
});
export type BusinessCalendar = z.infer<typeof businessCalendarSchema>;

const weekdayNames = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'] as const;
const dayMinutes = 1440;
const weekMinutes = 7 * dayMinutes;

/** Minutes after local midnight of `HH:mm`. */
function minutesOf(time: string): number {
  return Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));
}

/** A shift's start and end in minutes after the local midnight of its day; an overnight shift ends past 24:00. */
function spanOf(shift: Shift): { from: number; to: number } {
  const from = minutesOf(shift.from);
  const to = minutesOf(shift.to);
  return { from, to: to > from ? to : to + dayMinutes };
}

/** The minutes of the week (from Monday 00:00) a shift covers; the part past Sunday midnight wraps to Monday. */
function weekPieces(shift: Shift): [number, number][] {
  const { from, to } = spanOf(shift);
  const start = (shift.day - 1) * dayMinutes + from;
  const end = start + to - from;
  return end <= weekMinutes
    ? [[start, end]]
    : [
        [start, weekMinutes],
        [0, end - weekMinutes],
      ];
}

function overlaps(first: Shift, second: Shift): boolean {
  return weekPieces(first).some(([start, end]) =>
    weekPieces(second).some(([otherStart, otherEnd]) => start < otherEnd && otherStart < end),
  );
}

/** A shift as messages name it, the same in every language: `Mon 09:00–18:00`, `Fri 22:00–06:00`. */
export function shiftLabel(shift: Shift): string {
  return `${weekdayNames[shift.day - 1]} ${shift.from}–${shift.to}`;
}

/** An IANA zone name; offsets such as `+08:00` are refused because they ignore daylight saving. */
function isTimeZone(zone: string): boolean {
  return IANAZone.isValidZone(zone) && !/^[+-]/.test(zone);
}

/**
 * Checks what the schema cannot: the zone, that there are hours, that no two shifts overlap in the week, and that no
 * date is both a holiday and a make-up day. Returns the calendar with its dates sorted and each listed once.
 * @example validateCalendar({ ...calendar, timeZone: 'GMT+8' }) // throws CALENDAR_TIME_ZONE_INVALID
 */
export function validateCalendar(calendar: BusinessCalendar): BusinessCalendar {
  if (!isTimeZone(calendar.timeZone))
    throw casesErrors.fail('CALENDAR_TIME_ZONE_INVALID', { value: calendar.timeZone }, { field: 'timeZone' });
  if (calendar.shifts.length === 0) throw casesErrors.fail('CALENDAR_NO_HOURS', { name: calendar.name }, { field: 'shifts' });
  calendar.shifts.forEach((first, index) => {
    const second = calendar.shifts.slice(index + 1).find((other) => overlaps(first, other));
    if (second)
      throw casesErrors.fail('CALENDAR_HOURS_OVERLAP', { first: shiftLabel(first), second: shiftLabel(second) }, { field: 'shifts' });
  });
  const holidays = [...new Set(calendar.holidays)].sort();
  const workdays = [...new Set(calendar.workdays)].sort();
  const offDays = new Set(holidays);
  const conflict = workdays.find((date) => offDays.has(date));
  if (conflict) throw casesErrors.fail('CALENDAR_DAY_CONFLICT', { date: conflict }, { field: 'workdays' });
  return { ...calendar, holidays, workdays };
}

/** Monday to Friday 09:00–18:00 in China, with the statutory holidays and make-up days published so far. */
export const defaultCalendar: BusinessCalendar = validateCalendar({
  id: 'default',
  name: '工作日 Weekdays 09:00–18:00',
  timeZone: 'Asia/Shanghai',
  shifts: [1, 2, 3, 4, 5].map((day) => ({ day, from: '09:00', to: '18:00' })),
  ...holidaysOf(chinaHolidays),
});

const minuteMs = 60_000;
const dayMs = 86_400_000;
/** With no working time in this many days in a row, a calendar has none left to find. */
const idleDaysLimit = 3 * 366;

/** A calendar ready for walking: dates as day numbers (days since 1970-01-01) and shifts grouped by weekday. */
interface Hours {
  clock: ZoneClock;
  holidays: Set<number>;
  workdays: Set<number>;
  /** Index 1–7 is the ISO weekday; each day's spans in start order, in minutes after local midnight. */
  byWeekday: { from: number; to: number }[][];
}

/** A zone and its offsets in minutes at the UTC midnights of day numbers, as walks have sampled them. */
interface ZoneClock {
  zone: IANAZone;
  offsets: Map<number, number>;
}

/** Per zone rather than per calendar: a calendar read afresh from the store on each case write still finds them. */
const zoneClocks = new Map<string, ZoneClock>();

function zoneClockOf(timeZone: string): ZoneClock {
  let clock = zoneClocks.get(timeZone);
  if (!clock) zoneClocks.set(timeZone, (clock = { zone: IANAZone.create(timeZone), offsets: new Map() }));
  return clock;
}

/** Calendars are values that are replaced, never changed in place, so what is derived from one is kept with it. */
const prepared = new WeakMap<BusinessCalendar, Hours>();

function hoursOf(calendar: BusinessCalendar): Hours {
  const known = prepared.get(calendar);
  if (known) return known;
  if (!isTimeZone(calendar.timeZone)) throw casesErrors.fail('CALENDAR_TIME_ZONE_INVALID', { value: calendar.timeZone });
  const byWeekday = Array.from({ length: 8 }, (_, day) =>
    calendar.shifts
      .filter((shift) => shift.day === day)
      .map(spanOf)
      .sort((a, b) => a.from - b.from),
  );
  const dayNumber = (date: string) => Date.parse(date) / dayMs;
  const hours: Hours = {
    clock: zoneClockOf(calendar.timeZone),
    holidays: new Set(calendar.holidays.map(dayNumber)),
    workdays: new Set(calendar.workdays.map(dayNumber)),
    byWeekday,
  };
  prepared.set(calendar, hours);
  return hours;
}

/** The local date of an instant, as a day number. */
function localDay(zone: IANAZone, instantMs: number): number {
  return Math.floor((instantMs + zone.offset(instantMs) * minuteMs) / dayMs);
}

/**
 * The instant of a local wall-clock time, given as milliseconds read as if UTC. A time a clock change skips moves
 * forward by the change (02:30 on a spring-forward night is 03:30), and a repeated time is its later occurrence, as in luxon.
 */
function instantOf(zone: IANAZone, wallMs: number): number {
  const guess = zone.offset(wallMs);
  const first = wallMs - guess * minuteMs;
  const offset = zone.offset(first);
  if (offset === guess) return first;
  const second = wallMs - offset * minuteMs;
  const check = zone.offset(second);
  return check === offset ? second : wallMs - Math.min(offset, check) * minuteMs;
}

function sampledOffset({ zone, offsets }: ZoneClock, day: number): number {
  let offset = offsets.get(day);
  if (offset === undefined) {
    if (offsets.size >= 20_000) offsets.clear();
    offset = zone.offset(day * dayMs);
    offsets.set(day, offset);
  }
  return offset;
}

/**
 * The instant of a wall-clock time of a shift starting on `day`. Zones lie within UTC−12 and UTC+14 and a shift ends by
 * the next day's end, so its instants fall between the UTC midnights a day before and three days after; when the
 * offset is the same at both, no clock change lies between (changes are months apart) and the offset holds throughout.
 */
function shiftInstant(clock: ZoneClock, day: number, minutes: number): number {
  const wallMs = day * dayMs + minutes * minuteMs;
  const before = sampledOffset(clock, day - 1);
  return before === sampledOffset(clock, day + 3) ? wallMs - before * minuteMs : instantOf(clock.zone, wallMs);
}

/** The shifts that start on a day: none on a holiday, Monday's on a make-up day, else the weekday's own. */
function spansOn(hours: Hours, day: number): readonly { from: number; to: number }[] {
  if (hours.holidays.has(day)) return [];
  const isoWeekday = ((((day + 3) % 7) + 7) % 7) + 1; // day 0, 1970-01-01, was a Thursday
  return hours.byWeekday[hours.workdays.has(day) ? 1 : isoWeekday]!;
}

/**
 * Calls `visit` with the working time from `fromMs` up to `untilMs` (`Infinity` for no end), in order, one shift at a
 * time; pieces never overlap but may touch. Stops when `visit` returns false. An endless walk throws when it finds no
 * working time in three years: validated calendars always have hours, so that is a caller's mistake.
 */
export function walkWorkingTime(
  calendar: BusinessCalendar,
  fromMs: number,
  untilMs: number,
  visit: (startMs: number, endMs: number) => boolean | void,
): void {
  if (Number.isNaN(fromMs) || Number.isNaN(untilMs)) throw new RangeError('Working time is walked between valid instants');
  const hours = hoursOf(calendar);
  const lastDay = untilMs === Infinity ? Infinity : localDay(hours.clock.zone, untilMs);
  let countedTo = fromMs;
  let idleDays = 0;
  for (let day = localDay(hours.clock.zone, fromMs) - 1; day <= lastDay; day++) {
    if (untilMs === Infinity && ++idleDays > idleDaysLimit)
      throw new Error(`Calendar "${calendar.id}" has no working time in the ${idleDaysLimit} days after ${new Date(fromMs).toISOString()}`);
    for (const span of spansOn(hours, day)) {
      const startMs = Math.max(countedTo, shiftInstant(hours.clock, day, span.from));
      const endMs = Math.min(untilMs, shiftInstant(hours.clock, day, span.to));
      if (endMs <= startMs) continue;
      countedTo = endMs;
      idleDays = 0;
      if (visit(startMs, endMs) === false) return;
    }
  }
}

function instantMs(date: Date): number {
  const ms = date.getTime();
  if (Number.isNaN(ms)) throw new RangeError('Working time needs a valid date');
  return ms;
}

/** The working intervals within [from, to), in order, with intervals that meet (a day shift and the night after it) joined. */
export function workingIntervals(calendar: BusinessCalendar, from: Date, to: Date): { start: Date; end: Date }[] {
  const intervals: { start: Date; end: Date }[] = [];
  walkWorkingTime(calendar, instantMs(from), instantMs(to), (startMs, endMs) => {
    const last = intervals.at(-1);
    if (last?.end.getTime() === startMs) last.end = new Date(endMs);
    else intervals.push({ start: new Date(startMs), end: new Date(endMs) });
  });
  return intervals;
}

/** The working minutes within [from, to); 0 when `to` is not after `from`. */
export function workingMinutesBetween(calendar: BusinessCalendar, from: Date, to: Date): number {
  let totalMs = 0;
  walkWorkingTime(calendar, instantMs(from), instantMs(to), (startMs, endMs) => {
    totalMs += endMs - startMs;
  });
  return totalMs / minuteMs;
}

/**
 * The instant at which `minutes` of working time have passed since `start`; counting begins at the next shift when
 * `start` is outside hours, and 0 minutes is `start` itself. Time that ends exactly with a shift ends at its close.
 * @example addWorkingMinutes(defaultCalendar, new Date('2026-02-13T09:30:00Z'), 60) // 2026-02-14T01:30:00Z, the 调休 Saturday
 */
export function addWorkingMinutes(calendar: BusinessCalendar, start: Date, minutes: number): Date {
  if (!Number.isFinite(minutes) || minutes < 0)
    throw new RangeError(`Working minutes to add must be a finite number of at least 0, not ${minutes}`);
  let leftMs = minutes * minuteMs;
  let reachedMs = instantMs(start);
  if (leftMs === 0) return new Date(reachedMs);
  walkWorkingTime(calendar, reachedMs, Infinity, (startMs, endMs) => {
    if (endMs - startMs >= leftMs) {
      reachedMs = startMs + leftMs;
      return false;
    }
    leftMs -= endMs - startMs;
    return true;
  });
  return new Date(Math.round(reachedMs));
}
