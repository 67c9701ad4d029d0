// Pins requireActor with the bearer and development authenticators on a bare express app; the roles come from a directory.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import express from 'express';
import type { ErrorRequestHandler } from 'express';
import request from 'supertest';
import type { Identity, RoleDirectory } from '../../src/core/access';
import { isAppError } from '../../src/core/errors';
import { actorOf, bearerAuthenticator, devAuthenticator, requireActor } from '../../src/http/auth.middleware';
import type { Authenticate } from '../../src/http/auth.middleware';
import { createSsoVerifier } from '../../src/http/sso-token';
import { makeSsoToken, ssoOptions, ssoTenantId, ssoUserId, startJwksServer } from '../fixtures/sso';
import type { JwksServer } from '../fixtures/sso';

/** A directory in which the development user is an admin and everyone else a rep. */
const directory: RoleDirectory = {
  personOf: async (who) => ({
    displayName: who.displayName ?? `${who.userId} (recorded)`,
    roles: who.userId === 'dev-user' ? ['rep', 'admin'] : ['rep'],
  }),
};

function appWith(authenticate: Authenticate) {
  const app = express();
  app.get('/me', requireActor(authenticate, directory), (req, res) => {
    res.json(actorOf(req));
  });
  const renderError: ErrorRequestHandler = (error, _req, res, _next) => {
    const status = isAppError(error) ? error.status : 500;
    res.status(status).json({ error: { code: isAppError(error) ? error.code : 'INTERNAL' } });
  };
  app.use(renderError);
  return app;
}

describe('requireActor with the bearer authenticator', () => {
  let jwks: JwksServer;
  let app: express.Express;

  beforeAll(async () => {
    jwks = await startJwksServer();
    app = appWith(bearerAuthenticator(createSsoVerifier(ssoOptions(jwks.url))));
  });
  afterAll(() => jwks.stop());

  it('answers 401 without an Authorization header', async () => {
    const res = await request(app).get('/me');
    expect(res.status).toBe(401);
    expect(res.body).toEqual({ error: { code: 'UNAUTHENTICATED' } });
  });

  it('answers 401 for another scheme or an empty bearer', async () => {
    const token = await makeSsoToken();
    for (const header of [`Basic ${token}`, token, 'Bearer', 'Bearer  ']) {
      const res = await request(app).get('/me').set('Authorization', header);
      expect(res.status).toBe(401);
      expect(res.body.error.code).toBe('UNAUTHENTICATED');
    }
  });

  it('answers 401 for an invalid token', async () => {
    const res = await request(app).get('/me').set('Authorization', 'Bearer a.b.c');
    expect(res.status).toBe(401);
  });

  it('sets the actor from a valid token, whatever the scheme case', async () => {
    const token = await makeSsoToken();
    for (const scheme of ['Bearer', 'bearer', 'BEARER']) {
      const res = await request(app).get('/me').set('Authorization', `${scheme} ${token}`);
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ tenantId: ssoTenantId, userId: ssoUserId, displayName: 'Li Wei', roles: ['rep'] });
    }
  });
});

describe('requireActor with the development authenticator', () => {
  const identity: Identity = { tenantId: 'dev-tenant', userId: 'dev-user', displayName: 'Developer' };
  const app = appWith(devAuthenticator(identity));

  it("acts as the development identity by default, with the directory's roles", async () => {
    const res = await request(app).get('/me');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ ...identity, roles: ['rep', 'admin'] });
  });

  it("lets headers override tenant, user and name; a user without a name has the directory's", async () => {
    const res = await request(app).get('/me').set('x-dev-tenant-id', 'tenant-b').set('x-dev-user-id', 'user.2');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ tenantId: 'tenant-b', userId: 'user.2', displayName: 'user.2 (recorded)', roles: ['rep'] });
    const tenantOnly = await request(app).get('/me').set('x-dev-tenant-id', 'tenant-b');
    expect(tenantOnly.body).toEqual({ ...identity, tenantId: 'tenant-b', roles: ['rep', 'admin'] });
    const userOnly = await request(app).get('/me').set('x-dev-user-id', 'user_3').set('x-dev-user-name', encodeURIComponent('李娜'));
    expect(userOnly.body).toEqual({ ...identity, userId: 'user_3', displayName: '李娜', roles: ['rep'] });
  });

  it('answers 400 for an invalid override header', async () => {
    for (const [name, value] of [
      ['x-dev-tenant-id', 'tenant b'],
      ['x-dev-user-id', 'u'.repeat(129)],
      ['x-dev-tenant-id', ''],
      ['x-dev-user-name', '%E4%B8'],
      ['x-dev-user-name', '%20'],
    ]) {
      const res = await request(app)
        .get('/me')
        .set(name as string, value as string);
      expect(res.status).toBe(400);
      expect(res.body).toEqual({ error: { code: 'VALIDATION_FAILED' } });
    }
  });
});

describe('actorOf', () => {
  it('refuses a request that did not pass requireActor', () => {
    expect(() => actorOf({} as express.Request)).toThrowError(expect.objectContaining({ code: 'UNAUTHENTICATED' }));
  });
});
