// REST for contacts under /api/v1/accounts/contacts: search, get, and ETag-checked update.
import { Router } from 'express';
import { z } from 'zod';
import { actorOf } from '../../http/auth.middleware';
import { ifMatch, pageQuerySchema, parseBody, parseQuery } from '../../http/validate';
import { parseWith } from '../../core/validation';
import { contactChangesSchema } from './account.schema';
import type { AccountsService } from './accounts.service';

const searchQuerySchema = pageQuerySchema.extend({ q: z.string().trim().min(1).max(200), accountId: z.uuid().optional() });
const idSchema = z.uuid();

export function createContactsRouter(accounts: AccountsService): Router {
  const router = Router();

  router.get('/', async (req, res) => {
    const { q, pageSize, accountId } = parseQuery(searchQuerySchema, req);
    res.json({ items: await accounts.searchContacts(actorOf(req).tenantId, q, pageSize, accountId) });
  });

  router.get('/:contactId', async (req, res) => {
    const stored = await accounts.getContact(actorOf(req).tenantId, parseWith(idSchema, req.params.contactId));
    res.set('ETag', stored.etag).json({ ...stored.value, etag: stored.etag });
  });

  router.patch('/:contactId', async (req, res) => {
    const id = parseWith(idSchema, req.params.contactId);
    const stored = await accounts.updateContact(actorOf(req), id, parseBody(contactChangesSchema, req), ifMatch(req));
    res.set('ETag', stored.etag).json({ ...stored.value, etag: stored.etag });
  });

  return router;
}
