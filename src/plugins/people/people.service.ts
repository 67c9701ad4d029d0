// The people plugin's public service: roles for the edges, visibility for other plugins, and the admin's directory changes.
import type { AccessDirectory, AccessSettings, RoleDirectory } from '../../core/access';
import type { ManagerDirectory } from '../../core/notifier';
import type { Actor, Role } from '../../core/actor';
import type { Page, PageRequest } from '../../storage/repository';
import type { NewTeam, Person, Team } from './people.schema';

/** A person as their own `me` shows them: roles, the teams they belong to or manage, and the tenant's settings. */
export interface Me {
  person: Person;
  teams: { id: string; name: string; kind: Team['kind']; manages: boolean; member: boolean }[];
  settings: AccessSettings;
}

/** What naming people by display name found: one person, several, or none. */
export type Named =
  { kind: 'one'; person: Person } | { kind: 'several'; people: Pick<Person, 'userId' | 'displayName'>[] } | { kind: 'none' };

/**
 * Every write is the admins' (ADMIN_REQUIRED otherwise) and takes effect at once in this process; other processes
 * see it within `directoryCacheMs`. Writes that race another write of the same row are tried again on fresh data.
 * @example await people.setRoles(admin, 'user-7', ['manager'])  // → rep and manager
 */
export interface PeopleService extends RoleDirectory, AccessDirectory, ManagerDirectory {
  me(actor: Actor): Promise<Me>;
  listPeople(actor: Actor, request: PageRequest): Promise<Page<Person>>;
  /** Everyone recorded in a tenant, page by page, for the tenant's own background work (a scheduled job), not for a person. */
  everyone(tenantId: string, request: PageRequest): Promise<Page<Person>>;
  /** Names people by display name: the exact name first, else the names it starts (`Ana` for Ana Silva). Admins only. */
  findPerson(actor: Actor, name: string): Promise<Named>;
  /** Display names by user id, for the few people a card names; ids of nobody recorded are left out. Admins only. */
  namesOf(actor: Actor, userIds: readonly string[]): Promise<Map<string, string>>;
  /**
   * Display names of the members and managers of one's own teams, for another plugin's pick-list (a case's assignees):
   * the caller checks the viewer may see that team. Ids of nobody recorded are left out.
   */
  teamNames(tenantId: string, userIds: readonly string[]): Promise<Map<string, string>>;
  /** Sets the roles (rep is always kept). Taking the admin role from the only admin is LAST_ADMIN. */
  setRoles(actor: Actor, userId: string, roles: readonly Role[]): Promise<Person>;

  listTeams(actor: Actor): Promise<Team[]>;
  /** The tenant's teams as the access policy reads them (cached briefly), for other plugins' rules: a service team's queue and manager. */
  teamsOf(tenantId: string): Promise<Team[]>;
  /** The team with this name (case and spaces aside), if any. Admins only. */
  findTeam(actor: Actor, name: string): Promise<Team | undefined>;
  createTeam(actor: Actor, input: NewTeam): Promise<Team>;
  renameTeam(actor: Actor, teamId: string, name: string): Promise<Team>;
  addMember(actor: Actor, teamId: string, userId: string): Promise<Team>;
  removeMember(actor: Actor, teamId: string, userId: string): Promise<Team>;
  /** Makes a person the team's manager, granting them the manager role when they lack it; `null` leaves it without. */
  setManager(actor: Actor, teamId: string, userId: string | null): Promise<Team>;

  settings(actor: Actor): Promise<AccessSettings>;
  updateSettings(actor: Actor, changes: Partial<AccessSettings>): Promise<AccessSettings>;
}
