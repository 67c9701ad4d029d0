// zod at every boundary (HTTP, bot text, card data, CSV): shared field rules, and a value that does not match is VALIDATION_FAILED with its issues.
import { z } from 'zod';
import { AppError } from './errors';

/** Names and short texts: trimmed, non-empty, and free of control characters. */
export const text = (max: number) =>
  z
    .string()
    .trim()
    .min(1)
    .max(max)
    .refine((value) => !/[\u0000-\u001f\u007f]/u.test(value), 'must not contain control characters');

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
