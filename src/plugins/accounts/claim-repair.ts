// What a name claim found in place means: held by its account, still being written, to be confirmed, or stale and free.
//
// A claim is written pending before its record and confirmed after it (account-index.ts), so a process that dies in
// between leaves a pending claim naming a record that may not exist. Whoever meets such a claim (the next account of
// that name, an import, a read by name, the repair of an interrupted import) settles it by this one rule.
import { normaliseAccountName } from './account-name';
import type { Account } from './account.schema';
import type { SearchRow } from './account-index';

/** A pending claim of no import whose record is still missing after this long was left by a writer that died. */
export const pendingClaimGraceMs = 60_000;

/** Tells whether the import that wrote a pending claim may still store the claim's record. */
export interface ClaimHolders {
  importAlive(tenantId: string, importId: string): Promise<boolean>;
}

/** With no import store at hand, no import is running: a pending claim of an import is settled at once. */
export const noImportsRunning: ClaimHolders = { importAlive: async () => false };

/**
 * - `held`: its account exists under that name; the name is taken.
 * - `confirm`: its account exists under that name but the claim is still pending: the claim is to be confirmed
 *   (idempotent), and the name is taken.
 * - `inFlight`: pending, its record not written yet by a writer that is still alive; the name is taken for now.
 * - `stale`: its account does not exist (or was renamed): the claim may be taken over or removed.
 */
export type ClaimState = 'held' | 'confirm' | 'inFlight' | 'stale';

export function claimState(claim: SearchRow, key: string, holder: Account | undefined, writerAlive: boolean, now: Date): ClaimState {
  if (holder) {
    if (normaliseAccountName(holder.name) !== key) return 'stale';
    return claim.pendingSince === undefined ? 'held' : 'confirm';
  }
  if (claim.pendingSince === undefined) return 'stale';
  if (claim.importId !== undefined) return writerAlive ? 'inFlight' : 'stale';
  return now.getTime() - Date.parse(claim.pendingSince) < pendingClaimGraceMs ? 'inFlight' : 'stale';
}

/** Whether the writer of a claim may still be at work: only a pending claim of an import asks its import. */
export async function writerAlive(holders: ClaimHolders, tenantId: string, claim: SearchRow): Promise<boolean> {
  return claim.pendingSince !== undefined && claim.importId !== undefined ? holders.importAlive(tenantId, claim.importId) : false;
}
