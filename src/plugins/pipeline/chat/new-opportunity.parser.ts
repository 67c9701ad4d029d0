// Reads `new opportunity Contoso ERP 120k close Q3` / `新建商机 Contoso ERP 12万 预计 Q3 成交` into a deal draft whose account is still a name.
import { findAmounts, foldWidth, type AmountFailureReason, type AmountMatch, type ParsedAmount } from './amount.parser';
import { parseCloseDate, type CloseDateContext } from './close-date.parser';

export interface ParsedNewOpportunity {
  ok: true;
  /** The account name and the title, as typed: `Contoso ERP`; split by `accountTitleSplits` once names are looked up. */
  head: string;
  amount?: ParsedAmount;
  /** Local date `YYYY-MM-DD`. */
  expectedCloseDate: string;
}

export type NewOpportunityFailureReason =
  'emptyArgs' | 'missingClose' | 'badCloseDate' | 'pastCloseDate' | 'missingTitle' | AmountFailureReason;

export interface NewOpportunityFailure {
  ok: false;
  reason: NewOpportunityFailureReason;
  detail?: string;
}

/** `close Q3`, `closing 12/15`, `expected close: March`. */
const englishClose = /(?:^|\s)(?:expected\s+)?clos(?:e|es|ing)(?:\s+(?:date|by|on|in))?(?:\s*[:：]\s*|\s+)/iu;
/** `预计 Q3 成交`, `预计成交 3月`, `成交日期 2026-12-31`, `Q3成交`. */
const chineseClose =
  /(?:预计|预期)(?!\s*(?:金额|销售额))\s*(?:成交|签约|签单|结束|关单)?\s*(?:时间|日期)?\s*[:：]?\s*|(?:成交|结束|签约)(?:时间|日期)\s*[:：]?\s*/u;
const chineseTrailingClose = /(?:^|\s)(\S+?)\s*(?:之?前)?(?:成交|签约|签单)$/u;
/** `amount 120k`, `金额 12万`: the words that say an amount follows. */
const amountWord = /(?:^|\s)(?:amount|value|worth|金额|预计金额|预计销售额|销售额)\s*[:：]?\s*/iu;

/** Bare numbers (no currency, multiplier or separators) that read as a year or a phase, not money: `ERP 2026`, `Phase 2`. */
const looksLikeMoney = (value: number) => value >= 1000 && !(Number.isInteger(value) && value >= 1900 && value < 2200);

function splitClose(text: string): { head: string; close?: string } {
  const english = englishClose.exec(text);
  if (english) return { head: text.slice(0, english.index), close: text.slice(english.index + english[0].length) };
  const chinese = chineseClose.exec(text);
  if (chinese && chinese.index > 0) return { head: text.slice(0, chinese.index), close: text.slice(chinese.index + chinese[0].length) };
  const trailing = chineseTrailingClose.exec(text);
  if (trailing && trailing.index > 0) return { head: text.slice(0, trailing.index), close: trailing[1] };
  return { head: text };
}

const cut = (text: string, match: { index: number; length: number }) =>
  `${text.slice(0, match.index)} ${text.slice(match.index + match.length)}`;
const tidy = (text: string) => text.replace(/\s+/gu, ' ').replace(/^[\s,，;；]+|[\s,，;；]+$/gu, '');

/** The amount of the head: after `amount`/`金额`, else the last marked one (`120k`, `¥5000`), else a money-like number at the end. */
function takeAmount(head: string): { head: string; match?: AmountMatch } | NewOpportunityFailure {
  const keyword = amountWord.exec(head);
  if (keyword) {
    const after = head.slice(keyword.index + keyword[0].length);
    const first = findAmounts(after)[0];
    if (!first || first.index !== 0)
      return { ok: false, reason: /^[-−–]/u.test(after) ? 'negativeAmount' : 'badAmount', detail: after.split(/\s+/u)[0] ?? '' };
    return { head: `${head.slice(0, keyword.index)} ${after.slice(first.length)}`, match: first };
  }
  const matches = findAmounts(head);
  const marked = matches.filter((match) => match.marked || !match.result.ok);
  const last = marked.at(-1);
  if (last) return { head: cut(head, last), match: last };
  const trailing = matches.at(-1);
  const atEnd =
    trailing &&
    foldWidth(head)
      .slice(trailing.index + trailing.length)
      .trim() === '';
  if (trailing && atEnd && trailing.result.ok && looksLikeMoney(trailing.result.amount))
    return { head: cut(head, trailing), match: trailing };
  return { head };
}

/**
 * Reads the line after the trigger. The close date is required (`close …` / `预计 … 成交`); the amount is optional and
 * may stand anywhere; everything else is the account name followed by the title.
 * @example parseNewOpportunity('Contoso ERP 120k close Q3', { now, timeZone: 'Asia/Shanghai', locale: 'en' })
 * // { ok: true, head: 'Contoso ERP', amount: { amount: 120000 }, expectedCloseDate: '2027-09-30' }
 */
export function parseNewOpportunity(args: string, context: CloseDateContext): ParsedNewOpportunity | NewOpportunityFailure {
  const text = args.trim();
  if (!text) return { ok: false, reason: 'emptyArgs' };
  const { head: beforeClose, close } = splitClose(text);
  if (close === undefined || !close.trim()) return { ok: false, reason: 'missingClose' };
  // `close Q3 120k`: an amount written after the date.
  const lateAmount = findAmounts(close)
    .filter((match) => match.marked)
    .at(-1);
  const closeText = lateAmount ? cut(close, lateAmount) : close;
  const closeDate = parseCloseDate(tidy(closeText), context);
  if (!closeDate.ok) return { ok: false, reason: closeDate.reason, detail: closeDate.detail };
  const taken = lateAmount ? { head: beforeClose, match: lateAmount } : takeAmount(beforeClose);
  if ('ok' in taken) return taken;
  if (taken.match && !taken.match.result.ok) return { ok: false, reason: taken.match.result.reason, detail: taken.match.result.detail };
  const head = tidy(taken.head);
  if (!head) return { ok: false, reason: 'missingTitle' };
  const amount = taken.match?.result.ok
    ? { amount: taken.match.result.amount, ...(taken.match.result.currency && { currency: taken.match.result.currency }) }
    : undefined;
  return { ok: true, head, ...(amount && { amount }), expectedCloseDate: closeDate.date };
}

/** How far account names may run: `Contoso Pharma China ERP` tries 3, 2, then 1 word(s) as the account. */
const maxAccountWords = 6;

/**
 * The ways the head splits into an account name and a title, the longest account name first. A colon settles it:
 * `Contoso Pharma: ERP upgrade`. A head of one word has no split: a deal needs both.
 * @example accountTitleSplits('Contoso Pharma ERP') // [{ accountName: 'Contoso Pharma', title: 'ERP' }, { accountName: 'Contoso', title: 'Pharma ERP' }]
 */
export function accountTitleSplits(head: string): { accountName: string; title: string }[] {
  const colon = /\s*[:：]\s*/u.exec(head);
  if (colon) {
    const accountName = tidy(head.slice(0, colon.index));
    const title = tidy(head.slice(colon.index + colon[0].length));
    return accountName && title ? [{ accountName, title }] : [];
  }
  const words = head.split(/\s+/u).filter(Boolean);
  const splits: { accountName: string; title: string }[] = [];
  for (let k = Math.min(words.length - 1, maxAccountWords); k >= 1; k -= 1) {
    splits.push({ accountName: words.slice(0, k).join(' '), title: words.slice(k).join(' ') });
  }
  return splits;
}
