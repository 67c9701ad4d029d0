// Reads an expected close date (预计结束时间) as reps type it: Q3, end of March, Feb 2027, 2027-02, next quarter, 12/15, 2026-09-30, 年底, 三季度, 下个月.
import { DateTime } from 'luxon';
import type { Locale } from '../../../core/i18n';
import { resolveDateTime, resolveZone } from '../../../core/relative-date';
import { foldWidth } from './amount.parser';

export interface CloseDateContext {
  now: Date;
  /** IANA zone of the user; unknown zones fall back to UTC. */
  timeZone: string;
  locale: Locale;
}

export type CloseDateResult = { ok: true; date: string } | { ok: false; reason: 'badCloseDate' | 'pastCloseDate'; detail: string };

const chineseDigits: Record<string, number> = {
  一: 1,
  二: 2,
  两: 2,
  三: 3,
  四: 4,
  五: 5,
  六: 6,
  七: 7,
  八: 8,
  九: 9,
  十: 10,
  十一: 11,
  十二: 12,
};
const monthNames = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/** Words around a date that say nothing more: `by`, `before`, `前`, `左右`, trailing punctuation. */
const filler = /^(?:by|on|in|at|before|around|about|end|date|[:：,，。.\s]|前|之前|以前|左右|成交|结束|签约|签单)*$/iu;

const numberOf = (text: string): number => chineseDigits[text] ?? Number(text);

/**
 * The local date `YYYY-MM-DD` the words name. A quarter or a month means its last day; a quarter or month without a
 * year that has already ended means next year's. A date before today is refused: an open deal cannot have closed.
 * @example parseCloseDate('Q3', { now: new Date('2026-11-24T02:00:00Z'), timeZone: 'Asia/Shanghai', locale: 'en' }) // { ok: true, date: '2027-09-30' }
 */
export function parseCloseDate(text: string, context: CloseDateContext): CloseDateResult {
  // What the user meant as the date, for the answer: `2030-13-45`, not `2030-13-45 成交`.
  const typed = text.trim().replace(/\s*(?:之前|以前|前|左右|成交|结束|签约|签单)+$/u, '') || text.trim();
  const folded = foldWidth(typed)
    .toLowerCase()
    .replace(/\s+/gu, ' ')
    .replace(/[\s.。,，]+$/u, '')
    .replace(/^(?:by|before|on|around)\s+/u, '')
    .replace(/\s*(?:之前|以前|前|左右|成交|结束|签约|签单)+$/u, '');
  const today = DateTime.fromJSDate(context.now, { zone: resolveZone(context.timeZone).timeZone }).startOf('day');
  if (!folded) return { ok: false, reason: 'badCloseDate', detail: typed };
  const date = numericDate(folded);
  const numeric = date === undefined ? numericMonth(folded, today) : date;
  const day = numeric === undefined ? (namedPeriod(folded, today) ?? spokenDate(typed, context, today)) : numeric;
  if (!day || !day.isValid) return { ok: false, reason: 'badCloseDate', detail: typed };
  if (day < today) return { ok: false, reason: 'pastCloseDate', detail: day.toISODate()! };
  return { ok: true, date: day.toISODate()! };
}

/** `2026-09-30`, `2026/9/30`, `2026年9月30日`: read strictly, so 2026-02-30 is refused rather than rolled over. */
function numericDate(text: string): DateTime | undefined | null {
  const match = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*[日号]?$/u.exec(text);
  if (!match) return undefined;
  const day = DateTime.fromObject({ year: Number(match[1]), month: Number(match[2]), day: Number(match[3]) });
  return day.isValid ? day : null;
}

/** `2027-02`, `2027/2`, `2027.02`, `02/2027`: a month of a given year, which means its last day. */
function numericMonth(text: string, today: DateTime): DateTime | undefined | null {
  const match = /^(?<year>\d{4})\s*[-/.]\s*(?<month>\d{1,2})$|^(?<month2>\d{1,2})\s*[-/.]\s*(?<year2>\d{4})$/u.exec(text);
  if (!match?.groups) return undefined;
  const month = Number(match.groups.month ?? match.groups.month2);
  const year = Number(match.groups.year ?? match.groups.year2);
  return month >= 1 && month <= 12 ? endOf('month', year, month, today) : null;
}

/** The end of a month or quarter, pushed to next year when it ended already and no year was typed. */
function endOf(unit: 'month' | 'quarter', year: number | undefined, index: number, today: DateTime): DateTime {
  const start = DateTime.fromObject(
    { year: year ?? today.year, month: unit === 'month' ? index : (index - 1) * 3 + 1 },
    { zone: today.zone },
  );
  const end = start.endOf(unit).startOf('day');
  return year === undefined && end < today ? end.plus({ years: 1 }).endOf(unit).startOf('day') : end;
}

