// Storage of pipeline records: opportunities in bucketed partitions, their stage history, leads and the stage model.
import { z } from 'zod';
import { Repository, type RowAddress, type Stored } from '../../storage/repository';
import { idBucket as hexBucket } from '../../storage/buckets';
import type { LogicalTable } from '../../storage/logical-table';
import { leadSchema, opportunitySchema, stageChangeSchema, stageModelSchema, type Opportunity, type StageChange } from './pipeline.schema';

/** A stage change as the deal keeps it: with the record version that made it (its history row's key). */
export const dealMoveSchema = stageChangeSchema.omit({ opportunityId: true }).extend({ version: z.number().int().min(1) });
export type DealMove = z.infer<typeof dealMoveSchema>;

/**
 * The stored deal also remembers every stage it reached, so conversion counts each deal once per stage; a version
 * counting its writes (rows from before versions read as 0), which its views key what they applied on; and its stage
 * changes, oldest first, from which its history rows and dwell samples are derived.
 */
export const opportunityRowSchema = opportunitySchema.extend({
  reached: z.array(z.string()).default([]),
  version: z.number().int().min(0).default(0),
  moves: z.array(dealMoveSchema).default([]),
});
export type OpportunityRow = z.infer<typeof opportunityRowSchema>;

/** The ETag clients see: the record's version, which only writes of the deal raise, so cards on the board stay current. */
export const versionTag = (row: Pick<OpportunityRow, 'version'>): string => `"v${row.version}"`;

/** True when a client's ETag names the stored version: its version tag, or the storage ETag of a row not written since. */
export const isCurrent = (stored: Stored<OpportunityRow>, etag: string): boolean =>
  etag === versionTag(stored.value) || etag === stored.etag;

/** Hex digits of a deal's id that name its partition: 256 buckets, so no partition of a busy tenant runs hot. */
export const dealBucketDigits = 2;
/** The bucket of a deal: the first two hex digits of its random id. */
export const idBucket = (id: string): string => hexBucket(id, dealBucketDigits);

/** PK [tenant, 'opportunity', first two hex digits of the id]: 256 small partitions, so point reads stay fast. */
export const opportunityAddress = (tenantId: string, id: string): RowAddress => ({
  tenantId,
  partition: ['opportunity', idBucket(id)],
  row: [id],
});
export const opportunityPartition = (id: string) => ['opportunity', idBucket(id)];

export const toOpportunity = ({ reached: _reached, version: _version, moves: _moves, ...deal }: OpportunityRow): Opportunity => deal;
export const toStoredOpportunity = (stored: Stored<OpportunityRow>): Stored<Opportunity> => ({
  value: toOpportunity(stored.value),
  etag: versionTag(stored.value),
});

/**
 * A history row's key: time order with the record version as tiebreak, so two changes in one millisecond both stay,
 * and writing the row of one change again finds it already there.
 */
export const historyRow = (move: Pick<DealMove, 'at' | 'version'>) => [move.at, String(move.version).padStart(10, '0')];

/** A deal's history rows: its moves as stage changes, in order. */
export const stageChangeOf = (opportunityId: string, { version: _version, ...move }: DealMove): StageChange => ({ opportunityId, ...move });

export function createPipelineStore(tables: {
  opportunities: LogicalTable;
  history: LogicalTable;
  leads: LogicalTable;
  settings: LogicalTable;
}) {
  return {
    opportunities: new Repository(tables.opportunities, 'opportunity', opportunityRowSchema, [
      'contacts',
      'competitors',
      'products',
      'teamMembers',
      'reached',
      'moves',
    ]),
    /** PK [tenant, 'deal', opportunityId]: a deal's history in one small partition, oldest first. */
    history: new Repository(tables.history, 'opportunity', stageChangeSchema),
    /** PK [tenant, 'lead'], RK [id]: a tenant's leads in one partition, listed with a filter on owner and status. */
    leads: new Repository(tables.leads, 'lead', leadSchema, ['man']),
    /** PK [tenant, 'settings'], RK ['stageModel']. */
    settings: new Repository(tables.settings, 'stageModel', stageModelSchema, ['stages', 'rates']),
  };
}

export type PipelineStore = ReturnType<typeof createPipelineStore>;
