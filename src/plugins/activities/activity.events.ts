// The facts the activities plugin publishes, with their payloads' schemas, and the events an activity's writes make.
import { z } from 'zod';
import type { EventOutbox, NewEvent } from '../../core/events';
import { activitySources, activityTypes, localDate } from './activity.schema';
import type { ActivityRow } from './activity.store';

export const activityEvents = {
  /**
   * An activity was written (logged, changed, deleted, imported): the projector applies the version named to the
   * plugin's views (activity.views.ts), reading the activity as it is then.
   */
  'activity.changed': z.strictObject({}),
  /**
   * Someone logged a touchpoint with a customer, in chat, on a card, in a tab or from a message (version 1 of the
   * activity). A bulk import of past activities does not publish it.
   */
  'activity.logged': z.strictObject({
    activityId: z.uuid(),
    accountId: z.uuid(),
    accountName: z.string(),
    type: z.enum(activityTypes),
    subject: z.string(),
    occurredAt: z.string(),
    /** The date it happened in the activity's own time zone. */
    localDate,
    authorId: z.string(),
    authorName: z.string(),
    source: z.enum(activitySources),
    contactIds: z.array(z.uuid()),
    followUpOn: localDate.optional(),
  }),
};

export type ActivityEvents = typeof activityEvents;

/** The change event of a write that left the activity at `version` (a deletion's is the version after its last). */
export const activityChanged = (outbox: EventOutbox<ActivityEvents>, id: string, version: number): NewEvent =>
  outbox.event('activity.changed', id, version, {});

export function activityLogged(outbox: EventOutbox<ActivityEvents>, row: ActivityRow): NewEvent {
  const {
    id,
    accountId,
    accountName,
    type,
    subject,
    occurredAt,
    localDate: date,
    authorId,
    authorName,
    source,
    contactIds,
    followUpOn,
  } = row;
  return outbox.event('activity.logged', id, row.version, {
    activityId: id,
    accountId,
    accountName,
    type,
    subject,
    occurredAt,
    localDate: date,
    authorId,
    authorName,
    source,
    contactIds,
    followUpOn,
  });
}
