// Local dates, time zones and the inverted-time keys that order an account's timeline newest first.
import { describe, expect, it } from 'vitest';
import {
  datesBetween,
  instantWindow,
  invertedTicksOf,
  isValidTimeZone,
  localDateOf,
  todayIn,
} from '../../src/plugins/activities/activity-time';

describe('activity time', () => {
  it("places an instant on the local date of the activity's own zone", () => {
    expect(localDateOf('2026-11-23T17:30:00Z', 'Asia/Shanghai')).toBe('2026-11-24');
    expect(localDateOf('2026-11-23T17:30:00Z', 'America/New_York')).toBe('2026-11-23');
  });

  it('reads an instant written with an offset as that instant', () => {
    expect(localDateOf('2026-11-24T01:30:00+08:00', 'UTC')).toBe('2026-11-23');
  });

  it('accepts IANA zones and refuses offsets and made-up names', () => {
    expect(isValidTimeZone('Asia/Shanghai')).toBe(true);
    expect(isValidTimeZone('UTC')).toBe(true);
    expect(isValidTimeZone('+08:00')).toBe(false);
    expect(isValidTimeZone('Mars/Olympus_Mons')).toBe(false);
  });

  it('sorts later instants first, including across the year 2000 and before 1970', () => {
    const instants = ['1969-07-20T20:17:00Z', '1999-12-31T23:59:59.999Z', '2000-01-01T00:00:00Z', '2026-11-23T17:30:00Z'];
    const keys = instants.map(invertedTicksOf);
    expect([...keys].sort()).toEqual([...keys].reverse());
    expect(keys.every((key) => /^\d{15}$/.test(key))).toBe(true);
  });

  it('lists every date of a range, month ends and leap days included', () => {
    expect(datesBetween('2028-02-28', '2028-03-01')).toEqual(['2028-02-28', '2028-02-29', '2028-03-01']);
  });

  it('widens a date range to every zone from UTC−12 to UTC+14', () => {
    const window = instantWindow('2026-11-24', '2026-11-24');
    expect(new Date(window.earliestMs).toISOString()).toBe('2026-11-23T10:00:00.000Z');
    expect(new Date(window.latestMs).toISOString()).toBe('2026-11-25T12:00:00.000Z');
  });

  it("tells today in the user's zone", () => {
    expect(todayIn(new Date('2026-11-23T17:30:00Z'), 'Asia/Shanghai')).toBe('2026-11-24');
  });
});
