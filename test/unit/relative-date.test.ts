// Relative dates and times typed in chat resolve in the user's own time zone, in English and Chinese.
import { afterEach, describe, expect, it } from 'vitest';
import type { Locale } from '../../src/core/i18n';
import { findDateTimes, localToday, resolveDate, resolveDateTime, resolveZone, type DateContext } from '../../src/core/relative-date';

// 2026-11-23T17:30Z is Tuesday 2026-11-24 01:30 in Shanghai: the UTC date and the user's date differ.
const now = new Date('2026-11-23T17:30:00Z');
const shanghai = (locale: Locale, direction: DateContext['direction']): DateContext => ({
  now,
  timeZone: 'Asia/Shanghai',
  locale,
  direction,
});

describe('resolveDate in the user zone', () => {
  it.each([
    ['today', 'en', 'past', '2026-11-24'],
    ['yesterday', 'en', 'past', '2026-11-23'],
    ['tomorrow', 'en', 'future', '2026-11-25'],
    ['今天', 'zh-CN', 'past', '2026-11-24'],
    ['昨天', 'zh-CN', 'past', '2026-11-23'],
    ['明天', 'zh-CN', 'future', '2026-11-25'],
    ['后天', 'zh-CN', 'future', '2026-11-26'],
    ['in 3 days', 'en', 'future', '2026-11-27'],
    ['3天后', 'zh-CN', 'future', '2026-11-27'],
    ['三天后', 'zh-CN', 'future', '2026-11-27'],
    ['2026-12-01', 'en', 'future', '2026-12-01'],
    ['2026-12-01', 'zh-CN', 'past', '2026-12-01'],
    ['12/1', 'en', 'future', '2026-12-01'],
    ['12/1', 'en', 'past', '2025-12-01'],
    ['12月1日', 'zh-CN', 'future', '2026-12-01'],
    ['12月1日', 'zh-CN', 'past', '2025-12-01'],
  ] as const)('%s (%s, %s) is %s', (text, locale, direction, expected) => {
    expect(resolveDate(text, shanghai(locale, direction))?.date).toBe(expected);
  });
});

describe('resolveDate with weekdays and weeks', () => {
  it.each([
    ['Friday', 'en', 'future', '2026-11-27'],
    ['Friday', 'en', 'past', '2026-11-20'],
    ['周五', 'zh-CN', 'future', '2026-11-27'],
    ['星期五', 'zh-CN', 'past', '2026-11-20'],
    ['Tuesday', 'en', 'future', '2026-12-01'],
    ['Tuesday', 'en', 'past', '2026-11-24'],
    ['周二', 'zh-CN', 'future', '2026-12-01'],
    ['next Monday', 'en', 'future', '2026-11-30'],
    ['next Friday', 'en', 'future', '2026-12-04'],
    ['this Friday', 'en', 'future', '2026-11-27'],
    ['last Friday', 'en', 'past', '2026-11-20'],
    ['下周一', 'zh-CN', 'future', '2026-11-30'],
    ['上周五', 'zh-CN', 'past', '2026-11-20'],
    ['next week', 'en', 'future', '2026-11-30'],
    ['下周', 'zh-CN', 'future', '2026-11-30'],
    ['下星期', 'zh-CN', 'future', '2026-11-30'],
    ['下个礼拜', 'zh-CN', 'future', '2026-11-30'],
  ] as const)('%s (%s, %s) is %s', (text, locale, direction, expected) => {
    expect(resolveDate(text, shanghai(locale, direction))?.date).toBe(expected);
  });

  it('understands an English weekday in a Chinese line', () => {
    expect(resolveDate('Friday', shanghai('zh-CN', 'future'))?.date).toBe('2026-11-27');
  });

  it('says which words it read and where they start', () => {
    const found = resolveDate('follow up next week please', shanghai('en', 'future'));
    expect(found).toMatchObject({ text: 'next week', index: 10 });
  });

  it('finds nothing in text without a date', () => {
    expect(resolveDate('discussed renewal', shanghai('en', 'future'))).toBeUndefined();
  });

  it('lists every expression in reading order', () => {
    const found = findDateTimes('call 12/3, then next week', shanghai('en', 'future'));
    expect(found.map((f) => f.date)).toEqual(['2026-12-03', '2026-11-30']);
  });
});

