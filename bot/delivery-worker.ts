// Drives one delivery to its end: finds the conversation, waits for Teams' limits, sends, retries, and records each step.
//
// Every write of the record is ETag-checked. A record changed meanwhile was updated (a new card to deliver), closed
// by an uninstall, or taken over by another process after this one fell silent; the worker reads it again and
// respects what it finds.
import type { Clock } from '../src/core/clock';
import { AppError } from '../src/core/errors';
import type { Logger } from '../src/core/logger';
import type { DeliveryErrorCode } from '../src/core/notifier';
import type { Stored } from '../src/storage/repository';
import { backoffMs, ConnectorFailure, type RetrySettings } from './connector-failure';
import type { StoredReference } from './conversation-reference.store';
import { conversationKeyOf, resolveTarget, type TargetSources } from './delivery-target';
import type { DeliveryRow, DeliveryStore } from './delivery.store';
import type { OutgoingMessage } from './proactive-sender';
import { sleep } from './rate-limits';

export interface WorkerSettings extends TargetSources {
  deliveries: DeliveryStore;
  clock: Clock;
  log: Logger;
  retry: RetrySettings;
  /** This process, as recorded in the deliveries it drives. */
  workerId: string;
  /** Aborted at stop: waits end, and what is recorded stays for the next start. */
  signal: AbortSignal;
}

type Outcome =
  | { kind: 'delivered'; reference: StoredReference; activityId: string; sent: OutgoingMessage }
  | { kind: 'retry'; code: DeliveryErrorCode; reason: string; delayMs: number }
  | { kind: 'closed'; status: 'failed' | 'unreachable'; code: DeliveryErrorCode; reason: string; attempted: boolean };

export const isOpen = (row: DeliveryRow): boolean => row.status === 'pending' || row.status === 'retrying';
const messageOf = (row: DeliveryRow): OutgoingMessage => ({ card: row.card ?? {}, ...(row.text ? { text: row.text } : {}) });
const reasonText = (reason: string) => reason.slice(0, 1000);

export class DeliveryWorker {
  constructor(private readonly settings: WorkerSettings) {}

  /** Sends until the delivery is delivered or closed. */
  async drive(first: Stored<DeliveryRow>): Promise<void> {
    let current: Stored<DeliveryRow> | undefined = first;
    while (current && isOpen(current.value)) {
      const { tenantId, id, nextAttemptAt } = current.value;
      const wait = nextAttemptAt ? Date.parse(nextAttemptAt) - this.settings.clock.now().getTime() : 0;
      if (wait > 0) {
        await sleep(wait, this.settings.signal);
        current = await this.settings.deliveries.get(tenantId, id);
        if (!current || !isOpen(current.value) || current.value.worker !== this.settings.workerId) return;
      }
      const outcome = await this.attempt(current.value);
      current = await this.record(current, outcome);
    }
  }

  /** Replaces a delivered card in Teams, retrying as a send does; the outcome is noted on the record. */
  async updateInPlace(row: DeliveryRow, message: OutgoingMessage): Promise<void> {
    const reference = row.reference!;
    for (let attempt = 1; ; attempt += 1) {
      try {
        await this.settings.limits.acquire(row.tenantId, reference.conversation.id, this.settings.signal);
        await this.settings.sender.update(reference, row.activityId!, message);
        await this.note(row, { updates: 1 });
        return;
      } catch (error) {
        if (!(error instanceof ConnectorFailure)) throw error;
        const verdict = error.verdict;
        if (verdict.kind === 'retry' && attempt < this.settings.retry.maxAttempts) {
          const delayMs = verdict.retryAfterMs ?? backoffMs(attempt, this.settings.retry);
          if (verdict.code === 'throttled') this.settings.limits.pause(row.tenantId, reference.conversation.id, delayMs);
          await sleep(delayMs, this.settings.signal);
          continue;
        }
        if (verdict.kind === 'unreachable')
          await this.settings.references.markUnreachable(row.tenantId, conversationKeyOf(row), verdict.reason);
        await this.note(row, { updates: 0, code: verdict.code, reason: `The card could not be updated: ${verdict.reason}` });
        return;
      }
    }
  }

