// Conditions on service cases 服务请求: an SLA clock at risk or breached, and a complaint waiting too long for its next workflow step.
import { caseLabel, type CasesService, type QueueItem } from '../../cases';
import type { Finding } from '../finding';
import type { Thresholds } from '../rule.schema';
import { allPages, readOnce, type Condition, type Evaluation } from './condition';

const pageSize = 1000;
const hourMs = 3_600_000;
const clocks = ['response', 'resolution'] as const;
type ClockName = (typeof clocks)[number];
type ClockChoice = Thresholds<'sla-breached'>['clock'];

/** A clock runs until the case is answered (response) or resolved (resolution). */
const running = (item: QueueItem, clock: ClockName) => (clock === 'response' ? !item.firstResponseAt : !item.resolvedAt);
const dueOf = (item: QueueItem, clock: ClockName) => (clock === 'response' ? item.responseDueAt : item.resolutionDueAt);

function breachedClock(item: QueueItem, choice: ClockChoice, now: Date): ClockName | undefined {
  if (item.status === 'closed') return undefined;
  const time = now.toISOString();
  return clocks.find((clock) => {
    if ((choice !== 'any' && choice !== clock) || !running(item, clock)) return false;
    const marked = clock === 'response' ? item.responseBreachedAt : item.resolutionBreachedAt;
    const due = dueOf(item, clock);
    return Boolean(marked) || (item.slaState === 'breached' && due !== undefined && due <= time);
  });
}

function atRiskClock(item: QueueItem, choice: ClockChoice, now: Date): ClockName | undefined {
  if (item.status === 'closed' || item.slaState !== 'at-risk') return undefined;
  const time = now.toISOString();
  return clocks.find((clock) => {
    if ((choice !== 'any' && choice !== clock) || !running(item, clock)) return false;
    const warn = clock === 'response' ? item.responseWarnAt : item.resolutionWarnAt;
    const due = dueOf(item, clock);
    return warn !== undefined && warn <= time && (due === undefined || due > time);
  });
}

function caseFinding(item: QueueItem, period: string, facts: Finding['facts']): Finding {
  return {
    subject: { kind: 'case', id: String(item.number) },
    period,
    title: `${caseLabel(item.number)} · ${item.title}`,
    accountId: item.accountId,
    accountName: item.accountName,
    ...(item.ownerId ? { ownerId: item.ownerId } : {}),
    ...(item.ownerName ? { ownerName: item.ownerName } : {}),
    ...(item.teamId ? { teamId: item.teamId } : {}),
    ...(item.teamName ? { teamName: item.teamName } : {}),
    facts: { number: item.number, type: item.type, priority: item.priority, ...facts },
  };
}

const slaFinding = (item: QueueItem, clock: ClockName): Finding => {
  const due = dueOf(item, clock);
  return caseFinding(item, `${clock}:${due ?? item.openedAt}`, { clock, ...(due ? { dueAt: due } : {}) });
};

export function caseConditions(cases: CasesService) {
  const readItem = (evaluation: Evaluation, id: string) =>
    readOnce(evaluation, `case:${id}`, () => cases.caseItem(evaluation.tenantId, Number(id)));
  const list = (evaluation: Evaluation, sla: 'breached' | 'at-risk') =>
    allPages((token) => cases.slaList(evaluation.tenantId, sla, { pageSize, continuationToken: token }), evaluation.signal);

  const slaBreached: Condition<'sla-breached'> = {
    id: 'sla-breached',
    subject: 'case',
    kind: 'standing',
    fields: [{ name: 'clock', kind: 'clock' }],
    async *sweep(evaluation, { clock }) {
      for await (const { value } of list(evaluation, 'breached')) {
        const breached = breachedClock(value, clock, evaluation.now);
        if (breached) yield slaFinding(value, breached);
      }
    },
    async check(evaluation, { clock }, id) {
      const item = await readItem(evaluation, id);
      const breached = item && breachedClock(item, clock, evaluation.now);
      return item && breached ? slaFinding(item, breached) : undefined;
    },
  };

  const slaAtRisk: Condition<'sla-at-risk'> = {
    id: 'sla-at-risk',
    subject: 'case',
    kind: 'standing',
    fields: [{ name: 'clock', kind: 'clock' }],
    async *sweep(evaluation, { clock }) {
      for await (const { value } of list(evaluation, 'at-risk')) {
        const atRisk = atRiskClock(value, clock, evaluation.now);
        if (atRisk) yield slaFinding(value, atRisk);
      }
    },
    async check(evaluation, { clock }, id) {
      const item = await readItem(evaluation, id);
      const atRisk = item && atRiskClock(item, clock, evaluation.now);
      return item && atRisk ? slaFinding(item, atRisk) : undefined;
    },
  };

  /** A complaint whose step `step - 1` was done at least `hours` ago and which waits for step `step`. */
  const waiting = (item: QueueItem, { step, hours }: Thresholds<'complaint-stuck'>, now: Date): Finding | undefined => {
    if (item.type !== 'complaint' || item.status === 'closed' || item.complaintStep !== step - 1) return undefined;
    const since = item.complaintStepAt ?? item.openedAt;
    const waited = Math.floor((now.getTime() - Date.parse(since)) / hourMs);
    return waited >= hours ? caseFinding(item, `${step}:${since}`, { step, hours: waited, since }) : undefined;
  };

  const complaintStuck: Condition<'complaint-stuck'> = {
    id: 'complaint-stuck',
    subject: 'case',
    kind: 'standing',
    fields: [
      { name: 'step', kind: 'step', min: 2, max: 8 },
      { name: 'hours', kind: 'hours', min: 1, max: 720 },
    ],
    async *sweep(evaluation, thresholds) {
      const before = new Date(evaluation.now.getTime() - thresholds.hours * hourMs).toISOString();
      const items = allPages(
        (token) =>
          cases.complaintsAtStep(evaluation.tenantId, { step: thresholds.step - 1, before }, { pageSize, continuationToken: token }),
        evaluation.signal,
      );
      for await (const { value } of items) {
        const finding = waiting(value, thresholds, evaluation.now);
        if (finding) yield finding;
      }
    },
    async check(evaluation, thresholds, id) {
      const item = await readItem(evaluation, id);
      return item && waiting(item, thresholds, evaluation.now);
    },
  };

  return [slaAtRisk, slaBreached, complaintStuck] as const;
}
