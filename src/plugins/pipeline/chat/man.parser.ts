// Reads MAN answers for `qualify lead Acme M yes A no N yes` / `评估线索 某某公司 购买力 有 决策权 无 需求 有`.
import type { Man } from '../pipeline.schema';
import { foldWidth } from './amount.parser';

export type ManCriterion = keyof Man;
export const manCriteria: readonly ManCriterion[] = ['money', 'authority', 'need'];

const criterionWords: Record<ManCriterion, string[]> = {
  money: ['m', 'money', 'budget', '购买力', '预算', '资金', '财力', '钱'],
  authority: ['a', 'authority', 'decision maker', 'decision', '购买决定权', '决定权', '决策权', '决策人', '权力'],
  need: ['n', 'need', 'needs', '需求'],
};
const yesWords = ['yes', 'y', 'true', 'met', 'ok', '+', '✓', '✔', '√', '有', '是', '具备', '满足', '符合', '对'];
const noWords = ['no', 'n', 'false', 'not met', 'none', '-', '✗', '✘', '×', 'x', '无', '没有', '否', '不具备', '不满足', '不符合', '缺'];

const escape = (word: string) => word.replace(/[$.*+?()[\]{}|\\^]/gu, '\\$&');
const alternation = (words: string[]) =>
  [...words]
    .sort((a, b) => b.length - a.length)
    .map(escape)
    .join('|');
// ASCII words end at a word boundary; Chinese words and signs may run into the next word (购买力有决策权无).
const asciiEnd = '(?![A-Za-z])';
const pair = new RegExp(
  `(?<![A-Za-z])(?<key>${alternation(Object.values(criterionWords).flat())})${asciiEnd}\\s*[:：=]?\\s*(?<value>${alternation([...yesWords, ...noWords])})${asciiEnd}`,
  'giu',
);

export type ManParseResult =
  { ok: true; name: string; man: Man } | { ok: false; reason: 'emptyArgs' | 'missingName' | 'missingCriteria'; missing?: ManCriterion[] };

const criterionOf = (word: string): ManCriterion => manCriteria.find((criterion) => criterionWords[criterion].includes(word))!;

/**
 * The lead's name, then an answer for each of Money, Authority and Need (a later answer for the same criterion wins).
 * @example parseQualify('Acme M yes A no N yes') // { ok: true, name: 'Acme', man: { money: { met: true }, authority: { met: false }, need: { met: true } } }
 */
export function parseQualify(args: string): ManParseResult {
  const text = args.trim();
  if (!text) return { ok: false, reason: 'emptyArgs' };
  const folded = foldWidth(text).toLowerCase();
  const pairs = [...folded.matchAll(pair)];
  // The answers are the tail of the line: the first pair after which only pairs and separators follow.
  let start = pairs.length;
  for (let i = pairs.length - 1; i >= 0; i -= 1) {
    const end = i + 1 < pairs.length ? pairs[i + 1]!.index : folded.length;
    const between = folded.slice(pairs[i]!.index + pairs[i]![0].length, end);
    if (!/^[\s,，;；、/|]*$/u.test(between)) break;
    start = i;
  }
  const answers = pairs.slice(start);
  const name = text
    .slice(0, answers[0]?.index ?? text.length)
    .replace(/[\s,，;；:：]+$/u, '')
    .trim();
  if (!name) return { ok: false, reason: 'missingName' };
  const found: Partial<Man> = {};
  for (const answer of answers) found[criterionOf(answer.groups!.key!)] = { met: yesWords.includes(answer.groups!.value!) };
  const missing = manCriteria.filter((criterion) => !found[criterion]);
  if (missing.length > 0) return { ok: false, reason: 'missingCriteria', missing };
  return { ok: true, name, man: found as Man };
}
