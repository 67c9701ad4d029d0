// Turns one chat line such as `log call with Contoso: discussed renewal, follow up Friday` into an activity to log.
import { DateTime } from 'luxon';
import { format, type Locale } from '../../../core/i18n';
import { resolveZone } from '../../../core/relative-date';
import { azureLimits } from '../../../storage/limits';
import type { ActivityType } from '../activity.schema';
import { leadingActivityType } from './activity-type.words';
import { activitiesMessages } from '../activities.messages';
import { logCommandMessages } from './log-command.messages';
import { parseLogNotes } from './log-notes.parser';
import { parseLogHeader, takeLeadingWhen, type LogTarget } from './log-target.parser';

export interface LogCommandInput {
  /** `log` when the type word is still in `args` (`call with Contoso…`), or the type its trigger named (`log call`). */
  command: 'log' | ActivityType;
  /** The text after the trigger, as the command registry hands it over. */
  args: string;
  locale: Locale;
  now: Date;
  /** IANA zone of the user; an unknown one falls back to UTC (`zoneFallback`). */
  timeZone: string;
}

/** An activity read from chat, ready to become a `NewActivity` once the names are looked up. */
export interface ParsedLogCommand {
  ok: true;
  type: ActivityType;
  target: LogTarget;
  /** ISO instant with the user's offset; now when the line names no time. */
  occurredAt: string;
  /** The zone dates were resolved in (`UTC` when the user's was unknown). */
  timeZone: string;
  zoneFallback: boolean;
  durationMinutes?: number;
  /** The first clause of the notes, or a default such as "Call with Contoso"; at most 200 characters. */
  subject: string;
  notes?: string;
  nextStep?: string;
  /** Local date `YYYY-MM-DD`. */
  followUpOn?: string;
}

export type LogParseFailureReason =
  'emptyArgs' | 'missingType' | 'missingTarget' | 'badTarget' | 'badDuration' | 'badFollowUp' | 'notesTooLong' | 'nextStepTooLong';

/** Why a line could not be read; `logFailureHint` turns it into a localised hint. */
export interface LogParseFailure {
  ok: false;
  reason: LogParseFailureReason;
  /** The offending words or limit, for the hint. */
  detail?: string;
}

export type LogParseResult = ParsedLogCommand | LogParseFailure;

// The activity record's limits (activity.schema.ts).
const subjectMax = 200;
const nextStepMax = 500;
const notesMax = azureLimits.stringChars;

/**
 * Reads a log line in English or Chinese. Grammar: `[type] <target> [when] [duration] [: notes]`, where the
 * notes may hold `follow up <when>` / `<when>跟进` and `next step: …` / `下一步：…` clauses.
 * @example
 * parseLogCommand({ command: 'log', args: 'meeting with Ana Silva at Contoso yesterday 3pm 45m: demo went well',
 *   locale: 'en', now: new Date('2026-11-24T02:00:00Z'), timeZone: 'Asia/Shanghai' })
 * // { ok: true, type: 'meeting', target: { contactName: 'Ana Silva', accountName: 'Contoso' },
 * //   occurredAt: '2026-11-23T15:00:00+08:00', durationMinutes: 45, subject: 'demo went well', notes: 'demo went well', … }
 */
export function parseLogCommand(input: LogCommandInput): LogParseResult {
  const args = input.args.trim();
  if (!args) return { ok: false, reason: 'emptyArgs' };
  const typed = input.command === 'log' ? leadingActivityType(args) : { type: input.command, rest: args };
  if (!typed) return { ok: false, reason: 'missingType', detail: args.split(/\s+/u)[0] };
  const context = { now: input.now, timeZone: input.timeZone, locale: input.locale };
  const { header, body } = splitHeader(typed.rest);
  const head = parseLogHeader(header, { ...context, direction: 'past' });
  if (!head.ok) return head;
  const tail = parseLogNotes(body, { ...context, direction: 'future' });
  if (!tail.ok) return tail;
  if (tail.notes && tail.notes.length > notesMax) return { ok: false, reason: 'notesTooLong', detail: String(notesMax) };
  const nextStep = tail.nextStep && withoutControls(tail.nextStep);
  if (nextStep && nextStep.length > nextStepMax) return { ok: false, reason: 'nextStepTooLong', detail: String(nextStepMax) };
  const zone = resolveZone(input.timeZone);
  return {
    ok: true,
    type: typed.type,
    target: head.target,
    occurredAt: head.when?.at ?? DateTime.fromJSDate(input.now, { zone: zone.timeZone }).toISO({ suppressMilliseconds: true })!,
    timeZone: zone.timeZone,
    zoneFallback: zone.zoneFallback,
    ...(head.durationMinutes !== undefined && { durationMinutes: head.durationMinutes }),
    subject: subjectOf(tail.notes) ?? defaultSubject(typed.type, head.target, input.locale),
    ...(tail.notes && { notes: tail.notes }),
    ...(nextStep && { nextStep }),
    ...(tail.followUpOn && { followUpOn: tail.followUpOn }),
  };
}

