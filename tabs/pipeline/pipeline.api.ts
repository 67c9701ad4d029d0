// The pipeline tab's client of `/api/v1/pipeline`: the shapes are the server's own, imported as types from the plugin's
// public index (its routes answer with these same types), so a change of the API's shape fails the tab's typecheck.
import type { WithEtag } from '../../src/http/api-types';
import type {
  BoardBody,
  BoardColumnBody,
  ForecastBody,
  FunnelBody,
  MoveRequest,
  Opportunity,
  OpportunityBody,
  OpportunityCard,
  RepsBody,
  StageHistoryBody,
  StageModelBody,
  StuckBody,
} from '../../src/plugins/pipeline';
import type { ApiRequest } from '../shared/api';
import { scopeQuery, type Scope } from './scope';

export type { WithEtag };
export type {
  Board,
  BoardColumn,
  Forecast,
  ForecastBucket,
  Funnel,
  Opportunity,
  OpportunityCard,
  RepFigures,
  Stage,
  StageChange,
  StageFigures,
  StageModel,
  StuckDeal,
} from '../../src/plugins/pipeline';

/** Deals per column in the first board read and in each "load more". */
export const pageSize = 25;

/** The board card of a deal the server returned in full (after a move, or as a conflict's current state). */
export function toCard(deal: WithEtag<Opportunity>): OpportunityCard {
  const { id, title, accountId, accountName, amount, currency, reportingAmount, probability, stageId, expectedCloseDate } = deal;
  const { ownerId, ownerName, team, stageEnteredAt, status, etag } = deal;
  return {
    id,
    title,
    accountId,
    accountName,
    amount,
    currency,
    reportingAmount,
    probability,
    stageId,
    expectedCloseDate,
    ownerId,
    ownerName,
    team,
    stageEnteredAt,
    status,
    etag,
  };
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
    stages: () => call<StageModelBody>(`${base}/stages`),
    board: () => call<BoardBody>(`${base}/board${withScope({ perStage: String(pageSize) })}`),
    column: (stageId: string, continuationToken: string) =>
      call<BoardColumnBody>(`${base}/board/${encodeURIComponent(stageId)}${withScope({ pageSize: String(pageSize), continuationToken })}`),
    opportunity: (id: string) => call<OpportunityBody>(`${base}/opportunities/${encodeURIComponent(id)}`),
    history: async (id: string) => (await call<StageHistoryBody>(`${base}/opportunities/${encodeURIComponent(id)}/history`)).items,
    /** A stale `etag` is a 409 CONFLICT whose `details.current` is the deal as stored. */
    move: (id: string, stageId: string, etag: string, reason?: string) =>
      call<OpportunityBody>(`${base}/opportunities/${encodeURIComponent(id)}/move`, {
        method: 'POST',
        headers: { 'If-Match': etag },
        body: (reason ? { stageId, reason } : { stageId }) satisfies MoveRequest,
      }),
    funnel: () => call<FunnelBody>(`${base}/funnel${withScope()}`),
    forecast: (from: string, to: string) => call<ForecastBody>(`${base}/forecast${withScope({ from, to })}`),
    stuck: (limit: number) => call<StuckBody>(`${base}/stuck${withScope({ limit: String(limit) })}`),
    reps: (from: string, to: string) => call<RepsBody>(`${base}/reps${withScope({ from, to })}`),
  };
}

export type PipelineApi = ReturnType<typeof createPipelineApi>;
