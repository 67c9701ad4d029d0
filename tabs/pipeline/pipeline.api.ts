// The pipeline tab's client of `/api/v1/pipeline`: the shapes are the server's own contract types.
import type { ApiRequest } from '../shared/api';
import type { Board, BoardColumn, Forecast, Funnel, OpportunityCard, RepFigures, StuckDeal } from '../../src/plugins/pipeline/pipeline.service';
import type { Opportunity, Stage, StageChange, StageModel } from '../../src/plugins/pipeline/pipeline.schema';
import { scopeQuery, type Scope } from './scope';

export type { Board, BoardColumn, Forecast, Funnel, Opportunity, OpportunityCard, RepFigures, Stage, StageChange, StageModel, StuckDeal };
export type { ForecastBucket, StageFigures } from '../../src/plugins/pipeline/pipeline.service';

export type WithEtag<T> = T & { etag: string };

/** Deals per column in the first board read and in each "load more". */
export const pageSize = 25;

/** The board card of a deal the server returned in full (after a move, or as a conflict's current state). */
export function toCard(deal: WithEtag<Opportunity>): OpportunityCard {
  const { id, title, accountId, accountName, amount, currency, reportingAmount, probability, stageId, expectedCloseDate } = deal;
  const { ownerId, ownerName, team, stageEnteredAt, status, etag } = deal;
  return { id, title, accountId, accountName, amount, currency, reportingAmount, probability, stageId, expectedCloseDate, ownerId, ownerName, team, stageEnteredAt, status, etag };
}

export function createPipelineApi(call: ApiRequest, scope: Scope) {
  const base = '/pipeline';
  const withScope = (extra: Record<string, string> = {}) => {
    const query = scopeQuery(scope);
    for (const [name, value] of Object.entries(extra)) query.set(name, value);
    const text = query.toString();
    return text ? `?${text}` : '';
  };
  return {
    stages: () => call<WithEtag<StageModel>>(`${base}/stages`),
    board: () => call<Board>(`${base}/board${withScope({ perStage: String(pageSize) })}`),
    column: (stageId: string, continuationToken: string) =>
      call<BoardColumn>(`${base}/board/${encodeURIComponent(stageId)}${withScope({ pageSize: String(pageSize), continuationToken })}`),
    opportunity: (id: string) => call<WithEtag<Opportunity>>(`${base}/opportunities/${encodeURIComponent(id)}`),
    history: async (id: string) => (await call<{ items: StageChange[] }>(`${base}/opportunities/${encodeURIComponent(id)}/history`)).items,
    /** A stale `etag` is a 409 CONFLICT whose `details.current` is the deal as stored. */
    move: (id: string, stageId: string, etag: string, reason?: string) =>
      call<WithEtag<Opportunity>>(`${base}/opportunities/${encodeURIComponent(id)}/move`, {
        method: 'POST',
        headers: { 'If-Match': etag },
        body: reason ? { stageId, reason } : { stageId },
      }),
    funnel: () => call<Funnel>(`${base}/funnel${withScope()}`),
    forecast: (from: string, to: string) => call<Forecast>(`${base}/forecast${withScope({ from, to })}`),
    stuck: (limit: number) => call<{ items: StuckDeal[]; total: number }>(`${base}/stuck${withScope({ limit: String(limit) })}`),
    reps: (from: string, to: string) => call<{ items: RepFigures[] }>(`${base}/reps${withScope({ from, to })}`),
  };
}

export type PipelineApi = ReturnType<typeof createPipelineApi>;
