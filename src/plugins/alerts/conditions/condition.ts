// The contract of a condition of the catalogue: what it is about, its thresholds, how a sweep finds every match and how one record is checked.
import type { ThresholdField } from '../alerts.api-types';
import type { Finding } from '../finding';
import type { ConditionId, SubjectKind, Thresholds } from '../rule.schema';

export interface Evaluation {
  tenantId: string;
  now: Date;
  /** The tenant's zone: "today" and close dates are read in it. */
  timeZone: string;
  signal?: AbortSignal;
  /** Reads made while checking one record, shared by the rules that check it: one read of a deal, however many rules. */
  reads?: Map<string, Promise<unknown>>;
}

/** `read()` once per evaluation and key, when the evaluation keeps its reads. */
export function readOnce<T>(evaluation: Pick<Evaluation, 'reads'>, key: string, read: () => Promise<T>): Promise<T> {
  if (!evaluation.reads) return read();
  const known = evaluation.reads.get(key) as Promise<T> | undefined;
  if (known) return known;
  const reading = read();
  evaluation.reads.set(key, reading);
  return reading;
}

/**
 * A condition 提醒条件. A standing one holds for a while (a deal stuck in its stage): the sweep finds it from an index
 * and its alert resolves once it clears. An event one happens once (a large deal lost): its event alerts it, and its
 * alert stays until someone acknowledges it.
 */
export interface Condition<C extends ConditionId = ConditionId> {
  id: C;
  subject: SubjectKind;
  kind: 'standing' | 'event';
  fields: ThresholdField[];
  /** Every record that matches now, read from an index of the records that can (never the whole tenant). */
  sweep(evaluation: Evaluation, thresholds: Thresholds<C>): AsyncIterable<Finding>;
  /** The one record, when it matches now: what an event about it is checked with. */
  check(evaluation: Evaluation, thresholds: Thresholds<C>, subjectId: string): Promise<Finding | undefined>;
}

export const dayMs = 86_400_000;
/** Whole days from `from` to `to`. */
export const daysBetween = (from: string | Date, to: Date): number => Math.floor((to.getTime() - new Date(from).getTime()) / dayMs);

/** Every item of every page, until the last or an abort. */
export async function* allPages<T>(
  read: (continuationToken: string | undefined) => Promise<{ items: T[]; continuationToken?: string }>,
  signal?: AbortSignal,
): AsyncIterable<T> {
  let continuationToken: string | undefined;
  do {
    if (signal?.aborted) return;
    const page = await read(continuationToken);
    yield* page.items;
    continuationToken = page.continuationToken;
  } while (continuationToken);
}
