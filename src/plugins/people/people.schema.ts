// The people directory's records: a person 人员 with their roles, a sales or service team 团队, and the tenant's access settings.
import { z } from 'zod';
import { roles } from '../../core/actor';
import { text } from '../../core/validation';

/** Ids as Teams and Entra give them (object ids, `29:…` sender ids) and as local development mode names them. */
export const userIdSchema = z.string().regex(/^[A-Za-z0-9._:-]{1,128}$/u, '1-128 characters of A-Z a-z 0-9 . _ : -');
export const roleSchema = z.enum(roles);

export const personSchema = z.strictObject({
  userId: userIdSchema,
  displayName: z.string().max(256),
  /** Always holds `rep`; the other roles come on top (see withRep). */
  roles: z.array(roleSchema).min(1),
  firstSeenAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export type Person = z.infer<typeof personSchema>;

/** The tenant's admins. Created by the tenant's first person, which makes that person the first admin. */
export const adminRosterSchema = z.strictObject({ adminIds: z.array(userIdSchema).min(1).max(1000) });
export type AdminRoster = z.infer<typeof adminRosterSchema>;

/** A row of the name index: people by their normalised display name, so chat can name them. */
export const personNameSchema = z.strictObject({ userId: userIdSchema, displayName: z.string().max(256) });

/** How long a process reuses what it read of the directory; its own writes take effect at once. */
export const directoryCacheMs = 30_000;

export const teamKinds = ['sales', 'service'] as const;
/** A team's members: enough for a sales floor, and small enough for one row. */
export const maxTeamMembers = 500;

export const teamSchema = z.strictObject({
  id: z.uuid(),
  name: text(60),
  kind: z.enum(teamKinds),
  managerId: userIdSchema.optional(),
  memberIds: z.array(userIdSchema).max(maxTeamMembers),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export type Team = z.infer<typeof teamSchema>;

/** Claims a team name in the tenant (create-if-absent), written in one transaction with the team. */
export const teamNameSchema = z.strictObject({ teamId: z.uuid() });

export const accessSettingsSchema = z.strictObject({
  repsSeeTeam: z.boolean(),
  updatedAt: z.iso.datetime(),
});

/** Case, width and spaces folded, so `ana  SILVA` and `Ana Silva` are one name. */
export const normaliseName = (name: string): string => name.normalize('NFKC').trim().toLowerCase().replace(/\s+/gu, ' ');

// What the REST routes accept.
export const rolesBodySchema = z.strictObject({ roles: z.array(roleSchema).max(roles.length) });
export const newTeamSchema = z.strictObject({ name: text(60), kind: z.enum(teamKinds).default('sales') });
export type NewTeam = z.input<typeof newTeamSchema>;
export const teamChangesSchema = z.strictObject({ name: text(60) });
export const managerBodySchema = z.strictObject({ userId: userIdSchema.nullable() });
export const settingsBodySchema = z.strictObject({ repsSeeTeam: z.boolean() });
