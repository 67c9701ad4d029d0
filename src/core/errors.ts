// The one catalogue of expected failures: a code, its HTTP status, and a localised message (core.messages.ts).
import type { Locale, MessageParams } from './i18n';
import { format } from './i18n';
import { coreMessages } from './core.messages';

export const errorCatalogue = {
  VALIDATION_FAILED: 400,
  MALFORMED_JSON: 400,
  INVALID_KEY: 400,
  VALUE_TOO_LONG: 400,
  TOO_MANY_PROPERTIES: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  ADMIN_REQUIRED: 403,
  OUT_OF_SCOPE: 403,
  TENANT_REQUIRED: 403,
  NOT_FOUND: 404,
  ROUTE_NOT_FOUND: 404,
  CONFLICT: 409,
  ALREADY_EXISTS: 409,
  LAST_ADMIN: 409,
  ENTITY_TOO_LARGE: 413,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  PRECONDITION_REQUIRED: 428,
  INTERNAL: 500,
  STORAGE_UNAVAILABLE: 503,
  UNKNOWN_STAGE: 400,
  STAGE_RETIRED: 400,
  STAGE_MODEL_INVALID: 400,
  DUPLICATE_STAGE: 400,
  UNKNOWN_CURRENCY: 400,
  LOST_REASON_REQUIRED: 400,
  LEAD_NOT_QUALIFIED: 409,
  ONE_SCOPE_FILTER: 400,
} as const satisfies Record<string, number>;

export type ErrorCode = keyof typeof errorCatalogue;

/**
 * An expected failure. Callers throw a code; the HTTP error middleware and the bot render it.
 * @example throw new AppError('NOT_FOUND', { entity: 'account', id })
 */
export class AppError extends Error {
  readonly status: number;

  constructor(
    readonly code: ErrorCode,
    readonly params: MessageParams = {},
    readonly details?: unknown,
    options?: { cause?: unknown },
  ) {
    super(render('en', code, params), options);
    this.name = 'AppError';
    this.status = errorCatalogue[code];
  }

  localisedMessage(locale: Locale): string {
    return render(locale, this.code, this.params);
  }
}

/** Renders a code's message; an `entity` parameter naming a known record kind is translated too. */
function render(locale: Locale, code: ErrorCode, params: MessageParams): string {
  const strings: Record<string, string> = coreMessages[locale];
  const entity = params.entity === undefined ? undefined : strings[`entity.${params.entity}`];
  return format(strings[`error.${code}`] ?? code, entity ? { ...params, entity } : params);
}


export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}
