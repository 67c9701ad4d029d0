// Expected failures: a code, its HTTP status and a localised message. The core declares the codes every part shares; a plugin declares its own.
import type { Locale, MessageParams } from './i18n';
import { format } from './i18n';
import { coreMessages } from './core.messages';

/** The shared codes and their HTTP status; their messages are `error.<code>` in core.messages.ts. */
const coreStatuses = {
  VALIDATION_FAILED: 400,
  MALFORMED_JSON: 400,
  INVALID_KEY: 400,
  INVALID_CONTINUATION: 400,
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
  ENTITY_TOO_LARGE: 413,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  PRECONDITION_REQUIRED: 428,
  INTERNAL: 500,
  STORAGE_UNAVAILABLE: 503,
  JOB_RUNNING: 409,
  DELIVERY_CLOSED: 409,
} as const satisfies Record<string, number>;

export type CoreErrorCode = keyof typeof coreStatuses;

/**
 * A set of error codes owned by the core or by one plugin: each code's HTTP status and message in every language.
 * @example throw pipelineErrors.fail('UNKNOWN_STAGE', { stageId, stages }, { field: 'stageId' })
 */
export interface ErrorSet<Code extends string = string> {
  readonly codes: readonly Code[];
  status(code: Code): number;
  /** The message of `code` in `locale`, with `{name}` where the parameter `name` goes. */
  template(code: Code, locale: Locale): string;
  /** The error to throw. `details` go to the client as they are (the field at fault, the current record). */
  fail(code: Code, params?: MessageParams, details?: unknown, options?: { cause?: unknown }): AppError;
  /** True when `error` comes from this set, and has one of `codes` when any are given. */
  is(error: unknown, ...codes: Code[]): error is AppError;
}

/** How a plugin declares one error: its HTTP status and its message in English and Simplified Chinese. */
export type ErrorDeclaration = { status: number } & Record<Locale, string>;

/** Marks the constructor call of a declared set's `fail`: only this module can name it. */
const declaredIn = Symbol('error set');

/**
 * An expected failure. Callers throw a code; the HTTP error middleware and the bot render any of them alike.
 * Shared codes are thrown with `new`; a plugin's own through its set's `fail`.
 * @example throw new AppError('NOT_FOUND', { entity: 'account', id })
 */
export class AppError extends Error {
  readonly code: string;
  readonly status: number;
  readonly params: MessageParams;
  readonly details: unknown;
  readonly #set: ErrorSet;

  constructor(code: CoreErrorCode, params?: MessageParams, details?: unknown, options?: { cause?: unknown });
  constructor(code: string, params: MessageParams, details: unknown, options: { cause?: unknown; [declaredIn]: ErrorSet });
  constructor(code: string, params: MessageParams = {}, details?: unknown, options: { cause?: unknown; [declaredIn]?: ErrorSet } = {}) {
    const set = options[declaredIn] ?? coreErrors;
    const status = set.status(code);
    super(render(set, code, params, 'en'), 'cause' in options ? { cause: options.cause } : undefined);
    this.name = 'AppError';
    this.code = code;
    this.status = status;
    this.params = params;
    this.details = details;
    this.#set = set;
  }

  localisedMessage(locale: Locale): string {
    return render(this.#set, this.code, this.params, locale);
  }

  /** True when this error was declared by `set`. */
  declaredBy(set: ErrorSet): boolean {
    return this.#set === set;
  }
}

/** Renders a code's message; an `entity` parameter naming a known record kind is translated too. */
function render(set: ErrorSet, code: string, params: MessageParams, locale: Locale): string {
  const strings: Record<string, string> = coreMessages[locale];
  const entity = params.entity === undefined ? undefined : strings[`entity.${params.entity}`];
  return format(set.template(code, locale), entity ? { ...params, entity } : params);
}

function errorSet<Code extends string>(statuses: Record<Code, number>, template: (code: Code, locale: Locale) => string): ErrorSet<Code> {
  const set: ErrorSet<Code> = {
    codes: Object.keys(statuses) as Code[],
    status(code) {
      // Only a cast gets an undeclared code this far; it fails where it is thrown rather than as a blank answer.
      if (!Object.hasOwn(statuses, code)) throw new Error(`Error code "${code}" is not declared`);
      return statuses[code];
    },
    template,
    fail: (code, params = {}, details, options = {}) => new AppError(code, params, details, { ...options, [declaredIn]: set }),
    is: (error, ...codes): error is AppError =>
      error instanceof AppError && error.declaredBy(set) && (codes.length === 0 || (codes as string[]).includes(error.code)),
  };
  return set;
}

/** The shared codes: validation, authentication, not found, conflicts, storage, internal failures. */
export const coreErrors: ErrorSet<CoreErrorCode> = errorSet(coreStatuses, (code, locale) => coreMessages[locale][`error.${code}`]);

/**
 * Declares a plugin's own error codes; the plugin lists the set as `errors` in `definePlugin`, and the host refuses a
 * code another plugin or the core declares. A code is UPPER_SNAKE_CASE; its status a 4xx or 5xx.
 * @example export const pipelineErrors = defineErrors({
 *   UNKNOWN_STAGE: { status: 400, en: 'There is no stage "{stageId}".', 'zh-CN': '没有阶段 "{stageId}"。' } })
 */
export function defineErrors<Code extends string>(declarations: Record<Code, ErrorDeclaration>): ErrorSet<Code> {
  const entries = Object.entries(declarations) as [Code, ErrorDeclaration][];
  for (const [code, { status }] of entries) {
    if (!/^[A-Z][A-Z0-9]*(_[A-Z0-9]+)*$/.test(code)) throw new Error(`Error code "${code}" must be UPPER_SNAKE_CASE`);
    if (!Number.isInteger(status) || status < 400 || status > 599)
      throw new Error(`Error code "${code}" has the HTTP status ${status}; an error's status is 4xx or 5xx`);
  }
  return errorSet(
    Object.fromEntries(entries.map(([code, { status }]) => [code, status])) as Record<Code, number>,
    (code, locale) => declarations[code][locale],
  );
}

/**
 * True for any expected failure, or, given codes, for a shared one with one of them.
 * A plugin tests its own codes with its set: `pipelineErrors.is(error, 'UNKNOWN_STAGE')`.
 * @example if (isAppError(error, 'CONFLICT', 'ALREADY_EXISTS')) continue
 */
export function isAppError(error: unknown, ...codes: CoreErrorCode[]): error is AppError {
  return codes.length === 0 ? error instanceof AppError : coreErrors.is(error, ...codes);
}
