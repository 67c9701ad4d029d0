// The pipeline records: lead 销售线索 (MAN), opportunity 销售机会, the tenant's stage model 销售阶段 and stage history.
import { z } from 'zod';
import { text } from '../../core/validation';
import { cuteRoles } from '../accounts';

/** ISO 4217 code, upper case. */
export const currencySchema = z.string().regex(/^[A-Z]{3}$/u, 'a three-letter currency code such as CNY or USD');
/** A calendar date without time: YYYY-MM-DD, and a real date. */
export const dateOnlySchema = z.iso.date();
const money = z.number().finite().nonnegative().max(1e15);

export const leadSources = ['marketing', 'service-request', 'web', 'phone', 'email', 'referral', 'event', 'partner', 'other'] as const;
export const leadStatuses = ['new', 'qualified', 'disqualified', 'converted'] as const;

/** One MAN criterion: met or not, with what was learnt. */
const criterion = z.strictObject({ met: z.boolean(), note: text(1000).optional() });
/** MAN: Money 购买力, Authority 购买决定权, Need 需求. Only a lead meeting all three is an ideal prospect. */
export const manSchema = z.strictObject({ money: criterion, authority: criterion, need: criterion });
export type Man = z.infer<typeof manSchema>;

export const leadSchema = z.strictObject({
  id: z.uuid(),
  /** The person or company as the lead came in; an existing account when already known. */
  name: text(200),
  company: text(200).optional(),
  accountId: z.uuid().optional(),
  contactName: text(200).optional(),
  email: z.email().max(254).optional(),
  phone: text(50).optional(),
  source: z.enum(leadSources),
  referredBy: text(200).optional(),
  status: z.enum(leadStatuses),
  man: manSchema.optional(),
  notes: text(32_000).optional(),
  ownerId: z.string().min(1).max(128),
  ownerName: z.string().max(256),
  team: text(100).optional(),
  /** Set once converted. */
  convertedOpportunityId: z.uuid().optional(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export type Lead = z.infer<typeof leadSchema>;

/** A stage of the tenant's model. Ids are stable slugs; names are shown in both languages. */
export const stageSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,39}$/u, 'lower-case letters, digits and dashes'),
  name: z.strictObject({ en: text(60), 'zh-CN': text(60) }),
  /** Percent, 0 to 100. */
  probability: z.number().int().min(0).max(100),
  /** Days a deal may stay before it counts as stuck (滞留时间过长); none for won and lost. */
  dwellLimitDays: z.number().int().min(1).max(3650).optional(),
  kind: z.enum(['open', 'won', 'lost']),
  /** A stage removed from the model: kept so deals in it and history stay readable; no new deal enters it. */
  retired: z.boolean().default(false),
});
export type Stage = z.infer<typeof stageSchema>;

/**
 * The tenant's stage model and reporting currency. Amounts in other currencies are converted with `rates`
 * (units of the reporting currency per unit) when a deal is written, and the rate is kept on the deal.
 */
export const stageModelSchema = z.strictObject({
  stages: z.array(stageSchema).min(3).max(30),
  reportingCurrency: currencySchema,
  rates: z.record(currencySchema, z.number().finite().positive()).default({}),
  /** A deal closes as lost only with its reason (成败原因), in chat and in the tab alike. */
  lostReasonRequired: z.boolean().default(true),
  updatedAt: z.iso.datetime(),
  updatedBy: z.string().max(128),
});
export type StageModel = z.infer<typeof stageModelSchema>;
/** What an admin sends to replace the model; settings left out keep their value. */
export type StageModelInput = Pick<StageModel, 'stages' | 'reportingCurrency' | 'rates'> & { lostReasonRequired?: boolean };

export const competitorSchema = z.strictObject({
  name: text(200),
  /** Strengths, weaknesses, opportunities, threats: one note. */
  swot: text(4000).optional(),
});
export const productLineSchema = z.strictObject({
  name: text(200),
  quantity: z.number().finite().positive().max(1e9),
  unitPrice: money,
});
export const dealContactSchema = z.strictObject({ contactId: z.uuid(), name: text(200), cuteRole: z.enum(cuteRoles).optional() });

export const opportunitySchema = z.strictObject({
  id: z.uuid(),
  title: text(200),
  description: text(32_000).optional(),
  accountId: z.uuid(),
  accountName: text(200),
  /** Denormalised from the account for filters. */
  industry: text(100).optional(),
  region: text(100).optional(),
  contacts: z.array(dealContactSchema).max(50).default([]),
  competitors: z.array(competitorSchema).max(20).default([]),
  products: z.array(productLineSchema).max(100).default([]),
  amount: money,
  currency: currencySchema,
  /** `amount` in the tenant's reporting currency, at the rate of the last write. */
  reportingAmount: money,
  stageId: stageSchema.shape.id,
  /** The stage's probability unless the owner set one. */
  probability: z.number().int().min(0).max(100),
  expectedCloseDate: dateOnlySchema,
  source: z.enum(leadSources).optional(),
  leadId: z.uuid().optional(),
  ownerId: z.string().min(1).max(128),
  ownerName: z.string().max(256),
  team: text(100).optional(),
  teamMembers: z
    .array(z.strictObject({ userId: z.string().min(1).max(128), name: z.string().max(256) }))
    .max(50)
    .default([]),
  status: z.enum(['open', 'won', 'lost']),
  /** Why it was won or lost 成败原因. */
  outcomeReason: text(1000).optional(),
  stageEnteredAt: z.iso.datetime(),
  closedAt: z.iso.datetime().optional(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export type Opportunity = z.infer<typeof opportunitySchema>;

/** One stage change, with who made it and when: dwell time and conversion come from these facts. */
export const stageChangeSchema = z.strictObject({
  opportunityId: z.uuid(),
  /** Absent for the stage a deal was created in. */
  fromStageId: stageSchema.shape.id.optional(),
  toStageId: stageSchema.shape.id,
  at: z.iso.datetime(),
  byUserId: z.string().max(128),
  byName: z.string().max(256),
  /** Days spent in `fromStageId`. */
  dwellDays: z.number().nonnegative().optional(),
  reason: text(1000).optional(),
});
export type StageChange = z.infer<typeof stageChangeSchema>;
