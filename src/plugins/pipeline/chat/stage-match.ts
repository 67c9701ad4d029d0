// Finds the stage a rep typed (演示, demo, Demo, ｄｅｍｏ, "solution", 6) in the tenant's stage model, in either language.
import type { Locale } from '../../../core/i18n';
import type { Stage } from '../pipeline.schema';

export type StageMatch = { kind: 'one'; stage: Stage } | { kind: 'several'; stages: Stage[] } | { kind: 'none' };

/** Words for the closing stages whatever the model calls them: `move Contoso ERP to won`. */
const closingWords: Record<'won' | 'lost', string[]> = {
  won: ['won', 'win', '赢单', '成交', '签约'],
  lost: ['lost', 'lose', '丢单', '输单'],
};

/** Case, width, spaces and punctuation folded away: `Evaluate & revise` = `evaluate-revise`, `评价、修改方案` = `评价修改方案`. */
export function stageKey(text: string): string {
  return text
    .normalize('NFKC')
    .toLocaleLowerCase('en')
    .replace(/[\s\-_·・.,，、&/()（）'"“”‘’:：;；]+/gu, '');
}

/** Stages a deal may enter: every stage of the model but the retired ones, in model order. */
export function enterableStages(stages: readonly Stage[]): Stage[] {
  return stages.filter((stage) => !stage.retired);
}

/**
 * The stage `typed` names: an exact id or name (either language) wins; otherwise a prefix that only one stage has;
 * `won`/`lost`/赢单/丢单 name the model's closing stages; a number is the stage's position (`6` → the sixth).
 * @example matchStage('演示', model.stages) // { kind: 'one', stage: { id: 'demo', … } }
 */
export function matchStage(typed: string, stages: readonly Stage[]): StageMatch {
  const candidates = enterableStages(stages);
  const key = stageKey(typed).replace(/^(?:stage|阶段)/u, '') || stageKey(typed);
  if (!key) return { kind: 'none' };
  const keysOf = (stage: Stage) => [stage.id, stage.name.en, stage.name['zh-CN']].map(stageKey);
  const exact = candidates.filter((stage) => keysOf(stage).includes(key));
  if (exact.length > 0) return exact.length === 1 ? { kind: 'one', stage: exact[0]! } : { kind: 'several', stages: exact };
  const position = /^(?:第|#)?(\d{1,2})(?:阶段|步)?$/u.exec(key);
  if (position) {
    const stage = candidates[Number(position[1]) - 1];
    return stage ? { kind: 'one', stage } : { kind: 'none' };
  }
  for (const kind of ['won', 'lost'] as const) {
    if (closingWords[kind].includes(key)) {
      const closing = candidates.filter((stage) => stage.kind === kind);
      if (closing.length > 0) return closing.length === 1 ? { kind: 'one', stage: closing[0]! } : { kind: 'several', stages: closing };
    }
  }
  const prefixed = candidates.filter((stage) => keysOf(stage).some((name) => name.startsWith(key)));
  if (prefixed.length === 1) return { kind: 'one', stage: prefixed[0]! };
  return prefixed.length > 1 ? { kind: 'several', stages: prefixed } : { kind: 'none' };
}

/** The model's (first enterable) won or lost stage. */
export function closingStage(stages: readonly Stage[], kind: 'won' | 'lost'): Stage | undefined {
  return enterableStages(stages).find((stage) => stage.kind === kind);
}

/** The stage after `stageId` in model order, skipping retired and lost stages: the deal card's "move to next stage". */
export function nextStage(stages: readonly Stage[], stageId: string): Stage | undefined {
  const at = stages.findIndex((stage) => stage.id === stageId);
  if (at < 0 || stages[at]!.kind !== 'open') return undefined;
  return stages.slice(at + 1).find((stage) => !stage.retired && stage.kind !== 'lost');
}

/** The stage's name in the reader's language; an id no longer in the model shows as itself. */
export function stageName(stages: readonly Stage[], stageId: string, locale: Locale): string {
  return stages.find((stage) => stage.id === stageId)?.name[locale] ?? stageId;
}
