// REST for activities under /api/v1/activities: lists, the account timeline and digest, the daily report, log, ETag-checked change and delete.
import { Router, type Response } from 'express';
import { z } from 'zod';
import type { Clock } from '../../core/clock';
import { parseWith } from '../../core/validation';
import { actorOf } from '../../http/auth.middleware';
import { ifMatch, pageQuerySchema, parseBody, parseQuery } from '../../http/validate';
import type { Page, Stored } from '../../storage/repository';
import type { ActivityBody, ActivityPageBody } from './activities.api-types';
import { activityTypes, localDate, type Activity } from './activity.schema';
import type { AccountsService } from '../accounts';
import { assertNotesFit, changeInputSchema, logInputSchema } from './activity-input';
import type { ActivitiesPluginService } from './index';
import { timeZoneSchema, todayIn } from './activity-time';

const idSchema = z.uuid();
const listQuerySchema = pageQuerySchema.extend({
  accountId: z.uuid().optional(),
  authorId: z.string().min(1).max(128).optional(),
  type: z.enum(activityTypes).optional(),
  from: localDate.optional(),
  to: localDate.optional(),
});
const reportQuerySchema = z.object({ date: localDate.optional(), timeZone: timeZoneSchema.default('UTC') });
/** Clients retry a POST with the same key to log an activity once; printable ASCII keeps it safe in logs. */
const idempotencyKeySchema = z
  .string()
  .regex(/^[\x21-\x7e]{1,200}$/, 'must be 1 to 200 printable ASCII characters')
  .optional();

const body = (stored: Stored<Activity>): ActivityBody => ({ ...stored.value, etag: stored.etag });

function send(res: Response, stored: Stored<Activity>, status = 200) {
  res.status(status).set('ETag', stored.etag).json(body(stored));
}

function sendPage(res: Response, page: Page<Activity>) {
  res.json({ items: page.items.map(body), continuationToken: page.continuationToken } satisfies ActivityPageBody);
}

export function createActivitiesRouter(activities: ActivitiesPluginService, accounts: AccountsService, clock: Clock): Router {
  const router = Router();

  router.get('/', async (req, res) => {
    const { pageSize, continuationToken, locale: _locale, ...filters } = parseQuery(listQuerySchema, req);
    sendPage(res, await activities.listActivities(actorOf(req).tenantId, filters, { pageSize, continuationToken }));
  });

  router.get('/daily-report', async (req, res) => {
    const query = parseQuery(reportQuerySchema, req);
    const date = query.date ?? todayIn(clock.now(), query.timeZone);
    res.json(await activities.dailyReport(actorOf(req), date, query.timeZone));
  });

  router.get('/accounts/:accountId/timeline', async (req, res) => {
    const { pageSize, continuationToken } = parseQuery(pageQuerySchema, req);
    sendPage(
      res,
      await activities.timeline(actorOf(req).tenantId, parseWith(idSchema, req.params.accountId), { pageSize, continuationToken }),
    );
  });

  router.get('/accounts/:accountId/digest', async (req, res) => {
    const { tenantId } = actorOf(req);
    const accountId = parseWith(idSchema, req.params.accountId);
    await accounts.getAccount(tenantId, accountId);
    res.json(await activities.accountDigest(tenantId, accountId));
  });

  router.get('/:id', async (req, res) => {
    send(res, await activities.getActivity(actorOf(req).tenantId, parseWith(idSchema, req.params.id)));
  });

  router.post('/', async (req, res) => {
    const idempotencyKey = parseWith(idempotencyKeySchema, req.get('idempotency-key'));
    assertNotesFit(req.body);
    const { activity, created } = await activities.logActivity(actorOf(req), parseBody(logInputSchema, req), {
      source: 'api',
      idempotencyKey,
    });
    res.location(`${req.baseUrl}/${activity.value.id}`);
    send(res, activity, created ? 201 : 200);
  });

  router.patch('/:id', async (req, res) => {
    const id = parseWith(idSchema, req.params.id);
    assertNotesFit(req.body);
    const changes = parseBody(changeInputSchema, req);
    send(res, await activities.updateActivity(actorOf(req), id, changes, ifMatch(req)));
  });

  router.delete('/:id', async (req, res) => {
    await activities.deleteActivity(actorOf(req), parseWith(idSchema, req.params.id), ifMatch(req));
    res.status(204).end();
  });

  return router;
}
