// Rules of the tenant's stage model: what a valid replacement is, how removed stages are kept, and stage look-ups.
import { pipelineErrors } from './pipeline.errors';
import type { Stage, StageModel } from './pipeline.schema';

/** Refuses duplicate ids or names (per language, ignoring case and spaces) and a model without one won and one lost stage. */
export function assertValidStages(stages: readonly Stage[]): void {
  const seen = new Set<string>();
  const claim = (kind: string, value: string) => {
    const key = `${kind}:${value.trim().toLowerCase().replace(/\s+/gu, ' ')}`;
    if (seen.has(key)) throw pipelineErrors.fail('DUPLICATE_STAGE', { value: value.trim() }, { field: kind, value });
    seen.add(key);
  };
  for (const stage of stages) {
    claim('id', stage.id);
    claim('en', stage.name.en);
    claim('zh-CN', stage.name['zh-CN']);
  }
  const active = stages.filter((stage) => !stage.retired);
  const count = (kind: Stage['kind']) => active.filter((stage) => stage.kind === kind).length;
  const figures = { open: count('open'), won: count('won'), lost: count('lost') };
  if (figures.open < 1 || figures.won !== 1 || figures.lost !== 1) throw pipelineErrors.fail('STAGE_MODEL_INVALID', figures, figures);
}

/**
 * The model an admin's list makes: their stages in their order, retired only where they say so, then every earlier
 * stage they left out, kept as retired so deals in it and history stay readable. A retired stage listed again without
 * `retired` comes back; the model as read, written back, stays as it is.
 */
export function replaceStages(previous: readonly Stage[], next: readonly Stage[]): Stage[] {
  const listed = new Set(next.map((stage) => stage.id));
  const kept = previous.filter((stage) => !listed.has(stage.id)).map((stage) => ({ ...stage, retired: true }));
  const stages = [...next, ...kept];
  assertValidStages(stages);
  return stages;
}

export function stageOf(model: StageModel, stageId: string): Stage {
  const stage = model.stages.find((s) => s.id === stageId);
  if (!stage)
    throw pipelineErrors.fail(
      'UNKNOWN_STAGE',
      {
        stageId,
        stages: activeStages(model)
          .map((s) => s.id)
          .join(', '),
      },
      { field: 'stageId', stageId },
    );
  return stage;
}

/** A stage a deal may enter now: known and not retired. */
export function enterableStage(model: StageModel, stageId: string): Stage {
  const stage = stageOf(model, stageId);
  if (stage.retired) throw pipelineErrors.fail('STAGE_RETIRED', { stageId }, { field: 'stageId', stageId });
  return stage;
}

export const activeStages = (model: StageModel): Stage[] => model.stages.filter((stage) => !stage.retired);
export const openStages = (model: StageModel): Stage[] => activeStages(model).filter((stage) => stage.kind === 'open');
export const firstOpenStage = (model: StageModel): Stage => openStages(model)[0]!;

/** The stage's position in the funnel: open stages in order, then won; lost and retired stages have none. */
export function funnelOrder(model: StageModel): string[] {
  return [...openStages(model), ...activeStages(model).filter((stage) => stage.kind === 'won')].map((stage) => stage.id);
}
