// The home tab's client of the API: accounts (list, name search, create) and what one account's view reads (its open
// deals and service cases among them). The shapes
// are the server's own, imported as types from the plugins' public index, whose routes answer with these same types.
import type {
  AccountBody,
  AccountListBody,
  AccountSearchBody,
  ContactBody,
  ContactListBody,
  NewAccountRequest,
} from '../../src/plugins/accounts';
import type { ActivityBody, ActivityPageBody } from '../../src/plugins/activities';
import type { CaseListBody, QueueItem } from '../../src/plugins/cases';
import type { AccountDealsBody, Stage, StageModelBody } from '../../src/plugins/pipeline';
import type { ApiRequest } from '../shared/api';

export type { AccountBody, ContactBody, ActivityBody };
export type { AccountHit } from '../../src/plugins/accounts';
export type { OpportunityCard } from '../../src/plugins/pipeline';
export type { QueueItem };

/** Everything one account's view shows. */
export interface AccountWorkspace {
  account: AccountBody;
  contacts: ContactBody[];
  activities: ActivityBody[];
  deals: AccountDealsBody;
  stages: Stage[];
  /** The account's service cases not yet closed, soonest due first. */
  cases: QueueItem[];
}

const shown = { contacts: 20, activities: 10 };

export function createHomeApi(call: ApiRequest) {
  return {
    listAccounts(pageSize: number, continuationToken?: string): Promise<AccountListBody> {
      const query = new URLSearchParams({ pageSize: String(pageSize) });
      if (continuationToken) query.set('continuationToken', continuationToken);
      return call(`/accounts?${query}`);
    },
    async searchAccounts(prefix: string, pageSize: number, signal?: AbortSignal): Promise<AccountSearchBody['items']> {
      const query = new URLSearchParams({ q: prefix, pageSize: String(pageSize) });
      return (await call<AccountSearchBody>(`/accounts?${query}`, { signal })).items;
    },
    createAccount(account: NewAccountRequest): Promise<AccountBody> {
      return call('/accounts', { method: 'POST', body: account });
    },
    /** Reads the account first, so an unknown id fails with the server's NOT_FOUND before anything else is asked. */
    async accountWorkspace(id: string): Promise<AccountWorkspace> {
      const path = encodeURIComponent(id);
      const account = await call<AccountBody>(`/accounts/${path}`);
      const [contacts, activities, deals, model, cases] = await Promise.all([
        call<ContactListBody>(`/accounts/${path}/contacts?pageSize=${shown.contacts}`),
        call<ActivityPageBody>(`/activities/accounts/${path}/timeline?pageSize=${shown.activities}`),
        call<AccountDealsBody>(`/pipeline/accounts/${path}/opportunities`),
        call<StageModelBody>('/pipeline/stages'),
        call<CaseListBody>(`/cases/accounts/${path}/cases`),
      ]);
      return { account, contacts: contacts.items, activities: activities.items, deals, stages: model.stages, cases: cases.items };
    },
  };
}

export type HomeApi = ReturnType<typeof createHomeApi>;
