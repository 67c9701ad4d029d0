// The `notify` service: records each send, drives it in the background, updates sent cards, and resumes after a restart.
//
// A send resolves once its record exists; the worker then sends within Teams' limits and retries. A process that
// stops leaves its deliveries as recorded (`pending`, or `retrying` with the time of the next attempt); another
// process resumes them once this one's lease has lapsed, a minute after it was last seen (delivery-resume.ts).
import { randomUUID } from 'node:crypto';
import { createBackgroundWork } from '../src/core/background-work';
import { KeyedQueue } from '../src/core/concurrency';
import { AppError } from '../src/core/errors';
import type { DeliveryLog, ManagerDirectory, Notifier, NotifyRequest } from '../src/core/notifier';
import { parseWith } from '../src/core/validation';
import { where, type ODataFilter } from '../src/storage/filter';
import type { Leases } from '../src/storage/leases';
import type { Stored } from '../src/storage/repository';
import { cardSchema, deliveryIdOf, notifyRequestSchema, parseDeliveryId, textSchema, toDelivery } from './delivery-request';
import { maxOpenMs, resumeOpenDeliveries } from './delivery-resume';
import { newDeliveryRowId, type DeliveryRow, type NewDelivery } from './delivery.store';
import { DeliveryWorker, isOpen, type WorkerSettings } from './delivery-worker';
import { sleep } from './rate-limits';
import { createWorkerLiveness } from './worker-liveness';

export interface ProactiveDelivery {
  notifierFor(pluginId: string): Notifier;
  log: DeliveryLog;
  /** Closes the pending sends to an uninstalled person, team or channel: they are recorded as failed, never sent. */
  closeOpen(tenantId: string, recipient: { userId: string } | { teamId: string; channelId?: string }): Promise<void>;
  /** Takes this process's lease, then, in the background, resumes the deliveries of processes that are gone. */
  start(): Promise<void>;
  /** Ends every wait; resolves when requests under way have been answered and recorded. */
  stop(): Promise<void>;
}

export type DeliverySettings = Omit<WorkerSettings, 'workerId' | 'signal'> & { managers: ManagerDirectory; leases: Leases };

/** After an unexpected failure (storage down, say), a delivery is driven again this much later, a few times. */
const redriveAfterMs = 30_000;
const redrives = 5;

