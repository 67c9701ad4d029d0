// Logging and changing activities: an idempotency claim first, then the record, then the rollups; a retry completes what a failure left.
import { createHash, randomUUID } from 'node:crypto';
import type { Actor } from '../../core/actor';
import type { Clock } from '../../core/clock';
import { AppError, isAppError } from '../../core/errors';
import type { EventOutbox } from '../../core/events';
import type { Logger } from '../../core/logger';
import { parseWith } from '../../core/validation';
import type { Stored } from '../../storage/repository';
import type { AccountsService } from '../accounts';
import type { Activity, ActivityChanges, NewActivity } from './activity.schema';
import type { LogOptions } from './activities.service';
import { activityLogged, type ActivityEvents } from './activity.events';
import { sameSnapshot, snapshotOf } from './activity-digest';
import { assertNotesFit, changeInputSchema, invalid, logInputSchema, type ChangeInput } from './activity-input';
import type { RollupSync } from './activity-rollup-sync';
import { toActivity, versionTag, type ActivityRow, type ActivityStore } from './activity.store';
import { invertedTicksOf, localDateOf } from './activity-time';

export interface WriteDeps {
  store: ActivityStore;
  sync: RollupSync;
  accounts: AccountsService;
  clock: Clock;
  log: Logger;
  outbox: EventOutbox<ActivityEvents>;
}

/** Tries of a change whose storage ETag moved under it while its version did not. */
const maxChangeAttempts = 3;

/** The record's storage ETag changed between read and write; the change is tried again from a fresh read. */
class StorageRace extends AppError {
  constructor(cause: unknown) {
    super('CONFLICT', { entity: 'activity' }, undefined, { cause });
  }
}

function raced<T>(write: Promise<T>): Promise<T> {
  return write.catch((error: unknown) => {
    // A racing move to the same time creates the same row first: that too is a lost race, not a duplicate name.
    throw isAppError(error, 'CONFLICT', 'ALREADY_EXISTS') ? new StorageRace(error) : error;
  });
}

