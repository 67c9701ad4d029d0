// Leads from chat: `new lead …` captures one (once, however often the line arrives); `convert lead …` turns a qualified one into a deal.
import { z } from 'zod';
import type { BotReply, TurnInput } from '../../../core/plugin';
import { plain } from '../../../cards/adaptive-card';
import { currencySchema, dateOnlySchema, leadSchema, type Lead } from '../pipeline.schema';
import type { NewLead } from '../pipeline.service';
import { maxAmount } from './amount.parser';
import type { DealMoves } from './deal-moves';
import { dealCard, dealView, pipelineVerbs } from './deal.cards';
import type { ConversionDraft } from './lead-command.parser';
import type { LeadSearch } from './lead-search';
import { leadCard, leadPickCard } from './lead.cards';
import type { PipelineChatDeps } from './pipeline-chat.deps';

/** The deal of a conversion on a pick-list button: checked again when it comes back. */
export const conversionDraftSchema = z.strictObject({
  title: leadSchema.shape.name.optional(),
  amount: z.number().finite().nonnegative().max(maxAmount).optional(),
  currency: currencySchema.optional(),
  expectedCloseDate: dateOnlySchema,
});
export const convertPickData = z.strictObject({ leadId: z.uuid(), draft: conversionDraftSchema });

const pickListSize = 8;

export function createLeadFlow(deps: PipelineChatDeps, search: LeadSearch, moves: DealMoves) {
  const { service } = deps;

  async function convert(turn: TurnInput, lead: Lead, draft: ConversionDraft): Promise<BotReply> {
    const { actor, t } = turn;
    const again = lead.status === 'converted';
    if (!again && lead.status !== 'qualified') {
      return {
        text: t(`pipeline.chat.convert.notQualified.${lead.status === 'disqualified' ? 'disqualified' : 'new'}`, { name: lead.name }),
      };
    }
    const [context, conversion] = await Promise.all([
      moves.cardContext(turn),
      service.convertLead(actor, lead.id, {
        title: draft.title ?? lead.name,
        expectedCloseDate: draft.expectedCloseDate,
        ...(draft.amount !== undefined && { amount: draft.amount }),
        ...(draft.currency && { currency: draft.currency }),
      }),
    ]);
    const { opportunity } = conversion;
    const notice = again
      ? t('pipeline.chat.convert.already', { name: lead.name })
      : t('pipeline.chat.convert.done', { name: lead.name, account: opportunity.value.accountName });
    return { card: dealCard(dealView(opportunity), context, { text: notice, tone: again ? 'warning' : 'good' }) };
  }

  return {
    /** Creates the lead, unless an open lead with this name exists already (a repeated line, or a second rep): that one is shown. */
    async create(turn: TurnInput, input: NewLead): Promise<BotReply> {
      const { actor, t } = turn;
      const twin = await search.openLeadNamed(actor, input.name);
      if (twin) return { card: leadCard(t, twin, { text: t('pipeline.chat.lead.exists', { name: twin.name, owner: twin.ownerName }) }) };
      const created = await service.createLead(actor, input);
      return { card: leadCard(t, created.value, { text: t('pipeline.chat.lead.created'), tone: 'good' }) };
    },

    /** The command's path: one lead converts now; several ask which; a lead converted before answers with its deal. */
    async convertOrAsk(turn: TurnInput, typed: string, draft: ConversionDraft): Promise<BotReply> {
      const { actor, t } = turn;
      const leads = await search.findLeads(actor, typed, { withConverted: true });
      if (leads.length === 0) return { text: t('pipeline.chat.qualify.noLead', { name: typed }) };
      if (leads.length === 1) return convert(turn, leads[0]!, draft);
      const button = {
        title: t('pipeline.chat.convert.pick.button'),
        verb: pipelineVerbs.convert,
        data: (lead: Lead) => ({ leadId: lead.id, draft }),
      };
      return { card: leadPickCard(t('pipeline.chat.convert.pick.title', { name: plain(typed) }), leads.slice(0, pickListSize), button) };
    },

    /** A pick-list click: the lead the user chose, read fresh. */
    async convertPicked(turn: TurnInput, leadId: string, draft: ConversionDraft): Promise<BotReply> {
      return convert(turn, (await service.getLead(turn.actor.tenantId, leadId)).value, draft);
    },
  };
}