describe('resolveDateTime', () => {
  it.each([
    ['yesterday 3pm', 'en', 'past', '2026-11-23T15:00:00+08:00'],
    ['昨天下午3点', 'zh-CN', 'past', '2026-11-23T15:00:00+08:00'],
    ['3pm', 'en', 'past', '2026-11-24T15:00:00+08:00'],
    ['15:00', 'en', 'past', '2026-11-24T15:00:00+08:00'],
    ['下午3点', 'zh-CN', 'past', '2026-11-24T15:00:00+08:00'],
    ['上午10点半', 'zh-CN', 'past', '2026-11-24T10:30:00+08:00'],
    ['明天上午10点', 'zh-CN', 'future', '2026-11-25T10:00:00+08:00'],
    ['friday 10am', 'en', 'future', '2026-11-27T10:00:00+08:00'],
  ] as const)('%s (%s, %s) is %s', (text, locale, direction, expected) => {
    const found = resolveDateTime(text, shanghai(locale, direction));
    expect(found).toMatchObject({ at: expected, hasTime: true });
  });

  it.each([
    ['3pm UTC', '2026-11-24T23:00:00+08:00'],
    ['2026-12-01T10:00:00Z', '2026-12-01T18:00:00+08:00'],
  ])('honours the zone typed in %s', (text, expected) => {
    expect(resolveDateTime(text, shanghai('en', 'past'))?.at).toBe(expected);
  });

  it('keeps the current local time when only a day is named', () => {
    expect(resolveDateTime('yesterday', shanghai('en', 'past'))).toMatchObject({ at: '2026-11-23T01:30:00+08:00', hasTime: false });
  });

  it('answers "today" with the very instant, in the user offset', () => {
    expect(resolveDateTime('today', shanghai('en', 'past'))?.at).toBe('2026-11-24T01:30:00+08:00');
  });
});

describe('time zones', () => {
  const newYork = (at: string, direction: DateContext['direction'] = 'future', locale: Locale = 'en'): DateContext => ({
    now: new Date(at),
    timeZone: 'America/New_York',
    locale,
    direction,
  });

  it.each([
    ['tomorrow 3pm', 'en', '2026-11-01T15:00:00-05:00'],
    ['明天下午3点', 'zh-CN', '2026-11-01T15:00:00-05:00'],
  ] as const)('gives %s after the autumn DST change its winter offset', (text, locale, expected) => {
    expect(resolveDateTime(text, newYork('2026-10-31T16:00:00Z', 'future', locale))?.at).toBe(expected);
  });

  it('gives yesterday before the DST change its summer offset', () => {
    expect(resolveDateTime('yesterday 3pm', newYork('2026-10-31T16:00:00Z', 'past'))?.at).toBe('2026-10-30T15:00:00-04:00');
  });

  it('counts days across the DST change by the calendar', () => {
    expect(resolveDate('in 3 days', newYork('2026-10-31T16:00:00Z'))?.date).toBe('2026-11-03');
  });

  it.each([
    ['2026-11-01T05:30:00Z', '2026-11-01T01:30:00-04:00'],
    ['2026-11-01T06:30:00Z', '2026-11-01T01:30:00-05:00'],
  ])('tells the two 01:30s of the repeated hour apart (now %s)', (at, expected) => {
    expect(resolveDateTime('today', newYork(at))?.at).toBe(expected);
  });

  it('moves a time that does not exist in the spring gap forward', () => {
    expect(resolveDateTime('tomorrow 2:30am', newYork('2026-03-07T17:00:00Z'))?.at).toBe('2026-03-08T03:30:00-04:00');
  });

  it('uses the user date, not the UTC date, for "today" west of UTC', () => {
    const context: DateContext = {
      now: new Date('2026-11-24T03:00:00Z'),
      timeZone: 'America/Los_Angeles',
      locale: 'en',
      direction: 'past',
    };
    expect(resolveDate('today', context)?.date).toBe('2026-11-23');
  });

  it.each(['Mars/Olympus_Mons', '', 'not a zone'])('falls back to UTC for the unknown zone "%s" and says so', (timeZone) => {
    const found = resolveDateTime('today', { now, timeZone, locale: 'en', direction: 'past' });
    expect(found).toMatchObject({ date: '2026-11-23', at: '2026-11-23T17:30:00Z', timeZone: 'UTC', zoneFallback: true });
  });

  it('reports a known zone without fallback', () => {
    expect(resolveZone('Asia/Shanghai')).toEqual({ timeZone: 'Asia/Shanghai', zoneFallback: false });
  });

  it('gives today in the user zone', () => {
    expect(localToday(now, 'Asia/Shanghai')).toBe('2026-11-24');
  });
});

describe('independence from the server zone', () => {
  const serverZone = process.env.TZ;
  afterEach(() => {
    if (serverZone === undefined) delete process.env.TZ;
    else process.env.TZ = serverZone;
  });

  it.each(['America/Los_Angeles', 'Asia/Kolkata', 'Pacific/Auckland'])('resolves the same on a server in %s', (zone) => {
    process.env.TZ = zone;
    const found = ['yesterday 3pm', '明天上午10点', '周五', 'in 3 days'].map(
      (text, i) => resolveDateTime(text, shanghai(i === 1 ? 'zh-CN' : 'en', 'future'))?.at,
    );
    expect(found).toEqual([
      '2026-11-23T15:00:00+08:00',
      '2026-11-25T10:00:00+08:00',
      '2026-11-27T01:30:00+08:00',
      '2026-11-27T01:30:00+08:00',
    ]);
  });
});