/** One activity id per (tenant, user, key): every delivery of the same Teams activity claims the same reference row. */
export function activityIdFor(tenantId: string, userId: string, idempotencyKey: string): string {
  const hash = createHash('sha256').update(`guanxi.activity\u0000${tenantId}\u0000${userId}\u0000${idempotencyKey}`).digest();
  hash[6] = (hash[6]! & 0x0f) | 0x80; // version 8: a name-derived UUID
  hash[8] = (hash[8]! & 0x3f) | 0x80; // RFC 9562 variant
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export function createActivityWrites({ store, sync: { applyChange, settle }, accounts, clock, log, outbox }: WriteDeps) {
  async function checkContacts(tenantId: string, accountId: string, contactIds: readonly string[]): Promise<void> {
    await Promise.all(
      contactIds.map(async (contactId, index) => {
        const contact = await accounts.getContact(tenantId, contactId).catch((error: unknown) => {
          if (isAppError(error, 'NOT_FOUND')) return undefined;
          throw error;
        });
        if (contact?.value.accountId !== accountId)
          throw invalid(`contactIds.${index}`, `contact ${contactId} is not a contact of account ${accountId}`);
      }),
    );
  }

  /** Writes the record for a claimed id, publishing `activity.logged`; when a racing delivery wrote it first, that record (and its event) is the one. */
  async function writeRecord(actor: Actor, row: ActivityRow, ticks: string): Promise<Stored<ActivityRow>> {
    try {
      return await store.createRecord(actor.tenantId, ticks, row, { outbox, events: [activityLogged(outbox, row)] });
    } catch (error) {
      if (!isAppError(error, 'ALREADY_EXISTS')) throw error;
      const found = await store.find(actor.tenantId, row.id);
      if (!found?.record) throw error;
      return found.record;
    }
  }

  function newRow(
    actor: Actor,
    id: string,
    fields: ReturnType<typeof logInputSchema.parse>,
    accountName: string,
    createdAt: string,
    source: Activity['source'],
  ): ActivityRow {
    const activity: Activity = {
      ...fields,
      contactIds: [...new Set(fields.contactIds)],
      id,
      authorId: actor.userId,
      authorName: actor.displayName,
      source,
      createdAt,
      updatedAt: createdAt,
    };
    const localDate = localDateOf(activity.occurredAt, activity.timeZone);
    return {
      ...activity,
      accountName,
      localDate,
      version: 1,
      pending: { changeId: `${id}:1`, from: null, to: snapshotOf(activity, accountName, localDate) },
    };
  }

  return {
    async logActivity(actor: Actor, input: NewActivity, options: LogOptions): Promise<{ activity: Stored<Activity>; created: boolean }> {
      assertNotesFit(input);
      const fields = parseWith(logInputSchema, input);
      // Both checks run at once, but an unknown account is the error to report, not its contacts.
      const [found, contacts] = await Promise.allSettled([
        accounts.getAccount(actor.tenantId, fields.accountId),
        checkContacts(actor.tenantId, fields.accountId, fields.contactIds),
      ]);
      if (found.status === 'rejected') throw found.reason;
      if (contacts.status === 'rejected') throw contacts.reason;
      const account = found.value.value;
      const key = options.idempotencyKey;
      const id = key === undefined ? randomUUID() : activityIdFor(actor.tenantId, actor.userId, key);
      const now = clock.now().toISOString();
      const ticks = invertedTicksOf(fields.occurredAt);
      try {
        // The claim comes first: of two deliveries of one activity, only one gets past this line.
        await store.createRef(actor.tenantId, id, {
          accountId: fields.accountId,
          ticks,
          version: 1,
          occurredAt: fields.occurredAt,
          createdAt: now,
        });
      } catch (error) {
        if (key === undefined || !isAppError(error, 'ALREADY_EXISTS')) throw error;
        return { activity: await completeClaim(actor, id, fields, account.name, options.source), created: false };
      }
      let record: Stored<ActivityRow>;
      try {
        record = await writeRecord(actor, newRow(actor, id, fields, account.name, now, options.source), ticks);
      } catch (error) {
        // Without a key nobody can retry this id, so the claim is released; with one, the retry completes it.
        if (key === undefined)
          await store
            .deleteRef(actor.tenantId, id)
            .catch((cleanup: unknown) => log.warn('could not release an activity reference', { id, error: cleanup }));
        throw error;
      }
      return { activity: await settle(actor.tenantId, record), created: true };
    },

    async updateActivity(actor: Actor, id: string, changes: ActivityChanges, etag: string): Promise<Stored<Activity>> {
      assertNotesFit(changes);
      const fields = parseWith(changeInputSchema, changes);
      // A housekeeping write (clearing `pending`) can land between the read and the write; then the version decides again.
      for (let attempt = 1; attempt < maxChangeAttempts; attempt += 1) {
        const written = await writeChange(actor, id, fields, etag).catch((error: unknown) => {
          if (error instanceof StorageRace) return undefined;
          throw error;
        });
        if (written) return written;
      }
      return writeChange(actor, id, fields, etag);
    },
  };

  async function writeChange(actor: Actor, id: string, fields: ChangeInput, etag: string): Promise<Stored<Activity>> {
    const found = await store.find(actor.tenantId, id);
    if (!found?.record) throw new AppError('NOT_FOUND', { entity: 'activity', id });
    const current = found.record;
    if (versionTag(current.value) !== etag) throw new AppError('CONFLICT', { entity: 'activity' });
    if (fields.contactIds) await checkContacts(actor.tenantId, current.value.accountId, fields.contactIds);
    // A change an earlier write left unapplied is applied first; the write below then replaces its marker.
    if (current.value.pending) await applyChange(actor.tenantId, current.value.pending);

    const before = current.value;
    const activity: Activity = { ...toActivity(before), ...fields, updatedAt: clock.now().toISOString() };
    if (fields.contactIds) activity.contactIds = [...new Set(fields.contactIds)];
    const localDate = localDateOf(activity.occurredAt, activity.timeZone);
    const from = snapshotOf(toActivity(before), before.accountName, before.localDate);
    const to = snapshotOf(activity, before.accountName, localDate);
    const version = before.version + 1;
    const next: ActivityRow = { ...activity, accountName: before.accountName, localDate, version };
    if (!sameSnapshot(from, to)) next.pending = { changeId: `${id}:${version}`, from, to };

    const fromTicks = invertedTicksOf(before.occurredAt);
    const toTicks = invertedTicksOf(activity.occurredAt);
    if (fromTicks === toTicks) return settle(actor.tenantId, await raced(store.replaceRecord(actor.tenantId, toTicks, next, current.etag)));
    const moved = await raced(store.moveRecord(actor.tenantId, fromTicks, current, toTicks, next));
    await store.advanceRef(actor.tenantId, id, toTicks, version);
    // The reference now points past the tombstone; a leftover tombstone is skipped by the timeline, so failure here is only logged.
    await store
      .deleteTombstone(actor.tenantId, before.accountId, fromTicks, id)
      .catch((error: unknown) => log.warn('could not delete an activity tombstone', { id, error }));
    return settle(actor.tenantId, moved);
  }

  /** A second delivery: the claim exists, so the activity is the first one; whatever the first left unwritten is written now. */
  async function completeClaim(
    actor: Actor,
    id: string,
    fields: ReturnType<typeof logInputSchema.parse>,
    accountName: string,
    source: Activity['source'],
  ): Promise<Stored<Activity>> {
    const found = await store.find(actor.tenantId, id);
    if (!found) throw new AppError('CONFLICT', { entity: 'activity' });
    if (found.record) return settle(actor.tenantId, found.record);
    const claim = found.ref.value;
    if (claim.accountId !== fields.accountId)
      throw new AppError('CONFLICT', { entity: 'activity' }, { reason: 'the idempotency key was used for an activity of another account' });
    const row = newRow(actor, id, { ...fields, occurredAt: claim.occurredAt }, accountName, claim.createdAt, source);
    return settle(actor.tenantId, await writeRecord(actor, row, claim.ticks));
  }
}

export type ActivityWrites = ReturnType<typeof createActivityWrites>;
