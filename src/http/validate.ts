// zod at the HTTP boundary: a request that does not match its schema is a 400 listing the issues.
import type { Request } from 'express';
import { z } from 'zod';
import { AppError } from '../core/errors';
import { parseWith } from '../core/validation';

export const parseBody = <S extends z.ZodType>(schema: S, req: Request): z.infer<S> => parseWith(schema, req.body ?? {});
export const parseQuery = <S extends z.ZodType>(schema: S, req: Request): z.infer<S> => parseWith(schema, req.query);
export const parseParams = <S extends z.ZodType>(schema: S, req: Request): z.infer<S> => parseWith(schema, req.params);

/** The ETag a client read, required for updates so no change is ever lost: `*` (any version) is not one. */
export function ifMatch(req: Request): string {
  const etag = req.get('if-match')?.trim();
  if (!etag || etag === '*') throw new AppError('PRECONDITION_REQUIRED');
  return etag;
}

/**
 * Continuation tokens are opaque to clients, but still bounded; storage checks what they hold (a token it did not give out
 * is INVALID_CONTINUATION). Unknown query parameters (cache-busters) are ignored.
 */
export const pageQuerySchema = z.object({
  pageSize: z.coerce.number().int().min(1).max(1000).default(50),
  continuationToken: z.string().max(4096).optional(),
  locale: z.string().max(35).optional(),
});
