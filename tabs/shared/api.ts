// The tabs' client of the Guanxi CRM API: bearer token (renewed once when the server refuses it), Accept-Language, and
// the server's `{ error }` shape.
import type { ErrorBody } from '../../src/http/api-types';
import type { Locale } from './strings';

/** A failed call. `message` is the server's localised text when it sent one; `status` 0 means no answer. */
export class ApiError extends Error {
  /** The server's `error.details`, e.g. the current record with a CONFLICT. */
  readonly details: unknown;

  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    options?: { cause?: unknown; details?: unknown },
  ) {
    super(message, options);
    this.name = 'ApiError';
    this.details = options?.details;
  }
}

export interface ApiOptions {
  locale: Locale;
  /** The user's SSO token, fresh from the host on each call; none in local development mode. */
  token(): Promise<string | undefined>;
}

export interface CallInit {
  method?: string;
  body?: unknown;
  signal?: AbortSignal;
  /** Extra headers, such as `If-Match`. */
  headers?: Record<string, string>;
}

/** One call to `/api/v1…` with the user's token and language; a failure is an `ApiError`. Each tab's client builds on it. */
export type ApiRequest = <T>(path: string, init?: CallInit) => Promise<T>;

export function createRequest({ locale, token }: ApiOptions): ApiRequest {
  const bearer = async (): Promise<string | undefined> => {
    try {
      return await token();
    } catch (error) {
      throw new ApiError(0, 'SIGN_IN_FAILED', '', { cause: error });
    }
  };

  const send = async (path: string, init: CallInit, sso: string | undefined): Promise<Response> => {
    const headers: Record<string, string> = { ...init.headers, Accept: 'application/json', 'Accept-Language': locale };
    if (sso) headers.Authorization = `Bearer ${sso}`;
    if (init.body !== undefined) headers['Content-Type'] = 'application/json';
    try {
      return await fetch(`/api/v1${path}`, {
        method: init.method ?? 'GET',
        headers,
        body: init.body === undefined ? undefined : JSON.stringify(init.body),
        signal: init.signal,
      });
    } catch (error) {
      if (init.signal?.aborted) throw error;
      throw new ApiError(0, 'NETWORK', '', { cause: error });
    }
  };

  return async function call<T>(path: string, init: CallInit = {}): Promise<T> {
    const sso = await bearer();
    let response = await send(path, init, sso);
    // Teams hands out its cached token, which can expire between the hand-out and the server's check. The server
    // answers 401 for a token it refuses; a fresh one from the host is tried once, and a second 401 is final. Without a
    // token (local development mode) a 401 is final at once.
    if (response.status === 401 && sso) {
      await response.body?.cancel();
      response = await send(path, init, await bearer());
    }
    if (!response.ok) throw toApiError(response.status, await response.json().catch(() => undefined));
    if (response.status === 204) return undefined as T;
    try {
      return (await response.json()) as T;
    } catch (error) {
      if (init.signal?.aborted) throw error;
      // The API always answers JSON: anything else (a proxy's sign-in page, a cut-off answer) is no answer the tab can
      // use. Not an ApiError: the tab's error boundary takes it, with a retry.
      throw new Error(`${init.method ?? 'GET'} /api/v1${path} answered ${response.status} with a body that is not JSON`, { cause: error });
    }
  };
}

function toApiError(status: number, payload: unknown): ApiError {
  const error = (payload as Partial<ErrorBody> | undefined)?.error as Partial<ErrorBody['error']> | undefined;
  const code = typeof error?.code === 'string' ? error.code : 'HTTP_ERROR';
  const message = typeof error?.message === 'string' ? error.message : '';
  return new ApiError(status, code, message, { details: error?.details });
}
