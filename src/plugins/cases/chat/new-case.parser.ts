// Reads a new case typed in a hurry: `Contoso: printer jams on every job, priority high` / `Contoso：打印机卡纸，优先级 高`.
import type { CasePriority, CaseType } from '../case.schema';
import { priorityWords, typeWords } from './cases-chat.words';

export interface ParsedNewCase {
  ok: true;
  /** The account name before a colon (or a spaced dash), when one splits it from the problem. */
  account?: string;
  /** What the case is about: after the colon, or the whole line (the account's name first) without one. */
  text: string;
  priority?: CasePriority;
  type?: CaseType;
}

export type NewCaseFailure =
  { ok: false; reason: 'emptyArgs' | 'missingTitle' } | { ok: false; reason: 'badPriority' | 'badType'; detail: string };

/** Where a clause ends: sentence marks, semicolons, a comma that is not inside a number, a line break. */
const clauseEnd = /[。！？!?；;\n]|\.(?=\s|$)|[,，、](?!\d)/u;
const clauseEndAhead = String.raw`(?=\s*(?:[。！？!?；;\n,，、]|\.(?:\s|$)|$))`;
const clauseStart = String.raw`(?:^|[。！？!?；;\n,，、]|\.\s|\s)`;

/** `priority high`, `prio: urgent`, `high priority`, `优先级 高`, `优先级：紧急`, `高优先级`: the word ends its clause. */
const priorityMarkers = [
  new RegExp(String.raw`${clauseStart}\s*(?:priority|prio|pri)\s*(?:[:：=]|is)?\s*([^\s,，;；.。!！?？]+)${clauseEndAhead}`, 'iu'),
  new RegExp(String.raw`${clauseStart}\s*([^\s,，;；.。!！?？]+)[\s-]*priority${clauseEndAhead}`, 'iu'),
  new RegExp(String.raw`优先级\s*(?:[:：=]|为|是)?\s*([^\s,，;；.。!！?？]+)${clauseEndAhead}`, 'u'),
  new RegExp(String.raw`([低中高]|普通|紧急|加急|特急)\s*优先级?${clauseEndAhead}`, 'u'),
];
/** `type complaint`, `类型：投诉`; an unknown word after `type:` is answered, after a bare `type` it is text. */
const typeMarkers = [
  new RegExp(String.raw`${clauseStart}\s*(?:type|kind)\s*([:：=])?\s*([a-z]+(?:[\s-]sales?)?)${clauseEndAhead}`, 'iu'),
  new RegExp(String.raw`类型\s*([:：=]|为|是)?\s*([^\s,，;；.。!！?？]+)${clauseEndAhead}`, 'u'),
];
/** A word that says how urgent it is even without `priority` before it, at the end of the line: `printer jams urgent`. */
const trailingUrgent = /(?:^|\s)(urgent|asap|紧急|加急|特急)[\s!！。.]*$/iu;

const fold = (word: string) => word.normalize('NFKC').toLowerCase().trim();
const typeKey = (word: string) => fold(word).replace(/[\s-]+/gu, '');

/** Optimal string alignment distance, for a typed `hgih` or `urgnet`. */
function typoDistance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i += 1)
    for (let j = 1; j <= b.length; j += 1) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i]![j] = Math.min(d[i]![j]!, d[i - 2]![j - 2]! + 1);
    }
  return d[a.length]![b.length]!;
}

/** A priority word, or an English one typed one slip away (`hgih`, `urgnet`, `norml`). */
export function priorityOf(word: string): CasePriority | undefined {
  const folded = fold(word);
  const known = priorityWords[folded];
  if (known || folded.length < 3 || !/^[a-z]+$/u.test(folded)) return known;
  const near = Object.keys(priorityWords).filter((candidate) => candidate.length >= 3 && typoDistance(folded, candidate) <= 1);
  return near.length === 1 ? priorityWords[near[0]!] : undefined;
}

export const typeOf = (word: string): CaseType | undefined => typeWords[typeKey(word)] ?? typeWords[fold(word)];

/** Removes a match from the text, keeping the separator before it so clauses stay apart. */
function cut(text: string, match: RegExpExecArray): string {
  const lead = /^[。！？!?；;\n,，、]|^\.\s/u.exec(match[0])?.[0] ?? (match[0].startsWith(' ') ? ' ' : '');
  return `${text.slice(0, match.index)}${lead}${text.slice(match.index + match[0].length)}`;
}

