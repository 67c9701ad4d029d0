// Change ids a derived row remembers, so a change applied to it again (a retried write, a repeated delivery) counts once.
import { createHash } from 'node:crypto';
import { z } from 'zod';

/** The `applied` field of a derived row's schema: the ids of the last changes it took, oldest first. */
export const appliedSchema = z.array(z.string()).default([]);

/** A derived row's state, which carries its `applied` ids. */
export interface TakesChanges {
  applied: string[];
}

export interface AppliedChanges {
  /** A change is recognised while it is among the last this many the row took. */
  readonly keep: number;
  /** True when the row had not taken the change yet, and records it as taken; false for a change it took before. */
  take(state: TakesChanges, changeId: string): boolean;
  /** `applied` with new changes added, unchecked: for changes that cannot have been taken yet (the records an import creates). */
  added(applied: readonly string[], changeIds: readonly string[]): string[];
  /** Wraps a state change for `RollupRows.mutate`: run and recorded once per change id, and nothing to write after that. */
  once<T extends TakesChanges>(changeId: string, apply: (state: T) => void): (state: T) => T | undefined;
}

/** 60 bits of a change id's SHA-1: shorter than most ids, for rows read on every write. */
const compactId = (changeId: string) => createHash('sha1').update(changeId).digest('base64url').slice(0, 10);

/**
 * How one kind of row remembers the changes it took: the last `keep` ids, each kept whole or, with `compact`, as
 * 60 bits of its SHA-1. Rows already stored keep their ids as they were written, so a kind never changes its form.
 * @example const dealChanges = appliedChanges({ keep: 100, compact: true }); if (dealChanges.take(state, changeId)) apply(state)
 */
export function appliedChanges({ keep, compact = false }: { keep: number; compact?: boolean }): AppliedChanges {
  const keyOf = compact ? compactId : (changeId: string) => changeId;
  const added = (applied: readonly string[], changeIds: readonly string[]) => [...applied, ...changeIds.map(keyOf)].slice(-keep);
  const take = (state: TakesChanges, changeId: string) => {
    if (state.applied.includes(keyOf(changeId))) return false;
    state.applied = added(state.applied, [changeId]);
    return true;
  };
  return {
    keep,
    take,
    added,
    once: (changeId, apply) => (state) => {
      if (!take(state, changeId)) return undefined;
      apply(state);
      return state;
    },
  };
}
