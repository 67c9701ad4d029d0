// REST under /api/v1/alerts: the catalogue, the rules (ETag-checked) with their changes, the preview of today's matches, and a sweep on demand.
import { Router } from 'express';
import type { Actor } from '../../core/actor';
import type { Locale } from '../../core/i18n';
import { z } from 'zod';
import { parseWith } from '../../core/validation';
import { actorOf } from '../../http/auth.middleware';
import { requestLocale } from '../../http/error.middleware';
import { ifMatch, parseQuery } from '../../http/validate';
import { isValidTimeZone } from '../activities';
import type { CatalogueBody, PreviewBody, RuleBody, RuleChangesBody, RuleListBody, SweepBody } from './alerts.api-types';
import type { RulesService } from './rules.service';

const zoneQuery = z.object({ timeZone: z.string().max(64).refine(isValidTimeZone, 'an IANA time zone').optional() }).loose();
const idOf = (value: unknown) => parseWith(z.uuid(), value);

/** `remember` keeps the reader's language and zone, which the tab sends, for the cards and digests they receive. */
export function createAlertsRouter(
  rules: RulesService,
  remember: (actor: Actor, locale: Locale, timeZone: string) => Promise<void>,
): Router {
  const router = Router();

  router.get('/catalogue', async (req, res) => {
    const { timeZone } = parseQuery(zoneQuery, req);
    if (timeZone) await remember(actorOf(req), requestLocale(req), timeZone);
    res.json((await rules.catalogue(actorOf(req), requestLocale(req))) satisfies CatalogueBody);
  });

  router.get('/rules', async (req, res) => {
    res.json({ items: await rules.list(actorOf(req)) } satisfies RuleListBody);
  });

  router.post('/rules', async (req, res) => {
    const created = await rules.create(actorOf(req), req.body, requestLocale(req));
    res
      .status(201)
      .set('ETag', created.etag)
      .json(created satisfies RuleBody);
  });

  router.post('/rules/preview', async (req, res) => {
    const { timeZone } = parseQuery(zoneQuery, req);
    res.json((await rules.preview(actorOf(req), req.body, requestLocale(req), timeZone)) satisfies PreviewBody);
  });

  router.get('/rules/:id', async (req, res) => {
    const rule = await rules.get(actorOf(req), idOf(req.params.id));
    res.set('ETag', rule.etag).json(rule satisfies RuleBody);
  });

  router.put('/rules/:id', async (req, res) => {
    const rule = await rules.update(actorOf(req), idOf(req.params.id), req.body, ifMatch(req), requestLocale(req));
    res.set('ETag', rule.etag).json(rule satisfies RuleBody);
  });

  router.delete('/rules/:id', async (req, res) => {
    await rules.remove(actorOf(req), idOf(req.params.id), ifMatch(req));
    res.status(204).end();
  });

  router.get('/rules/:id/changes', async (req, res) => {
    res.json((await rules.changes(actorOf(req), idOf(req.params.id))) satisfies RuleChangesBody);
  });

  router.post('/sweep', async (req, res) => {
    res.json((await rules.sweep(actorOf(req))) satisfies SweepBody);
  });

  return router;
}
