// The alert ledger 提醒台账: each finding under a deterministic key (rule + subject + period), created only if absent, so any number of processes send it once.
import { z } from 'zod';
import { isAppError } from '../../core/errors';
import { locales } from '../../core/i18n';
import { alertsErrors } from './alerts.errors';
import { where } from '../../storage/filter';
import { composeKey, keyPrefixRange } from '../../storage/keys';
import type { LogicalTable } from '../../storage/logical-table';
import { Repository, type Stored } from '../../storage/repository';
import { conditionIds, subjectKinds } from './rule.schema';
import { subjectKey, type Finding } from './finding';

export const alertStates = ['open', 'acknowledged', 'snoozed', 'resolved'] as const;
export type AlertState = (typeof alertStates)[number];

/** Where an alert's card went: the delivery to update in place, and to whom (`user:<id>` or `channel:<team>:<channel>`). */
const deliverySchema = z.strictObject({ id: z.string(), to: z.string(), locale: z.enum(locales) });
/** What people did with the alert, oldest first. */
const logEntrySchema = z.strictObject({
  at: z.string(),
  byUserId: z.string(),
  byName: z.string(),
  action: z.enum(['acknowledged', 'snoozed', 'reassigned', 'followed-up', 'retention-logged', 'woke', 'resolved']),
  detail: z.string().optional(),
});
export type AlertLogEntry = z.infer<typeof logEntrySchema>;

export const alertSchema = z.strictObject({
  ruleId: z.uuid(),
  condition: z.enum(conditionIds),
  subjectKind: z.enum(subjectKinds),
  subjectId: z.string(),
  period: z.string(),
  title: z.string(),
  accountId: z.string().optional(),
  accountName: z.string().optional(),
  ownerId: z.string().optional(),
  ownerName: z.string().optional(),
  teamId: z.string().optional(),
  teamName: z.string().optional(),
  amount: z.number().optional(),
  keyAccount: z.boolean().optional(),
  facts: z.record(z.string(), z.union([z.string(), z.number()])),
  state: z.enum(alertStates),
  /** Who is to act on it: the owner, or whom a manager reassigned it to. */
  assigneeId: z.string().optional(),
  assigneeName: z.string().optional(),
  /** The assignee's manager when the alert was made: the card's manager view is theirs. */
  managerId: z.string().optional(),
  snoozedUntil: z.string().optional(),
  /** `pending` until every recipient's card is sent or queued: a process that finds it pending later finishes the job. */
  delivery: z.enum(['pending', 'done']),
  /** How many times a snooze ended with the condition still true (each wakes the cards again). */
  wakes: z.number().int().min(0),
  deliveries: z.array(deliverySchema).max(60),
  log: z.array(logEntrySchema).max(30),
  createdAt: z.string(),
  updatedAt: z.string(),
  resolvedAt: z.string().optional(),
});
export type Alert = z.infer<typeof alertSchema>;

/** How every alert starts: open, its cards not yet sent, nothing done with it. */
export const newAlertState = (at: string) =>
  ({ state: 'open', delivery: 'pending', wakes: 0, deliveries: [], log: [], createdAt: at, updatedAt: at }) satisfies Partial<Alert>;

/** An alert's address in card data and in the digest queue. */
export const alertRefSchema = z.strictObject({
  ruleId: z.uuid(),
  subject: z.string().min(3).max(200),
  period: z.string().min(1).max(100),
});
export type AlertRef = z.infer<typeof alertRefSchema>;

export const refOf = (alert: Pick<Alert, 'ruleId' | 'subjectKind' | 'subjectId' | 'period'>): AlertRef => ({
  ruleId: alert.ruleId,
  subject: `${alert.subjectKind}:${alert.subjectId}`,
  period: alert.period,
});

/** PK [tenant, 'AlertLedger', 'rule', ruleId]: a rule's alerts, RK [subject, period]. */
const partitionOf = (ruleId: string) => ['rule', ruleId];
const address = (tenantId: string, ref: AlertRef) => ({ tenantId, partition: partitionOf(ref.ruleId), row: [ref.subject, ref.period] });
const notResolved = where`state ne ${'resolved'}`;

/** How many log entries an alert keeps: the latest. */
const logKept = 30;
export const withLog = (alert: Alert, entry: AlertLogEntry): Alert => ({ ...alert, log: [...alert.log, entry].slice(-logKept) });

