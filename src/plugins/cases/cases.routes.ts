// REST under /api/v1/cases: queue pages (`/`), open and work cases (`/:number`, ETag-checked), KPIs and the tenant's SLA settings.
import { Router } from 'express';
import { z } from 'zod';
import { parseWith } from '../../core/validation';
import { actorOf } from '../../http/auth.middleware';
import { ifMatch, pageQuerySchema, parseBody, parseQuery } from '../../http/validate';
import { caseStatuses, casePriorities, caseTypes, parseCaseNumber } from './case.schema';
import { caseActionSchema, newCaseSchema } from './case-request.schema';
import { casesErrors } from './cases.errors';
import { queueViews, slaFilters, type CasesService } from './cases.service';
import type { AssigneesBody, CaseListBody, KpisBody, SettingsBody } from './cases.api-types';
import { serviceSettingsSchema } from './sla/service-settings';

const queueQuerySchema = pageQuerySchema.extend({
  view: z.enum(queueViews).default('mine'),
  teamId: z.uuid().optional(),
  accountId: z.uuid().optional(),
  status: z.enum(caseStatuses).optional(),
  priority: z.enum(casePriorities).optional(),
  type: z.enum(caseTypes).optional(),
  ownerId: z.string().min(1).max(128).optional(),
  sla: z.enum(slaFilters).optional(),
});
const kpiQuerySchema = z.object({ teamId: z.uuid().optional(), months: z.coerce.number().int().min(1).max(24).default(6) });

/** `C-1042`, `1042`: the case number of a path, or UNKNOWN_CASE. */
function numberOf(typed: string): number {
  const number = parseCaseNumber(typed);
  if (number === undefined) throw casesErrors.fail('UNKNOWN_CASE', { number: typed.slice(0, 40) });
  return number;
}

export function createCasesRouter(service: CasesService): Router {
  const router = Router();

  router.get('/', async (req, res) => {
    const { locale: _locale, ...query } = parseQuery(queueQuerySchema, req);
    const page = await service.listCases(actorOf(req), query);
    res.json({
      items: page.items.map((item) => item.value),
      ...(page.continuationToken ? { continuationToken: page.continuationToken } : {}),
    } satisfies CaseListBody);
  });

  router.post('/', async (req, res) => {
    const detail = await service.openCase(actorOf(req), parseBody(newCaseSchema, req));
    res.status(201).set('ETag', detail.etag).json(detail);
  });

  router.get('/accounts/:accountId/cases', async (req, res) => {
    const accountId = parseWith(z.uuid(), req.params.accountId);
    res.json({ items: await service.accountCases(actorOf(req), accountId, 20) } satisfies CaseListBody);
  });

  router.get('/kpis', async (req, res) => {
    const query = parseQuery(kpiQuerySchema, req);
    res.json((await service.kpis(actorOf(req), query)) satisfies KpisBody);
  });

  router.get('/settings', async (req, res) => {
    const settings = await service.settings(actorOf(req).tenantId);
    res.set('ETag', settings.etag).json(settings satisfies SettingsBody);
  });

  router.put('/settings', async (req, res) => {
    const settings = await service.updateSettings(actorOf(req), parseBody(serviceSettingsSchema, req), ifMatch(req));
    res.set('ETag', settings.etag).json(settings satisfies SettingsBody);
  });

  router.get('/:number', async (req, res) => {
    const detail = await service.getCase(actorOf(req), numberOf(String(req.params.number)));
    res.set('ETag', detail.etag).json(detail);
  });

  router.get('/:number/assignees', async (req, res) => {
    res.json({ items: await service.assignees(actorOf(req), numberOf(String(req.params.number))) } satisfies AssigneesBody);
  });

  router.post('/:number/actions', async (req, res) => {
    const detail = await service.act(actorOf(req), numberOf(String(req.params.number)), parseBody(caseActionSchema, req), ifMatch(req));
    res.set('ETag', detail.etag).json(detail);
  });

  return router;
}
