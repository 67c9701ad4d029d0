// An admin's changes to teams: create, rename, members and manager, each ETag-checked and tried again after a race.
import { randomUUID } from 'node:crypto';
import { requireAdmin } from '../../core/access';
import type { Actor } from '../../core/actor';
import type { Clock } from '../../core/clock';
import { AppError } from '../../core/errors';
import { parseWith } from '../../core/validation';
import type { Stored } from '../../storage/repository';
import { onFreshData } from './fresh-data';
import { maxTeamMembers, newTeamSchema, teamChangesSchema, type NewTeam, type Person, type Team } from './people.schema';
import type { TeamStore } from './team.store';

export interface TeamWriteDeps {
  teams: TeamStore;
  clock: Clock;
  requirePerson(tenantId: string, userId: string): Promise<Stored<Person>>;
  /** Drops the tenant's teams from this process's memory, so its next read sees the change. */
  forget(tenantId: string): void;
  /** Gives a person the manager role, when they lack it. */
  grantManager(actor: Actor, person: Person): Promise<void>;
}

const byName = (a: Team, b: Team) => a.name.localeCompare(b.name);

export function createTeamWrites({ teams, clock, requirePerson, forget, grantManager }: TeamWriteDeps) {
  /** Applies `edit` to the team as stored; an edit that changes nothing writes nothing. */
  async function change(actor: Actor, teamId: string, edit: (team: Team) => Team): Promise<Team> {
    requireAdmin(actor);
    const team = await onFreshData(async () => {
      const current = await teams.get(actor.tenantId, teamId);
      const next = edit(current.value);
      if (next === current.value) return next;
      const stamped = { ...next, updatedAt: clock.now().toISOString() };
      await teams.replace(actor.tenantId, current, stamped);
      return stamped;
    });
    forget(actor.tenantId);
    return team;
  }

  return {
    async listTeams(actor: Actor): Promise<Team[]> {
      requireAdmin(actor);
      return (await teams.all(actor.tenantId)).map((team) => team.value).sort(byName);
    },

    async findTeam(actor: Actor, name: string): Promise<Team | undefined> {
      requireAdmin(actor);
      return (await teams.named(actor.tenantId, name))?.value;
    },

    async createTeam(actor: Actor, input: NewTeam): Promise<Team> {
      requireAdmin(actor);
      const { name, kind } = parseWith(newTeamSchema, input);
      const now = clock.now().toISOString();
      const team: Team = { id: randomUUID(), name, kind, memberIds: [], createdAt: now, updatedAt: now };
      await teams.create(actor.tenantId, team);
      forget(actor.tenantId);
      return team;
    },

    renameTeam(actor: Actor, teamId: string, name: string): Promise<Team> {
      const changes = parseWith(teamChangesSchema, { name });
      return change(actor, teamId, (team) => (team.name === changes.name ? team : { ...team, name: changes.name }));
    },

    async addMember(actor: Actor, teamId: string, userId: string): Promise<Team> {
      requireAdmin(actor);
      await requirePerson(actor.tenantId, userId);
      return change(actor, teamId, (team) => {
        if (team.memberIds.includes(userId)) return team;
        if (team.memberIds.length >= maxTeamMembers)
          throw new AppError('VALIDATION_FAILED', { summary: `memberIds: a team has at most ${maxTeamMembers} members` });
        return { ...team, memberIds: [...team.memberIds, userId] };
      });
    },

    removeMember(actor: Actor, teamId: string, userId: string): Promise<Team> {
      return change(actor, teamId, (team) =>
        team.memberIds.includes(userId) ? { ...team, memberIds: team.memberIds.filter((id) => id !== userId) } : team,
      );
    },

    async setManager(actor: Actor, teamId: string, userId: string | null): Promise<Team> {
      requireAdmin(actor);
      if (userId === null) {
        return change(actor, teamId, (team) => {
          if (team.managerId === undefined) return team;
          const { managerId: _gone, ...rest } = team;
          return rest;
        });
      }
      const person = await requirePerson(actor.tenantId, userId);
      // The role first: a team whose manager lacks it would show that manager nothing of the team.
      await grantManager(actor, person.value);
      return change(actor, teamId, (team) => (team.managerId === userId ? team : { ...team, managerId: userId }));
    },
  };
}
