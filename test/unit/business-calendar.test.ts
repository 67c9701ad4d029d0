// Business hours: shifts checked for overlaps, holidays and 调休 make-up days, overnight shifts and clock changes, working time counted and added.
import { describe, expect, it } from 'vitest';
import {
  addWorkingMinutes,
  businessCalendarSchema,
  defaultCalendar,
  shiftSchema,
  validateCalendar,
  workingIntervals,
  workingMinutesBetween,
  type BusinessCalendar,
  type Shift,
} from '../../src/plugins/cases/sla/business-calendar';
import { chinaHolidays, holidaysOf } from '../../src/plugins/cases/sla/china-holidays';

const shanghai = (local: string) => new Date(`${local}+08:00`);
const at = (iso: string) => new Date(iso);
const shift = (day: number, from: string, to: string): Shift => ({ day, from, to });
const weekdays = (from: string, to: string) => [1, 2, 3, 4, 5].map((day) => shift(day, from, to));

function makeCalendar(overrides: Partial<BusinessCalendar> = {}): BusinessCalendar {
  return {
    id: 'support',
    name: '客服 Support',
    timeZone: 'Asia/Shanghai',
    shifts: weekdays('09:00', '18:00'),
    holidays: [],
    workdays: [],
    ...overrides,
  };
}

/** Mon–Fri nights 22:00–06:00 in Berlin: a night desk. */
const berlinNights = (overrides: Partial<BusinessCalendar> = {}) =>
  makeCalendar({ id: 'nights', timeZone: 'Europe/Berlin', shifts: weekdays('22:00', '06:00'), ...overrides });

describe('validateCalendar', () => {
  it('accepts shifts that touch: a day shift and the night after it, a night meeting the next morning, Sunday night meeting Monday', () => {
    const shifts = [
      shift(1, '09:00', '18:00'),
      shift(1, '18:00', '09:00'),
      shift(2, '09:00', '18:00'),
      shift(7, '20:00', '00:00'),
      shift(1, '00:00', '09:00'),
    ];
    expect(validateCalendar(makeCalendar({ shifts })).shifts).toEqual(shifts);
  });

  it('sorts the holidays and make-up days and lists each once', () => {
    const checked = validateCalendar(
      makeCalendar({ holidays: ['2026-05-02', '2026-05-01', '2026-05-02'], workdays: ['2026-05-09', '2026-05-09'] }),
    );
    expect(checked).toMatchObject({ holidays: ['2026-05-01', '2026-05-02'], workdays: ['2026-05-09'] });
  });

  it('refuses two shifts on the same day that overlap, naming both', () => {
    const calendar = makeCalendar({ shifts: [shift(1, '09:00', '18:00'), shift(1, '17:00', '20:00')] });
    expect(() => validateCalendar(calendar)).toThrowError(
      expect.objectContaining({ code: 'CALENDAR_HOURS_OVERLAP', params: { first: 'Mon 09:00–18:00', second: 'Mon 17:00–20:00' } }),
    );
  });

  it('refuses a night shift that runs into the next morning’s shift', () => {
    const calendar = makeCalendar({ shifts: [shift(2, '22:00', '06:00'), shift(3, '05:00', '12:00')] });
    expect(() => validateCalendar(calendar)).toThrowError(
      expect.objectContaining({ code: 'CALENDAR_HOURS_OVERLAP', params: { first: 'Tue 22:00–06:00', second: 'Wed 05:00–12:00' } }),
    );
  });

  it('refuses a Sunday night shift that runs into Monday’s first shift across the end of the week', () => {
    const calendar = makeCalendar({ shifts: [shift(1, '01:00', '09:00'), shift(7, '22:00', '02:00')] });
    expect(() => validateCalendar(calendar)).toThrowError(
      expect.objectContaining({ code: 'CALENDAR_HOURS_OVERLAP', params: { first: 'Mon 01:00–09:00', second: 'Sun 22:00–02:00' } }),
    );
  });

  it('refuses a zone that is not an IANA name, an offset included', () => {
    for (const timeZone of ['Mars/Olympus', '+08:00'])
      expect(() => validateCalendar(makeCalendar({ timeZone }))).toThrowError(
        expect.objectContaining({ code: 'CALENDAR_TIME_ZONE_INVALID', params: { value: timeZone } }),
      );
  });

  it('refuses a calendar without hours, after checking its zone', () => {
    expect(() => validateCalendar(makeCalendar({ shifts: [] }))).toThrowError(
      expect.objectContaining({ code: 'CALENDAR_NO_HOURS', params: { name: '客服 Support' } }),
    );
    expect(() => validateCalendar(makeCalendar({ shifts: [], timeZone: 'Mars/Olympus' }))).toThrowError(
      expect.objectContaining({ code: 'CALENDAR_TIME_ZONE_INVALID' }),
    );
  });

  it('refuses a date that is both a holiday and a make-up working day', () => {
    const calendar = makeCalendar({ holidays: ['2026-10-01', '2026-10-10'], workdays: ['2026-10-10'] });
    expect(() => validateCalendar(calendar)).toThrowError(
      expect.objectContaining({ code: 'CALENDAR_DAY_CONFLICT', params: { date: '2026-10-10' } }),
    );
  });

  it('has the schema refuse a shift that starts when it ends, and take an overnight one', () => {
    expect(shiftSchema.safeParse(shift(1, '09:00', '09:00')).error?.issues[0]?.message).toBe('a shift needs a start and an end');
    expect(shiftSchema.safeParse(shift(5, '22:00', '06:00')).success).toBe(true);
    expect(businessCalendarSchema.parse(defaultCalendar)).toEqual(defaultCalendar);
  });
});

