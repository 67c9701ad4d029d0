// What /api/v1/pipeline answers and accepts: the routes check their answers against these, and the tabs import them as types.
import type { z } from 'zod';
import type { ItemsBody, WithEtag } from '../../http/api-types';
import type { moveSchema } from './pipeline-request.schema';
import type { Opportunity, StageChange, StageModel } from './pipeline.schema';
import type { Board, BoardColumnPage, Forecast, Funnel, OpportunityCard, RepList, StuckDeal } from './pipeline.service';

/** `GET /pipeline/stages`. */
export type StageModelBody = WithEtag<StageModel>;
/** `GET /pipeline/opportunities/:id`, and the deal a create, change or move answers with. */
export type OpportunityBody = WithEtag<Opportunity>;
/** `GET /pipeline/opportunities/:id/history`, oldest first. */
export type StageHistoryBody = ItemsBody<StageChange>;
/** `POST /pipeline/opportunities/:id/move` (with `If-Match`). */
export type MoveRequest = z.input<typeof moveSchema>;
/** `GET /pipeline/accounts/:accountId/opportunities`: the account's open deals, soonest close first, and how many it has. */
export interface AccountDealsBody {
  count: number;
  items: OpportunityCard[];
}
/** `GET /pipeline/board`. */
export type BoardBody = Board;
/** `GET /pipeline/board/:stageId`: a further page of one column. */
export type BoardColumnBody = BoardColumnPage;
/** `GET /pipeline/funnel`. */
export type FunnelBody = Funnel;
/** `GET /pipeline/forecast`. */
export type ForecastBody = Forecast;
/** `GET /pipeline/stuck`: the longest-stuck deals and how many are stuck in all. */
export interface StuckBody {
  items: StuckDeal[];
  total: number;
}
/** `GET /pipeline/reps`. */
export type RepsBody = RepList;
