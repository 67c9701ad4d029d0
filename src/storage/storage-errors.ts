// Turns storage failures into catalogue errors: a lost race is CONFLICT, an unreachable service STORAGE_UNAVAILABLE.
import { AppError } from '../core/errors';

export interface StorageErrorContext {
  entity: string;
  id: string;
}

/** The HTTP status of an SDK `RestError` (or a transaction error), if the service answered. */
export function statusOf(error: unknown): number | undefined {
  const status = (error as { statusCode?: unknown } | undefined)?.statusCode;
  return typeof status === 'number' ? status : undefined;
}

/** Maps a storage error to an AppError; anything unexpected is rethrown as it is, to be logged as a 500. */
export function toAppError(error: unknown, context: StorageErrorContext): unknown {
  if (error instanceof AppError) return error;
  const status = statusOf(error);
  if (status === 404) return new AppError('NOT_FOUND', { entity: context.entity, id: context.id }, undefined, { cause: error });
  if (status === 409) return new AppError('ALREADY_EXISTS', { entity: context.entity, name: context.id }, undefined, { cause: error });
  if (status === 412) return new AppError('CONFLICT', { entity: context.entity }, undefined, { cause: error });
  if (isUnreachable(error) || (status !== undefined && status >= 500)) {
    return new AppError('STORAGE_UNAVAILABLE', {}, { reason: error instanceof Error ? error.message : String(error) }, { cause: error });
  }
  return error;
}

function isUnreachable(error: unknown): boolean {
  const code = (error as { code?: string } | undefined)?.code;
  return code === 'ECONNREFUSED' || code === 'ECONNRESET' || code === 'ETIMEDOUT' || code === 'ENOTFOUND' || code === 'REQUEST_SEND_ERROR';
}
