// The cases tab's client of `/api/v1/cases` (and the few other calls it needs: who the viewer is, account search). The
// shapes are the server's own, imported as types from the plugins' public index, so a change of the API fails the typecheck.
import type { AccountSearchBody } from '../../src/plugins/accounts';
import type { AssigneesBody, CaseActionRequest, CaseDetailBody, CaseListBody, KpisBody, NewCaseRequest } from '../../src/plugins/cases';
import type { Me } from '../../src/plugins/people';
import type { ApiRequest } from '../shared/api';
import type { QueueRequest } from './queue';

export type { AccountHit } from '../../src/plugins/accounts';
export type { Me };
export type {
  AllowedAction,
  CaseActionRequest,
  CaseDetailBody,
  CaseEntry,
  CaseListBody,
  CasePriority,
  CaseStatus,
  CaseType,
  ClockView,
  KpisBody,
  NewCaseRequest,
  QueueItem,
} from '../../src/plugins/cases';

/** Cases in the first queue read and in each "more". */
export const pageSize = 25;

export function createCasesApi(call: ApiRequest) {
  const base = '/cases';
  return {
    me: () => call<Me>('/people/me'),
    queue: (request: QueueRequest, continuationToken?: string) => {
      const query = new URLSearchParams({ view: request.view, pageSize: String(pageSize) });
      for (const [name, value] of Object.entries(request.filters)) if (value) query.set(name, value);
      if (request.teamId) query.set('teamId', request.teamId);
      if (continuationToken) query.set('continuationToken', continuationToken);
      return call<CaseListBody>(`${base}?${query}`);
    },
    case: (number: number) => call<CaseDetailBody>(`${base}/${number}`),
    /** Who the case can be assigned to: its team's members and manager, by name. */
    assignees: async (number: number) => (await call<AssigneesBody>(`${base}/${number}/assignees`)).items,
    open: (body: NewCaseRequest) => call<CaseDetailBody>(base, { method: 'POST', body }),
    /** A stale `etag` is a 409 CONFLICT whose `details.current` is the case as stored. */
    act: (number: number, etag: string, action: CaseActionRequest) =>
      call<CaseDetailBody>(`${base}/${number}/actions`, { method: 'POST', headers: { 'If-Match': etag }, body: action }),
    kpis: (teamId: string | undefined, months: number) => {
      const query = new URLSearchParams({ months: String(months) });
      if (teamId) query.set('teamId', teamId);
      return call<KpisBody>(`${base}/kpis?${query}`);
    },
    accountCases: async (accountId: string) => (await call<CaseListBody>(`${base}/accounts/${encodeURIComponent(accountId)}/cases`)).items,
    async searchAccounts(prefix: string, signal?: AbortSignal): Promise<AccountSearchBody['items']> {
      const query = new URLSearchParams({ q: prefix, pageSize: '8' });
      return (await call<AccountSearchBody>(`/accounts?${query}`, { signal })).items;
    },
  };
}

export type CasesApi = ReturnType<typeof createCasesApi>;
