// Reads deal amounts as reps type them: 120k, 1.2m, 12万, 3亿, ¥80,000, $5000, USD 5000, 50万美元.

/** An amount found in chat text: the value in units of `currency` (the tenant's reporting currency when absent). */
export interface ParsedAmount {
  amount: number;
  currency?: string;
}

export type AmountFailureReason = 'negativeAmount' | 'badAmount' | 'amountTooLarge';

export type AmountResult = ({ ok: true } & ParsedAmount) | { ok: false; reason: AmountFailureReason; detail: string };

/** The schema's ceiling for money. */
export const maxAmount = 1e15;

const multipliers: Record<string, number> = {
  k: 1e3,
  千: 1e3,
  w: 1e4,
  万: 1e4,
  萬: 1e4,
  十万: 1e5,
  m: 1e6,
  mn: 1e6,
  百万: 1e6,
  千万: 1e7,
  亿: 1e8,
  億: 1e8,
  b: 1e9,
  bn: 1e9,
};

const symbols: Record<string, string> = {
  us$: 'USD',
  hk$: 'HKD',
  nt$: 'TWD',
  s$: 'SGD',
  a$: 'AUD',
  c$: 'CAD',
  $: 'USD',
  '¥': 'CNY',
  '￥': 'CNY',
  '€': 'EUR',
  '£': 'GBP',
  '₩': 'KRW',
  '₹': 'INR',
};

/** Currency words written after the number: 12万元, 5000美元. */
const currencyWords: Record<string, string> = {
  元: 'CNY',
  块: 'CNY',
  人民币: 'CNY',
  美元: 'USD',
  美金: 'USD',
  欧元: 'EUR',
  英镑: 'GBP',
  日元: 'JPY',
  港币: 'HKD',
  港元: 'HKD',
  新台币: 'TWD',
  台币: 'TWD',
  新加坡元: 'SGD',
  澳元: 'AUD',
  加元: 'CAD',
  瑞士法郎: 'CHF',
  韩元: 'KRW',
};

/** Codes accepted in any case next to a number; `RMB` is the everyday name of CNY. */
const codes: Record<string, string> = Object.fromEntries(
  [
    'USD',
    'CNY',
    'EUR',
    'GBP',
    'JPY',
    'HKD',
    'TWD',
    'SGD',
    'AUD',
    'CAD',
    'CHF',
    'KRW',
    'INR',
    'NZD',
    'MOP',
    'THB',
    'MYR',
    'VND',
    'AED',
    'SAR',
  ].map((code) => [code.toLowerCase(), code]),
);
codes.rmb = 'CNY';

const escape = (word: string) => word.replace(/[$.*+?()[\]{}|\\^]/gu, '\\$&');
const alternation = (words: string[]) =>
  [...words]
    .sort((a, b) => b.length - a.length)
    .map(escape)
    .join('|');

const number = String.raw`(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?|\.\d+`;
const pattern = new RegExp(
  String.raw`(?<![A-Za-z0-9.,$])(?<sign>[-−–]\s*)?(?:(?<symbol>${alternation(Object.keys(symbols))})\s*|(?<code>${alternation(Object.keys(codes))})\s+)?` +
    String.raw`(?<number>${number})(?:\s*(?<multiplier>${alternation(Object.keys(multipliers))}))?` +
    String.raw`(?:\s*(?<word>${alternation(Object.keys(currencyWords))})|\s+(?<suffix>${alternation(Object.keys(codes))})|(?<tight>${alternation(Object.keys(codes))}))?(?![A-Za-z0-9])`,
  'giu',
);

/** Full-width digits, letters and signs folded to ASCII one for one, so positions in the folded text match the typed text. */
export function foldWidth(text: string): string {
  return text.replace(/[\uff01-\uff5e]/gu, (char) => String.fromCharCode(char.charCodeAt(0) - 0xfee0)).replace(/\u3000/gu, ' ');
}

/** One amount-like run of the text, and whether something besides digits says it is money. */
export interface AmountMatch {
  result: AmountResult;
  index: number;
  length: number;
  /** A currency, a multiplier or thousands separators: `120k`, `¥5000`, `1,200`; a bare `5000` is not marked. */
  marked: boolean;
}

function read(groups: Record<string, string | undefined>, text: string): AmountResult {
  const digits = groups.number!.replace(/,/gu, '');
  const multiplier = groups.multiplier ? multipliers[groups.multiplier.toLowerCase()]! : 1;
  const value = Math.round(Number(digits) * multiplier * 100) / 100;
  if (!Number.isFinite(value)) return { ok: false, reason: 'badAmount', detail: text };
  if (groups.sign) return { ok: false, reason: 'negativeAmount', detail: text };
  if (value > maxAmount) return { ok: false, reason: 'amountTooLarge', detail: text };
  const named = [
    groups.symbol && symbols[groups.symbol.toLowerCase()],
    groups.code && codes[groups.code.toLowerCase()],
    groups.word && currencyWords[groups.word],
    (groups.suffix ?? groups.tight) && codes[(groups.suffix ?? groups.tight)!.toLowerCase()],
  ].filter((code): code is string => Boolean(code));
  if (new Set(named).size > 1) return { ok: false, reason: 'badAmount', detail: text };
  return { ok: true, amount: value, ...(named[0] && { currency: named[0] }) };
}

/** Every amount-like run in `text`, in reading order. */
export function findAmounts(text: string): AmountMatch[] {
  const folded = foldWidth(text);
  return [...folded.matchAll(pattern)].map((match) => {
    const groups = match.groups ?? {};
    const typed = text.slice(match.index, match.index + match[0].length).trim();
    const marked = Boolean(
      groups.symbol || groups.code || groups.multiplier || groups.word || groups.suffix || groups.tight || groups.number!.includes(','),
    );
    return { result: read(groups, typed), index: match.index, length: match[0].length, marked };
  });
}

/**
 * Reads a whole string as one amount: after `amount` / `金额`, or on a form field.
 * @example parseAmount('1.2m') // { ok: true, amount: 1200000 }
 * @example parseAmount('50万美元') // { ok: true, amount: 500000, currency: 'USD' }
 */
export function parseAmount(text: string): AmountResult {
  const typed = text.trim();
  const matches = findAmounts(typed);
  const only = matches[0];
  if (matches.length !== 1 || !only || only.index !== 0 || only.length < foldWidth(typed).replace(/[\s。.,，]+$/u, '').length) {
    return { ok: false, reason: /^[-−–]/u.test(typed) ? 'negativeAmount' : 'badAmount', detail: typed };
  }
  return only.result;
}
