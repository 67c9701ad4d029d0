// REST for accounts under /api/v1/accounts: list with filters or search, get, create, ETag-checked update, and the contacts routes.
import { Router, type Response } from 'express';
import { z } from 'zod';
import type { WithEtag } from '../../http/api-types';
import type { Stored } from '../../storage/repository';
import { actorOf } from '../../http/auth.middleware';
import { ifMatch, pageQuerySchema, parseBody, parseQuery } from '../../http/validate';
import { parseWith } from '../../core/validation';
import { accountChangesSchema, accountTypes, newAccountSchema, newContactSchema } from './account.schema';
import type { AccountListBody, AccountSearchBody, ContactListBody } from './accounts.api-types';
import type { AccountsService } from './accounts.service';
import { createContactsRouter } from './contacts.routes';

const filterText = z.string().trim().min(1).max(100).optional();
const listQuerySchema = pageQuerySchema.extend({
  q: z.string().trim().min(1).max(200).optional(),
  industry: filterText,
  region: filterText,
  ownerId: filterText,
  type: z.enum(accountTypes).optional(),
  team: filterText,
  tag: filterText,
});
const idSchema = z.uuid();
/** A contact created under /:id/contacts takes its account from the path. */
const contactFieldsSchema = newContactSchema.omit({ accountId: true });

function sendStored<T>(res: Response, stored: Stored<T>, status = 200) {
  res
    .status(status)
    .set('ETag', stored.etag)
    .json({ ...stored.value, etag: stored.etag } satisfies WithEtag<T>);
}

export function createAccountsRouter(accounts: AccountsService, csvRouter: Router, importsRouter: Router): Router {
  const router = Router();
  // Before the contacts and /:id routes: `/imports/:id` and `/contacts/imports` are the imports'.
  router.use(importsRouter);
  router.use('/contacts', createContactsRouter(accounts));
  router.use('/csv', csvRouter);

  router.get('/', async (req, res) => {
    const { q, pageSize, continuationToken, industry, region, ownerId, type, team, tag } = parseQuery(listQuerySchema, req);
    const actor = actorOf(req);
    // Finding an account by its name is open to everyone of the tenant (to log against it, or not to create it twice).
    if (q) {
      res.json({ items: await accounts.searchAccounts(actor.tenantId, q, pageSize) } satisfies AccountSearchBody);
      return;
    }
    const page = await accounts.listAccounts(actor, { industry, region, ownerId, type, team, tag }, { pageSize, continuationToken });
    res.json({
      items: page.items.map((item) => ({ ...item.value, etag: item.etag })),
      continuationToken: page.continuationToken,
    } satisfies AccountListBody);
  });

  router.get('/:id', async (req, res) => {
    sendStored(res, await accounts.getAccount(actorOf(req).tenantId, parseWith(idSchema, req.params.id)));
  });

  router.post('/', async (req, res) => {
    const created = await accounts.createAccount(actorOf(req), parseBody(newAccountSchema, req));
    res.location(`${req.baseUrl}/${created.value.id}`);
    sendStored(res, created, 201);
  });

  router.patch('/:id', async (req, res) => {
    const id = parseWith(idSchema, req.params.id);
    sendStored(res, await accounts.updateAccount(actorOf(req), id, parseBody(accountChangesSchema, req), ifMatch(req)));
  });

  router.get('/:id/contacts', async (req, res) => {
    const { pageSize, continuationToken } = parseQuery(pageQuerySchema, req);
    const page = await accounts.listContacts(actorOf(req).tenantId, parseWith(idSchema, req.params.id), { pageSize, continuationToken });
    res.json({
      items: page.items.map((item) => ({ ...item.value, etag: item.etag })),
      continuationToken: page.continuationToken,
    } satisfies ContactListBody);
  });

  router.post('/:id/contacts', async (req, res) => {
    const accountId = parseWith(idSchema, req.params.id);
    const created = await accounts.createContact(actorOf(req), { ...parseBody(contactFieldsSchema, req), accountId });
    res.location(`${req.baseUrl}/contacts/${created.value.id}`);
    sendStored(res, created, 201);
  });

  return router;
}
