// Conditions on deals 商机: stuck in a stage past its dwell limit 滞留超时, close date passed, closing soon while still early, a large deal lost.
import { DateTime } from 'luxon';
import { isAppError } from '../../../core/errors';
import type { Opportunity, OpportunityCard, PipelineService, Stage, StageModel } from '../../pipeline';
import type { Finding } from '../finding';
import { allPages, dayMs, daysBetween, readOnce, type Condition, type Evaluation } from './condition';

export interface DealSources {
  pipeline: PipelineService;
  /** The tenant's stage model, briefly remembered: every sweep and event reads it. */
  stageModel(tenantId: string): Promise<StageModel>;
}

/** Deals read per page while a sweep walks a stage. */
const pageSize = 1000;

const openStages = (model: StageModel): Stage[] => model.stages.filter((stage) => stage.kind === 'open' && !stage.retired);
const today = (evaluation: Evaluation) => DateTime.fromJSDate(evaluation.now, { zone: evaluation.timeZone }).toISODate()!;
const plusDays = (date: string, days: number) => DateTime.fromISO(date, { zone: 'UTC' }).plus({ days }).toISODate()!;

type DealFacts = Pick<OpportunityCard, 'id' | 'title' | 'accountId' | 'accountName' | 'reportingAmount' | 'ownerId' | 'ownerName' | 'team'>;

function dealFinding(deal: DealFacts, period: string, facts: Finding['facts']): Finding {
  return {
    subject: { kind: 'deal', id: deal.id },
    period,
    title: deal.title,
    accountId: deal.accountId,
    accountName: deal.accountName,
    ownerId: deal.ownerId,
    ownerName: deal.ownerName,
    ...(deal.team ? { teamName: deal.team } : {}),
    amount: deal.reportingAmount,
    facts,
  };
}

async function readDeal(pipeline: PipelineService, tenantId: string, id: string): Promise<Opportunity | undefined> {
  try {
    return (await pipeline.getOpportunity(tenantId, id)).value;
  } catch (error) {
    if (isAppError(error, 'NOT_FOUND')) return undefined;
    throw error;
  }
}

