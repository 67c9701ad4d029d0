// The service desk's service: writes and reads composed, with the access checks and the SLA schedule's work.
import type { Clock } from '../../core/clock';
import { AppError } from '../../core/errors';
import type { EventOutbox } from '../../core/events';
import type { ProjectionReads } from '../../core/projection';
import { composeKey } from '../../storage/keys';
import type { LogicalTable } from '../../storage/logical-table';
import { Repository } from '../../storage/repository';
import { z } from 'zod';
import type { AccountsService } from '../accounts';
import type { Team } from '../people';
import { createCaseAccess } from './case-access';
import { createCaseReads } from './case-reads';
import { createCaseSettings } from './case-settings';
import { createCaseStore } from './case.store';
import { createCaseWrites } from './case-writes';
import type { CasesEvents } from './cases.events';
import type { CasesService } from './cases.service';
import type { Actor } from '../../core/actor';
import { caseLabel, type CaseRow } from './case.schema';
import type { CaseAction } from './case-request.schema';
import { casesErrors } from './cases.errors';

/** Cases the schedule marks per run and tenant at most; the rest wait for the next run, a minute later. */
const marksPerRun = 500;

export function createCasesService(deps: {
  tables: { cases: LogicalTable; queue: LogicalTable; views: LogicalTable; settings: LogicalTable };
  accounts: AccountsService;
  teamsOf: (tenantId: string) => Promise<Team[]>;
  /** Display names of team members, from the people directory. */
  teamNames: (tenantId: string, userIds: readonly string[]) => Promise<Map<string, string>>;
  clock: Clock;
  outbox: EventOutbox<CasesEvents>;
  projections: ProjectionReads;
}): CasesService {
  const { tables, accounts, clock, outbox, projections } = deps;
  const store = createCaseStore(tables);
  const settings = createCaseSettings(store, clock);
  const access = createCaseAccess(deps.teamsOf);
  const writes = createCaseWrites({ store, settings, access, accounts, clock, outbox });
  const reads = createCaseReads({ store, queue: tables.queue, views: tables.views, access, clock, projections });
  const watch = new Repository(tables.queue, 'case', z.object({ number: z.number().int() }));

  /** The people a case may be assigned to: its team's members and manager; without a team, its owner and opener. */
  async function assigneeIds(tenantId: string, current: Pick<CaseRow, 'teamId' | 'ownerId' | 'openedBy'>): Promise<string[]> {
    const team = await access.teamOf(tenantId, current.teamId);
    const ids = team
      ? [...team.memberIds, ...(team.managerId ? [team.managerId] : [])]
      : [current.openedBy, ...(current.ownerId ? [current.ownerId] : [])];
    return [...new Set(ids)];
  }

  /** An assignment to someone in the case's team, named as the directory names them. */
  async function checkedAssign(actor: Actor, number: number, action: Extract<CaseAction, { action: 'assign' }>): Promise<CaseAction> {
    const current = (await writes.read(actor.tenantId, number)).value;
    const team = await access.teamOf(actor.tenantId, current.teamId);
    if (team && !(await assigneeIds(actor.tenantId, current)).includes(action.userId))
      throw casesErrors.fail('CASE_ASSIGNEE_OUTSIDE_TEAM', { number: caseLabel(number), team: team.name });
    const name = (await deps.teamNames(actor.tenantId, [action.userId])).get(action.userId);
    return { ...action, userName: name ?? action.userName ?? action.userId };
  }

  return {
    async openCase(actor, input, options) {
      return reads.detail(actor, await writes.openCase(actor, input, options));
    },
    async getCase(actor, number) {
      return reads.detail(actor, await writes.read(actor.tenantId, number));
    },
    async assignees(actor, number) {
      const current = await writes.read(actor.tenantId, number);
      await access.requireView(actor, writes.toCase(current.value));
      const ids = await assigneeIds(actor.tenantId, current.value);
      const names = await deps.teamNames(actor.tenantId, ids);
      return ids.map((userId) => ({ userId, name: names.get(userId) ?? userId })).sort((a, b) => a.name.localeCompare(b.name));
    },
    async act(actor, number, rawAction, etag) {
      const action = rawAction.action === 'assign' ? await checkedAssign(actor, number, rawAction) : rawAction;
      const conflict = async (current: Parameters<typeof reads.detail>[1]) =>
        new AppError('CONFLICT', { entity: 'case' }, { current: await reads.detail(actor, current) });
      return reads.detail(actor, await writes.act(actor, number, action, etag, conflict));
    },
    listCases: (actor, query) => reads.listCases(actor, query),
    accountCases: (actor, accountId, limit) => reads.accountCases(actor, accountId, limit),
    slaList: (tenantId, sla, request) => reads.slaList(tenantId, sla, request),
    complaintsAtStep: (tenantId, query, request) => reads.complaintsAtStep(tenantId, query, request),
    caseItem: (tenantId, number) => reads.caseItem(tenantId, number),
    kpis: (actor, scope) => reads.kpis(actor, scope),
    settings: (tenantId) => settings.read(tenantId),
    updateSettings: (actor, input, etag) => settings.update(actor, input, etag),

    async markDueCases(tenantId, now, signal) {
      await projections.settled(tenantId);
      const page = await watch.page(tenantId, ['watch'], { rowKeyBefore: composeKey([now.toISOString()]), pageSize: marksPerRun });
      let marked = 0;
      for (const { value } of page.items) {
        if (signal?.aborted) break;
        if (await writes.mark(tenantId, value.number, now)) marked += 1;
      }
      return marked;
    },
  };
}
