// The alert engine: sweeps a tenant's rules from indexes, checks one record when its event arrives, writes each finding to the ledger once, and resolves what cleared.
import { forEachLimited } from '../../core/concurrency';
import { isAppError } from '../../core/errors';
import type { Logger } from '../../core/logger';
import type { Stored } from '../../storage/repository';
import type { PeopleService } from '../people';
import type { AlertDelivery, Outcome } from './alert-delivery';
import type { SweepBody } from './alerts.api-types';
import type { Condition, Evaluation } from './conditions/condition';
import { inScope, scopeTeamsOf, subjectKey, type Finding, type ScopeTeams } from './finding';
import { changeAlert, newAlertState, refOf, withLog, type Alert, type Ledger } from './ledger.store';
import type { PulseStore } from './pulse.store';
import type { ConditionId, Rule, SubjectKind } from './rule.schema';

/** Findings a sweep works on at once, how many it gathers before it does, and how many new alerts one transaction writes. */
const concurrency = 8;
const batchSize = 200;
const createdTogether = 50;
/** A pending delivery older than this was left by a process that stopped: another one finishes it. */
const pendingGraceMs = 30_000;

export interface EngineDeps {
  conditions: ReadonlyMap<ConditionId, Condition>;
  /** The tenant's rules that are on (briefly remembered). */
  enabledRules(tenantId: string): Promise<Rule[]>;
  ledger: Ledger;
  pulse: PulseStore;
  people: PeopleService;
  delivery: AlertDelivery;
  /** Replaces every delivered card of the alert with its current state. */
  refreshCards(tenantId: string, alert: Alert, rule: Rule): Promise<void>;
  log: Logger;
}

type Counts = Omit<SweepBody, 'rules' | 'tookMs'>;
const noCounts = (): Counts => ({ found: 0, created: 0, resolved: 0, sent: 0, deferred: 0 });
const add = (into: Counts, more: Counts) => (Object.keys(into) as (keyof Counts)[]).forEach((key) => (into[key] += more[key]));
const keyOf = (finding: Pick<Finding, 'subject' | 'period'>) => `${subjectKey(finding)}|${finding.period}`;
const alertKey = (alert: Alert) => `${alert.subjectKind}:${alert.subjectId}|${alert.period}`;

