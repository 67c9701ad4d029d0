// SLA clocks read from a case's history: on track, at risk, breached or met, with the time waiting on the customer left out.
import { describe, expect, it } from 'vitest';
import { defaultCalendar } from '../../src/plugins/cases/sla/business-calendar';
import { readClock, type ClockInput } from '../../src/plugins/cases/sla/sla-clock';

const shanghai = (local: string) => new Date(`${local}+08:00`);

/** A 4-hour target warned at 75%, on the default calendar, for a case opened Monday 2026-03-02 09:00 in Shanghai. */
function read(overrides: Partial<ClockInput> & Pick<ClockInput, 'now'>) {
  return readClock({
    calendar: defaultCalendar,
    startedAt: shanghai('2026-03-02T09:00:00'),
    targetMinutes: 240,
    warnPercent: 75,
    pauses: [],
    ...overrides,
  });
}

describe('a running clock', () => {
  it('goes from on track to at risk to breached as time passes', () => {
    const dueAt = shanghai('2026-03-02T13:00:00');
    const warnAt = shanghai('2026-03-02T12:00:00');
    expect(read({ now: shanghai('2026-03-02T10:00:00') })).toEqual({
      state: 'on-track',
      elapsedMinutes: 60,
      remainingMinutes: 180,
      dueAt,
      warnAt,
      nextChangeAt: warnAt,
    });
    expect(read({ now: shanghai('2026-03-02T12:30:00') })).toEqual({
      state: 'at-risk',
      elapsedMinutes: 210,
      remainingMinutes: 30,
      dueAt,
      warnAt,
      warnedAt: warnAt,
      nextChangeAt: dueAt,
    });
    expect(read({ now: shanghai('2026-03-02T14:00:00') })).toEqual({
      state: 'breached',
      elapsedMinutes: 300,
      remainingMinutes: -60,
      dueAt,
      warnAt,
      warnedAt: warnAt,
      breachedAt: dueAt,
    });
  });

  it('changes state exactly at nextChangeAt, so a schedule waking then sees the change', () => {
    const opened = read({ now: shanghai('2026-03-02T09:00:00') });
    expect(opened).toMatchObject({ state: 'on-track', nextChangeAt: shanghai('2026-03-02T12:00:00') });
    const warned = read({ now: opened.nextChangeAt! });
    expect(warned).toMatchObject({ state: 'at-risk', nextChangeAt: shanghai('2026-03-02T13:00:00') });
    const due = read({ now: warned.nextChangeAt! });
    expect(due).toMatchObject({ state: 'breached', breachedAt: shanghai('2026-03-02T13:00:00') });
    expect(due.nextChangeAt).toBeUndefined();
  });

  it('runs over the weekend in working time only', () => {
    // Opened Friday 17:00: one hour on Friday, three on Monday.
    const reading = read({ startedAt: shanghai('2026-03-06T17:00:00'), now: shanghai('2026-03-07T12:00:00') });
    expect(reading).toMatchObject({
      state: 'on-track',
      elapsedMinutes: 60,
      dueAt: shanghai('2026-03-09T12:00:00'),
      warnAt: shanghai('2026-03-09T11:00:00'),
    });
  });

  it('stays short of breach over the Spring Festival, due the first working day after it', () => {
    const reading = read({ startedAt: shanghai('2026-02-13T17:00:00'), targetMinutes: 660, now: shanghai('2026-02-20T12:00:00') });
    expect(reading).toEqual({
      state: 'at-risk',
      elapsedMinutes: 600,
      remainingMinutes: 60,
      dueAt: shanghai('2026-02-24T10:00:00'),
      warnAt: shanghai('2026-02-14T16:15:00'),
      warnedAt: shanghai('2026-02-14T16:15:00'),
      nextChangeAt: shanghai('2026-02-24T10:00:00'),
    });
  });
});

describe('a paused clock', () => {
  it('keeps its remaining time through a whole working day waiting on the customer', () => {
    const startedAt = shanghai('2026-03-02T17:00:00');
    const now = shanghai('2026-03-04T10:00:00');
    const waited = read({ startedAt, now, pauses: [{ from: shanghai('2026-03-02T17:30:00'), to: shanghai('2026-03-04T09:00:00') }] });
    expect(waited).toEqual({
      state: 'on-track',
      elapsedMinutes: 90,
      remainingMinutes: 150,
      dueAt: shanghai('2026-03-04T12:30:00'),
      warnAt: shanghai('2026-03-04T11:30:00'),
      nextChangeAt: shanghai('2026-03-04T11:30:00'),
    });
    expect(read({ startedAt, now })).toMatchObject({ state: 'breached', breachedAt: shanghai('2026-03-03T12:00:00') });
  });

  it('has no due time while still paused, and says paused', () => {
    const reading = read({ pauses: [{ from: shanghai('2026-03-02T12:30:00') }], now: shanghai('2026-03-03T15:00:00') });
    expect(reading).toEqual({ state: 'paused', elapsedMinutes: 210, remainingMinutes: 30, warnedAt: shanghai('2026-03-02T12:00:00') });
  });

  it('stays breached when paused after its due time', () => {
    const reading = read({ targetMinutes: 60, pauses: [{ from: shanghai('2026-03-02T11:00:00') }], now: shanghai('2026-03-03T15:00:00') });
    expect(reading).toEqual({
      state: 'breached',
      elapsedMinutes: 120,
      remainingMinutes: -60,
      warnedAt: shanghai('2026-03-02T09:45:00'),
      breachedAt: shanghai('2026-03-02T10:00:00'),
    });
  });
});

describe('a stopped clock', () => {
  it('is met when stopped before its due time, whatever the time now', () => {
    expect(read({ stoppedAt: shanghai('2026-03-02T11:30:00'), now: shanghai('2026-03-04T10:00:00') })).toEqual({
      state: 'met',
      elapsedMinutes: 150,
      remainingMinutes: 90,
    });
  });

  it('is met when stopped exactly at its due time', () => {
    const reading = read({ stoppedAt: shanghai('2026-03-02T13:00:00'), now: shanghai('2026-03-04T10:00:00') });
    expect(reading).toEqual({ state: 'met', elapsedMinutes: 240, remainingMinutes: 0, warnedAt: shanghai('2026-03-02T12:00:00') });
  });

  it('is breached when stopped after its due time, at the instant the target was crossed, pauses left out', () => {
    // 16:00–17:00 Monday counts, then the customer is waited on until Tuesday 10:00; three more hours reach the target.
    const reading = read({
      startedAt: shanghai('2026-03-02T16:00:00'),
      pauses: [{ from: shanghai('2026-03-02T17:00:00'), to: shanghai('2026-03-03T10:00:00') }],
      stoppedAt: shanghai('2026-03-03T15:00:00'),
      now: shanghai('2026-03-04T10:00:00'),
    });
    expect(reading).toEqual({
      state: 'breached',
      elapsedMinutes: 360,
      remainingMinutes: -120,
      warnedAt: shanghai('2026-03-03T12:00:00'),
      breachedAt: shanghai('2026-03-03T13:00:00'),
    });
  });
});
