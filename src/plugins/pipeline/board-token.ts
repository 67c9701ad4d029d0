// Continuation tokens of a board column: past the last card shown (its first page comes from the rollup, not a
// query), with the storage page token once the board index is being read; in storage's opaque format (paging.ts).
import { AppError } from '../../core/errors';
import { decodeContinuation, encodeContinuation, unwrapToken, wrapToken } from '../../storage/paging';
import type { OpportunityCard } from './pipeline.service';

/** `next` is the board index's page token: the service's token inside it rides along. */
export function columnToken({ after, next }: { after: Pick<OpportunityCard, 'expectedCloseDate' | 'id'>; next?: string }): string {
  const service = unwrapToken(next);
  return encodeContinuation({ after: [after.expectedCloseDate, after.id], ...(service ? { service } : {}) })!;
}

export function readColumnToken(token: string | undefined): { after: OpportunityCard; next?: string } | undefined {
  const continuation = decodeContinuation(token);
  if (continuation === undefined) return undefined;
  const [expectedCloseDate, id, ...rest] = continuation.after ?? [];
  if (expectedCloseDate === undefined || id === undefined || rest.length > 0)
    throw new AppError('INVALID_CONTINUATION', {}, { reason: 'not a token of a board column' });
  return {
    after: { expectedCloseDate, id } as OpportunityCard,
    ...(continuation.service ? { next: wrapToken(continuation.service) } : {}),
  };
}