export function createAlertEngine(deps: EngineDeps) {
  const { conditions, ledger, people, delivery, log } = deps;

  /** What the scope check needs for one evaluation: the rule's teams, and each account's tier, read once. */
  function scopeReader(evaluation: Evaluation) {
    let teams: Promise<ScopeTeams> | undefined;
    const tiers = new Map<string, Promise<boolean>>();
    const teamsOf = (rule: Rule) =>
      (teams ??= people
        .teamsOf(evaluation.tenantId)
        .then((all) => scopeTeamsOf(all.filter((team) => rule.scope.teamIds.includes(team.id)))));
    return async (finding: Finding, rule: Rule): Promise<boolean> => {
      if (rule.scope.tier !== 'any' && finding.keyAccount === undefined && finding.accountId) {
        const accountId = finding.accountId;
        if (!tiers.has(accountId))
          tiers.set(
            accountId,
            deps.pulse.get(evaluation.tenantId, accountId).then((pulse) => pulse?.keyAccount ?? false),
          );
        finding = { ...finding, keyAccount: await tiers.get(accountId)! };
      }
      return inScope(finding, rule.scope, rule.scope.teamIds.length > 0 ? await teamsOf(rule) : undefined);
    };
  }

  /** The ledger row of a new finding: open, its delivery pending. */
  async function alertOf(evaluation: Evaluation, rule: Rule, finding: Finding): Promise<Alert> {
    const at = evaluation.now.toISOString();
    const managerId = finding.ownerId ? await people.managerOf(evaluation.tenantId, finding.ownerId) : undefined;
    return {
      ruleId: rule.id,
      condition: rule.condition,
      subjectKind: finding.subject.kind,
      subjectId: finding.subject.id,
      period: finding.period,
      title: finding.title,
      ...(finding.accountId ? { accountId: finding.accountId } : {}),
      ...(finding.accountName ? { accountName: finding.accountName } : {}),
      ...(finding.ownerId ? { ownerId: finding.ownerId, assigneeId: finding.ownerId } : {}),
      ...(finding.ownerName ? { ownerName: finding.ownerName, assigneeName: finding.ownerName } : {}),
      ...(finding.teamId ? { teamId: finding.teamId } : {}),
      ...(finding.teamName ? { teamName: finding.teamName } : {}),
      ...(finding.amount !== undefined ? { amount: finding.amount } : {}),
      ...(finding.keyAccount !== undefined ? { keyAccount: finding.keyAccount } : {}),
      ...(managerId && managerId !== finding.ownerId ? { managerId } : {}),
      facts: finding.facts,
      ...newAlertState(at),
    };
  }

  /**
   * Writes the new findings of a rule to the ledger, a transaction per `createdTogether`, and sends those this call
   * created: the one process that creates an alert is the one that sends it.
   */
  async function raise(evaluation: Evaluation, rule: Rule, findings: readonly Finding[]): Promise<Counts> {
    const counts = noCounts();
    const alerts: Alert[] = [];
    await forEachLimited(findings, concurrency, async (finding, i) => void (alerts[i] = await alertOf(evaluation, rule, finding)));
    for (let i = 0; i < alerts.length; i += createdTogether) {
      const created = await ledger.createAllIfAbsent(evaluation.tenantId, rule.id, alerts.slice(i, i + createdTogether));
      counts.created += created.length;
      add(counts, await send(evaluation, rule, created));
    }
    return counts;
  }

  /**
   * Sends (or queues) the cards of a rule's alerts, then records where they went, in one transaction when none changed
   * since; safe to repeat, as every send has its dedupe key.
   */
  async function send(evaluation: Evaluation, rule: Rule, alerts: readonly Stored<Alert>[]): Promise<Counts> {
    const counts = noCounts();
    const outcomes = await delivery.deliverAll(
      evaluation,
      alerts.map((stored) => stored.value),
      rule,
      concurrency,
    );
    for (const outcome of outcomes) {
      counts.sent += outcome.sent.length;
      counts.deferred += outcome.deferred;
    }
    const done = (current: Alert, outcome: Outcome): Alert => {
      const known = new Set(current.deliveries.map((one) => one.id));
      const deliveries = [...current.deliveries, ...outcome.sent.filter((one) => !known.has(one.id))].slice(-60);
      return { ...current, delivery: 'done', deliveries, updatedAt: evaluation.now.toISOString() };
    };
    if (alerts.length > 1) {
      try {
        await ledger.replaceAll(
          evaluation.tenantId,
          rule.id,
          alerts.map((stored, i) => ({ value: done(stored.value, outcomes[i]!), etag: stored.etag })),
        );
        return counts;
      } catch (error) {
        // Someone acted on one of the cards already: each is recorded on its latest version.
        if (!isAppError(error, 'CONFLICT')) throw error;
      }
    }
    await forEachLimited(alerts, concurrency, async (stored, i) => {
      await changeAlert(ledger, evaluation.tenantId, refOf(stored.value), (current) => done(current, outcomes[i]!), stored);
    });
    return counts;
  }

  async function resolve(evaluation: Evaluation, rule: Rule, stored: Stored<Alert>): Promise<Counts> {
    const at = evaluation.now.toISOString();
    const resolved = await changeAlert(ledger, evaluation.tenantId, refOf(stored.value), (current) =>
      current.state === 'resolved'
        ? undefined
        : withLog(
            { ...current, state: 'resolved', resolvedAt: at, updatedAt: at },
            { at, byUserId: 'system', byName: '', action: 'resolved' },
          ),
    );
    await deps.refreshCards(evaluation.tenantId, resolved.value, rule);
    return { ...noCounts(), resolved: 1 };
  }

  /** A snooze that ended with the condition still true: the alert opens again and its cards go out once more. */
  async function wake(evaluation: Evaluation, rule: Rule, stored: Stored<Alert>): Promise<Counts> {
    const at = evaluation.now.toISOString();
    const woken = await changeAlert(ledger, evaluation.tenantId, refOf(stored.value), (current) => {
      if (current.state !== 'snoozed' || !current.snoozedUntil || current.snoozedUntil > at) return undefined;
      const { snoozedUntil: _ended, ...rest } = current;
      return withLog(
        { ...rest, state: 'open', wakes: current.wakes + 1, delivery: 'pending', updatedAt: at },
        { at, byUserId: 'system', byName: '', action: 'woke' },
      );
    });
    if (woken.value.state !== 'open' || woken.value.wakes === stored.value.wakes) return noCounts();
    await deps.refreshCards(evaluation.tenantId, woken.value, rule);
    return send(evaluation, rule, [woken]);
  }

  /** What an unresolved alert needs at a sweep: a snooze that ended, or a delivery a stopped process left pending. */
  async function upkeep(evaluation: Evaluation, rule: Rule, stored: Stored<Alert>): Promise<Counts> {
    const alert = stored.value;
    if (alert.state === 'snoozed' && alert.snoozedUntil && alert.snoozedUntil <= evaluation.now.toISOString())
      return wake(evaluation, rule, stored);
    if (alert.delivery === 'pending' && Date.parse(alert.updatedAt) < evaluation.now.getTime() - pendingGraceMs)
      return send(evaluation, rule, [stored]);
    return noCounts();
  }

  async function sweepRule(evaluation: Evaluation, rule: Rule): Promise<Counts> {
    const condition = conditions.get(rule.condition)!;
    const counts = noCounts();
    const unresolved = new Map<string, Stored<Alert>>();
    for await (const stored of ledger.unresolved(evaluation.tenantId, rule.id)) unresolved.set(alertKey(stored.value), stored);
    const inRuleScope = scopeReader(evaluation);
    const seen = new Set<string>();
    let batch: Finding[] = [];
    const work = async (findings: Finding[]) => {
      await forEachLimited(findings, concurrency, async (finding) => {
        const known = unresolved.get(keyOf(finding));
        if (known) add(counts, await upkeep(evaluation, rule, known));
      });
      const fresh = findings.filter((finding) => !unresolved.has(keyOf(finding)));
      add(counts, await raise(evaluation, rule, fresh));
    };
    for await (const finding of condition.sweep(evaluation, rule.thresholds as never)) {
      if (!(await inRuleScope(finding, rule))) continue;
      counts.found += 1;
      seen.add(keyOf(finding));
      batch.push(finding);
      if (batch.length >= batchSize) {
        await work(batch);
        batch = [];
      }
    }
    await work(batch);
    if (evaluation.signal?.aborted) return counts;
    const gone = [...unresolved].filter(([key]) => !seen.has(key)).map(([, stored]) => stored);
    await forEachLimited(gone, concurrency, async (stored) => {
      if (condition.kind === 'event') {
        add(counts, await upkeep(evaluation, rule, stored));
        return;
      }
      // Gone from the index: checked on the record itself before it is resolved, as an index may trail its record.
      const now = await condition.check(evaluation, rule.thresholds as never, stored.value.subjectId);
      const still = now && now.period === stored.value.period && (await inRuleScope(now, rule));
      add(counts, still ? await upkeep(evaluation, rule, stored) : await resolve(evaluation, rule, stored));
    });
    return counts;
  }

  return {
    /** One sweep of every rule that is on. */
    async sweep(base: Evaluation): Promise<SweepBody> {
      const started = Date.now();
      // Shared by every rule of the sweep: each recipient's reading is looked up once.
      const evaluation: Evaluation = { ...base, reads: base.reads ?? new Map() };
      const rules = await deps.enabledRules(evaluation.tenantId);
      const counts = noCounts();
      for (const each of await Promise.all(rules.map((rule) => sweepRule(evaluation, rule)))) add(counts, each);
      return { rules: rules.length, ...counts, tookMs: Date.now() - started };
    },

    /**
     * Checks one record against the rules about its kind: an event's work, within seconds of the write. A record just
     * created (`created`) has no alerts yet, so only a match is looked for.
     */
    async onSubject(base: Evaluation, kind: SubjectKind, id: string, created = false): Promise<Counts> {
      const counts = noCounts();
      const evaluation: Evaluation = { ...base, reads: new Map() };
      const rules = (await deps.enabledRules(evaluation.tenantId)).filter((rule) => conditions.get(rule.condition)!.subject === kind);
      const inRuleScope = scopeReader(evaluation);
      for (const rule of rules) {
        const condition = conditions.get(rule.condition)!;
        const finding = await condition.check(evaluation, rule.thresholds as never, id);
        const matches = finding && (await inRuleScope(finding, rule)) ? finding : undefined;
        if (created && !matches) continue;
        const known = created ? [] : await ledger.ofSubject(evaluation.tenantId, rule.id, { subject: { kind, id } });
        for (const stored of known) {
          if (stored.value.state === 'resolved' || condition.kind === 'event') continue;
          if (!matches || matches.period !== stored.value.period) add(counts, await resolve(evaluation, rule, stored));
        }
        if (matches && !known.some((stored) => stored.value.period === matches.period)) {
          counts.found += 1;
          add(counts, await raise(evaluation, rule, [matches]));
        }
      }
      if (counts.created + counts.resolved > 0)
        log.info('alerts on event', { tenantId: evaluation.tenantId, subject: `${kind}:${id}`, ...counts });
      return counts;
    },

    /** The first matches of a rule's settings now, for the rule builder's preview; nothing is written. */
    async preview(evaluation: Evaluation, rule: Rule, limit: number): Promise<{ total: number; more: boolean; items: Finding[] }> {
      const condition = conditions.get(rule.condition)!;
      const inRuleScope = scopeReader(evaluation);
      const items: Finding[] = [];
      let total = 0;
      const countUpTo = 1000;
      for await (const finding of condition.sweep(evaluation, rule.thresholds as never)) {
        if (!(await inRuleScope(finding, rule))) continue;
        total += 1;
        if (items.length < limit) items.push(finding);
        if (total >= countUpTo) return { total, more: true, items };
      }
      return { total, more: false, items };
    },

    resolve,
  };
}

export type AlertEngine = ReturnType<typeof createAlertEngine>;
