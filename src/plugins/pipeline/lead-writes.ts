// Leads 销售线索: capture with their source, MAN qualification, and conversion into an account, a contact and a deal.
import { randomUUID } from 'node:crypto';
import type { Actor } from '../../core/actor';
import type { Clock } from '../../core/clock';
import { AppError, isAppError } from '../../core/errors';
import { allOf, where } from '../../storage/filter';
import type { Page, PageRequest, RowAddress, Stored } from '../../storage/repository';
import { pause } from '../../storage/rollup-rows';
import type { AccountsService } from '../accounts';
import { toReporting } from './money';
import type { OpportunityWrites } from './opportunity-writes';
import type { PipelineStore } from './opportunity.store';
import { pipelineErrors } from './pipeline.errors';
import type { Lead, Man, StageModel } from './pipeline.schema';
import type { Conversion, NewLead, NewOpportunity } from './pipeline.service';

export interface LeadDeps {
  store: PipelineStore;
  accounts: AccountsService;
  deals: OpportunityWrites;
  clock: Clock;
  stageModel(tenantId: string): Promise<Stored<StageModel>>;
}

/** Tries of a qualification without an ETag that keeps losing races: it applies to the lead's latest version. */
const maxQualifyAttempts = 20;
const leadAddress = (tenantId: string, id: string): RowAddress => ({ tenantId, partition: ['lead'], row: [id] });

/** Only a lead meeting all three of money, authority and need is an ideal prospect. */
export const isQualified = (man: Man) => man.money.met && man.authority.met && man.need.met;

export function createLeadWrites({ store, accounts, deals, clock, stageModel }: LeadDeps) {
  const getLead = (tenantId: string, id: string) => store.leads.getOrThrow(leadAddress(tenantId, id));

  /** The account a lead converts into: its own, one with the company's (or person's) name, or a new one. */
  async function accountFor(actor: Actor, lead: Lead): Promise<string> {
    if (lead.accountId) return (await accounts.getAccount(actor.tenantId, lead.accountId)).value.id;
    const name = lead.company ?? lead.name;
    const existing = await accounts.findAccountByName(actor.tenantId, name);
    if (existing) return existing.value.id;
    const created = await accounts.createAccount(actor, {
      name,
      type: lead.company ? 'enterprise' : 'individual',
      ...(lead.team ? { team: lead.team } : {}),
    });
    return created.value.id;
  }

  return {
    getLead,

    async createLead(actor: Actor, input: NewLead): Promise<Stored<Lead>> {
      if (input.accountId) await accounts.getAccount(actor.tenantId, input.accountId);
      const now = clock.now().toISOString();
      const lead: Lead = {
        ...input,
        id: randomUUID(),
        status: 'new',
        ownerId: actor.userId,
        ownerName: actor.displayName,
        createdAt: now,
        updatedAt: now,
      };
      return store.leads.create(leadAddress(actor.tenantId, lead.id), lead);
    },

    listLeads(tenantId: string, filters: { ownerId?: string; status?: Lead['status'] }, request: PageRequest): Promise<Page<Lead>> {
      const filter = allOf(
        filters.ownerId === undefined ? undefined : where`ownerId eq ${filters.ownerId}`,
        filters.status === undefined ? undefined : where`status eq ${filters.status}`,
      );
      return store.leads.page(tenantId, ['lead'], {
        pageSize: request.pageSize,
        continuationToken: request.continuationToken,
        where: filter || undefined,
      });
    },

    async qualifyLead(actor: Actor, id: string, man: Man, etag?: string): Promise<Stored<Lead>> {
      for (let attempt = 0; ; attempt += 1) {
        const current = await getLead(actor.tenantId, id);
        if (etag !== undefined && current.etag !== etag)
          throw new AppError('CONFLICT', { entity: 'lead' }, { current: { ...current.value, etag: current.etag } });
        if (current.value.status === 'converted')
          throw pipelineErrors.fail('LEAD_NOT_QUALIFIED', { status: 'converted' }, { status: 'converted' });
        const next: Lead = {
          ...current.value,
          man,
          status: isQualified(man) ? 'qualified' : 'disqualified',
          updatedAt: clock.now().toISOString(),
        };
        try {
          return await store.leads.replace(leadAddress(actor.tenantId, id), next, current.etag);
        } catch (error) {
          if (!isAppError(error, 'CONFLICT') || etag !== undefined || attempt >= maxQualifyAttempts) throw error;
          await pause(attempt);
        }
      }
    },

    /**
     * The lead is marked converted (naming the deal's id) before anything else is written, so two conversions never make
     * two deals; converting again after a failure part-way completes the same deal.
     */
    async convertLead(
      actor: Actor,
      id: string,
      deal: Pick<NewOpportunity, 'title' | 'amount' | 'currency' | 'expectedCloseDate'>,
    ): Promise<Conversion> {
      const [current, { value: model }] = await Promise.all([getLead(actor.tenantId, id), stageModel(actor.tenantId)]);
      let lead = current;
      if (lead.value.status === 'converted' && lead.value.convertedOpportunityId) {
        const existing = await deals.getOpportunity(actor.tenantId, lead.value.convertedOpportunityId).catch((error: unknown) => {
          if (isAppError(error, 'NOT_FOUND')) return undefined;
          throw error;
        });
        if (existing) return { lead, accountId: existing.value.accountId, opportunity: existing };
      } else {
        if (lead.value.status !== 'qualified')
          throw pipelineErrors.fail('LEAD_NOT_QUALIFIED', { status: lead.value.status }, { status: lead.value.status });
        // Refused inputs must fail before the lead changes: the currency needs a rate.
        toReporting(model, deal.amount ?? 0, deal.currency ?? model.reportingCurrency);
        const marked: Lead = {
          ...lead.value,
          status: 'converted',
          convertedOpportunityId: randomUUID(),
          updatedAt: clock.now().toISOString(),
        };
        lead = await store.leads.replace(leadAddress(actor.tenantId, id), marked, lead.etag);
      }
      const accountId = await accountFor(actor, lead.value);
      const contactId = lead.value.contactName
        ? (
            await accounts.createContact(actor, {
              accountId,
              name: lead.value.contactName,
              ...(lead.value.email ? { email: lead.value.email } : {}),
              ...(lead.value.phone ? { phone: lead.value.phone } : {}),
            })
          ).value.id
        : undefined;
      const opportunity = await deals.createOpportunity(
        actor,
        {
          ...deal,
          accountId,
          source: lead.value.source,
          ...(lead.value.team ? { team: lead.value.team } : {}),
          ...(contactId ? { contacts: [{ contactId, name: lead.value.contactName! }] } : {}),
        },
        { leadId: id, id: lead.value.convertedOpportunityId! },
      );
      if (lead.value.accountId !== accountId) {
        lead = await store.leads
          .replace(leadAddress(actor.tenantId, id), { ...lead.value, accountId }, lead.etag)
          .catch(async (error: unknown) => {
            if (isAppError(error, 'CONFLICT')) return getLead(actor.tenantId, id);
            throw error;
          });
      }
      return { lead, accountId, ...(contactId ? { contactId } : {}), opportunity };
    },
  };
}
