// zod at every boundary (HTTP, bot text, card data, CSV): a value that does not match is VALIDATION_FAILED with its issues.
import { z } from 'zod';
import { AppError } from './errors';

export function validationError(error: z.ZodError): AppError {
  const issues = error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message, code: issue.code }));
  const summary = issues.map((issue) => (issue.path ? `${issue.path}: ${issue.message}` : issue.message)).join('; ');
  return new AppError('VALIDATION_FAILED', { summary }, issues);
}

export function parseWith<S extends z.ZodType>(schema: S, value: unknown): z.infer<S> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw validationError(parsed.error);
  return parsed.data;
}
