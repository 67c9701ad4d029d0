// GET /healthz: storage reachability, the loaded plugins and the version, for probes and people.
import { Router } from 'express';
import { AppError } from '../core/errors';
import type { Logger } from '../core/logger';

export interface HealthSources {
  ping(): Promise<void>;
  plugins: string[];
  version: string;
}

const pingTimeoutMs = 3000;

export function createHealthRouter(sources: HealthSources, log: Logger): Router {
  const router = Router();
  router.get('/healthz', async (_req, res) => {
    const base = { plugins: sources.plugins, version: sources.version };
    try {
      await withTimeout(sources.ping(), pingTimeoutMs);
      res.json({ status: 'ok', storage: 'ok', ...base });
    } catch (error) {
      const reason = reasonOf(error);
      log.warn('health check: storage is not answering', { reason });
      res.status(503).json({ status: 'unavailable', storage: 'unavailable', reason, ...base });
    }
  });
  return router;
}

/** The underlying cause (ECONNREFUSED, 403 …) tells an operator more than the user-facing message. */
function reasonOf(error: unknown): string {
  const detail = error instanceof AppError ? (error.details as { reason?: string } | undefined)?.reason : undefined;
  return detail ?? (error instanceof Error ? error.message : String(error));
}

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`storage did not answer within ${ms} ms`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}
