// Deep links into the pipeline tab: a Teams entity link when the app id is known, else the tab page on the public URL.
import type { PipelineScope } from './pipeline.service';

/**
 * Links bot cards put on their buttons.
 * @example links.opportunity(id) // https://teams.microsoft.com/l/entity/<app id>/pipeline?context={"subEntityId":"opportunity:<id>"}
 */
export interface PipelineLinks {
  opportunity(id: string): string;
  board(scope?: PipelineScope): string;
}

/** The personal tab's entity id in the manifest. */
export const pipelineEntityId = 'pipeline';

function scopeQuery(scope: PipelineScope = {}): URLSearchParams {
  const query = new URLSearchParams();
  if (scope.ownerId) query.set('owner', scope.ownerId);
  if (scope.team) query.set('team', scope.team);
  if (scope.industry) query.set('industry', scope.industry);
  if (scope.region) query.set('region', scope.region);
  return query;
}

export function createPipelineLinks({ publicUrl, teamsAppId }: { publicUrl: string; teamsAppId?: string }): PipelineLinks {
  const tabPage = (query: URLSearchParams) => `${publicUrl}/tabs/pipeline/${query.size > 0 ? `?${query.toString()}` : ''}`;
  const entity = (subEntityId?: string) => {
    const base = `https://teams.microsoft.com/l/entity/${encodeURIComponent(teamsAppId!)}/${pipelineEntityId}`;
    return subEntityId === undefined ? base : `${base}?context=${encodeURIComponent(JSON.stringify({ subEntityId }))}`;
  };
  return {
    opportunity: (id) => (teamsAppId ? entity(`opportunity:${id}`) : tabPage(new URLSearchParams({ opportunity: id }))),
    board(scope) {
      const query = scopeQuery(scope);
      if (!teamsAppId) return tabPage(query);
      return entity(query.size > 0 ? `board:${query.toString()}` : undefined);
    },
  };
}
