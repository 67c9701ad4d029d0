// REST for accounts under /api/v1/accounts: list or search, get, create, and ETag-checked update.
import { Router, type Response } from 'express';
import { z } from 'zod';
import type { Stored } from '../../storage/repository';
import { actorOf } from '../../http/auth.middleware';
import { ifMatch, pageQuerySchema, parseBody, parseQuery } from '../../http/validate';
import { parseWith } from '../../core/validation';
import { accountChangesSchema, newAccountSchema, type Account } from './account.schema';
import type { AccountStore } from './accounts.store';

const listQuerySchema = pageQuerySchema.extend({ q: z.string().trim().min(1).max(200).optional() });
const idSchema = z.uuid();

function send(res: Response, stored: Stored<Account>, status = 200) {
  res.status(status).set('ETag', stored.etag).json({ ...stored.value, etag: stored.etag });
}

export function createAccountsRouter(store: AccountStore): Router {
  const router = Router();

  router.get('/', async (req, res) => {
    const query = parseQuery(listQuerySchema, req);
    const { tenantId } = actorOf(req);
    if (query.q) {
      res.json({ items: await store.searchByName(tenantId, query.q, query.pageSize) });
      return;
    }
    const page = await store.list(tenantId, query);
    res.json({ items: page.items.map((item) => ({ ...item.value, etag: item.etag })), continuationToken: page.continuationToken });
  });

  router.get('/:id', async (req, res) => {
    send(res, await store.get(actorOf(req).tenantId, parseWith(idSchema, req.params.id)));
  });

  router.post('/', async (req, res) => {
    const created = await store.create(actorOf(req), parseBody(newAccountSchema, req));
    res.location(`${req.baseUrl}/${created.value.id}`);
    send(res, created, 201);
  });

  router.patch('/:id', async (req, res) => {
    const id = parseWith(idSchema, req.params.id);
    send(res, await store.update(actorOf(req), id, parseBody(accountChangesSchema, req), ifMatch(req)));
  });

  return router;
}
