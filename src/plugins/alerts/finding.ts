// A finding: one record that matches a rule now, with the facts its card quotes and the scope filters read.
import type { ConditionId, RuleSettings, SubjectKind } from './rule.schema';

export interface Finding {
  subject: { kind: SubjectKind; id: string };
  /**
   * What makes this occurrence distinct from the next one of the same subject: the stay in a stage (its start), the
   * close date, the SLA due time, the last contact. With the rule and the subject it keys the ledger.
   */
  period: string;
  /** The deal's title, `C-1042 · title`, the account's name, the follow-up's subject. */
  title: string;
  accountId?: string;
  accountName?: string;
  ownerId?: string;
  ownerName?: string;
  /** The deal's team name, or the case's queue (team id). */
  teamName?: string;
  teamId?: string;
  /** In the reporting currency, for deals. */
  amount?: number;
  keyAccount?: boolean;
  /** What the card quotes, by condition (days in stage and its limit, close date, SLA due, hours at a step…). */
  facts: Record<string, string | number>;
}

/** The teams a scope names, as the scope check needs them: their members and managers, and their names. */
export interface ScopeTeams {
  memberIds: ReadonlySet<string>;
  names: ReadonlySet<string>;
  ids: ReadonlySet<string>;
}

const folded = (name: string) => name.normalize('NFKC').trim().toLowerCase().replace(/\s+/gu, ' ');

export const scopeTeamsOf = (
  teams: readonly { id: string; name: string; managerId?: string; memberIds: readonly string[] }[],
): ScopeTeams => ({
  memberIds: new Set(teams.flatMap((team) => [...team.memberIds, ...(team.managerId ? [team.managerId] : [])])),
  names: new Set(teams.map((team) => folded(team.name))),
  ids: new Set(teams.map((team) => team.id)),
});

/**
 * Whether a finding is in a rule's scope: one of its teams (the case's queue, the deal's team, or an owner in the
 * team), one of its owners, the account tier, and the amount for deals.
 */
export function inScope(finding: Finding, scope: RuleSettings['scope'], teams: ScopeTeams | undefined): boolean {
  if (scope.ownerIds.length > 0 && !(finding.ownerId && scope.ownerIds.includes(finding.ownerId))) return false;
  if (scope.tier === 'key' && !finding.keyAccount) return false;
  if (scope.tier === 'other' && finding.keyAccount) return false;
  if (scope.minAmount !== undefined && finding.amount !== undefined && finding.amount < scope.minAmount) return false;
  if (teams && scope.teamIds.length > 0) {
    const byQueue = finding.teamId !== undefined && teams.ids.has(finding.teamId);
    const byName = finding.teamName !== undefined && teams.names.has(folded(finding.teamName));
    const byOwner = finding.ownerId !== undefined && teams.memberIds.has(finding.ownerId);
    if (!byQueue && !byName && !byOwner) return false;
  }
  return true;
}

/** The ledger's subject key: the kind and the id, so that one rule's alerts on one subject sit together. */
export const subjectKey = (finding: Pick<Finding, 'subject'>): string => `${finding.subject.kind}:${finding.subject.id}`;

export type { ConditionId };
