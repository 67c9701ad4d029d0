// A case's two SLA clocks, first response and resolution: their due times worked out at each write, and their state read against the time.
import type { Case, CaseDue, SlaMarks } from '../case.schema';
import type { BusinessCalendar } from './business-calendar';
import { readClock, type ClockReading, type ClockState } from './sla-clock';

export const clockNames = ['response', 'resolution'] as const;
export type ClockName = (typeof clockNames)[number];

/** A clock as a viewer sees it: its state now, and the due time (absent while paused or once stopped). */
export interface ClockView {
  state: ClockState;
  dueAt?: string;
  warnAt?: string;
  /** Business minutes left while paused. */
  remainingMinutes?: number;
  breachedAt?: string;
  /** When the clock stopped: the first reply, or the resolution. */
  stoppedAt?: string;
}

const stoppedAt = (current: Case, clock: ClockName): string | undefined =>
  clock === 'response' ? current.firstResponseAt : current.resolvedAt;

function reading(current: Case, clock: ClockName, calendar: BusinessCalendar, now: Date): ClockReading {
  const stopped = stoppedAt(current, clock);
  return readClock({
    calendar,
    startedAt: new Date(current.openedAt),
    targetMinutes: clock === 'response' ? current.sla.responseMinutes : current.sla.resolutionMinutes,
    warnPercent: current.sla.warnPercent,
    pauses: current.pauses.map((pause) => ({ from: new Date(pause.from), ...(pause.to ? { to: new Date(pause.to) } : {}) })),
    ...(stopped ? { stoppedAt: new Date(stopped) } : {}),
    now,
  });
}

/** The SLA state change a write or a schedule found: a clock newly at risk or breached. */
export interface SlaChange {
  clock: ClockName;
  state: 'at-risk' | 'breached';
  at: string;
}

/**
 * Works out a case's due times as of `now` and marks any clock that has gone at risk or been breached (marks are kept
 * for good). Returns the case with its `due` and `marks`, and the changes newly marked.
 */
export function withClocks(current: Case, calendar: BusinessCalendar, now: Date): { next: Case; changes: SlaChange[] } {
  const due: CaseDue = {};
  const marks: SlaMarks = { ...current.marks };
  const changes: SlaChange[] = [];
  for (const clock of clockNames) {
    const read = reading(current, clock, calendar, now);
    if (read.dueAt) due[`${clock}DueAt`] = read.dueAt.toISOString();
    if (read.warnAt) due[`${clock}WarnAt`] = read.warnAt.toISOString();
    if (read.state === 'paused') due[`${clock}Remaining`] = Math.round(read.remainingMinutes * 100) / 100;
    const warnedAt = read.warnedAt?.toISOString();
    if (warnedAt && !marks[`${clock}AtRiskAt`]) {
      marks[`${clock}AtRiskAt`] = warnedAt;
      changes.push({ clock, state: 'at-risk', at: warnedAt });
    }
    const breachedAt = read.breachedAt?.toISOString();
    if (breachedAt && !marks[`${clock}BreachedAt`]) {
      marks[`${clock}BreachedAt`] = breachedAt;
      changes.push({ clock, state: 'breached', at: breachedAt });
    }
  }
  return { next: { ...current, due, marks }, changes };
}

/** A clock's state at `now`, from the due times and marks of the case's last write; no calendar needed. */
export function clockView(current: Case, clock: ClockName, now: Date): ClockView {
  const breachedAt = current.marks[`${clock}BreachedAt`];
  const stopped = stoppedAt(current, clock);
  const dueAt = current.due[`${clock}DueAt`];
  const warnAt = current.due[`${clock}WarnAt`];
  const base = { ...(breachedAt ? { breachedAt } : {}), ...(stopped ? { stoppedAt: stopped } : {}) };
  if (stopped) return { ...base, state: breachedAt ? 'breached' : 'met' };
  if (!dueAt) {
    const remainingMinutes = current.due[`${clock}Remaining`];
    return { ...base, state: breachedAt ? 'breached' : 'paused', ...(remainingMinutes === undefined ? {} : { remainingMinutes }) };
  }
  const time = now.toISOString();
  const state: ClockState =
    breachedAt || time >= dueAt ? 'breached' : (warnAt && time >= warnAt) || current.marks[`${clock}AtRiskAt`] ? 'at-risk' : 'on-track';
  return { ...base, state, dueAt, ...(warnAt ? { warnAt } : {}) };
}

/**
 * The instant the case's SLA state next changes by time alone (a running clock reaching its warning or its due time
 * not yet marked), for the schedule that marks it; undefined when nothing is running.
 */
export function nextSlaCheck(current: Case): string | undefined {
  const instants: string[] = [];
  for (const clock of clockNames) {
    const warnAt = current.due[`${clock}WarnAt`];
    const dueAt = current.due[`${clock}DueAt`];
    if (warnAt && !current.marks[`${clock}AtRiskAt`]) instants.push(warnAt);
    if (dueAt && !current.marks[`${clock}BreachedAt`]) instants.push(dueAt);
  }
  return instants.sort()[0];
}

/**
 * Where the case sorts in a queue: the earliest due time of a running clock; a breached clock by when it was breached,
 * so breaches come first; a case with every clock paused or stopped last.
 */
export function queueDueKey(current: Case): string {
  const keys: string[] = [];
  for (const clock of clockNames) {
    if (stoppedAt(current, clock)) continue;
    const breachedAt = current.marks[`${clock}BreachedAt`];
    const dueAt = current.due[`${clock}DueAt`];
    if (breachedAt) keys.push(breachedAt);
    else if (dueAt) keys.push(dueAt);
  }
  return keys.sort()[0] ?? '~';
}
