// Transactions over several record kinds of one partition (a record and the rows that must agree with it), with or without the events they publish.
import type { EventSubmitter, NewEvent } from '../core/events';
import { transactionLimits, type Repository, type RowChange } from './repository';
import { toAppError } from './storage-errors';

/** A change of a row of one record kind, for `transactKinds`. */
export interface KindChange {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- each change is checked by its own repository's schema
  repository: Repository<any>;
  change: RowChange<unknown>;
}

/**
 * Writes rows of several record kinds (repositories over the same logical table) in one partition atomically: all or none.
 * For a record and the rows that must agree with it, such as a name claim. At most 100 changes.
 * @example await transactKinds(tenantId, ['teams'], [{ repository: teams, change: { kind: 'create', row, value } }, { repository: names, change: claim }])
 */
export async function transactKinds(tenantId: string, partition: readonly string[], changes: readonly KindChange[]): Promise<void> {
  if (changes.length === 0) return;
  if (changes.length > transactionLimits.operations)
    throw new Error(`A transaction takes at most ${transactionLimits.operations} changes; got ${changes.length}`);
  const prepared = changes.map(({ repository, change }) => repository.transactionAction(tenantId, partition, change));
  const { table, partitionKey } = prepared[0]!;
  if (prepared.some((item) => item.table !== table || item.partitionKey !== partitionKey))
    throw new Error('transactKinds: the repositories keep this partition in different tables');
  const first = changes[0]!;
  try {
    await table.submitTransaction(prepared.map((item) => item.action));
  } catch (error) {
    throw toAppError(error, { entity: first.repository.entity, id: first.change.row.join('/') });
  }
}

/**
 * `transactKinds` with the events the write publishes, stored in the same transaction and then delivered: a record,
 * the rows that go with it (its timeline lines) and its change events, all or none. Returns the new ETag of every
 * row, by its encoded row key.
 * @example await publishKinds(ctx.outbox, tenantId, partition, [{ repository: cases, change }, { repository: entries, change: line }], events)
 */
export async function publishKinds(
  outbox: EventSubmitter,
  tenantId: string,
  partition: readonly string[],
  changes: readonly KindChange[],
  events: readonly NewEvent[],
): Promise<Map<string, string>> {
  const wanted = events.filter((event) => outbox.delivers(event.type));
  if (changes.length === 0) throw new Error('publishKinds: nothing to write');
  if (changes.length + wanted.length > transactionLimits.operations)
    throw new Error(
      `A write with events is one transaction: ${changes.length} changes and ${wanted.length} events are more than ${transactionLimits.operations} operations`,
    );
  const prepared = changes.map(({ repository, change }) => repository.transactionAction(tenantId, partition, change));
  const { table, partitionKey } = prepared[0]!;
  if (prepared.some((item) => item.table !== table || item.partitionKey !== partitionKey))
    throw new Error('publishKinds: the repositories keep this partition in different tables');
  const actions = prepared.map((item) => item.action);
  const first = changes[0]!;
  try {
    const submitted = await outbox.submit(table, actions, wanted);
    const etags = new Map<string, string>();
    actions.forEach((action, i) => {
      const etag = submitted.response.subResponses[i]?.etag;
      if (etag) etags.set(action[1].rowKey!, etag);
    });
    return etags;
  } catch (error) {
    throw toAppError(error, { entity: first.repository.entity, id: first.change.row.join('/') });
  }
}
