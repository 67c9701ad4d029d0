// Pins how Teams SSO tokens are accepted and refused, against a loopback JWKS.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SignJWT, UnsecuredJWT } from 'jose';
import { AppError } from '../../src/core/errors';
import { createSsoVerifier } from '../../src/http/sso-token';
import type { SsoVerifier } from '../../src/http/sso-token';
import { createSsoKey, makeSsoToken, ssoClaims, ssoOptions, ssoTenantId, ssoUserId, startJwksServer } from '../fixtures/sso';
import type { JwksServer } from '../fixtures/sso';

const otherTenant = '11111111-2222-4333-8444-555555555555';
const hour = 3600;
const now = () => Math.floor(Date.now() / 1000);

/** Runs `attempt` and returns the AppError it must throw, so each test can check the reason. */
async function refusal(attempt: Promise<unknown>): Promise<{ code: string; reason: string }> {
  const error: unknown = await attempt.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(AppError);
  const appError = error as AppError;
  return { code: appError.code, reason: (appError.details as { reason: string }).reason };
}

describe('createSsoVerifier', () => {
  let jwks: JwksServer;
  let verify: SsoVerifier;

  beforeAll(async () => {
    jwks = await startJwksServer();
    verify = createSsoVerifier(ssoOptions(jwks.url));
  });
  afterAll(() => jwks.stop());

  it('accepts a v2 token and maps tid/oid/name to the identity', async () => {
    await expect(verify(await makeSsoToken())).resolves.toEqual({
      tenantId: ssoTenantId,
      userId: ssoUserId,
      displayName: 'Li Wei',
    });
  });

  it('accepts a v1 token for the application id URI issued by sts.windows.net', async () => {
    const token = await makeSsoToken({ version: '1.0', claims: { name: undefined } });
    await expect(verify(token)).resolves.toEqual({
      tenantId: ssoTenantId,
      userId: ssoUserId,
      displayName: ssoUserId,
    });
  });

  it('falls back to preferred_username for the display name', async () => {
    const actor = await verify(await makeSsoToken({ claims: { name: undefined } }));
    expect(actor.displayName).toBe('li.wei@contoso.test');
  });

  it('fetches the key set once and serves later tokens from the cache', async () => {
    const before = jwks.hits;
    const fresh = createSsoVerifier(ssoOptions(jwks.url));
    await fresh(await makeSsoToken());
    await fresh(await makeSsoToken({ claims: { oid: otherTenant } }));
    expect(jwks.hits - before).toBe(1);
  });

  it('refuses an expired token', async () => {
    const token = await makeSsoToken({ claims: { iat: now() - 2 * hour, nbf: now() - 2 * hour, exp: now() - hour } });
    expect(await refusal(verify(token))).toEqual({ code: 'UNAUTHENTICATED', reason: 'token expired' });
  });

  it('tolerates clock skew within the tolerance but not beyond', async () => {
    await expect(verify(await makeSsoToken({ claims: { exp: now() - 30 } }))).resolves.toBeDefined();
    const strict = createSsoVerifier(ssoOptions(jwks.url, { clockToleranceSeconds: 0 }));
    expect((await refusal(strict(await makeSsoToken({ claims: { exp: now() - 30 } })))).reason).toBe('token expired');
  });

  it('refuses a token that is not yet valid', async () => {
    const token = await makeSsoToken({ claims: { nbf: now() + hour } });
    expect(await refusal(verify(token))).toEqual({ code: 'UNAUTHENTICATED', reason: 'token not yet valid' });
  });

  it('refuses a token for another audience', async () => {
    const token = await makeSsoToken({ claims: { aud: 'https://graph.microsoft.com' } });
    expect(await refusal(verify(token))).toEqual({ code: 'UNAUTHENTICATED', reason: 'wrong audience' });
  });

  it('refuses a token whose issuer names another tenant than tid', async () => {
    const token = await makeSsoToken({ claims: { iss: `https://login.microsoftonline.com/${otherTenant}/v2.0` } });
    expect((await refusal(verify(token))).reason).toBe('issuer does not match tenant');
    const v1AsV2 = await makeSsoToken({ claims: { iss: `https://sts.windows.net/${ssoTenantId}/` } });
    expect((await refusal(verify(v1AsV2))).reason).toBe('issuer does not match tenant');
  });

  it('refuses a token without the access_as_user scope', async () => {
    const token = await makeSsoToken({ claims: { scp: 'User.Read access_as_admin' } });
    expect(await refusal(verify(token))).toEqual({ code: 'UNAUTHENTICATED', reason: 'missing scope access_as_user' });
  });

  it('refuses a tenant outside allowedTenants', async () => {
    const restricted = createSsoVerifier(ssoOptions(jwks.url, { allowedTenants: [otherTenant] }));
    const token = await makeSsoToken();
    expect(await refusal(restricted(token))).toEqual({ code: 'UNAUTHENTICATED', reason: 'tenant not allowed' });
    const allowing = createSsoVerifier(ssoOptions(jwks.url, { allowedTenants: [otherTenant, ssoTenantId.toUpperCase()] }));
    await expect(allowing(token)).resolves.toMatchObject({ tenantId: ssoTenantId });
  });

  it('refuses a token signed by a key that is not in the JWKS', async () => {
    const stranger = await createSsoKey('stranger-key');
    const unknownKid = await makeSsoToken({ key: stranger });
    expect((await refusal(verify(unknownKid))).reason).toMatch(/^bad signature/);
    // Same kid as the published key, different private key: the signature itself fails.
    const forged = await makeSsoToken({ key: stranger, kid: 'guanxi-test-key' });
    expect(await refusal(verify(forged))).toEqual({ code: 'UNAUTHENTICATED', reason: 'bad signature' });
  });

  it('refuses alg none and HS256', async () => {
    const unsigned = new UnsecuredJWT(ssoClaims()).encode();
    const reason = 'algorithm not allowed: only RS256 is accepted';
    expect(await refusal(verify(unsigned))).toEqual({ code: 'UNAUTHENTICATED', reason });
    const hmac = await new SignJWT(ssoClaims())
      .setProtectedHeader({ alg: 'HS256', kid: 'guanxi-test-key' })
      .sign(new TextEncoder().encode('a shared secret that nobody should trust here'));
    expect(await refusal(verify(hmac))).toEqual({ code: 'UNAUTHENTICATED', reason });
  });

  it('refuses malformed strings without echoing them', async () => {
    for (const junk of ['', 'not-a-jwt', 'a.b.c', 'x'.repeat(20_000)]) {
      const { code, reason } = await refusal(verify(junk));
      expect(code).toBe('UNAUTHENTICATED');
      expect(reason).toMatch(/^malformed token/);
      if (junk) expect(reason).not.toContain(junk);
    }
    const noOid = await makeSsoToken({ claims: { oid: undefined } });
    expect((await refusal(verify(noOid))).reason).toBe('malformed token: missing oid claim');
  });

  it('reports unavailable signing keys as UNAUTHENTICATED instead of crashing', async () => {
    const down = await startJwksServer();
    const url = down.url;
    await down.stop();
    const orphan = createSsoVerifier(ssoOptions(url));
    const token = await makeSsoToken();
    expect(await refusal(orphan(token))).toEqual({ code: 'UNAUTHENTICATED', reason: 'signing keys unavailable' });
    // A second attempt fetches again rather than remembering the failure.
    expect((await refusal(orphan(token))).reason).toBe('signing keys unavailable');
  });
});
