// The activity record 活动: one touchpoint 接触点 with a customer, and the shapes clients send to log or change one.
import { z } from 'zod';
import { text } from '../../core/validation';
import { azureLimits } from '../../storage/limits';

/** Every activity type of the CRM method, with its Chinese name in the strings. */
export const activityTypes = [
  'callInbound', // 呼入
  'callOutbound', // 呼出
  'meeting', // 会议
  'visit', // 拜访
  'email', // 邮件
  'correspondence', // 信函
  'fax', // 传真
  'appointment', // 约会
  'demo', // 演示
  'milestone', // 里程碑
  'event', // 事件
  'research', // 调研
  'note', // 备注
  'task', // 任务
] as const;
export type ActivityType = (typeof activityTypes)[number];

export const activitySources = ['chat', 'card', 'api', 'message', 'import'] as const;

/** A calendar date `YYYY-MM-DD`, in the user's own time zone. */
export const localDate = z.iso.date();

export const activitySchema = z.strictObject({
  id: z.uuid(),
  accountId: z.uuid(),
  type: z.enum(activityTypes),
  subject: text(200),
  /** Long text, up to what one table property holds. */
  notes: z.string().max(azureLimits.stringChars).optional(),
  occurredAt: z.iso.datetime({ offset: true }),
  /** IANA zone the activity happened in; dates like "follow up Friday" resolve in it. */
  timeZone: z.string().min(1).max(64),
  durationMinutes: z
    .number()
    .int()
    .min(0)
    .max(24 * 60)
    .optional(),
  contactIds: z.array(z.uuid()).max(50).default([]),
  outcome: text(500).optional(),
  nextStep: text(500).optional(),
  followUpOn: localDate.optional(),
  followUpDone: z.boolean().default(false),
  authorId: z.string().min(1).max(128),
  authorName: z.string().max(256),
  source: z.enum(activitySources),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export type Activity = z.infer<typeof activitySchema>;

export const newActivitySchema = activitySchema
  .omit({ id: true, authorId: true, authorName: true, createdAt: true, updatedAt: true, source: true })
  .extend({
    timeZone: z.string().min(1).max(64).default('UTC'),
  });
export type NewActivity = z.input<typeof newActivitySchema>;

export const activityChangesSchema = newActivitySchema.omit({ accountId: true }).partial().strict();
export type ActivityChanges = z.infer<typeof activityChangesSchema>;
