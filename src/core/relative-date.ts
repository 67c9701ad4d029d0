// Resolves dates and times typed in chat ("yesterday 3pm", "follow up Friday", 下周一, 3天后) in the user's own IANA time zone.
import * as chrono from 'chrono-node';
import { DateTime, FixedOffsetZone } from 'luxon';
import type { Locale } from './i18n';

export interface DateContext {
  /** The instant the user typed the text. */
  now: Date;
  /** IANA zone of the user, e.g. `Asia/Shanghai`; an unknown zone falls back to UTC. */
  timeZone: string;
  locale: Locale;
  /** Which way a bare weekday or a date without a year points: "occurred Friday" is past, "follow up Friday" future. */
  direction: 'past' | 'future';
}

export interface ResolvedDate {
  /** Local calendar date `YYYY-MM-DD` in `timeZone`. */
  date: string;
  /** The words that were understood as the date, and where they start in the text. */
  text: string;
  index: number;
  /** The zone actually used: the user's, or `UTC` when theirs is unknown. */
  timeZone: string;
  zoneFallback: boolean;
}

export interface ResolvedDateTime extends ResolvedDate {
  /** ISO 8601 instant with the zone's offset, e.g. `2026-11-23T15:00:00+08:00`. */
  at: string;
  /** Whether the text named a time of day; without one, `at` carries the current local time of day. */
  hasTime: boolean;
  /** Whether the text named a day (`Friday`, `明天`, `12/1`), not only a month or a year (`May`). */
  hasDay: boolean;
}

/** The zone to compute in: the given IANA zone, or UTC when luxon does not know it. */
export function resolveZone(timeZone: string): { timeZone: string; zoneFallback: boolean } {
  const valid = timeZone.trim() !== '' && DateTime.now().setZone(timeZone).isValid;
  return valid ? { timeZone, zoneFallback: false } : { timeZone: 'UTC', zoneFallback: true };
}

/** Today's local date `YYYY-MM-DD` for the user. */
export function localToday(now: Date, timeZone: string): string {
  return DateTime.fromJSDate(now, { zone: resolveZone(timeZone).timeZone }).toISODate()!;
}

/**
 * The first date in `text`, as a local date.
 * @example resolveDate('follow up Friday', { now, timeZone: 'Asia/Shanghai', locale: 'en', direction: 'future' })?.date // '2026-11-27'
 */
export function resolveDate(text: string, context: DateContext): ResolvedDate | undefined {
  const found = findDateTimes(text, context)[0];
  return found && { date: found.date, text: found.text, index: found.index, timeZone: found.timeZone, zoneFallback: found.zoneFallback };
}

/**
 * The first date and/or time in `text`, as an instant in the user's zone.
 * @example resolveDateTime('昨天下午3点', { now, timeZone: 'Asia/Shanghai', locale: 'zh-CN', direction: 'past' })?.at // '2026-11-23T15:00:00+08:00'
 */
export function resolveDateTime(text: string, context: DateContext): ResolvedDateTime | undefined {
  return findDateTimes(text, context)[0];
}

/** Every date or time expression in `text`, in reading order, none overlapping. */
export function findDateTimes(text: string, context: DateContext): ResolvedDateTime[] {
  const { timeZone, zoneFallback } = resolveZone(context.timeZone);
  const local = DateTime.fromJSDate(context.now, { zone: timeZone });
  // chrono's Chinese parsers ignore `reference.timezone` and read the reference in the process's zone,
  // so both languages get the user's wall clock as a process-local date; luxon then applies the real zone.
  const wallClock = new Date(local.year, local.month - 1, local.day, local.hour, local.minute, local.second);
  const parsers = context.locale === 'zh-CN' ? [chrono.zh.hans, chrono.en] : [chrono.en, chrono.zh.hans];
  const resolved = (text: string, index: number, day: DateTime, hasTime: boolean, hasDay: boolean): ResolvedDateTime => {
    // Without a time of day the instant keeps the current local time (today: exactly now, which also settles a repeated DST hour).
    const sameDay = day.hasSame(local, 'day');
    const at = hasTime
      ? day.set({ second: 0, millisecond: 0 })
      : sameDay
        ? local
        : day.set({ hour: local.hour, minute: local.minute, second: 0, millisecond: 0 });
    return { date: day.toISODate()!, at: at.toISO({ suppressMilliseconds: true })!, hasTime, hasDay, text, index, timeZone, zoneFallback };
  };
  const found = nextWeekMatches(text, local).map((m) => resolved(m.text, m.index, m.day, false, true));
  for (const parser of parsers) {
    for (const result of parser.parse(text, wallClock)) {
      if (found.some((f) => overlaps(f, result))) continue;
      const { start } = result;
      const hasDay = start.isCertain('day') || start.isCertain('weekday');
      found.push(resolved(result.text, result.index, toLocal(result, local, context.direction), start.isCertain('hour'), hasDay));
    }
  }
  return found.sort((a, b) => a.index - b.index);
}