export function createLedger(table: LogicalTable) {
  const alerts = new Repository(table, 'alert', alertSchema, ['facts', 'deliveries', 'log']);

  return {
    /** Writes the alert if no alert has its key yet: the one caller that gets it back sends it. */
    async createIfAbsent(tenantId: string, alert: Alert): Promise<Stored<Alert> | undefined> {
      try {
        return await alerts.create(address(tenantId, refOf(alert)), alert);
      } catch (error) {
        if (isAppError(error, 'ALREADY_EXISTS')) return undefined;
        throw error;
      }
    },

    /**
     * Writes new alerts of one rule in one transaction, all or none: the caller gets back those it created. When one
     * of them exists already (another process swept them first), each is created on its own, so that each is still
     * sent by the one caller that made it.
     */
    async createAllIfAbsent(tenantId: string, ruleId: string, fresh: readonly Alert[]): Promise<Stored<Alert>[]> {
      if (fresh.length > 1) {
        try {
          const changes = fresh.map((value) => ({ kind: 'create' as const, row: address(tenantId, refOf(value)).row, value }));
          const etags = await alerts.transact(tenantId, partitionOf(ruleId), changes, { atomic: true });
          return changes.map(({ row, value }) => ({ value, etag: etags.get(composeKey(row))! }));
        } catch (error) {
          if (!isAppError(error, 'ALREADY_EXISTS')) throw error;
        }
      }
      const made = await Promise.all(fresh.map((alert) => this.createIfAbsent(tenantId, alert)));
      return made.filter((stored): stored is Stored<Alert> => stored !== undefined);
    },

    /** Replaces alerts of one rule in one transaction, each at the version given: CONFLICT, and nothing written, when one changed since. */
    async replaceAll(tenantId: string, ruleId: string, changed: readonly { value: Alert; etag: string }[]): Promise<void> {
      const changes = changed.map(({ value, etag }) => ({
        kind: 'replace' as const,
        row: address(tenantId, refOf(value)).row,
        value,
        etag,
      }));
      await alerts.transact(tenantId, partitionOf(ruleId), changes, { atomic: true });
    },

    get(tenantId: string, ref: AlertRef): Promise<Stored<Alert> | undefined> {
      return alerts.get(address(tenantId, ref));
    },

    replace(tenantId: string, alert: Alert, etag: string): Promise<Stored<Alert>> {
      return alerts.replace(address(tenantId, refOf(alert)), alert, etag);
    },

    /** A rule's alerts not yet resolved, page by page. */
    async *unresolved(tenantId: string, ruleId: string): AsyncIterable<Stored<Alert>> {
      let continuationToken: string | undefined;
      do {
        const page = await alerts.page(tenantId, partitionOf(ruleId), { pageSize: 1000, continuationToken, where: notResolved });
        yield* page.items;
        continuationToken = page.continuationToken;
      } while (continuationToken);
    },

    /**
     * Deletes a rule's alerts resolved before `before`, a page at a time; returns how many. Their keys may then be
     * written again, which only a finding with the same period could do, long after it cleared.
     */
    async pruneResolved(tenantId: string, ruleId: string, before: string): Promise<number> {
      let pruned = 0;
      for (;;) {
        const page = await alerts.page(tenantId, partitionOf(ruleId), {
          pageSize: 100,
          where: where`state eq ${'resolved'} and resolvedAt lt ${before}`,
        });
        if (page.items.length === 0) return pruned;
        await alerts.transact(
          tenantId,
          partitionOf(ruleId),
          page.items.map((item) => ({ kind: 'delete' as const, row: address(tenantId, refOf(item.value)).row })),
        );
        pruned += page.items.length;
      }
    },

    /** A rule's alerts on one subject, every period. */
    async ofSubject(tenantId: string, ruleId: string, finding: Pick<Finding, 'subject'>): Promise<Stored<Alert>[]> {
      const page = await alerts.page(tenantId, partitionOf(ruleId), { pageSize: 100, ...keyPrefixRange([subjectKey(finding)]) });
      return page.items;
    },
  };
}

export type Ledger = ReturnType<typeof createLedger>;

/**
 * Applies `change` to the latest version of an alert, reading it again when another process changed it in between,
 * so that two clicks on two copies of a card both count. UNKNOWN_ALERT when it is gone.
 */
export async function changeAlert(
  ledger: Ledger,
  tenantId: string,
  ref: AlertRef,
  change: (alert: Alert) => Alert | undefined,
  /** The version the caller holds, tried first without reading it again. */
  known?: Stored<Alert>,
): Promise<Stored<Alert>> {
  for (let attempt = 0; ; attempt += 1) {
    const current = attempt === 0 && known ? known : await ledger.get(tenantId, ref);
    if (!current) throw alertsErrors.fail('UNKNOWN_ALERT');
    const next = change(current.value);
    if (!next) return current;
    try {
      return await ledger.replace(tenantId, next, current.etag);
    } catch (error) {
      if (!isAppError(error, 'CONFLICT') || attempt >= 5) throw error;
    }
  }
}
