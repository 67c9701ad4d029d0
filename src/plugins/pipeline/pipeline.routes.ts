// REST under /api/v1/pipeline: stage model, leads, opportunities with ETag-checked moves, and the analytics views.
import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import type { Clock } from '../../core/clock';
import { parseWith } from '../../core/validation';
import { actorOf } from '../../http/auth.middleware';
import { ifMatch, parseBody, parseQuery } from '../../http/validate';
import type { WithEtag } from '../../http/api-types';
import type { Stored } from '../../storage/repository';
import { defaultRates } from './currency-rates.defaults';
import { currentQuarter } from './pipeline-scope';
import {
  boardQuerySchema,
  columnQuerySchema,
  conversionSchema,
  leadQuerySchema,
  manSchema,
  moveSchema,
  newLeadSchema,
  newOpportunitySchema,
  opportunityChangesSchema,
  periodQuerySchema,
  scopeQuerySchema,
  stageModelInputSchema,
  stuckQuerySchema,
} from './pipeline-request.schema';
import type {
  AccountDealsBody,
  BoardBody,
  BoardColumnBody,
  ForecastBody,
  FunnelBody,
  RepsBody,
  StageHistoryBody,
  StuckBody,
} from './pipeline.api-types';
import type { Period, PipelineScope, PipelineService } from './pipeline.service';
import type { PipelinePluginService } from './pipeline.service.impl';
import { stageSchema } from './pipeline.schema';

const idSchema = z.uuid();
const stageIdSchema = stageSchema.shape.id;

function sendStored<T>(res: Response, stored: Stored<T>, status = 200) {
  res
    .status(status)
    .set('ETag', stored.etag)
    .json({ ...stored.value, etag: stored.etag } satisfies WithEtag<T>);
}
const withEtag = <T>(stored: Stored<T>) => ({ ...stored.value, etag: stored.etag });

/** The scope a request asks for; `owner=me` is the caller. */
function scopeOf(req: Request, query: z.infer<typeof scopeQuerySchema>): PipelineScope {
  const scope: PipelineScope = {};
  if (query.owner) scope.ownerId = query.owner === 'me' ? actorOf(req).userId : query.owner;
  if (query.team) scope.team = query.team;
  if (query.industry) scope.industry = query.industry;
  if (query.region) scope.region = query.region;
  return scope;
}

/** As many as the service lists for one account. */
const accountDealsShown = 20;

