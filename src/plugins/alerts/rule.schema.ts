// An alert rule 提醒规则: a condition from the catalogue with its thresholds, and who hears of it, when and how often.
import { z } from 'zod';
import { text } from '../../core/validation';

/** The conditions a rule can watch, in the order the rule builder lists them. */
export const conditionIds = [
  'deal-stuck',
  'close-date-passed',
  'close-soon-early-stage',
  'large-deal-lost',
  'follow-up-overdue',
  'key-account-quiet',
  'churn-signal',
  'sla-at-risk',
  'sla-breached',
  'complaint-stuck',
] as const;
export type ConditionId = (typeof conditionIds)[number];

const days = (max: number) => z.number().int().min(0).max(max);
const clock = z.enum(['any', 'response', 'resolution']);

/** Each condition's thresholds, with the bounds past which a number is a mistake rather than a setting. */
export const thresholdSchemas = {
  /** Days past the stage's own dwell limit (the stage model's `dwellLimitDays`). */
  'deal-stuck': z.strictObject({ graceDays: days(365) }),
  /** Days after the expected close date. */
  'close-date-passed': z.strictObject({ graceDays: days(365) }),
  /** Closing within `withinDays` while still in a stage before `beforeStageId`. */
  'close-soon-early-stage': z.strictObject({ withinDays: z.number().int().min(1).max(365), beforeStageId: z.string().min(1).max(40) }),
  /** In the tenant's reporting currency. */
  'large-deal-lost': z.strictObject({ minAmount: z.number().min(1).max(1e12) }),
  'follow-up-overdue': z.strictObject({ overdueDays: days(365) }),
  'key-account-quiet': z.strictObject({ days: z.number().int().min(1).max(730) }),
  /**
   * Recency and frequency: no contact for `quietDays`, and the last `windowDays` hold at least `dropPercent` % fewer
   * contacts than the `windowDays` before them, which held at least `minPrevious`.
   */
  'churn-signal': z.strictObject({
    quietDays: z.number().int().min(7).max(365),
    windowDays: z.number().int().min(14).max(182),
    dropPercent: z.number().int().min(10).max(100),
    minPrevious: z.number().int().min(1).max(1000),
  }),
  'sla-at-risk': z.strictObject({ clock }),
  'sla-breached': z.strictObject({ clock }),
  /** A complaint waiting for workflow step `step` (6: the manager's approval) for more than `hours`. */
  'complaint-stuck': z.strictObject({ step: z.number().int().min(2).max(8), hours: z.number().int().min(1).max(720) }),
} satisfies Record<ConditionId, z.ZodType>;
export type Thresholds<C extends ConditionId = ConditionId> = z.infer<(typeof thresholdSchemas)[C]>;

export const defaultThresholds: { [C in ConditionId]: Thresholds<C> } = {
  'deal-stuck': { graceDays: 0 },
  'close-date-passed': { graceDays: 0 },
  'close-soon-early-stage': { withinDays: 14, beforeStageId: 'solution-proposed' },
  'large-deal-lost': { minAmount: 100_000 },
  'follow-up-overdue': { overdueDays: 1 },
  'key-account-quiet': { days: 30 },
  'churn-signal': { quietDays: 21, windowDays: 90, dropPercent: 50, minPrevious: 3 },
  'sla-at-risk': { clock: 'any' },
  'sla-breached': { clock: 'any' },
  'complaint-stuck': { step: 6, hours: 24 },
};

/** What a condition is about: a card's "open" button and the scope filters read it. */
export const subjectKinds = ['deal', 'case', 'account', 'follow-up'] as const;
export type SubjectKind = (typeof subjectKinds)[number];

const localTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/u, 'HH:mm, 00:00 to 23:59');
const userId = z.string().regex(/^[A-Za-z0-9._:-]{1,128}$/u, '1-128 characters of A-Z a-z 0-9 . _ : -');
const channelSchema = z.strictObject({
  teamId: z.string().min(1).max(200),
  channelId: z.string().min(1).max(200),
  /** As the person who picked it saw it. */
  name: text(100).optional(),
});