function yearOf(text: string | undefined, today: DateTime): number | undefined {
  if (text === undefined) return undefined;
  if (/明年|next year/u.test(text)) return today.year + 1;
  if (/今年|this year/u.test(text)) return today.year;
  const digits = /\d{2,4}/u.exec(text)?.[0];
  if (!digits) return undefined;
  return digits.length === 2 ? 2000 + Number(digits) : Number(digits);
}

/** Quarters, months and the period words: this/next month or quarter, year end, 月底, 下季度, 年底. */
function namedPeriod(text: string, today: DateTime): DateTime | undefined | null {
  const quarter =
    /^(?<year>(?:fy)?\d{4}\s*[-/]?\s*|明年|今年)?q(?<q>[1-4])(?:\s*(?<after>(?:fy\s*)?(?:\d{4}|'?\d{2})|next year|this year))?$/u.exec(
      text,
    ) ?? /^(?<year>\d{4}\s*年?|明年|今年)?\s*(?:第)?(?<q>[一二三四1-4])季度?(?:末|底)?$/u.exec(text);
  if (quarter?.groups) {
    const year = yearOf(quarter.groups.year ?? quarter.groups.after, today);
    return endOf('quarter', year, numberOf(quarter.groups.q!), today);
  }
  // `March`, `end of March`, `Feb 2027`, `February of 2027`, `2027 February`.
  const englishMonth =
    /^(?:(?:the\s+)?end\s+of\s+)?(?:(?<before>\d{4})\s+)?(?<month>[a-z]{3,9})(?:\s*,?\s*(?:of\s+)?(?<year>\d{4}|next year|this year))?$/u.exec(
      text,
    );
  const monthIndex = englishMonth
    ? monthNames.findIndex((name) => englishMonth.groups!.month!.startsWith(name) && isMonthWord(englishMonth.groups!.month!))
    : -1;
  if (englishMonth && monthIndex >= 0)
    return endOf('month', yearOf(englishMonth.groups!.year ?? englishMonth.groups!.before, today), monthIndex + 1, today);
  const chineseMonth = /^(?<year>\d{4}\s*年|明年|今年)?\s*(?<month>\d{1,2}|十[一二]?|[一二三四五六七八九])\s*月(?:份)?(?:底|末|份)?$/u.exec(
    text,
  );
  if (chineseMonth?.groups) {
    const month = numberOf(chineseMonth.groups.month!);
    return month >= 1 && month <= 12 ? endOf('month', yearOf(chineseMonth.groups.year, today), month, today) : null;
  }
  const relative: [RegExp, () => DateTime][] = [
    [/^(?:(?:the\s+)?end\s+of\s+(?:the\s+)?|this\s+)month$|^(?:本月|这个月|当月)(?:底|末)?$|^月(?:底|末)$/u, () => today.endOf('month')],
    [/^(?:(?:the\s+)?end\s+of\s+)?next\s+month$|^下个?月(?:底|末)?$/u, () => today.plus({ months: 1 }).endOf('month')],
    [/^(?:(?:the\s+)?end\s+of\s+(?:the\s+)?|this\s+)quarter$|^(?:本|这个|当)季度?(?:末|底)?$|^季度?末$/u, () => today.endOf('quarter')],
    [/^(?:(?:the\s+)?end\s+of\s+)?next\s+quarter$|^下个?季度(?:末|底)?$/u, () => today.plus({ quarters: 1 }).endOf('quarter')],
    [
      /^(?:(?:the\s+)?end\s+of\s+(?:the\s+)?|this\s+)year$|^year[\s-]?end$|^(?:今年|本年度?)?(?:年底|年末|年终)$/u,
      () => today.endOf('year'),
    ],
    [/^(?:(?:the\s+)?end\s+of\s+)?next\s+year$|^明年(?:底|年底|年末)?$/u, () => today.plus({ years: 1 }).endOf('year')],
  ];
  const period = relative.find(([words]) => words.test(text));
  return period ? period[1]().startOf('day') : undefined;
}

const fullMonthNames = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
];
function isMonthWord(word: string): boolean {
  return fullMonthNames.some((name) => name.startsWith(word) && word.length >= 3) || word === 'sept';
}

/** Anything else chrono reads (`12/15`, `Dec 15`, `in 3 months`, `3个月后`, `下周五`), as long as it is the whole text. */
function spokenDate(text: string, context: CloseDateContext, today: DateTime): DateTime | undefined {
  const found = resolveDateTime(text, { ...context, direction: 'future' });
  if (!found) return undefined;
  const rest = text.slice(0, found.index) + text.slice(found.index + found.text.length);
  if (!filler.test(rest.trim())) return undefined;
  return DateTime.fromISO(found.date, { zone: today.zone });
}