export function createPipelineRouter(service: PipelineService & Pick<PipelinePluginService, 'accountDeals'>, clock: Clock): Router {
  const router = Router();
  const periodOf = (query: { from?: string; to?: string }): Period =>
    query.from && query.to ? { from: query.from, to: query.to } : currentQuarter(clock.now());

  router.get('/stages', async (req, res) => sendStored(res, await service.stageModel(actorOf(req).tenantId)));
  router.put('/stages', async (req, res) => {
    const { stages, reportingCurrency, rates, lostReasonRequired } = parseBody(stageModelInputSchema, req);
    const model = { stages, reportingCurrency, rates: rates ?? defaultRates(reportingCurrency), lostReasonRequired };
    sendStored(res, await service.replaceStageModel(actorOf(req), model, ifMatch(req)));
  });

  router.post('/leads', async (req, res) => {
    const created = await service.createLead(actorOf(req), parseBody(newLeadSchema, req));
    res.location(`${req.baseUrl}/leads/${created.value.id}`);
    sendStored(res, created, 201);
  });
  router.get('/leads', async (req, res) => {
    const { owner, status, pageSize, continuationToken } = parseQuery(leadQuerySchema, req);
    const ownerId = owner === 'me' ? actorOf(req).userId : owner;
    const page = await service.listLeads(actorOf(req).tenantId, { ownerId, status }, { pageSize, continuationToken });
    res.json({ items: page.items.map(withEtag), continuationToken: page.continuationToken });
  });
  router.get('/leads/:id', async (req, res) =>
    sendStored(res, await service.getLead(actorOf(req).tenantId, parseWith(idSchema, req.params.id))),
  );
  router.post('/leads/:id/qualify', async (req, res) => {
    const id = parseWith(idSchema, req.params.id);
    sendStored(res, await service.qualifyLead(actorOf(req), id, parseBody(manSchema, req), req.get('if-match') ?? undefined));
  });
  router.post('/leads/:id/convert', async (req, res) => {
    const id = parseWith(idSchema, req.params.id);
    const conversion = await service.convertLead(actorOf(req), id, parseBody(conversionSchema, req));
    res.status(201).json({ ...conversion, lead: withEtag(conversion.lead), opportunity: withEtag(conversion.opportunity) });
  });

  router.post('/opportunities', async (req, res) => {
    const created = await service.createOpportunity(actorOf(req), parseBody(newOpportunitySchema, req));
    res.location(`${req.baseUrl}/opportunities/${created.value.id}`);
    sendStored(res, created, 201);
  });
  router.get('/opportunities/:id', async (req, res) =>
    sendStored(res, await service.getOpportunity(actorOf(req).tenantId, parseWith(idSchema, req.params.id))),
  );
  router.patch('/opportunities/:id', async (req, res) => {
    const id = parseWith(idSchema, req.params.id);
    const changes = parseBody(opportunityChangesSchema, req);
    sendStored(res, await service.updateOpportunity(actorOf(req), id, changes, ifMatch(req)));
  });
  router.get('/opportunities/:id/history', async (req, res) => {
    res.json({ items: await service.history(actorOf(req).tenantId, parseWith(idSchema, req.params.id)) } satisfies StageHistoryBody);
  });
  router.post('/opportunities/:id/move', async (req, res) => {
    const id = parseWith(idSchema, req.params.id);
    const move = parseBody(moveSchema, req);
    sendStored(res, await service.moveOpportunity(actorOf(req), id, move, ifMatch(req)));
  });

  // An account's open deals, soonest close first: the home tab's account view.
  router.get('/accounts/:accountId/opportunities', async (req, res) => {
    res.json(
      (await service.accountDeals(
        actorOf(req).tenantId,
        parseWith(idSchema, req.params.accountId),
        accountDealsShown,
      )) satisfies AccountDealsBody,
    );
  });
  router.get('/board', async (req, res) => {
    const query = parseQuery(boardQuerySchema, req);
    res.json((await service.board(actorOf(req), scopeOf(req, query), query.perStage)) satisfies BoardBody);
  });
  router.get('/board/:stageId', async (req, res) => {
    const query = parseQuery(columnQuerySchema, req);
    const stageId = parseWith(stageIdSchema, req.params.stageId);
    res.json(
      (await service.boardColumn(actorOf(req), scopeOf(req, query), stageId, {
        pageSize: query.pageSize,
        continuationToken: query.continuationToken,
      })) satisfies BoardColumnBody,
    );
  });
  router.get('/funnel', async (req, res) =>
    res.json((await service.funnel(actorOf(req), scopeOf(req, parseQuery(scopeQuerySchema, req)))) satisfies FunnelBody),
  );
  router.get('/forecast', async (req, res) => {
    const query = parseQuery(periodQuerySchema, req);
    res.json((await service.forecast(actorOf(req), scopeOf(req, query), periodOf(query))) satisfies ForecastBody);
  });
  router.get('/dwell', async (req, res) => {
    const query = parseQuery(periodQuerySchema, req);
    res.json({ items: await service.dwell(actorOf(req), scopeOf(req, query), periodOf(query)) });
  });
  router.get('/stuck', async (req, res) => {
    const query = parseQuery(stuckQuerySchema, req);
    res.json((await service.stuck(actorOf(req), scopeOf(req, query), query.limit)) satisfies StuckBody);
  });
  router.get('/win-loss', async (req, res) => {
    const query = parseQuery(periodQuerySchema, req);
    res.json(await service.winLoss(actorOf(req), scopeOf(req, query), periodOf(query)));
  });
  router.get('/reps', async (req, res) => {
    const query = parseQuery(periodQuerySchema, req);
    res.json((await service.reps(actorOf(req), scopeOf(req, query), periodOf(query))) satisfies RepsBody);
  });
  return router;
}