  private async attempt(row: DeliveryRow): Promise<Outcome> {
    const key = conversationKeyOf(row);
    let conversationKey = key.kind === 'user' ? `open-chat:${key.userId}` : key.channelId;
    let storedTarget = false;
    try {
      const target = await resolveTarget(row, this.settings, this.settings.signal);
      if (target.kind === 'closed') return { ...target, attempted: false };
      conversationKey = target.reference.conversation.id;
      storedTarget = true;
      await this.settings.limits.acquire(row.tenantId, conversationKey, this.settings.signal);
      const message = messageOf(row);
      const { activityId } = await this.settings.sender.send(target.reference, message);
      return { kind: 'delivered', reference: target.reference, activityId, sent: message };
    } catch (error) {
      if (!(error instanceof ConnectorFailure)) throw error;
      const verdict = error.verdict;
      const attempts = row.attempts + 1;
      if (verdict.kind === 'unreachable') await this.settings.references.markUnreachable(row.tenantId, key, verdict.reason);
      // A person's chat that Teams no longer knows is forgotten, so that the next send opens a new one.
      if (verdict.code === 'conversation-not-found' && key.kind === 'user' && storedTarget)
        await this.settings.references.forgetUser(row.tenantId, key.userId);
      if (verdict.kind !== 'retry')
        return { kind: 'closed', status: verdict.kind, code: verdict.code, reason: verdict.reason, attempted: true };
      if (attempts >= this.settings.retry.maxAttempts) {
        return {
          kind: 'closed',
          status: 'failed',
          code: verdict.code,
          reason: `Gave up after ${attempts} attempts: ${verdict.reason}`,
          attempted: true,
        };
      }
      const delayMs = verdict.retryAfterMs ?? backoffMs(attempts, this.settings.retry);
      if (verdict.code === 'throttled') this.settings.limits.pause(row.tenantId, conversationKey, delayMs);
      return { kind: 'retry', code: verdict.code, reason: verdict.reason, delayMs };
    }
  }

  private next(row: DeliveryRow, outcome: Outcome): DeliveryRow {
    const now = this.settings.clock.now();
    const at = now.toISOString();
    const base = { ...row, updatedAt: at, nextAttemptAt: undefined };
    if (outcome.kind === 'delivered') {
      const { reference, activityId } = outcome;
      return {
        ...base,
        status: 'delivered',
        attempts: row.attempts + 1,
        reference,
        conversationId: reference.conversation.id,
        activityId,
        deliveredAt: at,
        card: undefined,
        text: undefined,
        worker: undefined,
      };
    }
    const failure = { lastErrorCode: outcome.code, lastError: reasonText(outcome.reason) };
    if (outcome.kind === 'retry')
      return {
        ...base,
        ...failure,
        status: 'retrying',
        attempts: row.attempts + 1,
        nextAttemptAt: new Date(now.getTime() + outcome.delayMs).toISOString(),
      };
    return {
      ...base,
      ...failure,
      status: outcome.status,
      attempts: row.attempts + (outcome.attempted ? 1 : 0),
      card: undefined,
      text: undefined,
      worker: undefined,
    };
  }

  /** Writes the outcome; returns the record to go on with, or undefined when the delivery is no longer this worker's. */
  private async record(current: Stored<DeliveryRow>, outcome: Outcome): Promise<Stored<DeliveryRow> | undefined> {
    let latest = current;
    for (let round = 0; round < 5; round += 1) {
      try {
        const written = await this.settings.deliveries.replace(this.next(latest.value, outcome), latest.etag);
        // An update that came in while the card was on its way: Teams shows the sent card, so replace it now.
        if (outcome.kind === 'delivered' && latest.value.card && JSON.stringify(messageOf(latest.value)) !== JSON.stringify(outcome.sent)) {
          await this.updateInPlace(written.value, messageOf(latest.value));
        }
        return written;
      } catch (error) {
        if (!(error instanceof AppError && error.code === 'CONFLICT')) throw error;
      }
      const fresh = await this.settings.deliveries.get(latest.value.tenantId, latest.value.id);
      if (!fresh) return undefined;
      // What was sent is recorded whatever happened meanwhile; a failure is not, once someone else owns the delivery.
      if (outcome.kind !== 'delivered' && (!isOpen(fresh.value) || fresh.value.worker !== this.settings.workerId)) return undefined;
      latest = fresh;
    }
    throw new Error(`Delivery ${current.value.id} kept changing while its outcome was being recorded`);
  }

  private async note(row: DeliveryRow, change: { updates: number; code?: DeliveryErrorCode; reason?: string }): Promise<void> {
    for (let round = 0; round < 5; round += 1) {
      const current = await this.settings.deliveries.get(row.tenantId, row.id);
      if (!current) return;
      const failure = change.code ? { lastErrorCode: change.code, lastError: reasonText(change.reason ?? '') } : {};
      try {
        await this.settings.deliveries.replace(
          {
            ...current.value,
            ...failure,
            updates: current.value.updates + change.updates,
            updatedAt: this.settings.clock.now().toISOString(),
          },
          current.etag,
        );
        return;
      } catch (error) {
        if (!(error instanceof AppError && error.code === 'CONFLICT')) throw error;
      }
    }
    this.settings.log.warn('an update of a delivered card could not be noted on its record', {
      tenantId: row.tenantId,
      deliveryId: row.id,
    });
  }
}
