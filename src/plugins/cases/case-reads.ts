// Reading cases: one case with its timeline, queue pages from the projector's rows in SLA order, an account's open cases, and the KPI rollups.
import { z } from 'zod';
import type { Actor } from '../../core/actor';
import type { Clock } from '../../core/clock';
import type { ProjectionReads } from '../../core/projection';
import { allOf, where, type ODataFilter } from '../../storage/filter';
import { composeKey } from '../../storage/keys';
import type { LogicalTable } from '../../storage/logical-table';
import { createAggregateReader } from '../../storage/projector';
import { Repository, type Page, type Stored } from '../../storage/repository';
import { allowedActions } from './case-actions';
import type { CaseAccess } from './case-access';
import { kpiScopes, kpisOf, recentDays, type ServiceKpis } from './case-kpis';
import type { CaseRow } from './case.schema';
import { caseAddress, casePartition, entryRange, type CaseStore } from './case.store';
import { caseSummarySchema, summaryOf, summaryState } from './case-summary';
import { casesViewIds } from './case.views';
import type { CaseDetail, QueueItem, QueueQuery } from './cases.service';
import { clockView } from './sla/case-clocks';
import { versionTag } from './case-writes';

/** Timeline lines a case detail shows at most, the latest. */
const maxEntries = 500;

