// Who may see and work a case: its opener, owner and account manager, its team's members and manager, service agents and admins.
import { isAdmin } from '../../core/access';
import type { Actor } from '../../core/actor';
import { AppError } from '../../core/errors';
import type { Team } from '../people';
import type { Case } from './case.schema';

/** The teams of a tenant as the people directory gives them (cached there). */
export type TeamsOf = (tenantId: string) => Promise<Team[]>;

export function createCaseAccess(teamsOf: TeamsOf) {
  const teamOf = async (tenantId: string, teamId: string | undefined) =>
    teamId ? (await teamsOf(tenantId)).find((team) => team.id === teamId) : undefined;

  /** Service agents and admins work every queue; anyone else the cases they are part of. */
  function mayView(
    actor: Actor,
    current: Pick<Case, 'openedBy' | 'ownerId' | 'accountOwnerId' | 'teamId'>,
    teams: readonly Team[],
  ): boolean {
    if (isAdmin(actor) || actor.roles.includes('service-agent')) return true;
    const me = actor.userId;
    if ([current.openedBy, current.ownerId, current.accountOwnerId].includes(me)) return true;
    return teams.some(
      (team) =>
        (team.id === current.teamId && (team.managerId === me || team.memberIds.includes(me))) ||
        (team.managerId === me && current.ownerId !== undefined && team.memberIds.includes(current.ownerId)),
    );
  }

  return {
    teamOf,
    /**
     * The queue a case goes to when its opener names none: the first service team (by name) the opener belongs to or
     * manages, else the tenant's first service team; none in a tenant without service teams.
     */
    async defaultTeam(actor: Actor): Promise<Team | undefined> {
      const service = (await teamsOf(actor.tenantId))
        .filter((team) => team.kind === 'service')
        .sort((a, b) => a.name.localeCompare(b.name));
      const mine = service.find((team) => team.managerId === actor.userId || team.memberIds.includes(actor.userId));
      return mine ?? service[0];
    },
    /**
     * Whether the actor may approve a complaint's resolution: the manager of the case's team; for a case in no team's
     * queue (a tenant without service teams), any manager or admin.
     */
    async managesTeam(actor: Actor, current: Pick<Case, 'teamId'>): Promise<boolean> {
      const team = await teamOf(actor.tenantId, current.teamId);
      if (!team) return isAdmin(actor) || actor.roles.includes('manager');
      return team.managerId === actor.userId;
    },
    mayView,
    /** The cases of `list` the actor may see: for lists that are not one queue the actor may read whole (an account's). */
    async visibleOf<C extends Pick<Case, 'openedBy' | 'ownerId' | 'accountOwnerId' | 'teamId'>>(
      actor: Actor,
      list: readonly C[],
    ): Promise<C[]> {
      const teams = await teamsOf(actor.tenantId);
      return list.filter((current) => mayView(actor, current, teams));
    },
    /** Throws OUT_OF_SCOPE unless the actor may see the case. */
    async requireView(actor: Actor, current: Case): Promise<Team[]> {
      const teams = await teamsOf(actor.tenantId);
      if (!mayView(actor, current, teams)) throw new AppError('OUT_OF_SCOPE', { value: `case C-${current.number}` });
      return teams;
    },
    /** A team's queue: its members and manager, service agents and admins. */
    async requireQueue(actor: Actor, teamId: string): Promise<Team> {
      const team = await teamOf(actor.tenantId, teamId);
      if (!team) throw new AppError('NOT_FOUND', { entity: 'team', id: teamId });
      const member = team.managerId === actor.userId || team.memberIds.includes(actor.userId);
      if (!member && !isAdmin(actor) && !actor.roles.includes('service-agent')) throw new AppError('OUT_OF_SCOPE', { value: team.name });
      return team;
    },
    /** Every queue at once: admins, managers and service agents. */
    requireAll(actor: Actor): void {
      if (!isAdmin(actor) && !actor.roles.includes('manager') && !actor.roles.includes('service-agent'))
        throw new AppError('OUT_OF_SCOPE', { value: 'all cases' });
    },
  };
}

export type CaseAccess = ReturnType<typeof createCaseAccess>;
