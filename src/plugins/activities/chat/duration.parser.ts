// Reads how long an activity took from the end of a chat line: 45m, 1h, 1h30m, 90 min, 45分钟, 1小时, 1.5小时, 半小时.

const number = String.raw`-?\d+(?:\.\d+)?`;
const hours = String.raw`(?:h|hrs?|hours?|个?小时|个?钟头)`;
const minutes = String.raw`(?:m|mins?|minutes?|分钟)`;

/** A duration as the last token of `text`, optionally introduced by "for", 用时 or 时长. */
const trailingDuration = new RegExp(
  String.raw`(?:^|\s)(?:for\s+|用时|时长)?(?:(?<h>${number})\s*${hours}(?:\s*(?<hm>\d+)\s*(?:${minutes}|分))?|(?<m>${number})\s*${minutes}|(?<half>半)个?小时)\s*$`,
  'iu',
);

/** The longest activity the record allows. */
export const maxDurationMinutes = 24 * 60;

export type DurationMatch =
  | { ok: true; minutes: number; rest: string }
  | { ok: false; text: string; rest: string };

/**
 * The duration at the end of `text`, and the text before it; `ok: false` when it reads as a duration
 * but not a valid one (zero, negative, fractional minutes, over 24 hours, `1h75m`).
 * @example takeTrailingDuration('Contoso yesterday 3pm 1h30m') // { ok: true, minutes: 90, rest: 'Contoso yesterday 3pm' }
 */
export function takeTrailingDuration(text: string): DurationMatch | undefined {
  const match = trailingDuration.exec(text);
  if (!match?.groups) return undefined;
  const { h, hm, m, half } = match.groups;
  const rest = text.slice(0, match.index).trim();
  const total = half ? 30 : h !== undefined ? Number(h) * 60 + Number(hm ?? 0) : Number(m);
  const rounded = Math.round(total);
  const valid = Math.abs(total - rounded) < 1e-9 && rounded > 0 && rounded <= maxDurationMinutes && Number(hm ?? 0) < 60;
  return valid ? { ok: true, minutes: rounded, rest } : { ok: false, text: match[0].trim(), rest };
}
