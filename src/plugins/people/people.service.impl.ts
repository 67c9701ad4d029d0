// The people service: records each person on first sight (the tenant's first as its admin), roles, visibility and settings.
import { defaultAccessSettings, isAdmin, requireAdmin, visibilityOf, type AccessSettings, type SignedIn } from '../../core/access';
import { withRep, type Actor, type Role } from '../../core/actor';
import type { Clock } from '../../core/clock';
import { AppError } from '../../core/errors';
import type { Stored } from '../../storage/repository';
import { TimedCache } from '../../core/timed-cache';
import { directoryCacheMs } from './people.schema';
import { onFreshData } from './fresh-data';
import { peopleErrors } from './people.errors';
import { normaliseName, userIdSchema, type Person, type Team } from './people.schema';
import type { Named, PeopleService } from './people.service';
import type { PersonStore } from './person.store';
import { createTeamWrites } from './team-writes';
import type { TeamStore } from './team.store';

export interface PeopleDeps {
  persons: PersonStore;
  teams: TeamStore;
  clock: Clock;
}

/** Who a request or turn comes from: their name may be missing (local development mode), then the recorded one counts. */
type Who = Omit<SignedIn, 'roles'>;

/** Rows read when naming a person in chat: more names starting alike than this are too vague anyway. */
const namedLimit = 50;

