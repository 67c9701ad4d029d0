// Admin API for scheduled jobs: each job with its last run for the caller's organisation, and running a job now.
import { Router } from 'express';
import { z } from 'zod';
import type { Scheduler } from '../core/scheduler';
import { actorOf } from './auth.middleware';
import { parseParams } from './validate';

/** What the routes need of the scheduler. */
export type JobsAdmin = Pick<Scheduler, 'list' | 'runNow'>;

const kebabId = z
  .string()
  .max(64)
  .regex(/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/, 'must be a kebab-case id such as stuck-deals');
const jobParams = z.object({ pluginId: kebabId, jobId: kebabId });

export function createJobsAdminRouter(jobs: JobsAdmin): Router {
  const router = Router();

  /** GET /api/v1/admin/jobs: every job, its cadence, whether it runs now, its last run and next slot for this tenant. */
  router.get('/', async (req, res) => {
    res.json({ items: await jobs.list(actorOf(req).tenantId) });
  });

  /** POST /api/v1/admin/jobs/:pluginId/:jobId/run: runs the job now for this tenant and answers with its outcome. */
  router.post('/:pluginId/:jobId/run', async (req, res) => {
    const { pluginId, jobId } = parseParams(jobParams, req);
    res.json(await jobs.runNow(actorOf(req).tenantId, pluginId, jobId));
  });

  return router;
}
