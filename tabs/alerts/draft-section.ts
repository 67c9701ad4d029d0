// What each part of the rule form receives: the draft, a way to change it, and which of its fields the server or the
// form found wrong.
import type { RuleDraft } from './rule-draft';

export interface DraftSection {
  draft: RuleDraft;
  change(next: Partial<RuleDraft>): void;
  /** Whether the field at `path` (`thresholds.graceDays`, `quietHours`) was refused; a refusal of a parent marks it too. */
  invalid(path: string): boolean;
  /** While the rule is being saved or deleted. */
  locked: boolean;
}

/** Paths of refused fields, from the server's issues (`{ path }` each) and the form's own checks. */
export function invalidAt(paths: ReadonlySet<string>): (path: string) => boolean {
  return (path) => [...paths].some((refused) => refused === path || path.startsWith(`${refused}.`) || refused.startsWith(`${path}.`));
}

/** The issue paths of a VALIDATION_FAILED answer's details (a list of `{ path, message }`); anything else has none. */
export function issuePaths(details: unknown): Set<string> {
  if (!Array.isArray(details)) return new Set();
  return new Set(
    details
      .map((issue: unknown) => (issue as { path?: unknown } | null)?.path)
      .filter((path): path is string => typeof path === 'string' && path !== ''),
  );
}
