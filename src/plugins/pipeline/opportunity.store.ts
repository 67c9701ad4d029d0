// Storage of pipeline records: opportunities in bucketed partitions, their stage history, leads and the stage model.
import { z } from 'zod';
import { Repository, type RowAddress, type Stored } from '../../storage/repository';
import type { TableSet } from '../../storage/shards';
import { leadSchema, opportunitySchema, stageChangeSchema, stageModelSchema, type Opportunity, type StageChange } from './pipeline.schema';

/** The stored deal also remembers every stage it reached, so conversion counts each deal once per stage. */
export const opportunityRowSchema = opportunitySchema.extend({ reached: z.array(z.string()).default([]) });
export type OpportunityRow = z.infer<typeof opportunityRowSchema>;

/** The bucket of a deal: the first two hex digits of its random id. */
export const idBucket = (id: string): string => id.slice(0, 2).toLowerCase();

/** PK [tenant, 'opportunity', first two hex digits of the id]: 256 small partitions, so point reads stay fast. */
export const opportunityAddress = (tenantId: string, id: string): RowAddress => ({ tenantId, partition: ['opportunity', idBucket(id)], row: [id] });
export const opportunityPartition = (id: string) => ['opportunity', idBucket(id)];

export const toOpportunity = ({ reached: _reached, ...deal }: OpportunityRow): Opportunity => deal;
export const toStoredOpportunity = (stored: Stored<OpportunityRow>): Stored<Opportunity> => ({ value: toOpportunity(stored.value), etag: stored.etag });

/** RowKeys in time order with a tiebreak, so two changes in one millisecond both stay. */
export const historyRow = (change: StageChange, sequence: string) => [change.at, sequence];

export function createPipelineStore(tables: { opportunities: TableSet; history: TableSet; leads: TableSet; settings: TableSet }) {
  return {
    opportunities: new Repository(tables.opportunities, 'opportunity', opportunityRowSchema, ['contacts', 'competitors', 'products', 'teamMembers', 'reached']),
    /** PK [tenant, 'deal', opportunityId]: a deal's history in one small partition, oldest first. */
    history: new Repository(tables.history, 'opportunity', stageChangeSchema),
    /** PK [tenant, 'lead'], RK [id]: a tenant's leads in one partition, listed with a filter on owner and status. */
    leads: new Repository(tables.leads, 'lead', leadSchema, ['man']),
    /** PK [tenant, 'settings'], RK ['stageModel']. */
    settings: new Repository(tables.settings, 'stageModel', stageModelSchema, ['stages', 'rates']),
  };
}

export type PipelineStore = ReturnType<typeof createPipelineStore>;
