// Reads how long an activity took from the end (or the start) of a chat line: 45m, 1h, 1h30m, 90 min, 45分钟, 1小时, 1.5小时, 半小时.

const number = String.raw`-?\d+(?:\.\d+)?`;
const hours = String.raw`(?:h|hrs?|hours?|个?小时|个?钟头)`;
const minutes = String.raw`(?:m|mins?|minutes?|分钟)`;

const duration = String.raw`(?:for\s+|用时|时长)?(?:(?<h>${number})\s*${hours}(?:\s*(?<hm>\d+)\s*(?:${minutes}|分))?|(?<m>${number})\s*${minutes}|(?<half>半)个?小时)`;
/** A duration as the last token of `text`, optionally introduced by "for", 用时 or 时长. */
const trailingDuration = new RegExp(String.raw`(?:^|\s)${duration}\s*$`, 'iu');
/** A duration as the first token of `text`: followed by a space, a sign or a Chinese character, never by more letters (`45 minutes`, not `45 mins` read as `45 m`). */
const leadingDuration = new RegExp(String.raw`^\s*${duration}(?=$|[\s,，;；:：。.!！]|\p{Script=Han})`, 'iu');

/** The longest activity the record allows. */
export const maxDurationMinutes = 24 * 60;

export type DurationMatch = { ok: true; minutes: number; rest: string } | { ok: false; text: string; rest: string };

/**
 * The duration at the end of `text`, and the text before it; `ok: false` when it reads as a duration
 * but not a valid one (zero, negative, fractional minutes, over 24 hours, `1h75m`).
 * @example takeTrailingDuration('Contoso yesterday 3pm 1h30m') // { ok: true, minutes: 90, rest: 'Contoso yesterday 3pm' }
 */
export function takeTrailingDuration(text: string): DurationMatch | undefined {
  const match = trailingDuration.exec(text);
  return match?.groups && measured(match, text.slice(0, match.index).trim());
}

/**
 * The duration at the start of `text`, and the text after it.
 * @example takeLeadingDuration('45m went thru the deck') // { ok: true, minutes: 45, rest: 'went thru the deck' }
 */
export function takeLeadingDuration(text: string): DurationMatch | undefined {
  const match = leadingDuration.exec(text);
  return match?.groups && measured(match, text.slice(match[0].length).trim());
}

function measured(match: RegExpExecArray, rest: string): DurationMatch {
  const { h, hm, m, half } = match.groups!;
  const total = half ? 30 : h !== undefined ? Number(h) * 60 + Number(hm ?? 0) : Number(m);
  const rounded = Math.round(total);
  const valid = Math.abs(total - rounded) < 1e-9 && rounded > 0 && rounded <= maxDurationMinutes && Number(hm ?? 0) < 60;
  return valid ? { ok: true, minutes: rounded, rest } : { ok: false, text: match[0].trim(), rest };
}
