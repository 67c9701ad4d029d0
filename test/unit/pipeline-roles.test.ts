// Roles: the people directory is their only source; the SSO token's `roles` claim grants nothing, and in local
// development mode `x-dev-roles` wins over the directory. The access policy (core/access.ts) as a pure function.
import { readFileSync } from 'node:fs';
import express from 'express';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { visibilityOf, type RoleDirectory, type TeamFacts } from '../../src/core/access';
import type { Actor } from '../../src/core/actor';
import { isAppError } from '../../src/core/errors';
import { actorOf, devAuthenticator, requireActor } from '../../src/http/auth.middleware';
import { createSsoVerifier } from '../../src/http/sso-token';
import { viewScopes } from '../../src/plugins/pipeline/pipeline-scope';
import { makeSsoToken, ssoOptions, startJwksServer, type JwksServer } from '../fixtures/sso';

describe('roles and the Teams SSO token', () => {
  let jwks: JwksServer;
  beforeAll(async () => {
    jwks = await startJwksServer();
  });
  afterAll(() => jwks.stop());

  it('takes the identity from the token and no roles, whatever its roles claim says', async () => {
    const verify = createSsoVerifier(ssoOptions(jwks.url));
    const identity = await verify(await makeSsoToken({ claims: { roles: ['Guanxi.Manager', 'Guanxi.Admin'] } }));
    expect(identity).not.toHaveProperty('roles');
  });

  it('declares no Entra app roles, so no admin assigns roles where the CRM does not read them', () => {
    const manifest = JSON.parse(readFileSync('manifest/aad.manifest.json', 'utf8')) as { appRoles: unknown[] };
    expect(manifest.appRoles).toEqual([]);
  });
});

describe('roles in local development mode', () => {
  const directory: RoleDirectory = { personOf: async (who) => ({ displayName: who.displayName ?? who.userId, roles: ['rep', 'manager'] }) };
  const app = express();
  app.get(
    '/me',
    requireActor(devAuthenticator({ tenantId: 'dev-tenant', userId: 'dev-user', displayName: 'Dev' }), directory),
    (req, res) => {
      res.json(actorOf(req));
    },
  );
  app.use(((error, _req, res, _next) => {
    res.status(isAppError(error) ? error.status : 500).json({ error: { code: isAppError(error) ? error.code : 'INTERNAL' } });
  }) as express.ErrorRequestHandler);

  it("takes the directory's roles without the header", async () => {
    expect((await request(app).get('/me')).body.roles).toEqual(['rep', 'manager']);
  });

  it('takes the roles from x-dev-roles when present, always with rep', async () => {
    expect((await request(app).get('/me').set('x-dev-roles', 'admin')).body.roles).toEqual(['rep', 'admin']);
    expect((await request(app).get('/me').set('x-dev-roles', ' manager , service-agent ')).body.roles).toEqual([
      'rep',
      'manager',
      'service-agent',
    ]);
    expect((await request(app).get('/me').set('x-dev-roles', '')).body.roles).toEqual(['rep']);
  });

  it('refuses an unknown role', async () => {
    const res = await request(app).get('/me').set('x-dev-roles', 'admin,superuser');
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('VALIDATION_FAILED');
  });
});

describe('who sees whose records', () => {
  const actor = (userId: string, roles: Actor['roles']): Actor => ({ tenantId: 't', userId, displayName: userId, roles });
  const east: TeamFacts = { id: 'east', name: 'East', managerId: 'mia', memberIds: ['ana', 'ben'] };
  const north: TeamFacts = { id: 'north', name: 'North', managerId: 'mia', memberIds: ['chen'] };

  it('lets an admin see everyone', () => {
    expect(visibilityOf(actor('root', ['rep', 'admin']), [east], { repsSeeTeam: false })).toEqual({ everyone: true });
  });

  it('lets a manager see the members of the teams they manage, and themselves', () => {
    expect(visibilityOf(actor('mia', ['rep', 'manager']), [east, north], { repsSeeTeam: false })).toEqual({
      everyone: false,
      ownerIds: ['ana', 'ben', 'chen', 'mia'],
      teams: [east, north],
    });
  });

  it("gives a team's manager nothing of it without the manager role", () => {
    expect(visibilityOf(actor('mia', ['rep']), [east], { repsSeeTeam: false })).toEqual({ everyone: false, ownerIds: ['mia'], teams: [] });
  });

  it('lets a rep see their team only where the tenant allows it', () => {
    expect(visibilityOf(actor('ana', ['rep']), [east, north], { repsSeeTeam: false })).toEqual({
      everyone: false,
      ownerIds: ['ana'],
      teams: [],
    });
    expect(visibilityOf(actor('ana', ['rep']), [east, north], { repsSeeTeam: true })).toEqual({
      everyone: false,
      ownerIds: ['ana', 'ben'],
      teams: [east],
    });
  });

  it('turns a pipeline view into the rollups of the owners in reach, and refuses the rest', () => {
    const manager = visibilityOf(actor('mia', ['rep', 'manager']), [east], { repsSeeTeam: false });
    expect(viewScopes({}, manager)).toEqual(['owner:ana', 'owner:ben', 'owner:mia']);
    expect(viewScopes({ team: ' east ' }, manager)).toEqual(['owner:ana', 'owner:ben']);
    expect(viewScopes({ ownerId: 'ben' }, manager)).toEqual(['owner:ben']);
    expect(viewScopes({ team: 'East' }, { everyone: true })).toEqual(['team:east']);
    for (const scope of [{ ownerId: 'zoe' }, { team: 'North' }, { industry: 'Retail' }]) {
      expect(() => viewScopes(scope, manager)).toThrowError(expect.objectContaining({ code: 'OUT_OF_SCOPE', status: 403 }));
    }
  });
});
