// What the activities views show of an activity: the digest listed on the account card and in reports, and its open follow-up.
import { z } from 'zod';
import { activityTypes, localDate } from './activity.schema';
import type { DailyReport, FollowUp } from './activities.service';
import type { ActivityRow } from './activity.store';

/** Digests stay short, so list rows stay small whatever an activity holds. */
const digestText = 200;

export type ActivityDigest = DailyReport['activities'][number];

/** An activity with a follow-up date that is not done yet. */
export const isOpenFollowUp = (row: ActivityRow): row is ActivityRow & { followUpOn: string } =>
  row.followUpOn !== undefined && !row.followUpDone;

export function digestOf(row: ActivityRow): ActivityDigest {
  const { id, accountId, accountName, type, subject, occurredAt } = row;
  return { id, accountId, accountName: accountName.slice(0, digestText), type, subject: subject.slice(0, digestText), occurredAt };
}

export function followUpOf(row: ActivityRow & { followUpOn: string }): FollowUp {
  const { id, accountId, accountName, subject, nextStep, followUpOn } = row;
  return {
    activityId: id,
    accountId,
    accountName: accountName.slice(0, digestText),
    subject: subject.slice(0, digestText),
    followUpOn,
    ...(nextStep === undefined ? {} : { nextStep: nextStep.slice(0, digestText) }),
  };
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
