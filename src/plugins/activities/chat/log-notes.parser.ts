// Reads the notes of a log line (after the colon, or after a known account's name and its time): the follow-up date, the next step, and the rest in the user's own words.
import { localToday, resolveDate, type DateContext } from '../../../core/relative-date';

export type LogNotes =
  { ok: true; notes?: string; nextStep?: string; followUpOn?: string } | { ok: false; reason: 'badFollowUp'; detail: string };

/** Clause boundaries: `;`, `；`, `。`, a new line or a full stop end a sentence; commas only a clause. */
const boundary = /([;；。\n]|\.(?=\s|$)|[,，、])/u;
const sentenceEnd = /^(?:[;；。\n]|\.)$/u;

const followUpLead =
  /^(?:and\s+)?(?:follow[\s-]*up|f\/u)\s*(?:on|by|[:：])?\s*(?<when>.+)$|^(?:下次)?跟进\s*(?:时间|日期)?\s*[:：]?\s*(?<zhWhen>.+)$/iu;
const followUpTail = /^(?<when>.+?)\s*再?跟进$/u;
const nextStepLead = /^(?:next\s+steps?|下一步)\s*(?:is\b|[:：])?\s*(?<step>.*)$/iu;

/**
 * `met the CFO; next step: send quote; follow up next Monday` → notes `met the CFO`, next step `send quote`
 * and the follow-up date. A "follow up …" clause whose date cannot be read stays in the notes.
 * @example parseLogNotes('讨论续约，周五跟进', context) // { ok: true, notes: '讨论续约', followUpOn: '2026-11-27' }
 */
export function parseLogNotes(body: string, context: DateContext): LogNotes {
  const parts = body.split(boundary);
  const notes: string[] = [];
  const steps: string[] = [];
  let followUpOn: string | undefined;
  let inNextStep = false;
  for (let i = 0; i < parts.length; i += 2) {
    const clause = parts[i]!;
    const before = i > 0 ? parts[i - 1]! : '';
    if (sentenceEnd.test(before)) inNextStep = false;
    const followUp = followUpOn === undefined ? followUpEnding(clause, { ...context, direction: 'future' }) : undefined;
    if (followUp) {
      if (followUp.date < localToday(context.now, context.timeZone)) return { ok: false, reason: 'badFollowUp', detail: followUp.date };
      followUpOn = followUp.date;
      // Words before the follow-up in the same clause ("讨论续约 下周一跟进") stay notes.
      if (followUp.before) notes.push(notes.length > 0 ? before + followUp.before : followUp.before);
      continue;
    }
    const step = nextStepLead.exec(clause.trim())?.groups?.step;
    if (step !== undefined) {
      inNextStep = true;
      steps.push(step);
    } else if (inNextStep) {
      steps.push(before + clause);
    } else {
      notes.push(notes.length > 0 ? before + clause : clause);
    }
  }
  const result: LogNotes = { ok: true };
  const noteText = tidy(notes.join(''));
  const nextStep = tidy(steps.join(''));
  if (noteText) result.notes = noteText;
  if (nextStep) result.nextStep = nextStep;
  if (followUpOn) result.followUpOn = followUpOn;
  return result;
}

/**
 * The follow-up that ends a clause: the whole clause, or its last words after a space when a line has no comma
 * before them (`went thru the deck follow up Friday`, `讨论续约 下周一跟进`), and the words before it.
 */
function followUpEnding(clause: string, context: DateContext): { date: string; before: string } | undefined {
  const text = clause.trim();
  const whole = followUpDate(text, context);
  if (whole) return { date: whole, before: '' };
  for (const space of text.matchAll(/\s+/gu)) {
    const date = followUpDate(text.slice(space.index + space[0].length), context);
    if (date) return { date, before: text.slice(0, space.index) };
  }
  return undefined;
}

/** The date of a follow-up clause, when the whole rest of the clause is a date. */
function followUpDate(clause: string, context: DateContext): string | undefined {
  const groups = followUpLead.exec(clause)?.groups ?? followUpTail.exec(clause)?.groups;
  const when = (groups?.when ?? groups?.zhWhen)?.trim();
  if (!when) return undefined;
  const resolved = resolveDate(when, context);
  const covered = resolved && resolved.index === 0 && when.slice(resolved.text.length).replace(/[\s,，.。!！]/gu, '') === '';
  return covered ? resolved.date : undefined;
}

/** Trims spaces and dangling separators left where a clause was taken out. */
function tidy(text: string): string {
  return text
    .trim()
    .replace(/^[,，、;；\s]+|[,，、;；\s]+$/gu, '')
    .trim();
}