describe('the default calendar and China’s 2026 holidays', () => {
  it('lists only make-up days that fall on a weekend, and no day as both', () => {
    const { holidays, workdays } = holidaysOf(chinaHolidays);
    expect(workdays.map((date) => new Date(`${date}T00:00:00Z`).getUTCDay()).every((day) => day === 0 || day === 6)).toBe(true);
    expect(workdays.filter((date) => holidays.includes(date))).toEqual([]);
    expect(defaultCalendar.holidays).toHaveLength(33);
    expect(defaultCalendar.workdays).toEqual(['2026-01-04', '2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10']);
  });

  it('works the 调休 Saturday 2026-02-14 with Monday’s hours', () => {
    expect(addWorkingMinutes(defaultCalendar, shanghai('2026-02-13T17:30:00'), 60)).toEqual(shanghai('2026-02-14T09:30:00'));
  });

  it('skips the Spring Festival holidays: 11 hours from Friday 17:00 end on Tuesday 2026-02-24 at 10:00', () => {
    // 1 h on Friday, 9 h on the make-up Saturday, then 2026-02-15..23 off.
    expect(addWorkingMinutes(defaultCalendar, shanghai('2026-02-13T17:00:00'), 660)).toEqual(shanghai('2026-02-24T10:00:00'));
    expect(workingIntervals(defaultCalendar, shanghai('2026-02-13T12:00:00'), shanghai('2026-02-25T00:00:00'))).toEqual([
      { start: shanghai('2026-02-13T12:00:00'), end: shanghai('2026-02-13T18:00:00') },
      { start: shanghai('2026-02-14T09:00:00'), end: shanghai('2026-02-14T18:00:00') },
      { start: shanghai('2026-02-24T09:00:00'), end: shanghai('2026-02-24T18:00:00') },
    ]);
  });

  it('ends time that fills the last shift exactly at its close, not at the next opening', () => {
    expect(addWorkingMinutes(defaultCalendar, shanghai('2026-02-13T17:00:00'), 600)).toEqual(shanghai('2026-02-14T18:00:00'));
  });

  it('takes New Year’s Day off and works the make-up Sunday 2026-01-04', () => {
    // Wednesday 2025-12-31, Sunday 2026-01-04 and Monday 2026-01-05: three days of nine hours.
    expect(workingMinutesBetween(defaultCalendar, shanghai('2025-12-31T00:00:00'), shanghai('2026-01-06T00:00:00'))).toBe(3 * 540);
  });

  it('runs Monday’s shifts on a make-up day, not those of the weekday it falls on', () => {
    const calendar = makeCalendar({ shifts: [shift(1, '08:00', '12:00'), shift(6, '14:00', '16:00')], workdays: ['2026-03-07'] });
    expect(workingIntervals(calendar, shanghai('2026-03-07T00:00:00'), shanghai('2026-03-08T00:00:00'))).toEqual([
      { start: shanghai('2026-03-07T08:00:00'), end: shanghai('2026-03-07T12:00:00') },
    ]);
  });
});