export function createCaseReads(deps: {
  store: CaseStore;
  queue: LogicalTable;
  views: LogicalTable;
  access: CaseAccess;
  clock: Clock;
  projections: ProjectionReads;
}) {
  const { store, access, clock, projections } = deps;
  const queueRows = new Repository(deps.queue, 'case', caseSummarySchema.passthrough());
  const kpiRows = createAggregateReader(deps.views, casesViewIds.kpis);

  const item = (summary: z.infer<typeof caseSummarySchema>, now: Date): QueueItem => ({
    ...caseSummarySchema.parse(summary),
    slaState: summaryState(summary, now),
  });

  async function timeline(tenantId: string, number: number) {
    const range = entryRange(number);
    const page = await store.entries.page(tenantId, casePartition(number), {
      rowKeyFrom: composeKey(range.from),
      rowKeyBefore: composeKey(range.before),
      pageSize: maxEntries,
    });
    return page.items.map((entry) => entry.value);
  }

  /** The partition a query lists, after the viewer's access to it is checked. */
  async function partitionOf(actor: Actor, query: QueueQuery): Promise<string[]> {
    switch (query.view) {
      case 'team':
        await access.requireQueue(actor, query.teamId ?? '');
        return ['team', query.teamId!];
      case 'mine':
        return ['owner', actor.userId];
      case 'opened':
        return ['opener', actor.userId];
      case 'account':
        return ['account', query.accountId ?? 'none'];
      case 'all':
        access.requireAll(actor);
        return ['all'];
    }
  }

  return {
    /** The detail of a case the actor may see (OUT_OF_SCOPE otherwise). */
    async detail(actor: Actor, stored: Stored<CaseRow>): Promise<CaseDetail> {
      const current = toPlain(stored.value);
      const [, managesTeam, entries] = await Promise.all([
        access.requireView(actor, current),
        access.managesTeam(actor, current),
        timeline(actor.tenantId, current.number),
      ]);
      const now = clock.now();
      return {
        case: current,
        etag: versionTag(stored.value),
        entries,
        allowed: allowedActions(current, { userId: actor.userId, managesTeam }),
        clocks: { response: clockView(current, 'response', now), resolution: clockView(current, 'resolution', now) },
        managesTeam,
      };
    },

    async listCases(actor: Actor, query: QueueQuery): Promise<Page<QueueItem>> {
      const partition = await partitionOf(actor, query);
      await projections.settled(actor.tenantId);
      const now = clock.now();
      const time = now.toISOString();
      const filters: (ODataFilter | undefined)[] = [
        query.status ? where`status eq ${query.status}` : undefined,
        query.priority ? where`priority eq ${query.priority}` : undefined,
        query.type ? where`type eq ${query.type}` : undefined,
        query.ownerId ? where`ownerId eq ${query.ownerId}` : undefined,
        query.accountId && query.view !== 'account' ? where`accountId eq ${query.accountId}` : undefined,
        query.sla === 'at-risk' ? where`warnKey le ${time}` : undefined,
      ];
      const present = filters.filter((filter): filter is ODataFilter => filter !== undefined);
      const page = await queueRows.page(actor.tenantId, partition, {
        pageSize: query.pageSize ?? 50,
        ...(query.continuationToken ? { continuationToken: query.continuationToken } : {}),
        ...(query.sla === 'breached' ? { rowKeyBefore: composeKey([time]) } : {}),
        ...(query.sla === 'at-risk' ? { rowKeyFrom: composeKey([time]) } : {}),
        ...(present.length > 0 ? { where: allOf(...present) } : {}),
      });
      const rows =
        query.view === 'account'
          ? await access.visibleOf(
              actor,
              page.items.map((row) => row.value),
            )
          : page.items.map((row) => row.value);
      return { items: rows.map((row) => ({ value: item(row, now), etag: '' })), continuationToken: page.continuationToken };
    },

    async slaList(tenantId: string, sla: 'breached' | 'at-risk', request: { pageSize: number; continuationToken?: string }) {
      await projections.settled(tenantId);
      const now = clock.now();
      const time = now.toISOString();
      const page = await queueRows.page(tenantId, ['all'], {
        ...request,
        ...(sla === 'breached'
          ? { rowKeyBefore: composeKey([time]) }
          : { rowKeyFrom: composeKey([time]), where: where`warnKey le ${time}` }),
      });
      return { items: page.items.map((row) => ({ value: item(row.value, now), etag: '' })), continuationToken: page.continuationToken };
    },

    async complaintsAtStep(
      tenantId: string,
      query: { step: number; before: string },
      request: { pageSize: number; continuationToken?: string },
    ) {
      await projections.settled(tenantId);
      const now = clock.now();
      const page = await queueRows.page(tenantId, ['step', String(query.step)], { ...request, rowKeyBefore: composeKey([query.before]) });
      return { items: page.items.map((row) => ({ value: item(row.value, now), etag: '' })), continuationToken: page.continuationToken };
    },

    async caseItem(tenantId: string, number: number): Promise<QueueItem | undefined> {
      const stored = await store.cases.get(caseAddress(tenantId, number));
      return stored && item(summaryOf(stored.value), clock.now());
    },

    async accountCases(actor: Actor, accountId: string, limit: number): Promise<QueueItem[]> {
      await projections.settled(actor.tenantId);
      const page = await queueRows.page(actor.tenantId, ['account', accountId], { pageSize: limit });
      const now = clock.now();
      return (
        await access.visibleOf(
          actor,
          page.items.map((row) => row.value),
        )
      ).map((row) => item(row, now));
    },

    async kpis(actor: Actor, scope: { teamId?: string; months: number }): Promise<ServiceKpis> {
      if (scope.teamId) await access.requireQueue(actor, scope.teamId);
      else access.requireAll(actor);
      await projections.settled(actor.tenantId);
      const key = kpiScopes(scope.teamId ? { teamId: scope.teamId } : {}).at(-1)!;
      const now = clock.now();
      const months = lastMonths(now, scope.months);
      const first = months[0]!;
      const since = new Date(now.getTime() - recentDays * 86_400_000).toISOString().slice(0, 10);
      const [responded, resolved, openDays, openMonths] = await Promise.all([
        kpiRows.range(actor.tenantId, `responded|${key}|${first}`, `responded|${key}|~`),
        kpiRows.range(actor.tenantId, `resolved|${key}|${first}`, `resolved|${key}|~`),
        kpiRows.range(actor.tenantId, `openDay|${key}|${since}`, `openDay|${key}|~`),
        kpiRows.range(actor.tenantId, `openMonth|${key}|`, `openMonth|${key}|~`),
      ]);
      return kpisOf({ months, responded, resolved, openDays, openMonths, now });
    },

    read: (tenantId: string, number: number) => store.cases.get(caseAddress(tenantId, number)),
  };
}

/** The case without its storage fields. */
const toPlain = ({ version: _version, entries: _entries, ...current }: CaseRow) => current;

/** `YYYY-MM` of the last `count` months up to now's, oldest first (UTC). */
export function lastMonths(now: Date, count: number): string[] {
  const months: string[] = [];
  for (let back = count - 1; back >= 0; back -= 1) {
    const date = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - back, 1));
    months.push(date.toISOString().slice(0, 7));
  }
  return months;
}
