// What the service desk's chat commands, card actions and message action need: the cases, accounts and people services and links into the tab.
import type { Clock } from '../../../core/clock';
import type { AccountsService } from '../../accounts';
import type { Team } from '../../people';
import type { CasesService } from '../cases.service';
import type { CaseLinks } from './case-links';

export interface CasesChatDeps {
  service: CasesService;
  accounts: AccountsService;
  teamsOf: (tenantId: string) => Promise<Team[]>;
  links: CaseLinks;
  clock: Clock;
}

/** The service teams a person is in (member or manager), in the directory's order: the first is their default queue. */
export async function serviceTeamsOf(deps: Pick<CasesChatDeps, 'teamsOf'>, tenantId: string, userId: string): Promise<Team[]> {
  const teams = await deps.teamsOf(tenantId);
  return teams.filter((team) => team.kind === 'service' && (team.managerId === userId || team.memberIds.includes(userId)));
}
