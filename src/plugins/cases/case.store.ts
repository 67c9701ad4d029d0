// Storage of cases: each case with its timeline lines in one small partition, the tenant's case counter and its service settings.
import { z } from 'zod';
import { Repository, type RowAddress } from '../../storage/repository';
import type { LogicalTable } from '../../storage/logical-table';
import { caseEntrySchema, caseRowSchema } from './case.schema';
import { serviceSettingsSchema } from './sla/service-settings';

/** Partitions of a tenant's cases: by the number's last two digits, so consecutive cases spread over 100 partitions. */
export const caseBuckets = 100;
const bucketOf = (number: number) => String(number % caseBuckets).padStart(2, '0');
/** Numbers as row keys, padded so that key order is number order. */
const padded = (n: number) => String(n).padStart(10, '0');

/** PK [tenant, 'case', bucket]: the case at RK [number], its timeline lines at RK [number, 'e', seq]. */
export const casePartition = (number: number) => ['case', bucketOf(number)];
export const caseAddress = (tenantId: string, number: number): RowAddress => ({
  tenantId,
  partition: casePartition(number),
  row: [padded(number)],
});
export const entryRow = (number: number, seq: number) => [padded(number), 'e', padded(seq)];
/** The row-key range of a case's timeline lines, from the first to past the last. */
export const entryRange = (number: number) => ({ from: [padded(number), 'e'], before: [padded(number), 'e~'] });
export const allBuckets = Array.from({ length: caseBuckets }, (_, i) => String(i).padStart(2, '0'));

/** The next case number of a tenant: raised with an ETag check, so two cases never share one. */
export const counterSchema = z.strictObject({ next: z.number().int().min(1) });
/** The first number a tenant's cases get: `C-1001`. */
export const firstCaseNumber = 1001;

export function createCaseStore(tables: { cases: LogicalTable; settings: LogicalTable }) {
  return {
    cases: new Repository(tables.cases, 'case', caseRowSchema, [
      'contactIds',
      'sla',
      'pauses',
      'marks',
      'due',
      'complaint',
      'satisfaction',
      'activityIds',
    ]),
    entries: new Repository(tables.cases, 'case', caseEntrySchema, ['detail']),
    /** PK [tenant, 'settings'], RK ['service']. */
    settings: new Repository(tables.settings, 'serviceSettings', serviceSettingsSchema, [
      'policies',
      'calendars',
      'teamCalendars',
      'pausedStatuses',
    ]),
    /** PK [tenant, 'settings'], RK ['counter']. */
    counter: new Repository(tables.settings, 'case', counterSchema),
  };
}

export type CaseStore = ReturnType<typeof createCaseStore>;
export const settingsAddress = (tenantId: string): RowAddress => ({ tenantId, partition: ['settings'], row: ['service'] });
export const counterAddress = (tenantId: string): RowAddress => ({ tenantId, partition: ['settings'], row: ['counter'] });
