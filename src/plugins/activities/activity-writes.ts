// Logging, changing and deleting activities: an idempotency claim first, then the record with its events; a retry completes what a failure left.
// Every write publishes `activity.changed` in the record's own transaction; the projector derives the views from it (activity.views.ts).
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
import { activityChanged, activityLogged, type ActivityEvents } from './activity.events';
import { assertNotesFit, changeInputSchema, invalid, logInputSchema, type ChangeInput } from './activity-input';
import { toActivity, toStoredActivity, versionTag, type ActivityRow, type ActivityStore } from './activity.store';
import { invertedTicksOf, localDateOf } from './activity-time';

export interface WriteDeps {
  store: ActivityStore;
  accounts: AccountsService;
  clock: Clock;
  log: Logger;
  outbox: EventOutbox<ActivityEvents>;
}

/** Only writes of the activity change its record, so a record that changed between read and write is a newer version: a conflict. */
function raced<T>(write: Promise<T>): Promise<T> {
  return write.catch((error: unknown) => {
    // A racing move to the same time creates the same row (or event) first: that too is a lost race, not a duplicate name.
    if (isAppError(error, 'CONFLICT', 'ALREADY_EXISTS'))
      throw new AppError('CONFLICT', { entity: 'activity' }, undefined, { cause: error });
    throw error;
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

export function createActivityWrites({ store, accounts, clock, log, outbox }: WriteDeps) {
  const publishing = (row: ActivityRow) => ({ outbox, events: [activityChanged(outbox, row.id, row.version)] });

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

  /** Writes the record for a claimed id, publishing its change and `activity.logged`; when a racing delivery wrote it first, that record (and its events) is the one. */
  async function writeRecord(actor: Actor, row: ActivityRow, ticks: string): Promise<Stored<ActivityRow>> {
    try {
      return await store.createRecord(actor.tenantId, ticks, row, {
        outbox,
        events: [activityChanged(outbox, row.id, row.version), activityLogged(outbox, row)],
      });
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
    return { ...activity, accountName, localDate: localDateOf(activity.occurredAt, activity.timeZone), version: 1 };
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
      return { activity: toStoredActivity(record), created: true };
    },

    async updateActivity(actor: Actor, id: string, changes: ActivityChanges, etag: string): Promise<Stored<Activity>> {
      assertNotesFit(changes);
      return writeChange(actor, id, parseWith(changeInputSchema, changes), etag);
    },

    /**
     * Deletes the activity if it is still at the version `etag` names: the record is marked deleted at a new version,
     * ETag-checked, with its change event (so its views let it go); then its row and its reference by id go.
     */
    async deleteActivity(actor: Actor, id: string, etag: string): Promise<void> {
      const found = await store.find(actor.tenantId, id);
      if (!found?.record) throw new AppError('NOT_FOUND', { entity: 'activity', id });
      const current = found.record;
      if (versionTag(current.value) !== etag) throw new AppError('CONFLICT', { entity: 'activity' });
      const now = clock.now().toISOString();
      const gone: ActivityRow = { ...current.value, updatedAt: now, deletedAt: now, version: current.value.version + 1 };
      const ticks = invertedTicksOf(gone.occurredAt);
      await raced(store.replaceRecord(actor.tenantId, ticks, gone, current.etag, publishing(gone)));
      // The activity is deleted now: every read skips the marked row, so failing to remove it or its reference is only logged.
      await store
        .deleteTombstone(actor.tenantId, gone.accountId, ticks, id)
        .then(() => store.deleteRef(actor.tenantId, id))
        .catch((error: unknown) => log.warn('could not remove a deleted activity', { id, error }));
    },
  };

  async function writeChange(actor: Actor, id: string, fields: ChangeInput, etag: string): Promise<Stored<Activity>> {
    const found = await store.find(actor.tenantId, id);
    if (!found?.record) throw new AppError('NOT_FOUND', { entity: 'activity', id });
    const current = found.record;
    if (versionTag(current.value) !== etag) throw new AppError('CONFLICT', { entity: 'activity' });
    if (fields.contactIds) await checkContacts(actor.tenantId, current.value.accountId, fields.contactIds);

    const before = current.value;
    const activity: Activity = { ...toActivity(before), ...fields, updatedAt: clock.now().toISOString() };
    if (fields.contactIds) activity.contactIds = [...new Set(fields.contactIds)];
    const localDate = localDateOf(activity.occurredAt, activity.timeZone);
    const version = before.version + 1;
    const next: ActivityRow = { ...activity, accountName: before.accountName, localDate, version };

    const fromTicks = invertedTicksOf(before.occurredAt);
    const toTicks = invertedTicksOf(activity.occurredAt);
    if (fromTicks === toTicks)
      return toStoredActivity(await raced(store.replaceRecord(actor.tenantId, toTicks, next, current.etag, publishing(next))));
    const moved = await raced(store.moveRecord(actor.tenantId, fromTicks, current, toTicks, next, publishing(next)));
    await store.advanceRef(actor.tenantId, id, toTicks, version);
    // The reference now points past the tombstone; a leftover tombstone is skipped by the timeline, so failure here is only logged.
    await store
      .deleteTombstone(actor.tenantId, before.accountId, fromTicks, id)
      .catch((error: unknown) => log.warn('could not delete an activity tombstone', { id, error }));
    return toStoredActivity(moved);
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
    if (found.record) return toStoredActivity(found.record);
    const claim = found.ref.value;
    if (claim.accountId !== fields.accountId)
      throw new AppError('CONFLICT', { entity: 'activity' }, { reason: 'the idempotency key was used for an activity of another account' });
    const row = newRow(actor, id, { ...fields, occurredAt: claim.occurredAt }, accountName, claim.createdAt, source);
    return toStoredActivity(await writeRecord(actor, row, claim.ticks));
  }
}

export type ActivityWrites = ReturnType<typeof createActivityWrites>;
