// Qualifies a lead typed in chat by MAN: finds the lead by name (the rep's own first), records the answers, shows the verdict.
import type { BotReply, TurnInput } from '../../../core/plugin';
import type { Stored } from '../../../storage/repository';
import type { Lead, Man } from '../pipeline.schema';
import { fold } from './deal-moves';
import { leadCard, leadPickCard } from './lead.cards';
import type { PipelineChatDeps } from './pipeline-chat.deps';

const pickListSize = 8;
/** Leads read per list call, and how many pages are looked through before giving up on a name. */
const pageSize = 200;
const maxPages = 5;

export function createQualifyFlow(deps: PipelineChatDeps) {
  const { service } = deps;

  /** Leads not yet converted whose name or company is the typed name, else begins with it. */
  async function matching(tenantId: string, filters: { ownerId?: string }, typed: string): Promise<Lead[]> {
    const name = fold(typed);
    const exact: Lead[] = [];
    const prefixed: Lead[] = [];
    let continuationToken: string | undefined;
    for (let page = 0; page < maxPages; page += 1) {
      const result = await service.listLeads(tenantId, filters, { pageSize, ...(continuationToken && { continuationToken }) });
      for (const { value: lead } of result.items) {
        if (lead.status === 'converted') continue;
        const names = [lead.name, lead.company].filter((text): text is string => Boolean(text)).map(fold);
        if (names.includes(name)) exact.push(lead);
        else if (names.some((text) => text.startsWith(name))) prefixed.push(lead);
      }
      continuationToken = result.continuationToken;
      if (!continuationToken) break;
    }
    return exact.length > 0 ? exact : prefixed;
  }

  async function qualify(turn: TurnInput, lead: Stored<Lead>, man: Man): Promise<BotReply> {
    if (lead.value.status === 'converted') return { card: leadCard(turn.t, lead.value) };
    const updated = await service.qualifyLead(turn.actor, lead.value.id, man);
    return { card: leadCard(turn.t, updated.value) };
  }

  return {
    /** The command's path: the rep's own leads first, then everyone's; several matches ask which. */
    async qualifyOrAsk(turn: TurnInput, typed: string, man: Man): Promise<BotReply> {
      const { actor, t } = turn;
      const own = await matching(actor.tenantId, { ownerId: actor.userId }, typed);
      const leads = own.length > 0 ? own : await matching(actor.tenantId, {}, typed);
      if (leads.length === 0) return { text: t('pipeline.chat.qualify.noLead', { name: typed }) };
      if (leads.length === 1) return qualify(turn, await service.getLead(actor.tenantId, leads[0]!.id), man);
      return { card: leadPickCard(t, typed, leads.slice(0, pickListSize), man) };
    },

    /** A pick-list click: the lead the user chose. */
    async qualifyPicked(turn: TurnInput, leadId: string, man: Man): Promise<BotReply> {
      return qualify(turn, await service.getLead(turn.actor.tenantId, leadId), man);
    },
  };
}