export const scopeSchema = z.strictObject({
  /** The CRM teams whose deals, cases and accounts count; none: every team. */
  teamIds: z.array(z.uuid()).max(20).default([]),
  /** Only these owners' records; none: everyone's. */
  ownerIds: z.array(userId).max(50).default([]),
  /** Key accounts 重点客户 (tagged `key`, `重点客户`, `大客户` or `vip`), the others, or any. */
  tier: z.enum(['any', 'key', 'other']).default('any'),
  /** Deals at or over this amount in the reporting currency; cases and accounts have no amount and are not held back. */
  minAmount: z.number().min(0).max(1e12).optional(),
});

export const recipientsSchema = z
  .strictObject({
    owner: z.boolean().default(true),
    manager: z.boolean().default(false),
    channels: z.array(channelSchema).max(5).default([]),
    users: z.array(userId).max(20).default([]),
  })
  .refine((r) => r.owner || r.manager || r.channels.length > 0 || r.users.length > 0, {
    message: 'at least one recipient',
    path: ['owner'],
  });

export const cadenceSchema = z.strictObject({
  mode: z.enum(['immediate', 'digest']).default('immediate'),
  /** The recipient's local time of the daily digest: the rule's digest, and the overflow past the cap. */
  digestAt: localTime.default('08:30'),
});

/** Local times in the recipient's zone when nothing is sent; `from` after `to` runs over midnight. */
export const quietHoursSchema = z.strictObject({ from: localTime, to: localTime });

const ruleFields = {
  name: text(80),
  enabled: z.boolean().default(true),
  scope: scopeSchema.default({ teamIds: [], ownerIds: [], tier: 'any' }),
  recipients: recipientsSchema.default({ owner: true, manager: false, channels: [], users: [] }),
  cadence: cadenceSchema.default({ mode: 'immediate', digestAt: '08:30' }),
  quietHours: quietHoursSchema.optional(),
  /** Cards one recipient gets from this rule in a local day; the rest wait for the digest. */
  capPerDay: z.number().int().min(1).max(200).default(20),
};

const withCondition = <C extends ConditionId>(condition: C) =>
  z.strictObject({ condition: z.literal(condition), thresholds: thresholdSchemas[condition], ...ruleFields });

/** What a manager sets: the REST body of `POST /rules` and `PUT /rules/:id`, and the rule builder's form. */
export const ruleInputSchema = z.discriminatedUnion('condition', [
  withCondition('deal-stuck'),
  withCondition('close-date-passed'),
  withCondition('close-soon-early-stage'),
  withCondition('large-deal-lost'),
  withCondition('follow-up-overdue'),
  withCondition('key-account-quiet'),
  withCondition('churn-signal'),
  withCondition('sla-at-risk'),
  withCondition('sla-breached'),
  withCondition('complaint-stuck'),
]);
export type RuleInput = z.input<typeof ruleInputSchema>;
export type RuleSettings = z.output<typeof ruleInputSchema>;

/** A rule as stored: its settings, and who changed it last. */
export type Rule = RuleSettings & {
  id: string;
  version: number;
  createdAt: string;
  updatedAt: string;
  updatedBy: string;
  updatedByName: string;
};

export const ruleRowSchema = z.looseObject({
  id: z.uuid(),
  version: z.number().int().min(1),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
  updatedBy: z.string(),
  updatedByName: z.string(),
  /** The settings, checked with `ruleInputSchema` when read. */
  settings: z.string(),
});

/** One change of a rule 变更记录: who, when, and the settings before and after (none before a creation, none after a deletion). */
export const ruleChangeSchema = z.strictObject({
  ruleId: z.uuid(),
  at: z.iso.datetime(),
  byUserId: z.string(),
  byName: z.string(),
  action: z.enum(['created', 'updated', 'deleted']),
  before: z.string().optional(),
  after: z.string().optional(),
});
export type RuleChange = z.infer<typeof ruleChangeSchema>;