function overlaps(a: { index: number; text: string }, b: { index: number; text: string }): boolean {
  return a.index < b.index + b.text.length && b.index < a.index + a.text.length;
}

const nextWeekPattern = /\bnext week\b(?!\s*(?:on\s+)?(?:mon|tue|wed|thu|fri|sat|sun))|下个?(?:周|星期|礼拜)(?![一二三四五六日天1-7])/giu;

/** "next week" / 下周 alone means the Monday of next week; chrono reads "next week" as +7 days and not 下周 at all. */
function nextWeekMatches(text: string, local: DateTime): { text: string; index: number; day: DateTime }[] {
  const monday = local.startOf('week').plus({ weeks: 1 });
  return [...text.matchAll(nextWeekPattern)].map((m) => ({ text: m[0], index: m.index, day: monday }));
}

/** chrono's components, read as wall-clock values in the user's zone, with weekdays and yearless dates pointed the right way. */
function toLocal(result: chrono.ParsedResult, local: DateTime, direction: DateContext['direction']): DateTime {
  const { start } = result;
  const zone = local.zone;
  const fields = {
    year: start.get('year')!,
    month: start.get('month')!,
    day: start.get('day')!,
    hour: start.get('hour')!,
    minute: start.get('minute')!,
  };
  let moment = typedOffset(result)
    ? DateTime.fromObject(fields, { zone: FixedOffsetZone.instance(start.get('timezoneOffset')!) }).setZone(zone)
    : DateTime.fromObject(fields, { zone });
  const today = local.startOf('day');
  // chrono reads 明天 typed before 02:00 as today; here 明 always means the next calendar day.
  if (/明[天日早晚]/u.test(result.text) && moment.hasSame(today, 'day')) moment = moment.plus({ days: 1 });
  if (start.isCertain('weekday') && !start.isCertain('day')) {
    const day = weekdayDate(today, start.get('weekday')!, weekdayModifier(result.text), direction);
    moment = moment.set({ year: day.year, month: day.month, day: day.day });
  } else if (start.isCertain('month') && start.isCertain('day') && !start.isCertain('year')) {
    const day = moment.startOf('day');
    if (direction === 'future' && day < today) moment = moment.plus({ years: 1 });
    if (direction === 'past' && day > today) moment = moment.minus({ years: 1 });
  }
  return moment;
}

/** Only a zone the user typed ("3pm EST", an ISO offset) counts; chrono stamps relative results with the process's own offset. */
function typedOffset(result: chrono.ParsedResult): boolean {
  const chronoStamped = [...result.tags()].some((tag) => tag.startsWith('result/relativeDate') || tag.startsWith('casualReference/'));
  return result.start.isCertain('timezoneOffset') && !chronoStamped;
}

type WeekdayModifier = 'next' | 'last' | 'this' | undefined;

function weekdayModifier(text: string): WeekdayModifier {
  const word = /\b(next|last|past|previous|this|coming)\b/iu.exec(text)?.[1]?.toLowerCase();
  if (word === 'next') return 'next';
  if (word === 'last' || word === 'past' || word === 'previous') return 'last';
  return word === 'this' ? 'this' : undefined;
}

/**
 * A bare weekday points to the next such day after today (future) or the most recent one up to today (past);
 * "next Friday" is the Friday of next week, like 下周五; "last Friday" the most recent one before today.
 */
function weekdayDate(today: DateTime, chronoWeekday: number, modifier: WeekdayModifier, direction: DateContext['direction']): DateTime {
  const weekday = chronoWeekday === 0 ? 7 : chronoWeekday; // chrono counts Sunday as 0, luxon as 7
  const thisWeek = today.startOf('week').plus({ days: weekday - 1 });
  if (modifier === 'this') return thisWeek;
  if (modifier === 'next') return thisWeek.plus({ weeks: 1 });
  const ahead = (weekday - today.weekday + 7) % 7;
  const behind = (today.weekday - weekday + 7) % 7;
  if (modifier === 'last') return today.minus({ days: behind || 7 });
  return direction === 'future' ? today.plus({ days: ahead || 7 }) : today.minus({ days: behind });
}
