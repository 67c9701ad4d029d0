// The tabs' client of the Guanxi CRM API: bearer token, Accept-Language, and the server's `{ error }` shape.
import type { Locale } from './strings';

export interface Account {
  id: string;
  name: string;
  industry?: string;
  region?: string;
  type: string;
  ownerId: string;
  ownerName: string;
  tags: string[];
  createdAt: string;
  updatedAt: string;
  etag: string;
}

export interface AccountPage {
  items: Account[];
  continuationToken?: string;
}

export interface AccountName {
  accountId: string;
  name: string;
}

export interface NewAccount {
  name: string;
  industry?: string;
  region?: string;
}

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
  return async function call<T>(path: string, init: CallInit = {}): Promise<T> {
    const headers: Record<string, string> = { ...init.headers, Accept: 'application/json', 'Accept-Language': locale };
    try {
      const bearer = await token();
      if (bearer) headers.Authorization = `Bearer ${bearer}`;
    } catch (error) {
      throw new ApiError(0, 'SIGN_IN_FAILED', '', { cause: error });
    }
    if (init.body !== undefined) headers['Content-Type'] = 'application/json';

    let response: Response;
    try {
      response = await fetch(`/api/v1${path}`, {
        method: init.method ?? 'GET',
        headers,
        body: init.body === undefined ? undefined : JSON.stringify(init.body),
        signal: init.signal,
      });
    } catch (error) {
      if (init.signal?.aborted) throw error;
      throw new ApiError(0, 'NETWORK', '', { cause: error });
    }
    const payload: unknown = await response.json().catch(() => undefined);
    if (!response.ok) throw toApiError(response.status, payload);
    return payload as T;
  };
}

export function createApi(options: ApiOptions) {
  const call = createRequest(options);
  return {
    listAccounts(pageSize: number, continuationToken?: string): Promise<AccountPage> {
      const query = new URLSearchParams({ pageSize: String(pageSize) });
      if (continuationToken) query.set('continuationToken', continuationToken);
      return call(`/accounts?${query}`);
    },
    async searchAccounts(prefix: string, pageSize: number, signal?: AbortSignal): Promise<AccountName[]> {
      const query = new URLSearchParams({ q: prefix, pageSize: String(pageSize) });
      return (await call<{ items: AccountName[] }>(`/accounts?${query}`, { signal })).items;
    },
    createAccount(account: NewAccount): Promise<Account> {
      return call('/accounts', { method: 'POST', body: account });
    },
  };
}

export type Api = ReturnType<typeof createApi>;

function toApiError(status: number, payload: unknown): ApiError {
  const error = (payload as { error?: { code?: unknown; message?: unknown; details?: unknown } } | undefined)?.error;
  const code = typeof error?.code === 'string' ? error.code : 'HTTP_ERROR';
  const message = typeof error?.message === 'string' ? error.message : '';
  return new ApiError(status, code, message, { details: error?.details });
}
