// Reads `new lead Acme Corp; source referral` / `新建线索 Acme Corp；来源 推荐` and `convert lead Acme; close Q3` / `转化线索 Acme；预计成交 Q3`.
import { schemaFailure, splitFields, type FieldParseFailure } from '../../../core/field-list.parser';
import { newLeadSchema } from '../pipeline-request.schema';
import type { NewLead } from '../pipeline.service';
import { parseAmount, type AmountFailureReason } from './amount.parser';
import { parseCloseDate, type CloseDateContext } from './close-date.parser';
import { conversionFieldWords, leadFieldWords, sourceOf, type LeadField } from './lead-field.words';

export type NewLeadParse =
  { ok: true; lead: NewLead } | FieldParseFailure | { ok: false; reason: 'missingSource' | 'badSource'; detail?: string };

/**
 * The lead's name, then its fields: source 来源 (required), company 公司, contact 联系人, email 邮箱, phone 电话,
 * referred by 推荐人, notes 备注, team 团队; checked with the API's own schema.
 * @example parseNewLead('Acme Corp; source referral; contact Ana Silva') // { ok: true, lead: { name: 'Acme Corp', source: 'referral', contactName: 'Ana Silva' } }
 */
export function parseNewLead(args: string): NewLeadParse {
  if (!args.trim()) return { ok: false, reason: 'emptyArgs' };
  const list = splitFields(args, leadFieldWords);
  if (!list.ok) return list;
  if (!list.lead) return { ok: false, reason: 'missingName' };
  const { values } = list;
  if (values.source === undefined) return { ok: false, reason: 'missingSource' };
  const source = sourceOf(values.source);
  if (!source) return { ok: false, reason: 'badSource', detail: values.source };
  const draft: Partial<Record<LeadField | 'name', string>> = { ...values, name: list.lead, source };
  const parsed = newLeadSchema.safeParse(draft);
  if (!parsed.success) return schemaFailure(parsed.error, { ...values, name: list.lead });
  return { ok: true, lead: parsed.data };
}

/** The deal a lead becomes; what is left out is filled in from the lead (title) and the calendar (close). */
export interface ConversionDraft {
  title?: string;
  amount?: number;
  currency?: string;
  expectedCloseDate: string;
}

export type ConvertParse =
  | { ok: true; name: string; draft: ConversionDraft }
  | FieldParseFailure
  | { ok: false; reason: AmountFailureReason | 'badCloseDate' | 'pastCloseDate'; detail: string };

/** A converted lead's deal closes by the end of next quarter unless the rep says when. */
export const defaultClose = 'next quarter';

/**
 * The lead's name, then optionally the deal's title 标题, amount 金额 and expected close 预计成交.
 * @example parseConvert('Acme; amount 120k; close Q3', context) // { ok: true, name: 'Acme', draft: { amount: 120000, expectedCloseDate: '2027-09-30' } }
 */
export function parseConvert(args: string, context: CloseDateContext): ConvertParse {
  if (!args.trim()) return { ok: false, reason: 'emptyArgs' };
  const list = splitFields(args, conversionFieldWords);
  if (!list.ok) return list;
  if (!list.lead) return { ok: false, reason: 'missingName' };
  const { title, amount, close } = list.values;
  const closeDate = parseCloseDate(close ?? defaultClose, context);
  if (!closeDate.ok) return { ok: false, reason: closeDate.reason, detail: closeDate.detail };
  const money = amount === undefined ? undefined : parseAmount(amount);
  if (money && !money.ok) return { ok: false, reason: money.reason, detail: money.detail };
  const draft: ConversionDraft = {
    expectedCloseDate: closeDate.date,
    ...(title !== undefined && { title }),
    ...(money?.ok && { amount: money.amount, ...(money.currency && { currency: money.currency }) }),
  };
  return { ok: true, name: list.lead, draft };
}
