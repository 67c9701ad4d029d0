// Who the work under way is for: the person whose API request or chat turn started it, carried through its async calls.
//
// The projector tracks each change it applies under the person who wrote it, so a read of a view waits for that
// person's own writes (they see their move at once) and not for everyone else's writes queued in the same process.
import { AsyncLocalStorage } from 'node:async_hooks';

export interface Caller {
  tenantId: string;
  userId: string;
}

const scope = new AsyncLocalStorage<Caller>();

/** Runs `work`, and everything it starts, on behalf of `caller`. */
export const actingFor = <T>(caller: Caller, work: () => T): T => scope.run({ tenantId: caller.tenantId, userId: caller.userId }, work);

/** The person the current work is for; undefined in background work (scheduled jobs, the outbox sweeper). */
export const currentCaller = (): Caller | undefined => scope.getStore();
