// Deep links into the case queue tab: a Teams entity link (with the tab page as its web fallback) when the app id is known, else the tab page.
import { accountLink } from '../../accounts';

/**
 * Links bot cards put on their buttons.
 * @example links.case(1042) // https://crm.contoso.com/tabs/cases/index.html?case=1042
 */
export interface CaseLinks {
  case(number: number): string;
  /** The viewer's own cases, or one team's queue. */
  queue(filter?: { teamId?: string }): string;
  /** The account's view in the home tab, which lists its open cases. */
  account(accountId: string): string;
}

/** The case queue tab's entity id in the manifest. */
export const casesEntityId = 'cases';

export function createCaseLinks({ publicUrl, teamsAppId }: { publicUrl: string; teamsAppId?: string }): CaseLinks {
  const tabPage = (query: URLSearchParams) => `${publicUrl}/tabs/cases/index.html${query.size > 0 ? `?${query.toString()}` : ''}`;
  const link = (query: URLSearchParams, subEntityId?: string) => {
    const page = tabPage(query);
    if (!teamsAppId) return page;
    const params = new URLSearchParams({ webUrl: page });
    if (subEntityId !== undefined) params.set('context', JSON.stringify({ subEntityId }));
    return `https://teams.microsoft.com/l/entity/${encodeURIComponent(teamsAppId)}/${casesEntityId}?${params.toString()}`;
  };
  return {
    case: (number) => link(new URLSearchParams({ case: String(number) }), `case:${number}`),
    queue(filter = {}) {
      const query = new URLSearchParams(filter.teamId ? { view: 'team', teamId: filter.teamId } : { view: 'mine' });
      return link(query, `queue:${query.toString()}`);
    },
    account: (accountId) => accountLink(publicUrl, accountId),
  };
}