/** Leftover separators and spaces at either end, and doubled ones inside. */
export function tidy(text: string): string {
  return text
    .replace(/[ \t]+/gu, ' ')
    .replace(/\s*([,，;；、])(?:\s*[,，;；、])+/gu, '$1')
    .replace(/^[\s,，;；、:：\-–—]+|[\s,，;；、:：\-–—]+$/gu, '');
}

/** A clause that is nothing but a priority or a type word (`…, high`, `…，售后`). */
function bareClauses(text: string): { text: string; priority?: CasePriority; type?: CaseType } {
  const parts = text.split(/([。！？!?；;\n,，、])/u);
  let priority: CasePriority | undefined;
  let type: CaseType | undefined;
  const kept: string[] = [];
  for (let i = 0; i < parts.length; i += 2) {
    const clause = (parts[i] ?? '').trim();
    const bare = clause.replace(/[!！.。]+$/u, '');
    const asPriority = i > 0 ? priorityWords[fold(bare)] : undefined;
    const asType = typeWords[typeKey(bare)];
    if (asPriority && !priority) priority = asPriority;
    else if (asType && !type) type = asType;
    else kept.push(`${parts[i] ?? ''}${parts[i + 1] ?? ''}`);
  }
  return { text: kept.join(''), ...(priority ? { priority } : {}), ...(type ? { type } : {}) };
}

/**
 * The line after the trigger: the account, what is wrong, and optional priority and type words anywhere in it.
 * @example parseNewCase('Contoso: printer jams on every job, priority high') // { ok: true, account: 'Contoso', text: 'printer jams on every job', priority: 'high' }
 */
export function parseNewCase(args: string): ParsedNewCase | NewCaseFailure {
  let text = args.trim();
  if (!text) return { ok: false, reason: 'emptyArgs' };
  let priority: CasePriority | undefined;
  let type: CaseType | undefined;
  for (const marker of priorityMarkers) {
    const match = marker.exec(text);
    if (!match) continue;
    priority = priorityOf(match[1]!);
    if (!priority) return { ok: false, reason: 'badPriority', detail: match[1]! };
    text = cut(text, match);
    break;
  }
  for (const marker of typeMarkers) {
    const match = marker.exec(text);
    if (!match) continue;
    const found = typeOf(match[2]!);
    if (!found && match[1]) return { ok: false, reason: 'badType', detail: match[2]! };
    if (!found) continue;
    type = found;
    text = cut(text, match);
    break;
  }
  const bracket = /[[【]([^\]】]{1,12})[\]】]/u.exec(text);
  if (bracket && !type && typeOf(bracket[1]!)) {
    type = typeOf(bracket[1]!);
    text = cut(text, bracket);
  }
  if (!priority) {
    const urgent = trailingUrgent.exec(text);
    if (urgent) {
      priority = priorityWords[fold(urgent[1]!)];
      text = text.slice(0, urgent.index);
    }
  }
  const split = /\s*[:：]\s*|\s+[-–—]+\s+/u.exec(text);
  const account = split && split.index > 0 ? tidy(text.slice(0, split.index)) : undefined;
  const rest = bareClauses(account ? text.slice(split!.index + split![0].length) : text);
  priority ??= rest.priority;
  type ??= rest.type;
  const about = tidy(rest.text);
  if (!about) return { ok: false, reason: account ? 'missingTitle' : 'emptyArgs' };
  return { ok: true, ...(account ? { account } : {}), text: about, ...(priority ? { priority } : {}), ...(type ? { type } : {}) };
}

/** Title 标题 and description of what was typed: the first clause is the title, the whole text the description when longer. */
export function titleAndDescription(text: string, titleMax = 200): { title: string; description: string } {
  const whole = tidy(text);
  const first = tidy(whole.split(clauseEnd)[0] ?? '');
  const chars = [...first];
  const title = chars.length <= titleMax ? first : `${chars.slice(0, titleMax - 1).join('')}…`;
  const same = whole.replace(/[\s!！?？.。]+$/u, '') === first;
  return { title, description: same ? '' : whole };
}