export function dealConditions(sources: DealSources) {
  const { pipeline, stageModel } = sources;

  /** The stay in the stage past its limit plus `graceDays`: days in it, the limit. */
  function stuckFacts(deal: Pick<OpportunityCard, 'stageId' | 'stageEnteredAt'>, stage: Stage | undefined, graceDays: number, now: Date) {
    if (!stage?.dwellLimitDays) return undefined;
    const days = daysBetween(deal.stageEnteredAt, now);
    return days >= stage.dwellLimitDays + graceDays && days > 0
      ? { stageId: deal.stageId, days, limitDays: stage.dwellLimitDays }
      : undefined;
  }

  const dealStuck: Condition<'deal-stuck'> = {
    id: 'deal-stuck',
    subject: 'deal',
    kind: 'standing',
    fields: [{ name: 'graceDays', kind: 'days', min: 0, max: 365 }],
    async *sweep(evaluation, { graceDays }) {
      const model = await stageModel(evaluation.tenantId);
      for (const stage of openStages(model)) {
        if (!stage.dwellLimitDays) continue;
        const before = new Date(evaluation.now.getTime() - (stage.dwellLimitDays + graceDays) * dayMs).toISOString();
        const deals = allPages(
          (token) =>
            pipeline.dueDeals(evaluation.tenantId, { stageId: stage.id, by: 'entered', before }, { pageSize, continuationToken: token }),
          evaluation.signal,
        );
        for await (const deal of deals) {
          const facts = stuckFacts(deal, stage, graceDays, evaluation.now);
          if (facts) yield dealFinding(deal, deal.stageEnteredAt, facts);
        }
      }
    },
    async check(evaluation, { graceDays }, id) {
      const deal = await readOnce(evaluation, `deal:${id}`, () => readDeal(pipeline, evaluation.tenantId, id));
      if (!deal || deal.status !== 'open') return undefined;
      const model = await stageModel(evaluation.tenantId);
      const facts = stuckFacts(
        deal,
        model.stages.find((stage) => stage.id === deal.stageId),
        graceDays,
        evaluation.now,
      );
      return facts && dealFinding(deal, deal.stageEnteredAt, facts);
    },
  };

  const closeDatePassed: Condition<'close-date-passed'> = {
    id: 'close-date-passed',
    subject: 'deal',
    kind: 'standing',
    fields: [{ name: 'graceDays', kind: 'days', min: 0, max: 365 }],
    async *sweep(evaluation, { graceDays }) {
      const before = plusDays(today(evaluation), -graceDays);
      for (const stage of openStages(await stageModel(evaluation.tenantId))) {
        const deals = allPages(
          (token) =>
            pipeline.dueDeals(evaluation.tenantId, { stageId: stage.id, by: 'close', before }, { pageSize, continuationToken: token }),
          evaluation.signal,
        );
        for await (const deal of deals) yield dealFinding(deal, deal.expectedCloseDate, lateFacts(deal, evaluation));
      }
    },
    async check(evaluation, { graceDays }, id) {
      const deal = await readOnce(evaluation, `deal:${id}`, () => readDeal(pipeline, evaluation.tenantId, id));
      if (!deal || deal.status !== 'open' || deal.expectedCloseDate >= plusDays(today(evaluation), -graceDays)) return undefined;
      return dealFinding(deal, deal.expectedCloseDate, lateFacts(deal, evaluation));
    },
  };
  const lateFacts = (deal: Pick<OpportunityCard, 'expectedCloseDate' | 'stageId'>, evaluation: Evaluation) => ({
    closeDate: deal.expectedCloseDate,
    stageId: deal.stageId,
    daysLate: daysBetween(`${deal.expectedCloseDate}T00:00:00Z`, new Date(`${today(evaluation)}T00:00:00Z`)),
  });

  /** The open stages before `beforeStageId` in the model's order; none when it is not an open stage. */
  const stagesBefore = (model: StageModel, beforeStageId: string): Stage[] => {
    const stages = openStages(model);
    const at = stages.findIndex((stage) => stage.id === beforeStageId);
    return at < 0 ? [] : stages.slice(0, at);
  };
  const soonFacts = (deal: Pick<OpportunityCard, 'expectedCloseDate' | 'stageId'>, evaluation: Evaluation, beforeStageId: string) => ({
    closeDate: deal.expectedCloseDate,
    stageId: deal.stageId,
    beforeStageId,
    daysLeft: daysBetween(`${today(evaluation)}T00:00:00Z`, new Date(`${deal.expectedCloseDate}T00:00:00Z`)),
  });

  const closeSoonEarlyStage: Condition<'close-soon-early-stage'> = {
    id: 'close-soon-early-stage',
    subject: 'deal',
    kind: 'standing',
    fields: [
      { name: 'withinDays', kind: 'days', min: 1, max: 365 },
      { name: 'beforeStageId', kind: 'stage' },
    ],
    async *sweep(evaluation, { withinDays, beforeStageId }) {
      const from = today(evaluation);
      const before = plusDays(from, withinDays + 1);
      for (const stage of stagesBefore(await stageModel(evaluation.tenantId), beforeStageId)) {
        const deals = allPages(
          (token) =>
            pipeline.dueDeals(
              evaluation.tenantId,
              { stageId: stage.id, by: 'close', from, before },
              { pageSize, continuationToken: token },
            ),
          evaluation.signal,
        );
        for await (const deal of deals) yield dealFinding(deal, deal.expectedCloseDate, soonFacts(deal, evaluation, beforeStageId));
      }
    },
    async check(evaluation, { withinDays, beforeStageId }, id) {
      const deal = await readOnce(evaluation, `deal:${id}`, () => readDeal(pipeline, evaluation.tenantId, id));
      if (!deal || deal.status !== 'open') return undefined;
      const early = stagesBefore(await stageModel(evaluation.tenantId), beforeStageId).some((stage) => stage.id === deal.stageId);
      const from = today(evaluation);
      if (!early || deal.expectedCloseDate < from || deal.expectedCloseDate > plusDays(from, withinDays)) return undefined;
      return dealFinding(deal, deal.expectedCloseDate, soonFacts(deal, evaluation, beforeStageId));
    },
  };

  const largeDealLost: Condition<'large-deal-lost'> = {
    id: 'large-deal-lost',
    subject: 'deal',
    kind: 'event',
    fields: [{ name: 'minAmount', kind: 'amount', min: 1, max: 1e12 }],
    // Nothing stands to be found: a loss is news when it happens, and its event alerts it.
    async *sweep() {},
    async check(evaluation, { minAmount }, id) {
      const deal = await readOnce(evaluation, `deal:${id}`, () => readDeal(pipeline, evaluation.tenantId, id));
      if (!deal || deal.status !== 'lost' || deal.reportingAmount < minAmount) return undefined;
      const facts = { stageId: deal.stageId, reason: deal.outcomeReason ?? '', closedAt: deal.closedAt ?? deal.stageEnteredAt };
      return dealFinding(deal, deal.closedAt ?? deal.stageEnteredAt, facts);
    },
  };

  return [dealStuck, closeDatePassed, closeSoonEarlyStage, largeDealLost] as const;
}