export function createPeopleService({ persons, teams, clock }: PeopleDeps): PeopleService {
  const time = () => clock.now().getTime();
  const people = new TimedCache<Stored<Person>>(directoryCacheMs, time);
  const directories = new TimedCache<{ teams: Team[]; settings: AccessSettings }>(directoryCacheMs, time);
  /** Tenants whose first admin is recorded: their new people are reps without asking. */
  const founded = new TimedCache<true>(Number.POSITIVE_INFINITY, time);
  const personKey = (tenantId: string, userId: string) => `${tenantId}\u0000${userId}`;
  const now = () => clock.now().toISOString();

  /** A person seen for the first time: the tenant's admin when nobody holds the roster yet, otherwise a rep. */
  async function recordNew(who: Who): Promise<Stored<Person>> {
    const { tenantId, userId } = who;
    const person = (roles: Role[]): Person => ({
      userId,
      displayName: who.displayName ?? userId,
      roles,
      firstSeenAt: now(),
      updatedAt: now(),
    });
    let first = false;
    if (!founded.get(tenantId)) {
      // Of any number of first requests at once, one creates the roster with its person; the rest are refused and go on below.
      first =
        !(await persons.roster(tenantId)) &&
        (await persons.recordFirst(tenantId, person(withRep(['admin']))).then(() => true, alreadyRecorded));
      founded.set(tenantId, true);
    }
    if (!first) await persons.record(tenantId, person(['rep'])).catch(alreadyRecorded);
    const stored = await persons.get(tenantId, userId);
    if (!stored) throw new Error(`person ${userId} is missing right after it was recorded`);
    return stored;
  }

  /** The person, recorded on first sight, their display name kept as Teams or Entra last gave it. */
  async function personOf(identity: Who): Promise<Stored<Person>> {
    const key = personKey(identity.tenantId, identity.userId);
    const cached = people.get(key);
    if (cached && (identity.displayName === undefined || cached.value.displayName === identity.displayName)) return cached;
    let stored = (await persons.get(identity.tenantId, identity.userId)) ?? (await recordNew(identity));
    if (identity.displayName && stored.value.displayName !== identity.displayName) {
      const renamed = { ...stored.value, displayName: identity.displayName, updatedAt: now() };
      // A rename that races another write of the person is left to their next request, which sees the new row.
      const written = await persons.rename(identity.tenantId, stored, renamed).then(
        () => true,
        (error: unknown) => {
          if (error instanceof AppError && error.code === 'CONFLICT') return false;
          throw error;
        },
      );
      stored = (written ? await persons.get(identity.tenantId, identity.userId) : undefined) ?? stored;
    }
    people.set(key, stored);
    return stored;
  }

  async function directoryOf(tenantId: string): Promise<{ teams: Team[]; settings: AccessSettings }> {
    const cached = directories.get(tenantId);
    if (cached) return cached;
    const [stored, settings] = await Promise.all([teams.all(tenantId), teams.settings(tenantId)]);
    const directory = {
      teams: stored.map((team) => team.value),
      settings: settings ? { repsSeeTeam: settings.value.repsSeeTeam } : defaultAccessSettings,
    };
    directories.set(tenantId, directory);
    return directory;
  }

  async function requirePerson(tenantId: string, userId: string): Promise<Stored<Person>> {
    const stored = userIdSchema.safeParse(userId).success ? await persons.get(tenantId, userId) : undefined;
    if (!stored) throw new AppError('NOT_FOUND', { entity: 'person', id: userId });
    return stored;
  }

  async function setRoles(actor: Actor, userId: string, granted: readonly Role[]): Promise<Person> {
    requireAdmin(actor);
    const roles = withRep(granted);
    const person = await onFreshData(async () => {
      const current = await requirePerson(actor.tenantId, userId);
      const next = { ...current.value, roles, updatedAt: now() };
      const wasAdmin = current.value.roles.includes('admin');
      if (wasAdmin === roles.includes('admin')) {
        await persons.setRoles(actor.tenantId, current, next);
        return next;
      }
      const roster = await persons.roster(actor.tenantId);
      const adminIds = (roster?.value.adminIds ?? []).filter((id) => id !== userId);
      if (!wasAdmin) adminIds.push(userId);
      if (adminIds.length === 0) throw peopleErrors.fail('LAST_ADMIN', { name: current.value.displayName || userId });
      await persons.setRoles(actor.tenantId, current, next, { ...(roster ? { current: roster } : {}), next: { adminIds } });
      return next;
    }, ['CONFLICT', 'ALREADY_EXISTS']);
    people.forget(personKey(actor.tenantId, userId));
    return person;
  }

  /** Display names by user id (ids of nobody recorded left out), from the brief memory of people or their rows. */
  async function namesIn(tenantId: string, userIds: readonly string[]): Promise<Map<string, string>> {
    const found = await Promise.all(
      [...new Set(userIds)].map(
        async (userId) =>
          people.get(personKey(tenantId, userId)) ??
          (userIdSchema.safeParse(userId).success ? await persons.get(tenantId, userId) : undefined),
      ),
    );
    return new Map(
      found.flatMap((person) => (person ? [[person.value.userId, person.value.displayName || person.value.userId] as const] : [])),
    );
  }

  const teamWrites = createTeamWrites({
    teams,
    clock,
    requirePerson,
    forget: (tenantId) => directories.forget(tenantId),
    grantManager: async (actor, person) => {
      if (!person.roles.includes('manager')) await setRoles(actor, person.userId, [...person.roles, 'manager']);
    },
  });

  return {
    ...teamWrites,
    setRoles,

    async personOf(who) {
      const { value } = await personOf(who);
      return { displayName: value.displayName, roles: value.roles };
    },

    async managerOf(tenantId, userId) {
      const { teams } = await directoryOf(tenantId);
      // The manager of the first team (by name) the person belongs to that has a manager other than themselves.
      const managed = teams
        .filter((team) => team.memberIds.includes(userId) && team.managerId && team.managerId !== userId)
        .sort((a, b) => a.name.localeCompare(b.name));
      return managed[0]?.managerId;
    },

    teamsOf: async (tenantId) => (await directoryOf(tenantId)).teams,

    async visibility(actor) {
      if (isAdmin(actor)) return { everyone: true };
      const { teams: all, settings } = await directoryOf(actor.tenantId);
      return visibilityOf(actor, all, settings);
    },

    async me(actor) {
      const [{ value: person }, { teams: all, settings }] = await Promise.all([personOf(actor), directoryOf(actor.tenantId)]);
      const mine = all.filter((team) => team.managerId === actor.userId || team.memberIds.includes(actor.userId));
      const teamsOfMine = mine.map((team) => ({
        id: team.id,
        name: team.name,
        kind: team.kind,
        manages: team.managerId === actor.userId,
        member: team.memberIds.includes(actor.userId),
      }));
      return { person, teams: teamsOfMine, settings };
    },

    async listPeople(actor, request) {
      requireAdmin(actor);
      return persons.page(actor.tenantId, request);
    },

    everyone: (tenantId, request) => persons.page(tenantId, request),

    async findPerson(actor, name): Promise<Named> {
      requireAdmin(actor);
      const wanted = normaliseName(name);
      if (!wanted) return { kind: 'none' };
      const rows = await persons.named(actor.tenantId, wanted, namedLimit);
      const exact = rows.filter((row) => normaliseName(row.displayName) === wanted);
      const byWords = exact.length > 0 ? exact : rows.filter((row) => normaliseName(row.displayName).startsWith(`${wanted} `));
      const only = byWords.length === 1 ? await persons.get(actor.tenantId, byWords[0]!.userId) : undefined;
      if (only) return { kind: 'one', person: only.value };
      if (byWords.length > 1) return { kind: 'several', people: byWords };
      // Someone not yet known by a name (local development ids, say) can still be named by their user id.
      const byId = userIdSchema.safeParse(name.trim()).success ? await persons.get(actor.tenantId, name.trim()) : undefined;
      return byId ? { kind: 'one', person: byId.value } : { kind: 'none' };
    },

    async namesOf(actor, userIds) {
      requireAdmin(actor);
      return namesIn(actor.tenantId, userIds);
    },

    teamNames: (tenantId, userIds) => namesIn(tenantId, userIds),

    async settings(actor) {
      requireAdmin(actor);
      return (await directoryOf(actor.tenantId)).settings;
    },

    async updateSettings(actor, changes) {
      requireAdmin(actor);
      const settings = await onFreshData(async () => {
        const current = await teams.settings(actor.tenantId);
        const next = {
          repsSeeTeam: changes.repsSeeTeam ?? current?.value.repsSeeTeam ?? defaultAccessSettings.repsSeeTeam,
          updatedAt: now(),
        };
        await teams.putSettings(actor.tenantId, next, current?.etag);
        return { repsSeeTeam: next.repsSeeTeam };
      }, ['CONFLICT', 'ALREADY_EXISTS']);
      directories.forget(actor.tenantId);
      return settings;
    },
  };
}

/** A create-if-absent that found the row there: another request recorded the person (or the first admin) first. */
function alreadyRecorded(error: unknown): false {
  if (!(error instanceof AppError && error.code === 'ALREADY_EXISTS')) throw error;
  return false;
}
