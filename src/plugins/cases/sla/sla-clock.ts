// An SLA clock (a first-response or a resolution target) read from a case's history, in business minutes.
import { walkWorkingTime, type BusinessCalendar } from './business-calendar';

export type ClockState = 'on-track' | 'at-risk' | 'breached' | 'met' | 'paused';

/** What a clock is read from: the case's calendar and target, and the moments its history records. */
export interface ClockInput {
  calendar: BusinessCalendar;
  /** When the case was opened. */
  startedAt: Date;
  /** The target in working minutes of `calendar`. */
  targetMinutes: number;
  /** 1–99: the clock is at risk once this share of the target has passed. */
  warnPercent: number;
  /** Spans the clock stood still (waiting on the customer), in order and not overlapping; no `to` while still paused. */
  pauses: readonly { from: Date; to?: Date }[];
  /** Where the clock ends: the first reply, or the resolution; absent while it runs. */
  stoppedAt?: Date;
  now: Date;
}

/** A clock as it stands at `now`. */
export interface ClockReading {
  /** `met` when stopped at or before due, `breached` once past due (stopped or not); `paused` only while paused and not yet breached. */
  state: ClockState;
  /** Working minutes counted up to the stop or to now, paused time left out. */
  elapsedMinutes: number;
  /** The target less the elapsed minutes; negative when over. */
  remainingMinutes: number;
  /** When the target is reached if the clock runs on from now without new pauses (in the past once breached); absent while paused or once stopped. */
  dueAt?: Date;
  /** Likewise for the warning. */
  warnAt?: Date;
  /** The instant the warning was crossed, when it was (also once breached): for marking a case at risk once. */
  warnedAt?: Date;
  /** The instant the target was crossed, when it was. */
  breachedAt?: Date;
  /** The next instant at which this reading's state changes by time alone (warnAt if on track, dueAt if at risk), for a schedule to wake at; undefined when paused or stopped or breached. */
  nextChangeAt?: Date;
}

const minuteMs = 60_000;

/**
 * Reads a clock in one walk over the calendar's working time from `startedAt`, leaving out the pauses. A running clock
 * is walked on past now to its target, to say when it will be due; a stopped or paused one only as far as it has run.
 * @example readClock({ calendar: defaultCalendar, startedAt, targetMinutes: 240, warnPercent: 75, pauses: [], now })
 */
export function readClock(input: ClockInput): ClockReading {
  const { calendar, startedAt, targetMinutes, warnPercent, stoppedAt, now } = input;
  const endMs = (stoppedAt ?? now).getTime();
  const targetMs = targetMinutes * minuteMs;
  const warnMs = (targetMs * warnPercent) / 100;
  // Pauses that begin after the reading's end are not history yet; one that begins at it (a write pausing now) is.
  const pauses = input.pauses
    .filter((pause) => pause.from.getTime() <= endMs)
    .map((pause) => ({ fromMs: pause.from.getTime(), toMs: pause.to?.getTime() ?? Infinity }));
  const stillPaused = pauses.some((pause) => pause.toMs === Infinity);
  const pausedNow = !stoppedAt && pauses.some((pause) => pause.toMs > now.getTime());

  let countedMs = 0;
  let elapsedMs = 0;
  let warnAtMs: number | undefined;
  let dueAtMs: number | undefined;
  const count = (fromMs: number, toMs: number) => {
    if (fromMs < endMs) elapsedMs += Math.min(toMs, endMs) - fromMs;
    if (warnAtMs === undefined && countedMs + toMs - fromMs >= warnMs) warnAtMs = fromMs + warnMs - countedMs;
    if (dueAtMs === undefined && countedMs + toMs - fromMs >= targetMs) dueAtMs = fromMs + targetMs - countedMs;
    countedMs += toMs - fromMs;
  };

  let nextPause = 0;
  walkWorkingTime(calendar, startedAt.getTime(), stoppedAt || stillPaused ? endMs : Infinity, (startMs, endOfShiftMs) => {
    while (nextPause < pauses.length && pauses[nextPause]!.toMs <= startMs) nextPause++;
    let cursor = startMs;
    for (let index = nextPause; index < pauses.length && cursor < endOfShiftMs; index++) {
      const pause = pauses[index]!;
      if (pause.fromMs >= endOfShiftMs) break;
      if (pause.fromMs > cursor) count(cursor, pause.fromMs);
      cursor = Math.max(cursor, pause.toMs);
    }
    if (cursor < endOfShiftMs) count(cursor, endOfShiftMs);
    return dueAtMs === undefined || endOfShiftMs < endMs;
  });

  // A stopped clock crosses an instant only before its stop; a running one at the instant itself, so a schedule waking then sees the change.
  const crossed = (atMs: number | undefined) => atMs !== undefined && (stoppedAt ? atMs < endMs : atMs <= endMs);
  const breached = crossed(dueAtMs);
  const running = !stoppedAt && !pausedNow;
  const state: ClockState = breached ? 'breached' : stoppedAt ? 'met' : pausedNow ? 'paused' : crossed(warnAtMs) ? 'at-risk' : 'on-track';
  const dueAt = running ? dateAt(dueAtMs) : undefined;
  const warnAt = running ? dateAt(warnAtMs) : undefined;
  return {
    state,
    elapsedMinutes: elapsedMs / minuteMs,
    remainingMinutes: targetMinutes - elapsedMs / minuteMs,
    dueAt,
    warnAt,
    warnedAt: crossed(warnAtMs) ? dateAt(warnAtMs) : undefined,
    breachedAt: breached ? dateAt(dueAtMs) : undefined,
    nextChangeAt: state === 'on-track' ? warnAt : state === 'at-risk' ? dueAt : undefined,
  };
}

function dateAt(ms: number | undefined): Date | undefined {
  return ms === undefined ? undefined : new Date(Math.round(ms));
}
