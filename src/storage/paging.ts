// Pages of a query with the service's own continuation tokens, handed to callers wrapped in an opaque token of ours.
//
// The token is base64url JSON `{ v: 1, s?: <the SDK's token>, a?: [key parts] }`: `s` says where the service resumes,
// `a` where a list resumes that is not one query (a board column continues past the last card its rollup showed). It
// never says what the query reads: the list rebuilds its filter, which always names the tenant, on every request.
// Anything else that comes back is INVALID_CONTINUATION, a 400, never a 500.
import type { TableClient, TableEntityResult } from '@azure/data-tables';
import { z } from 'zod';
import { AppError } from '../core/errors';
import type { Row } from './entity-codec';
import { statusOf, toAppError, type StorageErrorContext } from './storage-errors';

const tokenSchema = z
  .strictObject({ v: z.literal(1), s: z.string().min(1).max(3072).optional(), a: z.array(z.string().max(512)).min(1).max(4).optional() })
  .refine((token) => token.s !== undefined || token.a !== undefined);

/** Where a list resumes: the service's token, and/or key parts of the list's own. */
export interface Continuation {
  service?: string;
  after?: string[];
}

const refuse = (reason: string, cause?: unknown) => new AppError('INVALID_CONTINUATION', {}, { reason }, { cause });

/** Our opaque token; none when there is nothing to resume. */
export function encodeContinuation({ service, after }: Continuation): string | undefined {
  if (!service && !after?.length) return undefined;
  return Buffer.from(JSON.stringify({ v: 1, ...(service ? { s: service } : {}), ...(after?.length ? { a: after } : {}) })).toString(
    'base64url',
  );
}

/** What a token of ours holds; INVALID_CONTINUATION for anything this server did not give out. */
export function decodeContinuation(token: string | undefined): Continuation | undefined {
  if (token === undefined) return undefined;
  if (!/^[A-Za-z0-9_-]{1,4096}$/.test(token)) throw refuse('not a token a list gave out');
  try {
    const { s, a } = tokenSchema.parse(JSON.parse(Buffer.from(token, 'base64url').toString('utf8')));
    return { ...(s ? { service: s } : {}), ...(a ? { after: a } : {}) };
  } catch (error) {
    throw refuse('not a token a list gave out', error);
  }
}

/** Our token for the service's; none when the service has no more rows. */
export const wrapToken = (serviceToken: string | undefined): string | undefined => encodeContinuation({ service: serviceToken });

/** The service's token inside ours; a token that resumes some other kind of list is refused. */
export function unwrapToken(token: string | undefined): string | undefined {
  const continuation = decodeContinuation(token);
  if (continuation?.after) throw refuse('a token of another list');
  return continuation?.service;
}

export interface QueryPage {
  rows: TableEntityResult<Row>[];
  /** Ours (wrapped); absent on the last page. */
  continuationToken?: string;
}

/** Rows per page: 1 to 1,000 (Azure's page limit), 100 unless asked. */
export const pageSizeOf = (pageSize: number | undefined): number => Math.min(Math.max(pageSize ?? 100, 1), 1000);

/**
 * One page of `filter` on one table, from where `continuationToken` (ours) left off. A token whose inside the SDK or
 * the service cannot read is INVALID_CONTINUATION; an outage stays STORAGE_UNAVAILABLE.
 */
export async function queryPage(
  client: TableClient,
  filter: string,
  request: { pageSize?: number; continuationToken?: string; select?: string[] },
  context: StorageErrorContext,
): Promise<QueryPage> {
  const serviceToken = unwrapToken(request.continuationToken);
  try {
    const pages = client
      .listEntities<Row>({ queryOptions: { filter, ...(request.select ? { select: request.select } : {}) } })
      .byPage({ maxPageSize: pageSizeOf(request.pageSize), continuationToken: serviceToken });
    for await (const page of pages) return { rows: page, continuationToken: wrapToken(page.continuationToken) };
    return { rows: [] };
  } catch (error) {
    const mapped = toAppError(error, context);
    // The SDK decodes its token before asking (a bad one throws there); the service refuses a bad resume key with a 400.
    const status = statusOf(error);
    if (serviceToken !== undefined && !(mapped instanceof AppError) && (status === undefined || status === 400))
      throw new AppError('INVALID_CONTINUATION', {}, { reason: 'the service could not resume from it' }, { cause: error });
    throw mapped;
  }
}
