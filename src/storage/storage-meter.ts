// Counts what a storage account bills, requests and entities read and written, in the table clients' own pipeline.
//
// Azure Table storage and the Cosmos DB Table API charge per request and per entity; the emulator's own costs (whole
// table scans) say nothing about them. A meter is off unless a caller hands one to `createTableStorage`: clients made
// without one carry no policy at all, so the product pays nothing for it.
import type { PipelinePolicy, PipelineResponse } from '@azure/core-rest-pipeline';
import type { TableServiceClientOptions } from '@azure/data-tables';

export interface StorageCounts {
  /** HTTP requests sent, retries included: each is billed. */
  requests: number;
  /** Rows in the pages queries returned, plus one per point read that found its entity. */
  entitiesRead: number;
  /** One per single-entity write that succeeded; each operation of a transaction the service committed. */
  entitiesWritten: number;
}

/**
 * @example
 * const meter = createStorageMeter();
 * const storage = createTableStorage(target, prefix, { meter });
 * const counts = await meter.measure(() => accounts.get(actor, id)); // { requests: 1, entitiesRead: 1, entitiesWritten: 0 }
 */
export interface StorageMeter {
  /** Everything counted since the meter was made or last reset. */
  counts(): StorageCounts;
  reset(): void;
  /** What storage did while `work` ran: the work's own requests and any other work running beside it. */
  measure(work: () => Promise<unknown>): Promise<StorageCounts>;
  /** The policies a table client takes as its `additionalPolicies` option to be metered. */
  readonly policies: NonNullable<TableServiceClientOptions['additionalPolicies']>;
}

export const noCounts: Readonly<StorageCounts> = Object.freeze({ requests: 0, entitiesRead: 0, entitiesWritten: 0 });

/** What happened between two readings of a meter. */
export function countsSince(before: StorageCounts, after: StorageCounts): StorageCounts {
  return {
    requests: after.requests - before.requests,
    entitiesRead: after.entitiesRead - before.entitiesRead,
    entitiesWritten: after.entitiesWritten - before.entitiesWritten,
  };
}

/** The last path segment names what a request addresses: `Tables…` the account's table list, `T(PartitionKey=…)` one entity. */
function addressOf(url: string): 'tables' | 'entity' | 'batch' | 'table' {
  const path = new URL(url).pathname;
  const last = path.slice(path.lastIndexOf('/') + 1);
  if (last === '$batch' || last === '%24batch') return 'batch';
  if (/^Tables(\(|$)/.test(last)) return 'tables';
  return /\(PartitionKey=/.test(last) ? 'entity' : 'table';
}

/** A transaction writes all its operations or none: the committed count is the sub-responses when every one succeeded. */
function committedOperations(response: PipelineResponse): number {
  const statuses = (response.bodyAsText ?? '').match(/^HTTP\/1\.1 \d{3}/gm) ?? [];
  return statuses.every((line) => line.startsWith('HTTP/1.1 2')) ? statuses.length : 0;
}

/** The body the SDK's deserialisation left on the response: a query page's rows are in its `value`. */
const rowsIn = (response: PipelineResponse): number => {
  const body = (response as PipelineResponse & { parsedBody?: { value?: unknown } }).parsedBody;
  return Array.isArray(body?.value) ? body.value.length : 0;
};

export function createStorageMeter(): StorageMeter {
  const totals: StorageCounts = { ...noCounts };
  // Innermost, after signing: every attempt the retry policy makes reaches it, as every attempt reaches the service.
  const requestPolicy: PipelinePolicy = {
    name: 'storageMeterRequests',
    sendRequest(request, next) {
      totals.requests += 1;
      return next(request);
    },
  };
  // Outside deserialisation, so a query page is counted from the rows the SDK already parsed, never parsed again.
  const entityPolicy: PipelinePolicy = {
    name: 'storageMeterEntities',
    async sendRequest(request, next) {
      const response = await next(request);
      if (response.status < 200 || response.status >= 300) return response;
      const address = addressOf(request.url);
      if (address === 'batch') totals.entitiesWritten += committedOperations(response);
      else if (address === 'entity') {
        if (request.method === 'GET') totals.entitiesRead += 1;
        else totals.entitiesWritten += 1;
      } else if (address === 'table') {
        if (request.method === 'GET') totals.entitiesRead += rowsIn(response);
        else if (request.method === 'POST') totals.entitiesWritten += 1;
      }
      return response;
    },
  };
  const meter: StorageMeter = {
    counts: () => ({ ...totals }),
    reset() {
      Object.assign(totals, noCounts);
    },
    async measure(work) {
      const before = meter.counts();
      await work();
      return countsSince(before, meter.counts());
    },
    policies: [
      { policy: entityPolicy, position: 'perCall' },
      { policy: requestPolicy, position: 'perRetry' },
    ],
  };
  return meter;
}
