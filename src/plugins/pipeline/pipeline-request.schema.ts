// What the pipeline's REST routes accept, checked with zod at the boundary before any service call.
import { z } from 'zod';
import { text } from '../../core/validation';
import { pageQuerySchema } from '../../http/validate';
import {
  competitorSchema,
  currencySchema,
  dateOnlySchema,
  dealContactSchema,
  leadSchema,
  leadStatuses,
  manSchema,
  opportunitySchema,
  productLineSchema,
  stageSchema,
} from './pipeline.schema';

const filterText = z.string().trim().min(1).max(100).optional();
/** `YYYY-MM` with a real month. */
const month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/u, 'a month as YYYY-MM, e.g. 2026-07');

/** Scope filters of every analytics route; `owner=me` is the caller. */
export const scopeQuerySchema = z.object({
  owner: filterText,
  team: filterText,
  industry: filterText,
  region: filterText,
  locale: z.string().max(35).optional(),
});

export const periodQuerySchema = scopeQuerySchema
  .extend({ from: month.optional(), to: month.optional() })
  .refine((q) => (q.from === undefined) === (q.to === undefined), { message: 'from and to go together', path: ['to'] })
  .refine((q) => q.from === undefined || q.to === undefined || q.from <= q.to, { message: 'must not be before from', path: ['to'] });

export const boardQuerySchema = scopeQuerySchema.extend({ perStage: z.coerce.number().int().min(0).max(50).default(25) });
export const columnQuerySchema = pageQuerySchema
  .extend(scopeQuerySchema.shape)
  .extend({ pageSize: z.coerce.number().int().min(1).max(200).default(25) });
export const stuckQuerySchema = scopeQuerySchema.extend({ limit: z.coerce.number().int().min(1).max(50).default(10) });

export const leadQuerySchema = pageQuerySchema.extend({ owner: filterText, status: z.enum(leadStatuses).optional() });

export const newLeadSchema = leadSchema
  .pick({
    name: true,
    company: true,
    accountId: true,
    contactName: true,
    email: true,
    phone: true,
    source: true,
    referredBy: true,
    notes: true,
    team: true,
  })
  .strict();

const amount = z.number({ error: 'must be a number' }).finite().nonnegative('must not be negative').max(1e15);

export const conversionSchema = z.strictObject({
  title: text(200),
  amount: amount.optional(),
  currency: currencySchema.optional(),
  expectedCloseDate: dateOnlySchema,
});

export const newOpportunitySchema = z.strictObject({
  title: text(200),
  description: text(32_000).optional(),
  accountId: z.uuid(),
  contacts: z.array(dealContactSchema).max(50).optional(),
  competitors: z.array(competitorSchema).max(20).optional(),
  products: z.array(productLineSchema).max(100).optional(),
  amount: amount.optional(),
  currency: currencySchema.optional(),
  stageId: stageSchema.shape.id.optional(),
  probability: z.number().int().min(0).max(100).optional(),
  expectedCloseDate: dateOnlySchema,
  source: opportunitySchema.shape.source,
  team: text(100).optional(),
  teamMembers: opportunitySchema.shape.teamMembers.optional(),
});

export const opportunityChangesSchema = newOpportunitySchema.omit({ accountId: true, stageId: true }).partial().strict();

export const moveSchema = z.strictObject({ stageId: stageSchema.shape.id, reason: text(1000).optional() });

/**
 * A replacement stage model. It may be exactly what `GET /stages` answered: a stage marked `retired` stays retired, and
 * the read-only `updatedAt`, `updatedBy` and `etag` are accepted and ignored (`If-Match` carries the version). Without
 * `rates`, the default rates into the reporting currency apply.
 */
export const stageModelInputSchema = z.strictObject({
  stages: z.array(stageSchema).min(3).max(30),
  reportingCurrency: currencySchema,
  rates: z.record(currencySchema, z.number().finite().positive()).optional(),
  /** Omitted: the tenant's setting stays as it is. */
  lostReasonRequired: z.boolean().optional(),
  updatedAt: z.string().max(64).optional(),
  updatedBy: z.string().max(128).optional(),
  etag: z.string().max(200).optional(),
});

export { manSchema };
