// The shapes every route of the tab API answers with, shared by the server's routes and the tabs (as type-only imports).
import type { CoreErrorCode } from '../core/errors';

/** A stored record as the API sends it: its fields and the ETag an update must send back in `If-Match`. */
export type WithEtag<T> = T & { etag: string };

/** A list the server answers in one piece. */
export interface ItemsBody<T> {
  items: T[];
}

/** One page of a list; `continuationToken` asks for the next, and is absent on the last page. */
export interface PageBody<T> {
  items: T[];
  continuationToken?: string;
}

/**
 * Every failure: `message` is localised for the request's language; `details` is code-specific (e.g. a CONFLICT's
 * `current` record, or an UNAUTHENTICATED answer's `reason`).
 * @example { error: { code: 'NOT_FOUND', message: 'The account was not found.', details: undefined } }
 */
export interface ErrorBody {
  /** A shared code, or one a plugin declares (its `*.errors.ts`). */
  error: { code: CoreErrorCode | (string & {}); message: string; details?: unknown };
}
