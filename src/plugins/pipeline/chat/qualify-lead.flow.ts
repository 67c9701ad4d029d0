// Qualifies a lead typed in chat by MAN: finds the lead by name (the rep's own first), records the answers, shows the verdict.
import type { BotReply, TurnInput } from '../../../core/plugin';
import { plain } from '../../../cards/adaptive-card';
import type { Stored } from '../../../storage/repository';
import type { Lead, Man } from '../pipeline.schema';
import { pipelineVerbs } from './deal.cards';
import { leadCard, leadPickCard } from './lead.cards';
import type { LeadSearch } from './lead-search';
import type { PipelineChatDeps } from './pipeline-chat.deps';

const pickListSize = 8;

export function createQualifyFlow(deps: PipelineChatDeps, search: LeadSearch) {
  const { service } = deps;

  async function qualify(turn: TurnInput, lead: Stored<Lead>, man: Man): Promise<BotReply> {
    if (lead.value.status === 'converted') return { card: leadCard(turn.t, lead.value) };
    const updated = await service.qualifyLead(turn.actor, lead.value.id, man);
    return { card: leadCard(turn.t, updated.value) };
  }

  return {
    /** The command's path: the rep's own leads first, then everyone's; several matches ask which. */
    async qualifyOrAsk(turn: TurnInput, typed: string, man: Man): Promise<BotReply> {
      const { actor, t } = turn;
      const leads = await search.findLeads(actor, typed);
      if (leads.length === 0) return { text: t('pipeline.chat.qualify.noLead', { name: typed }) };
      if (leads.length === 1) return qualify(turn, await service.getLead(actor.tenantId, leads[0]!.id), man);
      const button = {
        title: t('pipeline.chat.qualify.pick.button'),
        verb: pipelineVerbs.qualify,
        data: (lead: Lead) => ({ leadId: lead.id, man }),
      };
      return { card: leadPickCard(t('pipeline.chat.qualify.pick.title', { name: plain(typed) }), leads.slice(0, pickListSize), button) };
    },

    /** A pick-list click: the lead the user chose. */
    async qualifyPicked(turn: TurnInput, leadId: string, man: Man): Promise<BotReply> {
      return qualify(turn, await service.getLead(turn.actor.tenantId, leadId), man);
    },
  };
}
