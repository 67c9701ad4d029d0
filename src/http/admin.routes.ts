// The admin API at /api/v1/admin: one router for everything an admin operates, each concern a sub-router of its own.
import { Router, type RequestHandler } from 'express';
import type { Role } from '../core/actor';
import { AppError } from '../core/errors';
import type { DeliveryLog } from '../core/notifier';
import { createJobsAdminRouter, type JobsAdmin } from './admin-jobs.routes';
import { actorOf } from './auth.middleware';
import { createDeliveriesRouter } from './deliveries.routes';

export interface AdminSources {
  jobs: JobsAdmin;
  /** Proactive deliveries. */
  deliveries: DeliveryLog;
}

/** Refuses, with FORBIDDEN, a request whose actor lacks the role. */
function requireRole(role: Role): RequestHandler {
  return (req, _res, next) => {
    if (!actorOf(req).roles.includes(role)) throw new AppError('FORBIDDEN', {}, { reason: `the admin API needs the ${role} role` });
    next();
  };
}

/**
 * Mounted behind authentication; every route needs the admin role. A new concern is a sub-router and one line here.
 * @example router.use('/jobs', createJobsAdminRouter(sources.jobs));
 */
export function createAdminRouter(sources: AdminSources): Router {
  const router = Router();
  router.use(requireRole('admin'));
  router.use('/jobs', createJobsAdminRouter(sources.jobs));
  router.use('/deliveries', createDeliveriesRouter(sources.deliveries));
  return router;
}
