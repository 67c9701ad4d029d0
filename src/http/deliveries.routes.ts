// Admin REST for proactive deliveries under /api/v1/admin/deliveries: the tenant's deliveries, newest first, by status.
import { Router } from 'express';
import { z } from 'zod';
import { deliveryStatuses, type DeliveryLog } from '../core/notifier';
import { actorOf } from './auth.middleware';
import { pageQuerySchema, parseQuery } from './validate';

const listQuerySchema = pageQuerySchema.extend({ status: z.enum(deliveryStatuses).optional() });

/** `GET /` lists the caller's tenant's deliveries (the admin router checks the role), paged with the storage service's continuation tokens. */
export function createDeliveriesRouter(deliveries: DeliveryLog): Router {
  const router = Router();
  router.get('/', async (req, res) => {
    const actor = actorOf(req);
    const { status, pageSize, continuationToken } = parseQuery(listQuerySchema, req);
    res.json(await deliveries.list(actor.tenantId, { status, pageSize, continuationToken }));
  });
  return router;
}