describe('overnight shifts', () => {
  it('counts working time across midnight', () => {
    // Monday 2026-03-02 23:00 in Berlin (CET) is 22:00Z; two hours on is Tuesday 01:00.
    expect(addWorkingMinutes(berlinNights(), at('2026-03-02T22:00:00Z'), 120)).toEqual(at('2026-03-03T00:00:00Z'));
    expect(workingMinutesBetween(berlinNights(), at('2026-03-02T11:00:00Z'), at('2026-03-03T11:00:00Z'))).toBe(480);
  });

  it('skips the night whose start date is a holiday, and keeps the one ending on it', () => {
    const nights = berlinNights({ holidays: ['2026-03-03'] });
    // Tuesday 05:00 Berlin: Monday night's last hour, no Tuesday night, then Wednesday 22:00–23:00.
    expect(addWorkingMinutes(nights, at('2026-03-03T04:00:00Z'), 120)).toEqual(at('2026-03-04T22:00:00Z'));
    expect(workingIntervals(nights, at('2026-03-02T23:00:00Z'), at('2026-03-05T11:00:00Z'))).toEqual([
      { start: at('2026-03-02T23:00:00Z'), end: at('2026-03-03T05:00:00Z') },
      { start: at('2026-03-04T21:00:00Z'), end: at('2026-03-05T05:00:00Z') },
    ]);
  });

  it('counts the real time of a night with a clock change', () => {
    const everyNight = berlinNights({ shifts: [1, 2, 3, 4, 5, 6, 7].map((day) => shift(day, '22:00', '06:00')) });
    // Clocks go forward at 02:00 on 2026-03-29 and back at 03:00 on 2026-10-25.
    expect(workingIntervals(everyNight, at('2026-03-28T11:00:00Z'), at('2026-03-29T10:00:00Z'))).toEqual([
      { start: at('2026-03-28T21:00:00Z'), end: at('2026-03-29T04:00:00Z') },
    ]);
    expect(workingMinutesBetween(everyNight, at('2026-03-21T11:00:00Z'), at('2026-03-22T11:00:00Z'))).toBe(480);
    expect(workingMinutesBetween(everyNight, at('2026-03-28T11:00:00Z'), at('2026-03-29T10:00:00Z'))).toBe(420);
    expect(workingMinutesBetween(everyNight, at('2026-10-24T10:00:00Z'), at('2026-10-25T11:00:00Z'))).toBe(540);
    expect(addWorkingMinutes(everyNight, at('2026-03-28T21:00:00Z'), 420)).toEqual(at('2026-03-29T04:00:00Z'));
  });

  it('joins a day shift and the evening shift that follows it into one interval', () => {
    const calendar = makeCalendar({ shifts: [shift(1, '09:00', '18:00'), shift(1, '18:00', '02:00')] });
    expect(workingIntervals(calendar, shanghai('2026-03-02T00:00:00'), shanghai('2026-03-04T00:00:00'))).toEqual([
      { start: shanghai('2026-03-02T09:00:00'), end: shanghai('2026-03-03T02:00:00') },
    ]);
  });
});

describe('working time arithmetic', () => {
  it('has no working time in an empty or reversed span', () => {
    expect(workingMinutesBetween(defaultCalendar, shanghai('2026-03-02T12:00:00'), shanghai('2026-03-02T12:00:00'))).toBe(0);
    expect(workingMinutesBetween(defaultCalendar, shanghai('2026-03-03T12:00:00'), shanghai('2026-03-02T12:00:00'))).toBe(0);
    expect(workingIntervals(defaultCalendar, shanghai('2026-03-03T12:00:00'), shanghai('2026-03-02T12:00:00'))).toEqual([]);
  });

  it('adds nothing to a start given 0 minutes, and starts counting at the next shift outside hours', () => {
    expect(addWorkingMinutes(defaultCalendar, shanghai('2026-03-07T10:00:00'), 0)).toEqual(shanghai('2026-03-07T10:00:00'));
    expect(addWorkingMinutes(defaultCalendar, shanghai('2026-03-07T10:00:00'), 30)).toEqual(shanghai('2026-03-09T09:30:00'));
    expect(addWorkingMinutes(defaultCalendar, shanghai('2026-03-09T09:00:00'), 0.5)).toEqual(shanghai('2026-03-09T09:00:30'));
  });

  it('agrees with workingMinutesBetween: the minutes between a start and the time added to it are those added', () => {
    const nights = berlinNights({ holidays: ['2026-03-03', '2026-12-25'] });
    let seed = 20260214;
    const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
    for (let run = 0; run < 40; run++) {
      const calendar = run % 2 === 0 ? defaultCalendar : nights;
      const start = new Date(Date.parse('2026-01-01T00:00:00Z') + Math.floor(random() * 365 * 86_400) * 1000);
      const minutes = Math.round(random() * 20_000) / 4;
      const end = addWorkingMinutes(calendar, start, minutes);
      expect(workingMinutesBetween(calendar, start, end)).toBe(minutes);
    }
  });

  it('gives up on a calendar with no working time in three years, and still counts none in a bounded span', () => {
    const mondays = Array.from({ length: 200 }, (_, week) =>
      new Date(Date.parse('2026-01-05') + week * 7 * 86_400_000).toISOString().slice(0, 10),
    );
    const neverOpen = makeCalendar({ shifts: [shift(1, '09:00', '18:00')], holidays: mondays });
    expect(() => addWorkingMinutes(neverOpen, shanghai('2026-01-01T00:00:00'), 60)).toThrow(/no working time/);
    expect(workingMinutesBetween(neverOpen, shanghai('2026-01-01T00:00:00'), shanghai('2029-06-01T00:00:00'))).toBe(0);
  });

  it('refuses a negative number of minutes', () => {
    expect(() => addWorkingMinutes(defaultCalendar, shanghai('2026-03-09T09:00:00'), -1)).toThrow(RangeError);
  });
});
