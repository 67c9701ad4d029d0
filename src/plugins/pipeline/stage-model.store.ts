// The tenant's stage model: the defaults until an admin replaces it, then the stored version, ETag-checked.
import { z } from 'zod';
import { requireAdmin } from '../../core/access';
import type { Actor } from '../../core/actor';
import type { Clock } from '../../core/clock';
import { AppError, isAppError } from '../../core/errors';
import { parseWith } from '../../core/validation';
import type { RowAddress, Repository, Stored } from '../../storage/repository';
import { stageModelSchema, type StageModel, type StageModelInput } from './pipeline.schema';
import { defaultStageModel } from './stage-model.defaults';
import { replaceStages } from './stage-model.rules';

/** The ETag of the default model, which no stored version has: replacing the defaults creates the row. */
export const defaultModelEtag = '"default"';

const address = (tenantId: string): RowAddress => ({ tenantId, partition: ['settings'], row: ['stageModel'] });

/** How long a process reuses a tenant's model for moves and views; the admin API always reads it fresh. */
export const modelCacheMs = 5_000;

export function createStageModelStore(settings: Repository<typeof stageModelSchema>, clock: Clock) {
  const cache = new Map<string, { model: Stored<StageModel>; until: number }>();

  async function stageModel(tenantId: string): Promise<Stored<StageModel>> {
    const model = (await settings.get(address(tenantId))) ?? { value: defaultStageModel(), etag: defaultModelEtag };
    if (cache.size > 10_000) cache.clear();
    cache.set(tenantId, { model, until: Date.now() + modelCacheMs });
    return model;
  }

  return {
    stageModel,

    /**
     * The model as this process read it within the last few seconds: every move and view needs it, and it changes
     * rarely. Another process sees a replaced model at most `modelCacheMs` later; this one at once.
     */
    async currentModel(tenantId: string): Promise<Stored<StageModel>> {
      const cached = cache.get(tenantId);
      return cached && cached.until > Date.now() ? cached.model : stageModel(tenantId);
    },

    async replaceStageModel(actor: Actor, model: StageModelInput, etag: string): Promise<Stored<StageModel>> {
      requireAdmin(actor);
      const input = parseWith(
        stageModelSchema
          .pick({ stages: true, reportingCurrency: true, rates: true })
          .extend({ lostReasonRequired: z.boolean().optional() }),
        model,
      );
      const current = await stageModel(actor.tenantId);
      if (current.etag !== etag)
        throw new AppError('CONFLICT', { entity: 'stageModel' }, { current: { ...current.value, etag: current.etag } });
      const next: StageModel = {
        stages: replaceStages(current.value.stages, input.stages),
        reportingCurrency: input.reportingCurrency,
        rates: Object.fromEntries(Object.entries(input.rates).filter(([currency]) => currency !== input.reportingCurrency)),
        lostReasonRequired: input.lostReasonRequired ?? current.value.lostReasonRequired,
        updatedAt: clock.now().toISOString(),
        updatedBy: actor.userId,
      };
      try {
        const stored =
          etag === defaultModelEtag
            ? await settings.create(address(actor.tenantId), next)
            : await settings.replace(address(actor.tenantId), next, etag);
        cache.set(actor.tenantId, { model: stored, until: Date.now() + modelCacheMs });
        return stored;
      } catch (error) {
        if (isAppError(error, 'ALREADY_EXISTS', 'CONFLICT')) {
          const fresh = await stageModel(actor.tenantId);
          throw new AppError('CONFLICT', { entity: 'stageModel' }, { current: { ...fresh.value, etag: fresh.etag } });
        }
        throw error;
      }
    },
  };
}
