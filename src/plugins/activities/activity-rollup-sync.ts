// Keeping rollups in step with records: a record carries the change its rollups still need, applied before anything else.
import type { Logger } from '../../core/logger';
import { createBackgroundWork } from '../../core/background-work';
import { isAppError } from '../../core/errors';
import type { Stored } from '../../storage/repository';
import type { Activity } from './activity.schema';
import type { RollupChange } from './activity-digest';
import type { RollupStore } from './activity-rollup.store';
import { toStoredActivity, type ActivityRow, type ActivityStore } from './activity.store';
import { invertedTicksOf } from './activity-time';

/** The account card shows this many recent activities; below it the rollup is refilled from the timeline. */
export const shownRecent = 5;

export function createRollupSync({ store, rollups, log }: { store: ActivityStore; rollups: RollupStore; log: Logger }) {
  const background = createBackgroundWork();

  /** Applies a change to the rollups; when moves left the account's recent list short, refills it from the timeline. */
  async function applyChange(tenantId: string, change: RollupChange): Promise<void> {
    const account = await rollups.apply(tenantId, change);
    const accountId = (change.to ?? change.from)?.accountId;
    if (accountId && account.recent.length < Math.min(shownRecent, account.count)) {
      const page = await store.page(tenantId, accountId, { pageSize: shownRecent * 2 });
      const newest = page.items.map(({ value }) => ({
        id: value.id,
        accountId,
        accountName: value.accountName,
        type: value.type,
        subject: value.subject,
        occurredAt: value.occurredAt,
      }));
      await rollups.refillRecent(tenantId, accountId, newest);
    }
  }

  /**
   * Brings the rollups up to the record, then clears its pending marker off the request path: the version the
   * client sees does not change, and a writer that got there first has applied the change already.
   */
  async function settle(tenantId: string, record: Stored<ActivityRow>): Promise<Stored<Activity>> {
    const { pending, ...settled } = record.value;
    if (!pending) return toStoredActivity(record);
    await applyChange(tenantId, pending);
    background.add(
      store.replaceRecord(tenantId, invertedTicksOf(settled.occurredAt), settled, record.etag).then(
        () => undefined,
        (error: unknown) => {
          if (!isAppError(error, 'CONFLICT'))
            log.warn('could not clear the pending rollup change of an activity', { id: settled.id, error });
        },
      ),
    );
    return toStoredActivity(record);
  }

  // `idle` is the plugin's stop: it waits for the pending markers this process is clearing.
  return { applyChange, settle, idle: background.idle };
}

export type RollupSync = ReturnType<typeof createRollupSync>;
