// Teams in storage, each name claimed once per tenant, and the tenant's access settings.
import type { LogicalTable } from '../../storage/logical-table';
import { AppError } from '../../core/errors';
import { transactKinds } from '../../storage/kind-transactions';
import { Repository, type Stored } from '../../storage/repository';
import { accessSettingsSchema, normaliseName, teamNameSchema, teamSchema, type Team } from './people.schema';

/**
 * PK [tenant, 'teams']: RK ['team', id] a team; RK ['name', normalised name] the claim on its name, written with the
 * team in one transaction, so two admins naming two teams alike at once get one team and one ALREADY_EXISTS.
 * PK [tenant, 'settings'], RK ['access']: the tenant's access settings.
 */
const partition = ['teams'];
const teamRow = (id: string) => ['team', id];
const claimRow = (name: string) => ['name', normaliseName(name)];
const settingsAddress = (tenantId: string) => ({ tenantId, partition: ['settings'], row: ['access'] });

const nameTaken = (name: string, error: unknown) =>
  error instanceof AppError && error.code === 'ALREADY_EXISTS'
    ? new AppError('ALREADY_EXISTS', { entity: 'team', name }, undefined, { cause: error })
    : error;

export function createTeamStore(table: LogicalTable) {
  const teams = new Repository(table, 'team', teamSchema, ['memberIds']);
  const claims = new Repository(table, 'team', teamNameSchema);
  const settings = new Repository(table, 'team', accessSettingsSchema);
  const at = (tenantId: string, row: readonly string[]) => ({ tenantId, partition, row });

  return {
    get: (tenantId: string, id: string) => teams.getOrThrow(at(tenantId, teamRow(id))),

    /** The team holding `name` (case, width and spaces aside), if any: one point read and one more for the team. */
    async named(tenantId: string, name: string): Promise<Stored<Team> | undefined> {
      const claim = await claims.get(at(tenantId, claimRow(name)));
      return claim ? teams.get(at(tenantId, teamRow(claim.value.teamId))) : undefined;
    },

    /** Every team of the tenant, by id; a tenant has tens of teams, read in one or two pages. */
    async all(tenantId: string): Promise<Stored<Team>[]> {
      const found: Stored<Team>[] = [];
      let continuationToken: string | undefined;
      do {
        const page = await teams.page(tenantId, partition, {
          pageSize: 1000,
          continuationToken,
          rowKeyFrom: 'team|',
          rowKeyBefore: 'team}',
        });
        found.push(...page.items);
        continuationToken = page.continuationToken;
      } while (continuationToken);
      return found;
    },

    /** Creates a team with its name claim; ALREADY_EXISTS when another team has the name. */
    async create(tenantId: string, team: Team): Promise<void> {
      await transactKinds(tenantId, partition, [
        { repository: claims, change: { kind: 'create', row: claimRow(team.name), value: { teamId: team.id } } },
        { repository: teams, change: { kind: 'create', row: teamRow(team.id), value: team } },
      ]).catch((error: unknown) => {
        throw nameTaken(team.name, error);
      });
    },

    /** Writes a changed team; a new name moves its claim in the same transaction. CONFLICT when the team changed meanwhile. */
    async replace(tenantId: string, current: Stored<Team>, next: Team): Promise<void> {
      const renamed = normaliseName(current.value.name) !== normaliseName(next.name);
      await transactKinds(tenantId, partition, [
        ...(renamed
          ? [
              { repository: claims, change: { kind: 'create' as const, row: claimRow(next.name), value: { teamId: next.id } } },
              { repository: claims, change: { kind: 'delete' as const, row: claimRow(current.value.name) } },
            ]
          : []),
        { repository: teams, change: { kind: 'replace', row: teamRow(next.id), value: next, etag: current.etag } },
      ]).catch((error: unknown) => {
        throw nameTaken(next.name, error);
      });
    },

    settings: (tenantId: string) => settings.get(settingsAddress(tenantId)),
    /** Creates the settings row, or replaces the version read (`etag`); CONFLICT or ALREADY_EXISTS when another write came first. */
    putSettings(tenantId: string, value: { repsSeeTeam: boolean; updatedAt: string }, etag?: string) {
      return etag ? settings.replace(settingsAddress(tenantId), value, etag) : settings.create(settingsAddress(tenantId), value);
    },
  };
}

export type TeamStore = ReturnType<typeof createTeamStore>;
