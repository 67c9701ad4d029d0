// Finds the leads a name typed in chat means: the rep's own first, then everyone's; an exact name or company before a prefix.
import type { Actor } from '../../../core/actor';
import type { Lead } from '../pipeline.schema';
import { fold, sameText } from './deal-moves';
import type { PipelineChatDeps } from './pipeline-chat.deps';

/** Leads read per list call, and how many pages are looked through before giving up on a name. */
const pageSize = 200;
const maxPages = 5;

export function createLeadSearch({ service }: Pick<PipelineChatDeps, 'service'>) {
  /** Leads whose name or company is the typed name, else begins with it; converted ones only when asked for. */
  async function matching(tenantId: string, filters: { ownerId?: string }, typed: string, withConverted: boolean): Promise<Lead[]> {
    const name = fold(typed);
    const exact: Lead[] = [];
    const prefixed: Lead[] = [];
    let continuationToken: string | undefined;
    for (let page = 0; page < maxPages; page += 1) {
      const result = await service.listLeads(tenantId, filters, { pageSize, ...(continuationToken && { continuationToken }) });
      for (const { value: lead } of result.items) {
        if (lead.status === 'converted' && !withConverted) continue;
        const names = [lead.name, lead.company].filter((text): text is string => Boolean(text)).map(fold);
        if (names.includes(name)) exact.push(lead);
        else if (names.some((text) => text.startsWith(name))) prefixed.push(lead);
      }
      continuationToken = result.continuationToken;
      if (!continuationToken) break;
    }
    return exact.length > 0 ? exact : prefixed;
  }

  return {
    /**
     * The leads `typed` names, the actor's own first. Converted leads count only with `withConverted` (a conversion
     * asked again answers with the deal it made), and then only where no open lead fits.
     */
    async findLeads(actor: Actor, typed: string, options: { withConverted?: boolean } = {}): Promise<Lead[]> {
      for (const filters of [{ ownerId: actor.userId }, {}]) {
        const open = await matching(actor.tenantId, filters, typed, false);
        if (open.length > 0) return open;
      }
      return options.withConverted ? matching(actor.tenantId, {}, typed, true) : [];
    },

    /** The open lead with exactly this name, the actor's own first, then anyone's: the one a new lead would repeat. */
    async openLeadNamed(actor: Actor, name: string): Promise<Lead | undefined> {
      for (const filters of [{ ownerId: actor.userId }, {}]) {
        const same = (await matching(actor.tenantId, filters, name, false)).find((lead) => sameText(lead.name, name));
        if (same) return same;
      }
      return undefined;
    },
  };
}

export type LeadSearch = ReturnType<typeof createLeadSearch>;
