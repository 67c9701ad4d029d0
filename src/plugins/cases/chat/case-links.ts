// Deep links into the case queue tab: a Teams entity link (with the tab page as its web fallback) when the app id is known, else the tab page.

/**
 * Links bot cards put on their buttons.
 * @example links.case(1042) // https://crm.contoso.com/tabs/cases/index.html?case=1042
 */
export interface CaseLinks {
  case(number: number): string;
  queue(filter?: { teamId?: string; accountId?: string }): string;
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
      const query = new URLSearchParams();
      if (filter.teamId) query.set('team', filter.teamId);
      if (filter.accountId) query.set('account', filter.accountId);
      return link(query, query.size > 0 ? `queue:${query.toString()}` : undefined);
    },
  };
}
