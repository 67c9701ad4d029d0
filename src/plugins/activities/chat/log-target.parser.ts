// Reads the head of a log line (before the colon): who it was with, when it happened and how long it took; and the same at the start of the words after a known account's name.
import { findDateTimes, type DateContext, type ResolvedDateTime } from '../../../core/relative-date';
import { takeLeadingDuration, takeTrailingDuration } from './duration.parser';

/** Whom the activity was with, by name; the command looks the names up. A lone name is taken as the account's. */
export interface LogTarget {
  accountName?: string;
  contactName?: string;
}

export type LogHeader =
  | { ok: true; target: LogTarget; when?: ResolvedDateTime; durationMinutes?: number }
  | { ok: false; reason: 'missingTarget' | 'badTarget' | 'badDuration'; detail?: string };

/** The longest name the account and contact records hold. */
export const maxNameLength = 200;

const trailingJunk = /[\s,，;；:：。.]+$/u;
/** Words that make the date after them a follow-up's: `follow up`, `follow up on`, `f/u by`. */
const followUpBefore = /(?:^|\s)(?:follow[\s-]*up|f\/u)(?:\s+(?:on|by))?\s*$/iu;

/**
 * `with Ana Silva at Contoso yesterday 3pm 45m` → contact, account, when and duration. The time and the
 * duration are read only at the end; a duration or a bare month only when a name remains before it, so
 * `with 3M` and `with May` stay names.
 * @example parseLogHeader('Ana Silva @ Contoso 昨天下午3点 45分钟', context)
 */
export function parseLogHeader(header: string, context: DateContext): LogHeader {
  let rest = header.replace(trailingJunk, '').trim();
  let when: ResolvedDateTime | undefined;
  let durationMinutes: number | undefined;
  // Time and duration may come in either order: "yesterday 3pm 45m" or "45m yesterday 3pm".
  for (let pass = 0; pass < 2; pass += 1) {
    const duration = durationMinutes === undefined ? takeTrailingDuration(rest) : undefined;
    if (duration && nameLeft(duration.rest)) {
      if (!duration.ok) return { ok: false, reason: 'badDuration', detail: duration.text };
      durationMinutes = duration.minutes;
      rest = duration.rest;
    }
    const time = when === undefined ? trailingDateTime(rest, context) : undefined;
    // A month alone ("with May") may be a name; a day or a time ("yesterday 3pm") never is. The date of a
    // follow-up ("… follow up Friday") is not when it happened: the notes read it.
    if (time && (nameLeft(rest.slice(0, time.index)) || time.hasDay || time.hasTime) && !followUpBefore.test(rest.slice(0, time.index))) {
      when = time;
      rest = rest.slice(0, time.index).trim();
    }
    rest = stripConnector(rest);
  }
  const target = splitTarget(rest);
  if (!target.accountName && !target.contactName) return { ok: false, reason: 'missingTarget' };
  const names = [target.accountName, target.contactName].filter((name): name is string => name !== undefined);
  if (names.some((name) => name.length > maxNameLength || /[\u0000-\u001f\u007f]/u.test(name))) return { ok: false, reason: 'badTarget' };
  return { ok: true, target, ...(when && { when }), ...(durationMinutes !== undefined && { durationMinutes }) };
}

export type LeadingWhen =
  { ok: true; when?: ResolvedDateTime; durationMinutes?: number; rest: string } | { ok: false; reason: 'badDuration'; detail: string };

/**
 * When it happened and how long it took, at the start of the words after a known account's name, in either order;
 * `rest` is what follows them. A month alone is not read here, nor a date a follow-up names.
 * @example takeLeadingWhen('yesterday 3pm 45m went thru the deck', context) // { ok: true, when: …15:00, durationMinutes: 45, rest: 'went thru the deck' }
 */
export function takeLeadingWhen(text: string, context: DateContext): LeadingWhen {
  let rest = text.trim();
  let when: ResolvedDateTime | undefined;
  let durationMinutes: number | undefined;
  for (let pass = 0; pass < 2; pass += 1) {
    const duration = durationMinutes === undefined ? takeLeadingDuration(rest) : undefined;
    if (duration) {
      if (!duration.ok) return { ok: false, reason: 'badDuration', detail: duration.text };
      durationMinutes = duration.minutes;
      rest = duration.rest;
    }
    const time = when === undefined ? leadingDateTime(rest, context) : undefined;
    if (time) {
      when = time.when;
      rest = time.rest;
    }
  }
  return { ok: true, ...(when && { when }), ...(durationMinutes !== undefined && { durationMinutes }), rest };
}

/** The date or time expression that begins `text` (after "on", "at" or 于), and the text after it. */
function leadingDateTime(text: string, context: DateContext): { when: ResolvedDateTime; rest: string } | undefined {
  const lead = /^(?:(?:on|at)\s+|于\s*)?/iu.exec(text)![0];
  const words = text.slice(lead.length);
  let first = findDateTimes(words, context)[0];
  // "下午3点 45分钟": the minutes are how long it took, not the time's.
  if (first && words.slice(first.index + first.text.length).startsWith('钟'))
    first = findDateTimes(first.text.replace(/\s*\d+\s*分$/u, ''), context)[0];
  if (!first || first.index !== 0 || !(first.hasDay || first.hasTime)) return undefined;
  const after = words.slice(first.text.length);
  // The date must end a word: "3pmish" or "mon" in "monitor" are not times. Chinese needs no space ("3点45分钟").
  if (after && !/^(?:[\s,，;；:：。.!！]|\p{Script=Han})/u.test(after) && !(/\p{Script=Han}$/u.test(first.text) && /^\d/u.test(after)))
    return undefined;
  return { when: first, rest: after.trim() };
}

/** The date or time expression that ends `text`, if any. */
function trailingDateTime(text: string, context: DateContext): ResolvedDateTime | undefined {
  const last = findDateTimes(text, context).at(-1);
  if (!last) return undefined;
  const end = last.index + last.text.replace(trailingJunk, '').length;
  return text.slice(end).trim() === '' ? last : undefined;
}

/** Whether a name is left once the lead-in words are gone. */
function nameLeft(text: string): boolean {
  return withoutWith(stripConnector(text)) !== '';
}

/** Drops the lead-in `with` (or its shorthand `w/`) before the name. */
function withoutWith(text: string): string {
  return text.replace(/^(?:with(?:\s+|$)|w\/\s*)/iu, '').trim();
}

/** Drops the words that only lead into the time ("on Friday", "at 3pm", "于昨天"). */
function stripConnector(text: string): string {
  return text
    .replace(/(?:\s+(?:on|at)|\s*于)\s*$/iu, '')
    .replace(trailingJunk, '')
    .trim();
}

/** `with <name>` (or `w/ <name>`), `<contact> at <account>`, `<contact> @ <account>`, `<contact> 在 <account>`, or a lone name. */
function splitTarget(text: string): LogTarget {
  const name = withoutWith(text);
  const pair = /^(.+?)(?:\s+at\s+|\s*[@＠]\s*|\s+在\s+)(.+)$/iu.exec(name);
  if (pair) return { contactName: pair[1]!.trim(), accountName: pair[2]!.trim() };
  return name ? { accountName: name } : {};
}
