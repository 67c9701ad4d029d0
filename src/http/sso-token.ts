// Validates Teams SSO (Entra ID) access tokens for the tab API and turns them into the signed-in person's identity.
import { createRemoteJWKSet, errors, jwtVerify } from 'jose';
import type { JWTPayload, JWTVerifyGetKey } from 'jose';
import type { Identity } from '../core/access';
import { AppError } from '../core/errors';

export interface SsoOptions {
  /** The Entra app (client) id; v2 tokens have aud = clientId. */
  clientId: string;
  /** e.g. api://guanxi.example.com/<clientId>; v1 tokens have aud = this. */
  applicationIdUri?: string;
  /** Default https://login.microsoftonline.com/common/discovery/v2.0/keys. */
  jwksUrl?: string;
  /** When set, only these tid values are accepted. */
  allowedTenants?: string[];
  /** Default 60. */
  clockToleranceSeconds?: number;
}

export type SsoVerifier = (token: string) => Promise<Identity>;

const defaultJwksUrl = 'https://login.microsoftonline.com/common/discovery/v2.0/keys';
const requiredScope = 'access_as_user';
const guid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// Entra access tokens are a few KB; a cap keeps absurd inputs away from the parser.
const maxTokenLength = 16_384;

/** Issuers are per tenant, so they cannot be a fixed list: they are derived from the token's own tid. */
const issuerFor: Record<string, (tid: string) => string> = {
  '2.0': (tid) => `https://login.microsoftonline.com/${tid}/v2.0`,
  '1.0': (tid) => `https://sts.windows.net/${tid}/`,
};

export function createSsoVerifier(options: SsoOptions): SsoVerifier {
  const audience = [options.clientId, ...(options.applicationIdUri ? [options.applicationIdUri] : [])];
  const allowedTenants = options.allowedTenants && new Set(options.allowedTenants.map((t) => t.toLowerCase()));
  const clockTolerance = options.clockToleranceSeconds ?? 60;
  // One resolver per verifier: jose caches the key set (10 min) and refetches on an unknown kid
  // at most once per 30 s cooldown, so a flood of forged kids cannot hammer Entra.
  const remoteKeys = createRemoteJWKSet(new URL(options.jwksUrl ?? defaultJwksUrl));

  // Separates "Entra keys could not be obtained" from "the token names a key Entra does not have".
  const getKey: JWTVerifyGetKey = async (header, token) => {
    try {
      return await remoteKeys(header, token);
    } catch (error) {
      if (error instanceof errors.JWKSNoMatchingKey) throw fail('bad signature: no signing key matches the token key id');
      // Entra always sets kid; a token without one cannot be matched to a single published key.
      if (error instanceof errors.JWKSMultipleMatchingKeys) throw fail('bad signature: token key id missing or ambiguous');
      if (error instanceof errors.JOSENotSupported) throw error;
      throw fail('signing keys unavailable', error);
    }
  };

  return async (token) => {
    if (typeof token !== 'string' || token.length === 0 || token.length > maxTokenLength) throw fail('malformed token');
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, getKey, {
        algorithms: ['RS256'],
        audience,
        clockTolerance,
        // jose checks exp only when present; Entra always sets it, so a token without one is refused, not immortal.
        requiredClaims: ['exp', 'iss', 'tid', 'oid', 'ver'],
      }));
    } catch (error) {
      if (error instanceof AppError) throw error;
      const reason = reasonFor(error);
      // Anything jose does not classify is a fault in this code or its configuration, not the caller's.
      if (reason === undefined) throw error;
      throw fail(reason, error);
    }
    return identityFrom(payload, allowedTenants);
  };
}

function identityFrom(payload: JWTPayload, allowedTenants: Set<string> | undefined): Identity {
  const { tid, oid, ver, scp, iss } = payload;
  if (typeof tid !== 'string' || !guid.test(tid)) throw fail('malformed token: tid claim is not a GUID');
  const issuer = typeof ver === 'string' ? issuerFor[ver] : undefined;
  if (!issuer) throw fail('unsupported token version: ver must be "1.0" or "2.0"');
  if (iss !== issuer(tid)) throw fail('issuer does not match tenant');
  if (allowedTenants && !allowedTenants.has(tid.toLowerCase())) throw fail('tenant not allowed');
  const scopes = typeof scp === 'string' ? scp.split(' ') : [];
  if (!scopes.includes(requiredScope)) throw fail(`missing scope ${requiredScope}`);
  if (typeof oid !== 'string' || oid.length === 0 || oid.length > 128) throw fail('malformed token: oid claim is invalid');
  const name = nonEmpty(payload.name) ?? nonEmpty(payload.preferred_username) ?? oid;
  // Roles are the tenant's own, kept in the people directory (as for bot turns); a `roles` claim grants nothing.
  return { tenantId: tid, userId: oid, displayName: name.slice(0, 256) };
}

/** A precise reason for logs, worded here so that nothing from the token itself is echoed. */
function reasonFor(error: unknown): string | undefined {
  if (error instanceof errors.JWTExpired) return 'token expired';
  if (error instanceof errors.JWTClaimValidationFailed) {
    if (error.claim === 'nbf') return 'token not yet valid';
    if (error.claim === 'aud') return 'wrong audience';
    if (error.reason === 'missing') return `malformed token: missing ${error.claim} claim`;
    return `malformed token: invalid ${error.claim} claim`;
  }
  if (error instanceof errors.JOSEAlgNotAllowed || error instanceof errors.JOSENotSupported) {
    return 'algorithm not allowed: only RS256 is accepted';
  }
  if (error instanceof errors.JWSSignatureVerificationFailed) return 'bad signature';
  if (error instanceof errors.JWSInvalid || error instanceof errors.JWTInvalid) return 'malformed token';
  return undefined;
}

function nonEmpty(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}

function fail(reason: string, cause?: unknown): AppError {
  return new AppError('UNAUTHENTICATED', {}, { reason }, cause === undefined ? undefined : { cause });
}
