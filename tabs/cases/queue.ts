// What the tab shows, read from its URL: the queue (mine, opened, a team's, all), the filters a channel tab's
// configuration wrote, and a case to open (`?case=1042`, or Teams' sub-page `case:1042` from a deep link).
import type { CasePriority, CaseStatus, CaseType } from '../../src/plugins/cases';

/** The statuses a queue holds: a closed case leaves the queues (it stays on its account and in the KPIs). */
export const statuses = ['new', 'in-progress', 'waiting', 'resolved'] as const satisfies readonly CaseStatus[];
export const priorities = ['low', 'normal', 'high', 'urgent'] as const satisfies readonly CasePriority[];
export const types = ['pre-sales', 'in-sales', 'after-sales', 'complaint'] as const satisfies readonly CaseType[];
export const slaFilters = ['breached', 'at-risk'] as const;
export const causes = ['product', 'delivery', 'service', 'billing', 'staff', 'other'] as const;

export type QueueView = 'mine' | 'opened' | 'team' | 'all';

/** The server's filters, as query parameters. */
export interface Filters {
  status?: CaseStatus;
  priority?: CasePriority;
  type?: CaseType;
  sla?: (typeof slaFilters)[number];
  ownerId?: string;
  accountId?: string;
}

export interface QueueRequest {
  view: QueueView;
  teamId?: string;
  filters: Filters;
}

/** The tab's place, as its URL says. */
export interface TabPlace {
  view: QueueView;
  teamId?: string;
  filters: Filters;
  /** `owner=me`: only the viewer's own cases of the queue. */
  ownerMe: boolean;
}

const oneOf = <T extends string>(values: readonly T[], value: string | null): T | undefined =>
  values.find((known) => known === value?.trim());

export function readPlace(query: URLSearchParams): TabPlace {
  const view = oneOf(['mine', 'opened', 'team', 'all'] as const, query.get('view')) ?? 'mine';
  const teamId = query.get('teamId')?.trim() || undefined;
  return {
    // A team queue without its team cannot be read: the viewer's own cases instead.
    view: view === 'team' && !teamId ? 'mine' : view,
    ...(teamId ? { teamId } : {}),
    filters: {
      status: oneOf(statuses, query.get('status')),
      priority: oneOf(priorities, query.get('priority')),
      type: oneOf(types, query.get('type')),
      sla: oneOf(slaFilters, query.get('sla')),
    },
    ownerMe: query.get('owner') === 'me',
  };
}

/** The query of a tab that shows `place`; a channel tab's configuration saves it. */
export function placeQuery(place: TabPlace): URLSearchParams {
  const query = new URLSearchParams({ view: place.view });
  if (place.teamId && place.view === 'team') query.set('teamId', place.teamId);
  for (const name of ['status', 'priority', 'type', 'sla'] as const) {
    const value = place.filters[name];
    if (value) query.set(name, value);
  }
  if (place.ownerMe) query.set('owner', 'me');
  return query;
}

/** `?case=1042` (or C-1042) in a plain browser, or Teams' sub-page id `case:1042` from a deep link. */
export function linkedCase(query: URLSearchParams, subPageId?: string): number | undefined {
  const fromSubPage = subPageId?.startsWith('case:') ? subPageId.slice('case:'.length) : undefined;
  const typed = (fromSubPage || query.get('case') || '').trim();
  const match = /^(?:[cC]-?)?(\d{1,9})$/u.exec(typed);
  return match ? Number(match[1]) : undefined;
}

export const caseLabel = (number: number) => `C-${number}`;
