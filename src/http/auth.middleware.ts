// Resolves the acting person of a tab API request: Teams SSO bearer token, or the local development identity.
import type { Request, RequestHandler } from 'express';
import { z } from 'zod';
import { resolveActor, type Identity, type RoleDirectory, type SignedIn } from '../core/access';
import { roles, withRep, type Actor } from '../core/actor';
import { AppError } from '../core/errors';
import type { SsoVerifier } from './sso-token';

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Request {
      /** Set by `requireActor`; read it through `actorOf`, which refuses a request without one. */
      actor?: Actor;
    }
  }
}

/** Who signed in; the roles come from the people directory (`requireActor`), or in local development mode from `x-dev-roles`. */
export type Authenticate = (req: Request) => Promise<SignedIn>;

// Token characters per RFC 6750 (b64token); anything else is not a bearer token.
const bearerPattern = /^Bearer +([A-Za-z0-9\-._~+/]+=*) *$/i;

export function bearerAuthenticator(verify: SsoVerifier): Authenticate {
  return async (req) => {
    const header = req.get('authorization');
    if (header === undefined || header.trim() === '') throw unauthenticated('missing Authorization header');
    const match = bearerPattern.exec(header);
    if (!match?.[1]) {
      const scheme = header.trim().split(/\s+/, 1)[0] ?? '';
      throw unauthenticated(/^bearer$/i.test(scheme) ? 'malformed bearer token' : 'Authorization scheme must be Bearer');
    }
    return verify(match[1]);
  };
}

const devIdPart = z.string().regex(/^[A-Za-z0-9._-]{1,128}$/);
/** `x-dev-user-name: Ana%20Silva`: a display name, percent-encoded as UTF-8 so that any language fits in a header. */
const devName = z
  .string()
  .max(1000)
  .transform((value, context) => {
    try {
      return decodeURIComponent(value).trim();
    } catch {
      context.addIssue({ code: 'custom', message: 'not percent-encoded UTF-8' });
      return z.NEVER;
    }
  })
  .pipe(z.string().min(1).max(256));
/** `x-dev-roles: admin,manager`: the roles besides `rep`, which everyone has. */
const devRoles = z
  .string()
  .max(200)
  .transform((value) =>
    value
      .split(',')
      .map((role) => role.trim())
      .filter(Boolean),
  )
  .pipe(z.array(z.enum(roles)));
const devHeaders = z.object({
  'x-dev-tenant-id': devIdPart.optional(),
  'x-dev-user-id': devIdPart.optional(),
  'x-dev-user-name': devName.optional(),
  'x-dev-roles': devRoles.optional(),
});

/**
 * Local development only: everyone is `identity`, except that `x-dev-tenant-id` / `x-dev-user-id` / `x-dev-user-name`
 * may override tenant, user and name so that one browser or test can act as several people of several tenants (a user
 * without a name header keeps the name the directory has, or is recorded by their id), and `x-dev-roles`
 * (comma-separated: manager, service-agent, admin) the roles, which then win over the directory's.
 */
export function devAuthenticator(identity: Identity): Authenticate {
  return async (req) => {
    const parsed = devHeaders.safeParse({
      'x-dev-tenant-id': req.get('x-dev-tenant-id'),
      'x-dev-user-id': req.get('x-dev-user-id'),
      'x-dev-user-name': req.get('x-dev-user-name'),
      'x-dev-roles': req.get('x-dev-roles'),
    });
    if (!parsed.success) {
      const fields = [...new Set(parsed.error.issues.map((issue) => String(issue.path[0])))].join(', ');
      throw new AppError(
        'VALIDATION_FAILED',
        { summary: fields },
        {
          reason: `invalid development identity header (${fields}): ids are 1-128 characters of A-Z a-z 0-9 . _ -; a name is 1-256 characters, percent-encoded; roles a comma-separated list of ${roles.join(', ')}`,
        },
      );
    }
    const { 'x-dev-tenant-id': tenantId, 'x-dev-user-id': userId, 'x-dev-user-name': displayName, 'x-dev-roles': granted } = parsed.data;
    // Someone named by x-dev-user-id alone is not the dev identity: they take the name the directory has for them.
    const name = displayName ?? (userId === undefined || userId === identity.userId ? identity.displayName : undefined);
    return {
      tenantId: tenantId ?? identity.tenantId,
      userId: userId ?? identity.userId,
      ...(name === undefined ? {} : { displayName: name }),
      ...(granted ? { roles: withRep(granted) } : {}),
    };
  };
}

/** Express middleware: authenticates, takes the roles from the people directory, sets `req.actor`, and hands any failure to the error middleware. */
export function requireActor(authenticate: Authenticate, directory: RoleDirectory): RequestHandler {
  return async (req, _res, next) => {
    let actor: Actor;
    try {
      actor = await resolveActor(directory, await authenticate(req));
    } catch (error) {
      next(error);
      return;
    }
    req.actor = actor;
    next();
  };
}

/** The authenticated actor of a request behind `requireActor`. */
export function actorOf(req: Request): Actor {
  if (!req.actor) throw unauthenticated('request has no authenticated actor');
  return req.actor;
}

function unauthenticated(reason: string): AppError {
  return new AppError('UNAUTHENTICATED', {}, { reason });
}
