// Roles: the SSO token's `roles` claim (Entra app roles declared in the AAD manifest) and the dev header `x-dev-roles`.
import { readFileSync } from 'node:fs';
import express from 'express';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isAppError } from '../../src/core/errors';
import { actorOf, devAuthenticator, requireActor } from '../../src/http/auth.middleware';
import { appRoles, createSsoVerifier, rolesFrom } from '../../src/http/sso-token';
import { makeSsoToken, ssoOptions, startJwksServer, type JwksServer } from '../fixtures/sso';

describe('roles from the Teams SSO token', () => {
  let jwks: JwksServer;
  beforeAll(async () => {
    jwks = await startJwksServer();
  });
  afterAll(() => jwks.stop());

  it('adds the roles an admin assigned in Entra to rep', async () => {
    const verify = createSsoVerifier(ssoOptions(jwks.url));
    const actor = await verify(await makeSsoToken({ claims: { roles: ['Guanxi.Manager', 'Guanxi.Admin'] } }));
    expect(actor.roles).toEqual(['rep', 'manager', 'admin']);
  });

  it('leaves everyone else a rep, ignoring roles it does not know', async () => {
    const verify = createSsoVerifier(ssoOptions(jwks.url));
    expect((await verify(await makeSsoToken())).roles).toEqual(['rep']);
    expect((await verify(await makeSsoToken({ claims: { roles: ['Global.Admin', 42] } }))).roles).toEqual(['rep']);
  });

  it('maps each app role once', () => {
    expect(rolesFrom(['Guanxi.ServiceAgent', 'Guanxi.ServiceAgent'])).toEqual(['rep', 'service-agent']);
    expect(rolesFrom('Guanxi.Admin')).toEqual(['rep']);
  });

  it('declares every mapped app role in the Entra app manifest', () => {
    const manifest = JSON.parse(readFileSync('manifest/aad.manifest.json', 'utf8')) as { appRoles: { value: string; id: string; allowedMemberTypes: string[]; isEnabled: boolean }[] };
    expect(manifest.appRoles.map((role) => role.value).sort()).toEqual(Object.keys(appRoles).sort());
    for (const role of manifest.appRoles) {
      expect(role.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/u);
      expect(role).toMatchObject({ allowedMemberTypes: ['User'], isEnabled: true });
    }
    expect(new Set(manifest.appRoles.map((role) => role.id)).size).toBe(manifest.appRoles.length);
  });
});

describe('roles in local development mode', () => {
  const app = express();
  app.get('/me', requireActor(devAuthenticator({ tenantId: 'dev-tenant', userId: 'dev-user', displayName: 'Dev', roles: ['rep', 'manager', 'admin'] })), (req, res) => {
    res.json(actorOf(req));
  });
  app.use(((error, _req, res, _next) => {
    res.status(isAppError(error) ? error.status : 500).json({ error: { code: isAppError(error) ? error.code : 'INTERNAL' } });
  }) as express.ErrorRequestHandler);

  it('keeps the dev identity roles without the header', async () => {
    expect((await request(app).get('/me')).body.roles).toEqual(['rep', 'manager', 'admin']);
  });

  it('takes the roles from x-dev-roles, always with rep', async () => {
    expect((await request(app).get('/me').set('x-dev-roles', 'admin')).body.roles).toEqual(['rep', 'admin']);
    expect((await request(app).get('/me').set('x-dev-roles', ' manager , service-agent ')).body.roles).toEqual(['rep', 'manager', 'service-agent']);
    expect((await request(app).get('/me').set('x-dev-roles', '')).body.roles).toEqual(['rep']);
  });

  it('refuses an unknown role', async () => {
    const res = await request(app).get('/me').set('x-dev-roles', 'admin,superuser');
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('VALIDATION_FAILED');
  });
});