/**
 * The line once the account's name is known to end before the words typed after it (`woodgrove bank yesterday 3pm
 * 45m went thru the deck`): those words are read as the words after a colon are, with when it happened and how long
 * first. A time or duration they name is the activity's (the line holds one; these words come before the colon's), their
 * follow-up and next step too; their notes lead its notes, and the subject is read from them.
 * @example withWordsAfterName(parsed, 'yesterday 3pm 45m discussed pricing', { now, locale: 'en' })
 * // occurredAt yesterday 15:00, durationMinutes 45, notes and subject 'discussed pricing'
 */
export function withWordsAfterName(
  parsed: ParsedLogCommand,
  rest: string,
  reading: Pick<LogCommandInput, 'now' | 'locale'>,
): LogParseResult {
  const context = { now: reading.now, locale: reading.locale, timeZone: parsed.timeZone };
  const lead = takeLeadingWhen(withoutControls(rest), { ...context, direction: 'past' });
  if (!lead.ok) return lead;
  const words = parseLogNotes(lead.rest.replace(/^[,，;；:：。、\s]+/u, ''), { ...context, direction: 'future' });
  if (!words.ok) return words;
  const notes = joined(words.notes, parsed.notes);
  if (notes && notes.length > notesMax) return { ok: false, reason: 'notesTooLong', detail: String(notesMax) };
  const nextStep = joined(words.nextStep && withoutControls(words.nextStep), parsed.nextStep);
  if (nextStep && nextStep.length > nextStepMax) return { ok: false, reason: 'nextStepTooLong', detail: String(nextStepMax) };
  const durationMinutes = lead.durationMinutes ?? parsed.durationMinutes;
  const followUpOn = words.followUpOn ?? parsed.followUpOn;
  return {
    ...parsed,
    occurredAt: lead.when?.at ?? parsed.occurredAt,
    ...(durationMinutes !== undefined && { durationMinutes }),
    subject: subjectOf(notes) ?? defaultSubject(parsed.type, nameBefore(parsed.target, rest.trim()), reading.locale),
    ...(notes && { notes }),
    ...(nextStep && { nextStep }),
    ...(followUpOn && { followUpOn }),
  };
}

/** The target with the account named as typed, without the words after it ("Visit with fabrikam inc", not "… follow up Friday"). */
function nameBefore(target: LogTarget, rest: string): LogTarget {
  const name = target.accountName;
  if (!rest || !name?.endsWith(rest) || name.length === rest.length) return target;
  return { ...target, accountName: name.slice(0, -rest.length).trim() };
}

/** Words after the name, then the words after the colon: joined as the line's language writes a colon. */
function joined(first: string | undefined, second: string | undefined): string | undefined {
  if (!first || !second) return first || second;
  return `${first}${/\p{Script=Han}$/u.test(first) ? '：' : ': '}${second}`;
}

/** The localised hint for a failure. */
export function logFailureHint(failure: LogParseFailure, locale: Locale): string {
  return format(logCommandMessages[locale][`hint.${failure.reason}`], { detail: failure.detail ?? '' });
}

const clauseWords = /\b(?:next\s+steps?|follow[\s-]*up)\b|下一步|跟进/iu;

/**
 * The head ends at the first colon that is not inside a time (`15:00`). When the words before that colon
 * already hold a next step or follow-up, or there is no colon, the first `,` `;` `。` ends it instead.
 */
function splitHeader(text: string): { header: string; body: string } {
  const colon = /(?<!\d):|:(?!\d)|：/u.exec(text);
  if (colon && !clauseWords.test(text.slice(0, colon.index))) {
    return { header: text.slice(0, colon.index), body: text.slice(colon.index + 1) };
  }
  const clause = /[,，;；。\n]/u.exec(text);
  return clause ? { header: text.slice(0, clause.index), body: text.slice(clause.index + 1) } : { header: text, body: '' };
}

function subjectOf(notes: string | undefined): string | undefined {
  const first = withoutControls(notes?.split(/[,，;；。!?！？\n]|\.(?=\s|$)/u)[0] ?? '');
  return first ? fit(first) : undefined;
}

function defaultSubject(type: ActivityType, target: LogTarget, locale: Locale): string {
  const strings = logCommandMessages[locale];
  // A subject says "Call with Contoso"; where that word is not the type's label, the chat has its own.
  const typeName =
    type === 'callInbound' || type === 'callOutbound' || type === 'correspondence'
      ? strings[`subjectType.${type}`]
      : activitiesMessages[locale][`type.${type}`];
  const subject =
    target.contactName && target.accountName
      ? format(strings['subject.withContactAt'], { type: typeName, contact: target.contactName, account: target.accountName })
      : format(strings['subject.with'], { type: typeName, name: target.contactName ?? target.accountName ?? '' });
  return fit(subject);
}

/** Shortens to the subject limit on a character boundary, so an emoji is never cut in half. */
function fit(text: string): string {
  if (text.length <= subjectMax) return text;
  let cut = '';
  for (const char of text) {
    if (cut.length + char.length > subjectMax - 1) break;
    cut += char;
  }
  return `${cut.trimEnd()}…`;
}

function withoutControls(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f]+/gu, ' ').trim();
}
