// The message extension of the accounts plugin: the "Search CRM" command and unfurling of the app's account links.
import { isAppError } from '../../core/errors';
import type { LinkUnfurler, SearchCommand, SearchResult } from '../../core/plugin';
import { accountIdFromLink, accountLink } from './account-link';
import type { AccountsService } from './accounts.service';
import { compactAccountResult, compactContactResult } from './compact.cards';

/** The manifest's search command id. */
export const searchCommandId = 'searchCrm';

/** Results past this depth are not worth a longer range read; nobody scrolls that far in a compose box. */
const maxDepth = 500;

/**
 * Accounts first, then contacts, both by name or pinyin prefix, paged by `skip`/`count`.
 * Both searches read only their index rows, so a page costs two range queries and no point reads.
 */
function searchCommand(accounts: AccountsService, publicUrl: string): SearchCommand {
  return {
    commandId: searchCommandId,
    async run({ actor, t, query, skip, count }) {
      const prefix = query.trim();
      if (prefix === '' || skip >= maxDepth) return [];
      const depth = Math.min(skip + count, maxDepth);
      const [accountHits, contactHits] = await Promise.all([
        accounts.searchAccounts(actor.tenantId, prefix, depth),
        accounts.searchContacts(actor.tenantId, prefix, depth),
      ]);
      const results: SearchResult[] = [
        ...accountHits.map((hit) => compactAccountResult(t, hit, accountLink(publicUrl, hit.accountId))),
        ...contactHits.map((hit) => compactContactResult(t, hit, accountLink(publicUrl, hit.accountId))),
      ];
      return results.slice(skip, depth);
    },
  };
}

/** An app account link → its compact card; anything else (another host, a malformed or unknown id) → no card. */
function accountUnfurler(accounts: AccountsService, publicUrl: string): LinkUnfurler {
  return async ({ actor, t, url }) => {
    const accountId = accountIdFromLink(publicUrl, url);
    if (!accountId) return undefined;
    try {
      const { value: account } = await accounts.getAccount(actor.tenantId, accountId);
      return compactAccountResult(
        t,
        { accountId: account.id, name: account.name, industry: account.industry, region: account.region, ownerName: account.ownerName },
        accountLink(publicUrl, account.id),
      );
    } catch (error) {
      // A link to an account this tenant does not have (deleted, or another tenant's) unfurls to nothing.
      if (isAppError(error, 'NOT_FOUND')) return undefined;
      throw error;
    }
  };
}

export function accountSearchExtension(
  accounts: AccountsService,
  publicUrl: string,
): { searchCommands: SearchCommand[]; unfurlers: LinkUnfurler[] } {
  return { searchCommands: [searchCommand(accounts, publicUrl)], unfurlers: [accountUnfurler(accounts, publicUrl)] };
}
