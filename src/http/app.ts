// The express app: the bot endpoint, the admin API and each plugin's API behind authentication, the built tabs, and one error renderer.
import express, { type ErrorRequestHandler, type RequestHandler } from 'express';
import type { RoleDirectory } from '../core/access';
import { AppError } from '../core/errors';
import type { Logger } from '../core/logger';
import type { LoadedPlugins } from '../core/plugin-host';
import { createAdminRouter, type AdminSources } from './admin.routes';
import { requireActor, type Authenticate } from './auth.middleware';
import { errorMiddleware, maxBody } from './error.middleware';
import { createHealthRouter, type HealthSources } from './health.routes';
import { tabSecurityHeaders } from './tab-headers';

export interface HttpAppOptions {
  loaded: LoadedPlugins;
  authenticate: Authenticate;
  /** The roles of whoever signed in (the people directory). */
  directory: RoleDirectory;
  /** The handlers of a Bot Framework request: they read its body themselves, and answer their own refusals. */
  botEndpoint: (RequestHandler | ErrorRequestHandler)[];
  health: HealthSources;
  admin: AdminSources;
  tabsDir: string;
  log: Logger;
}

/** What browsers and spreadsheets label a CSV upload with. */
const csvTypes = ['text/csv', 'application/csv', 'text/plain', 'application/vnd.ms-excel'];

/**
 * Bodies are JSON, or CSV for the `…/import` and `…/imports` routes (which read the raw body); anything else would
 * reach the handlers as an empty body and confuse the user.
 */
const requireJsonOrCsv: RequestHandler = (req, _res, next) => {
  const hasBody = Number(req.get('content-length') ?? 0) > 0 || req.get('transfer-encoding') !== undefined;
  const accepted = /\/imports?$/.test(req.path) ? ['application/json', ...csvTypes] : ['application/json'];
  if (hasBody && !req.is(accepted)) throw new AppError('UNSUPPORTED_MEDIA_TYPE');
  next();
};

export function createHttpApp(options: HttpAppOptions): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');
  app.use(createHealthRouter(options.health, options.log));

  app.post('/api/messages', ...options.botEndpoint);

  const api = express.Router();
  api.use(requireJsonOrCsv, express.json({ limit: maxBody, strict: true }), requireActor(options.authenticate, options.directory));
  api.use('/admin', createAdminRouter(options.admin));
  for (const { id, router } of options.loaded.routers) api.use(`/${id}`, router);
  app.use('/api/v1', api);

  app.use('/tabs', tabSecurityHeaders, express.static(options.tabsDir, { index: 'index.html', fallthrough: true }));
  app.get('/', (_req, res) => res.redirect('/tabs/home/'));

  app.use((req) => {
    throw new AppError('ROUTE_NOT_FOUND', { method: req.method, path: req.path });
  });
  app.use(errorMiddleware(options.log));
  return app;
}
