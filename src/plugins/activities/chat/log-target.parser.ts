// Reads the head of a log line (before the colon): who it was with, when it happened and how long it took.
import { findDateTimes, type DateContext, type ResolvedDateTime } from '../../../core/relative-date';
import { takeTrailingDuration } from './duration.parser';

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
    // A month alone ("with May") may be a name; a day or a time ("yesterday 3pm") never is.
    if (time && (nameLeft(rest.slice(0, time.index)) || time.hasDay || time.hasTime)) {
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
  return text.replace(/(?:\s+(?:on|at)|\s*于)\s*$/iu, '').replace(trailingJunk, '').trim();
}

/** `with <name>` (or `w/ <name>`), `<contact> at <account>`, `<contact> @ <account>`, `<contact> 在 <account>`, or a lone name. */
function splitTarget(text: string): LogTarget {
  const name = withoutWith(text);
  const pair = /^(.+?)(?:\s+at\s+|\s*[@＠]\s*|\s+在\s+)(.+)$/iu.exec(name);
  if (pair) return { contactName: pair[1]!.trim(), accountName: pair[2]!.trim() };
  return name ? { accountName: name } : {};
}
