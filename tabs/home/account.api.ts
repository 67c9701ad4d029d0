// What the home tab's account view reads: the account, its contacts, its recent activities and its open deals.
import type { Account, ApiRequest } from '../shared/api';

export interface AccountRecord extends Account {
  size?: string;
  team?: string;
  preferredChannel?: string;
  website?: string;
  phone?: string;
  address?: string;
}

export interface ContactRecord {
  id: string;
  name: string;
  title?: string;
  email?: string;
  phone?: string;
  cuteRole?: 'coach' | 'user' | 'technical' | 'economic';
}

export interface ActivityRecord {
  id: string;
  type: string;
  subject: string;
  occurredAt: string;
  authorName: string;
  followUpOn?: string;
  followUpDone?: boolean;
}

export interface DealCard {
  id: string;
  title: string;
  amount: number;
  currency: string;
  stageId: string;
  probability: number;
  expectedCloseDate: string;
  ownerName: string;
}

export interface StageName {
  id: string;
  name: Record<'en' | 'zh-CN', string>;
}

export interface AccountWorkspace {
  account: AccountRecord;
  contacts: ContactRecord[];
  activities: ActivityRecord[];
  deals: { count: number; items: DealCard[] };
  stages: StageName[];
}

const shown = { contacts: 20, activities: 10 };

/** Reads the account first, so an unknown id fails with the server's NOT_FOUND before anything else is asked. */
export async function loadAccountWorkspace(call: ApiRequest, id: string, signal?: AbortSignal): Promise<AccountWorkspace> {
  const account = await call<AccountRecord>(`/accounts/${encodeURIComponent(id)}`, { signal });
  const [contacts, activities, deals, model] = await Promise.all([
    call<{ items: ContactRecord[] }>(`/accounts/${encodeURIComponent(id)}/contacts?pageSize=${shown.contacts}`, { signal }),
    call<{ items: ActivityRecord[] }>(`/activities/accounts/${encodeURIComponent(id)}/timeline?pageSize=${shown.activities}`, { signal }),
    call<{ count: number; items: DealCard[] }>(`/pipeline/accounts/${encodeURIComponent(id)}/opportunities`, { signal }),
    call<{ stages: StageName[] }>('/pipeline/stages', { signal }),
  ]);
  return { account, contacts: contacts.items, activities: activities.items, deals, stages: model.stages };
}
