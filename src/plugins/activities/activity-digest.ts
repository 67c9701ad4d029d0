// What rollups know of an activity: a short snapshot, the change from one snapshot to the next, and the digests shown in lists.
import { z } from 'zod';
import { activityTypes, localDate, type Activity } from './activity.schema';
import type { DailyReport, FollowUp } from './activities.service';

/** Digests stay short so that capped lists fit in one table row. */
const digestText = 200;
const short = (value: string | undefined) => (value === undefined ? undefined : value.slice(0, digestText));

/** The fields of an activity that any rollup shows or is keyed by. */
export const snapshotSchema = z.object({
  id: z.uuid(),
  accountId: z.uuid(),
  accountName: z.string().max(digestText),
  authorId: z.string().min(1).max(128),
  type: z.enum(activityTypes),
  subject: z.string().max(digestText),
  occurredAt: z.string(),
  /** The local date of `occurredAt` in the activity's own time zone: the day rollup it counts in. */
  localDate,
  followUpOn: localDate.optional(),
  followUpDone: z.boolean(),
  nextStep: z.string().max(digestText).optional(),
});
export type Snapshot = z.infer<typeof snapshotSchema>;

/**
 * One write of an activity as the rollups see it: `from` is what they reflect now, `to` what they must reflect.
 * `changeId` (activity id and record version) lets each rollup apply a change exactly once.
 */
export const rollupChangeSchema = z.object({
  changeId: z.string().min(1).max(64),
  from: snapshotSchema.nullable(),
  to: snapshotSchema.nullable(),
});
export type RollupChange = z.infer<typeof rollupChangeSchema>;

export type ActivityDigest = DailyReport['activities'][number];

export function snapshotOf(activity: Activity, accountName: string, date: string): Snapshot {
  return {
    id: activity.id,
    accountId: activity.accountId,
    accountName: accountName.slice(0, digestText),
    authorId: activity.authorId,
    type: activity.type,
    subject: activity.subject.slice(0, digestText),
    occurredAt: activity.occurredAt,
    localDate: date,
    followUpOn: activity.followUpOn,
    followUpDone: activity.followUpDone,
    nextStep: short(activity.nextStep),
  };
}

/** True when both snapshots would show the same in every rollup, so a write need not touch them. */
export function sameSnapshot(a: Snapshot, b: Snapshot): boolean {
  return JSON.stringify(snapshotSchema.parse(a)) === JSON.stringify(snapshotSchema.parse(b));
}

export const isOpenFollowUp = (snapshot: Snapshot | null): snapshot is Snapshot & { followUpOn: string } =>
  snapshot !== null && snapshot.followUpOn !== undefined && !snapshot.followUpDone;

export function digestOf(snapshot: Snapshot): ActivityDigest {
  const { id, accountId, accountName, type, subject, occurredAt } = snapshot;
  return { id, accountId, accountName, type, subject, occurredAt };
}

export function followUpOf(snapshot: Snapshot & { followUpOn: string }): FollowUp {
  const { id, accountId, accountName, subject, nextStep, followUpOn } = snapshot;
  return { activityId: id, accountId, accountName, subject, followUpOn, ...(nextStep === undefined ? {} : { nextStep }) };
}

export const activityDigestSchema = z.object({
  id: z.uuid(),
  accountId: z.uuid(),
  accountName: z.string(),
  type: z.enum(activityTypes),
  subject: z.string(),
  occurredAt: z.string(),
});

export const followUpSchema = z.object({
  activityId: z.uuid(),
  accountId: z.uuid(),
  accountName: z.string(),
  subject: z.string(),
  nextStep: z.string().optional(),
  followUpOn: localDate,
});