export function createProactiveDelivery(settings: DeliverySettings): ProactiveDelivery {
  const stopping = new AbortController();
  const workerId = randomUUID();
  const worker = new DeliveryWorker({ ...settings, workerId, signal: stopping.signal });
  const background = createBackgroundWork();
  const updates = new KeyedQueue();
  const { deliveries, clock, log } = settings;
  const liveness = createWorkerLiveness(settings.leases, workerId, log);

  /** Background work; a stop ends its waits on purpose, and the record keeps where it was for the next start. */
  const inBackground = (what: string, context: Record<string, unknown>, work: () => Promise<void>) =>
    background.add(
      work().catch((error: unknown) => {
        if (!stopping.signal.aborted) log.error(`${what} stopped on an unexpected error`, { ...context, error });
      }),
    );
  const about = (row: Pick<DeliveryRow, 'tenantId' | 'id'>) => ({ tenantId: row.tenantId, deliveryId: row.id });

  /** The record of a new delivery, its recipient resolved (a manager looked up now). */
  async function newDelivery(pluginId: string, input: NotifyRequest): Promise<NewDelivery> {
    const request = parseWith(notifyRequestSchema, input);
    const { tenantId, to } = request;
    const now = clock.now().toISOString();
    let recipient: Pick<DeliveryRow, 'recipientKind' | 'userId' | 'teamId' | 'channelId' | 'managerOf'>;
    let unresolved: Pick<DeliveryRow, 'status' | 'lastErrorCode' | 'lastError'> | undefined;
    if ('user' in to) recipient = { recipientKind: 'user', userId: to.user };
    else if ('channel' in to) recipient = { recipientKind: 'channel', teamId: to.channel.teamId, channelId: to.channel.channelId };
    else {
      const manager = await settings.managers.managerOf(tenantId, to.managerOf);
      recipient = { recipientKind: 'user', managerOf: to.managerOf, ...(manager ? { userId: manager } : {}) };
      if (!manager)
        unresolved = { status: 'failed', lastErrorCode: 'no-manager', lastError: `No manager is known for user ${to.managerOf}` };
    }
    const row: DeliveryRow = {
      id: newDeliveryRowId(clock.now()),
      tenantId,
      pluginId,
      ...recipient,
      status: 'pending',
      attempts: 0,
      ...(unresolved ?? { card: request.card, ...(request.text ? { text: request.text } : {}), worker: workerId }),
      updates: 0,
      createdAt: now,
      updatedAt: now,
    };
    return { row, ...(request.dedupeKey ? { dedupeKey: request.dedupeKey } : {}) };
  }

  /** Drives a delivery just recorded, unless it was a repeat or closed from the start; its id. */
  function started({ stored, created }: { stored: Stored<DeliveryRow>; created: boolean }): string {
    if (created && isOpen(stored.value)) inBackground('a delivery', about(stored.value), () => driveSafely(stored));
    return deliveryIdOf(stored.value);
  }

  async function send(pluginId: string, input: NotifyRequest): Promise<string> {
    const { row, dedupeKey } = await newDelivery(pluginId, input);
    return started(await deliveries.create(row, dedupeKey));
  }

  async function sendAll(pluginId: string, inputs: readonly NotifyRequest[]): Promise<string[]> {
    const items = await Promise.all(inputs.map((input) => newDelivery(pluginId, input)));
    if (new Set(items.map((item) => item.row.tenantId)).size > 1) throw new Error('sendAll takes the deliveries of one tenant');
    return (await deliveries.createAll(items)).map(started);
  }

  async function update(pluginId: string, deliveryId: string, card: Record<string, unknown>, text?: string): Promise<void> {
    const message = { card: parseWith(cardSchema, card), ...(text ? { text: parseWith(textSchema, text) } : {}) };
    const { tenantId, id: rowId } = parseDeliveryId(deliveryId);
    for (let round = 0; round < 5; round += 1) {
      const current = await deliveries.get(tenantId, rowId);
      if (!current || current.value.pluginId !== pluginId) throw new AppError('NOT_FOUND', { entity: 'record', id: deliveryId });
      const row = current.value;
      if (row.status === 'failed' || row.status === 'unreachable')
        throw new AppError('DELIVERY_CLOSED', { status: row.status, reason: row.lastError ?? row.status });
      if (row.status === 'delivered') {
        // In order per delivery, so that the last update is the card Teams keeps.
        inBackground('an update of a delivered card', about(row), () => updates.run(row.id, () => worker.updateInPlace(row, message)));
        return;
      }
      try {
        await deliveries.replace({ ...row, card: message.card, text: message.text, updatedAt: clock.now().toISOString() }, current.etag);
        return;
      } catch (error) {
        if (!(error instanceof AppError && error.code === 'CONFLICT')) throw error;
      }
    }
    throw new AppError('CONFLICT', { entity: 'record' });
  }

  /** Drives a delivery; an unexpected failure leaves it open, so it is read again and driven a little later. */
  async function driveSafely(first: Stored<DeliveryRow>): Promise<void> {
    let current: Stored<DeliveryRow> | undefined = first;
    for (let round = 0; current; round += 1) {
      try {
        return await worker.drive(current);
      } catch (error) {
        if (stopping.signal.aborted || round >= redrives) throw error;
        log.warn('a delivery stopped on an error and will be driven again', { ...about(first.value), error });
      }
      await sleep(redriveAfterMs, stopping.signal);
      current = await deliveries.get(first.value.tenantId, first.value.id);
      if (current && (!isOpen(current.value) || current.value.worker !== workerId)) return;
    }
  }

  async function closeOpen(tenantId: string, recipient: { userId: string } | { teamId: string; channelId?: string }): Promise<void> {
    const filter: ODataFilter =
      'userId' in recipient
        ? where`recipientKind eq ${'user'} and userId eq ${recipient.userId}`
        : recipient.channelId
          ? where`teamId eq ${recipient.teamId} and channelId eq ${recipient.channelId}`
          : where`teamId eq ${recipient.teamId}`;
    for await (const found of deliveries.openSince(tenantId, new Date(clock.now().getTime() - maxOpenMs), filter)) {
      // Changed meanwhile (an update, an attempt recorded): read it again, and close it if it is still open.
      for (let open: Stored<DeliveryRow> | undefined = found, round = 0; open && isOpen(open.value) && round < 5; round += 1) {
        const closed: DeliveryRow = {
          ...open.value,
          status: 'failed',
          lastErrorCode: 'uninstalled',
          lastError: 'The app was removed before the card was delivered',
          card: undefined,
          text: undefined,
          worker: undefined,
          nextAttemptAt: undefined,
          updatedAt: clock.now().toISOString(),
        };
        try {
          await deliveries.replace(closed, open.etag);
          break;
        } catch (error) {
          if (!(error instanceof AppError && error.code === 'CONFLICT')) throw error;
        }
        open = await deliveries.get(tenantId, open.value.id);
      }
    }
  }

  return {
    notifierFor: (pluginId) => ({
      send: (request) => send(pluginId, request),
      sendAll: (requests) => sendAll(pluginId, requests),
      update: (deliveryId, card, text) => update(pluginId, deliveryId, card, text),
      async reachesTeam(tenantId, teamId) {
        const team = await settings.references.find(tenantId, { kind: 'channel', teamId, channelId: teamId });
        return team !== undefined && team.unreachable === undefined;
      },
    }),
    log: {
      async list(tenantId, request) {
        const page = await deliveries.list(tenantId, request);
        return {
          items: page.items.map((item) => toDelivery(item.value)),
          ...(page.continuationToken ? { continuationToken: page.continuationToken } : {}),
        };
      },
    },
    closeOpen,
    async start() {
      await liveness.start();
      inBackground('resuming deliveries left open', { workerId }, () =>
        resumeOpenDeliveries({ deliveries, liveness, clock, workerId, signal: stopping.signal, drive: driveSafely, inBackground }),
      );
    },
    async stop() {
      stopping.abort(new Error('proactive delivery is stopping'));
      await background.idle();
      await liveness.stop();
    },
  };
}
