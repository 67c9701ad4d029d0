// Renders every failure as `{ error: { code, message, details } }`: catalogue errors as they are, the rest as a logged 500.
import { randomUUID } from 'node:crypto';
import type { ErrorRequestHandler, Request } from 'express';
import { AppError } from '../core/errors';
import { resolveLocale, type Locale } from '../core/i18n';
import type { Logger } from '../core/logger';
import type { ErrorBody } from './api-types';

export const maxBody = '1mb';

/** The locale a tab asked for: `?locale=`, else `Accept-Language`. */
export function requestLocale(req: Request) {
  const query = typeof req.query.locale === 'string' ? req.query.locale : undefined;
  return resolveLocale(query ?? req.get('accept-language'));
}

/** The body every refused or failed request gets: the code, the message in the caller's language, the details. */
export function errorBody(error: AppError, locale: Locale): ErrorBody {
  return { error: { code: error.code, message: error.localisedMessage(locale), details: error.details } };
}

/** body-parser signals its own failures with a `type`; they are the client's fault, not ours. */
export function fromBodyParser(error: unknown): AppError | undefined {
  const type = (error as { type?: string } | undefined)?.type;
  if (type === 'entity.parse.failed') return new AppError('MALFORMED_JSON');
  if (type === 'entity.too.large') return new AppError('PAYLOAD_TOO_LARGE', { limit: maxBody });
  if (type === 'encoding.unsupported' || type === 'charset.unsupported') return new AppError('UNSUPPORTED_MEDIA_TYPE');
  return undefined;
}

export function errorMiddleware(log: Logger): ErrorRequestHandler {
  return (error: unknown, req, res, next) => {
    if (res.headersSent) return next(error);
    let appError = error instanceof AppError ? error : fromBodyParser(error);
    if (!appError) {
      const reference = randomUUID();
      log.error('request failed', { reference, method: req.method, path: req.path, error });
      appError = new AppError('INTERNAL', { reference });
    } else if (appError.status >= 500) {
      log.warn('request failed', { code: appError.code, method: req.method, path: req.path, details: appError.details });
    } else {
      // Refused sign-ins are logged with their reason, so an Entra key outage or a misconfigured audience shows up.
      log[appError.code === 'UNAUTHENTICATED' ? 'info' : 'debug']('request refused', {
        code: appError.code,
        method: req.method,
        path: req.path,
        details: appError.details,
      });
    }
    res.status(appError.status).json(errorBody(appError, requestLocale(req)));
  };
}
