// The access policy: who a person is at the edges, the roles the people directory gives them, and whose records they may see.
import type { Actor, Role } from './actor';
import { AppError } from './errors';

/** Who a request or a bot turn comes from, before the directory says what they may do. */
export type Identity = Omit<Actor, 'roles'>;

/**
 * A signed-in person. In local development mode `roles` is what the request asked for (`x-dev-roles`), which wins over
 * the directory's, and `displayName` may be missing (a person named by `x-dev-user-id` alone): the directory's is used.
 */
export type SignedIn = Omit<Identity, 'displayName'> & { displayName?: string; roles?: Role[] };

/** A person as the people directory keeps them. */
export interface RecordedPerson {
  displayName: string;
  roles: Role[];
}

/**
 * What the edges (bot turns, the tab API) need of the people directory: a person's name and roles in their tenant.
 * The first sight of a person records them (a rep; the admin when they are the tenant's first), named `displayName`
 * or, without one, by their id; a later sight with another name renames them. The server wires it from the people
 * plugin, so `bot/` and `src/http` import no plugin.
 * @example const actor = await resolveActor(directory, await authenticate(req))
 */
export interface RoleDirectory {
  personOf(who: Omit<SignedIn, 'roles'>): Promise<RecordedPerson>;
}

/** The actor of a request or turn: the directory's roles, unless local development mode asked for others. */
export async function resolveActor(directory: RoleDirectory, signedIn: SignedIn): Promise<Actor> {
  const { roles: requested, ...who } = signedIn;
  // Recorded even when the roles are asked for, so that every person who used the CRM is in the directory.
  const recorded = await directory.personOf(who);
  return { tenantId: who.tenantId, userId: who.userId, displayName: recorded.displayName, roles: requested ?? recorded.roles };
}

/** A team as the policy reads it. */
export interface TeamFacts {
  id: string;
  name: string;
  managerId?: string;
  memberIds: readonly string[];
}

/** The tenant's access settings an admin changes. */
export interface AccessSettings {
  /** Reps (and service agents) see the records of the teams they belong to, besides their own. */
  repsSeeTeam: boolean;
}

export const defaultAccessSettings: AccessSettings = { repsSeeTeam: false };

/**
 * Whose records an actor may see: the whole tenant, or the records owned by `ownerIds` (the actor always among them);
 * `teams` are the teams whose members' records they see, for views of one team.
 */
export type Visibility = { everyone: true } | { everyone: false; ownerIds: readonly string[]; teams: readonly TeamFacts[] };

/**
 * What services ask about an actor's reach; the people plugin provides it, reading teams and settings (cached briefly).
 * @example const visibility = await access.visibility(actor); if (!mayView(visibility, deal.ownerId)) …
 */
export interface AccessDirectory {
  visibility(actor: Actor): Promise<Visibility>;
}

export const isAdmin = (actor: Pick<Actor, 'roles'>): boolean => actor.roles.includes('admin');

/** Admins configure: roles, teams, stages and settings. Anyone else gets ADMIN_REQUIRED (403). */
export function requireAdmin(actor: Actor): void {
  if (!isAdmin(actor)) throw new AppError('ADMIN_REQUIRED', {}, { userId: actor.userId, roles: actor.roles });
}

/**
 * The policy. An admin sees everything. A manager sees their own records and those of the members of the teams they
 * manage. A rep or service agent sees their own, and the members' of their teams when the tenant allows it.
 */
export function visibilityOf(actor: Actor, teams: readonly TeamFacts[], settings: AccessSettings): Visibility {
  if (isAdmin(actor)) return { everyone: true };
  const managed = actor.roles.includes('manager') ? teams.filter((team) => team.managerId === actor.userId) : [];
  const joined = settings.repsSeeTeam ? teams.filter((team) => team.memberIds.includes(actor.userId)) : [];
  const open = [...new Map([...managed, ...joined].map((team) => [team.id, team])).values()];
  const ownerIds = new Set([actor.userId]);
  for (const team of open) for (const memberId of team.memberIds) ownerIds.add(memberId);
  return { everyone: false, ownerIds: [...ownerIds].sort(), teams: open };
}

export function mayView(visibility: Visibility, ownerId: string): boolean {
  return visibility.everyone || visibility.ownerIds.includes(ownerId);
}

/** Refuses a view outside the actor's reach with OUT_OF_SCOPE (403); `value` names the view asked for. */
export function outOfScope(value: string): AppError {
  return new AppError('OUT_OF_SCOPE', { value });
}
