// The slots of a job's cadence: whole periods since the epoch, or a daily local time in the tenant's zone.
import { describe, expect, it } from 'vitest';
import { cadenceProblem, latestSlot, nextSlot } from '../../src/core/job-cadence';

const at = (iso: string) => new Date(iso);

describe('latestSlot', () => {
  it('aligns a period to whole periods, so every process finds the same slot', () => {
    expect(latestSlot({ every: { minutes: 15 } }, at('2026-03-02T08:07:59Z'), 'UTC')).toEqual(at('2026-03-02T08:00:00Z'));
    expect(latestSlot({ every: { minutes: 15 } }, at('2026-03-02T08:15:00Z'), 'Asia/Shanghai')).toEqual(at('2026-03-02T08:15:00Z'));
    expect(latestSlot({ every: { hours: 1, minutes: 30 } }, at('2026-03-02T08:07:00Z'), 'UTC')).toEqual(at('2026-03-02T07:30:00Z'));
  });

  it("reads a daily time in the tenant's zone, and gives yesterday's before today's has come", () => {
    expect(latestSlot({ dailyAt: '08:00' }, at('2026-03-02T01:30:00Z'), 'Asia/Shanghai')).toEqual(at('2026-03-02T00:00:00Z'));
    expect(latestSlot({ dailyAt: '08:00' }, at('2026-03-01T23:59:00Z'), 'Asia/Shanghai')).toEqual(at('2026-03-01T00:00:00Z'));
    expect(latestSlot({ dailyAt: '08:00' }, at('2026-03-02T07:59:00Z'), 'UTC')).toEqual(at('2026-03-01T08:00:00Z'));
  });

  it('runs a daily time that a clock change skips at the first instant after it', () => {
    // New York moves from 02:00 to 03:00 on 2026-03-08, so there is no 02:30 that day.
    expect(latestSlot({ dailyAt: '02:30' }, at('2026-03-08T12:00:00Z'), 'America/New_York')).toEqual(at('2026-03-08T07:30:00Z'));
  });

  it('falls back to UTC for a zone that is not an IANA zone', () => {
    expect(latestSlot({ dailyAt: '08:00' }, at('2026-03-02T09:00:00Z'), 'Mars/Olympus')).toEqual(at('2026-03-02T08:00:00Z'));
  });
});

describe('nextSlot', () => {
  it('follows a slot by one period, or by one local day', () => {
    expect(nextSlot({ every: { minutes: 15 } }, at('2026-03-02T08:00:00Z'), 'UTC')).toEqual(at('2026-03-02T08:15:00Z'));
    expect(nextSlot({ dailyAt: '08:00' }, at('2026-03-02T00:00:00Z'), 'Asia/Shanghai')).toEqual(at('2026-03-03T00:00:00Z'));
    // Across the end of summer time in London the local time stays 08:00, so the gap is 25 hours.
    expect(nextSlot({ dailyAt: '08:00' }, at('2026-10-24T07:00:00Z'), 'Europe/London')).toEqual(at('2026-10-25T08:00:00Z'));
  });
});

describe('cadenceProblem', () => {
  it('accepts a period and a daily time', () => {
    expect(cadenceProblem({ every: { minutes: 15 } })).toBeUndefined();
    expect(cadenceProblem({ dailyAt: '23:59' })).toBeUndefined();
  });

  it('says what is wrong with a cadence that cannot be scheduled', () => {
    expect(cadenceProblem({ dailyAt: '8:00' })).toMatch(/24-hour local time/);
    expect(cadenceProblem({ dailyAt: '24:00' })).toMatch(/24-hour local time/);
    expect(cadenceProblem({ every: {} })).toMatch(/shorter than a second/);
    expect(cadenceProblem({ every: { minutes: 1.5 } })).toMatch(/whole hours, minutes and seconds/);
    expect(cadenceProblem({ every: { days: 1 } } as never)).toMatch(/whole hours, minutes and seconds/);
    expect(cadenceProblem({ every: { minutes: 1 }, dailyAt: '08:00' } as never)).toMatch(/both every and dailyAt/);
    expect(cadenceProblem({} as never)).toMatch(/has no cadence/);
  });
});
