// Who is acting: resolved from a Teams SSO token, a bot turn, or the local development identity.
import { z } from 'zod';

export const roles = ['rep', 'manager', 'service-agent', 'admin'] as const;
export type Role = (typeof roles)[number];

export const actorSchema = z.object({
  tenantId: z.string().min(1).max(128),
  userId: z.string().min(1).max(128),
  displayName: z.string().max(256),
  roles: z.array(z.enum(roles)),
});

/** The authenticated person behind a request or a bot turn; every store call is scoped by `tenantId`. */
export type Actor = z.infer<typeof actorSchema>;

/** Everyone is a rep; the other roles come on top, each once, in the catalogue's order. */
export const withRep = (granted: readonly Role[]): Role[] => roles.filter((role) => role === 'rep' || granted.includes(role));
