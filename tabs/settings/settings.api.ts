// The settings tab's client of `/api/v1/people`: the shapes are the server's own contract types.
import type { ApiRequest } from '../shared/api';
import type { Role } from '../../src/core/actor';
import type { Me, Person, Team } from '../../src/plugins/people';
import type { SettingsBody } from '../../src/plugins/cases';

export type ServiceSettings = Omit<SettingsBody, 'etag'>;

export type { Me, Person, Role, Team };

export interface PeoplePage {
  items: Person[];
  continuationToken?: string;
}

/** People per page of the list: one page for most organisations. */
export const peoplePageSize = 200;

const path = (value: string) => encodeURIComponent(value);

export function createSettingsApi(call: ApiRequest) {
  const base = '/people';
  return {
    me: () => call<Me>(`${base}/me`),
    people: (continuationToken?: string) => {
      const query = new URLSearchParams({ pageSize: String(peoplePageSize) });
      if (continuationToken) query.set('continuationToken', continuationToken);
      return call<PeoplePage>(`${base}?${query}`);
    },
    setRoles: (userId: string, roles: Role[]) => call<Person>(`${base}/${path(userId)}/roles`, { method: 'PUT', body: { roles } }),
    teams: async () => (await call<{ items: Team[] }>(`${base}/teams`)).items,
    createTeam: (name: string, kind: Team['kind']) => call<Team>(`${base}/teams`, { method: 'POST', body: { name, kind } }),
    renameTeam: (teamId: string, name: string) => call<Team>(`${base}/teams/${path(teamId)}`, { method: 'PATCH', body: { name } }),
    addMember: (teamId: string, userId: string) => call<Team>(`${base}/teams/${path(teamId)}/members/${path(userId)}`, { method: 'PUT' }),
    removeMember: (teamId: string, userId: string) =>
      call<Team>(`${base}/teams/${path(teamId)}/members/${path(userId)}`, { method: 'DELETE' }),
    setManager: (teamId: string, userId: string | null) =>
      call<Team>(`${base}/teams/${path(teamId)}/manager`, { method: 'PUT', body: { userId } }),
    settings: () => call<{ repsSeeTeam: boolean }>(`${base}/settings`),
    updateSettings: (repsSeeTeam: boolean) =>
      call<{ repsSeeTeam: boolean }>(`${base}/settings`, { method: 'PATCH', body: { repsSeeTeam } }),
    /** The tenant's SLA policies, business calendars and paused statuses, with the ETag a save sends back. */
    serviceSettings: () => call<SettingsBody>('/cases/settings'),
    saveServiceSettings: (settings: ServiceSettings, etag: string) =>
      call<SettingsBody>('/cases/settings', { method: 'PUT', body: settings, headers: { 'If-Match': etag } }),
  };
}

export type SettingsApi = ReturnType<typeof createSettingsApi>;
