// Which account a typed name means: the exact name (after normalisation); a partial name only offers candidates, never a guess.
import type { AccountHit, AccountsService } from '../accounts';

export type AccountChoice =
  | { kind: 'one'; accountId: string; name: string }
  | { kind: 'several'; candidates: AccountHit[] }
  | { kind: 'none' };

/** Longer than any account name can be, so it can name none. */
const maxNameLength = 200;

/** The exact name costs two point reads; only a partial name costs a search. */
export async function chooseAccount(accounts: AccountsService, tenantId: string, typed: string, candidates = 5): Promise<AccountChoice> {
  const name = typed.trim();
  if (name === '' || name.length > maxNameLength) return { kind: 'none' };
  const exact = await accounts.findAccountByName(tenantId, name);
  if (exact) return { kind: 'one', accountId: exact.value.id, name: exact.value.name };
  const hits = await accounts.searchAccounts(tenantId, name, candidates);
  // Even a single partial match is only a candidate: nothing is logged against a guessed account.
  return hits.length === 0 ? { kind: 'none' } : { kind: 'several', candidates: hits };
}
