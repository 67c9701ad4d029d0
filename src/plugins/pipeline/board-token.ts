// Continuation tokens of a board column: past the last card shown, optionally with the storage page token.
import { z } from 'zod';
import { AppError } from '../../core/errors';
import type { OpportunityCard } from './pipeline.service';

const tokenSchema = z.object({ c: z.string(), i: z.string(), n: z.string().optional() });

export function columnToken({ after, next }: { after: Pick<OpportunityCard, 'expectedCloseDate' | 'id'>; next?: string }): string {
  return Buffer.from(JSON.stringify({ c: after.expectedCloseDate, i: after.id, ...(next ? { n: next } : {}) })).toString('base64url');
}

export function readColumnToken(token: string | undefined): { after: OpportunityCard; next?: string } | undefined {
  if (token === undefined) return undefined;
  try {
    const parsed = tokenSchema.parse(JSON.parse(Buffer.from(token, 'base64url').toString('utf8')));
    return { after: { expectedCloseDate: parsed.c, id: parsed.i } as OpportunityCard, ...(parsed.n ? { next: parsed.n } : {}) };
  } catch {
    throw new AppError('VALIDATION_FAILED', { summary: 'continuationToken: is not a token this board returned' }, [
      { path: 'continuationToken', message: 'unknown token' },
    ]);
  }
}
