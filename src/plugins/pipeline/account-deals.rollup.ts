// An account's open deals, soonest close first, and how a deal change moves them: pure functions, tested without storage.
import { z } from 'zod';
import { appliedSchema as applied } from '../../storage/applied-changes';
import { placeInList } from '../../storage/capped-list';
import type { DealChange } from './deal-snapshot';
import { listCaps } from './pipeline-rollups';
import type { OpportunityCard } from './pipeline.service';

/** Open deals an account's row lists; the card shows them, a longer list is refilled from the board index. */
export const accountCap = 20;

/** An account's open deals, soonest close first: ids and close dates only, so stage moves never touch the row. */
export const accountSchema = z.object({
  applied,
  count: z.number().int(),
  items: z.array(z.object({ id: z.string(), close: z.string() })),
  removed: z.array(z.string()).default([]),
});
export type AccountState = z.infer<typeof accountSchema>;
export const emptyAccount = (): AccountState => ({ applied: [], count: 0, items: [], removed: [] });
/** Below this, an account's open deals are refilled from the board index. */
export const accountRefillBelow = 5;

type AccountItem = AccountState['items'][number];
const accountOrder = (a: AccountItem, b: AccountItem) => a.close.localeCompare(b.close) || a.id.localeCompare(b.id);
const accountItem = (card: OpportunityCard): AccountItem => ({ id: card.id, close: card.expectedCloseDate });

/** True when a change alters an account's list: a deal opens or closes, or an open deal's close date moves. */
export function touchesAccount({ from, to }: DealChange): boolean {
  const wasOpen = from?.card.status === 'open';
  const isOpen = to.card.status === 'open';
  return wasOpen !== isOpen || (isOpen && from?.card.expectedCloseDate !== to.card.expectedCloseDate);
}

/** Applies a change to an account's open deals in place. */
export function applyToAccount(state: AccountState, { from, to }: DealChange): void {
  const id = to.card.id;
  const wasOpen = from?.card.status === 'open';
  const isOpen = to.card.status === 'open';
  state.count += (isOpen ? 1 : 0) - (wasOpen ? 1 : 0);
  state.items = state.items.filter((item) => item.id !== id);
  if (wasOpen && !isOpen) state.removed = [...state.removed.filter((r) => r !== id), id].slice(-listCaps.removed);
  if (isOpen) {
    state.removed = state.removed.filter((r) => r !== id);
    state.items = placeInList(state.items, accountItem(to.card), accountOrder, state.count, accountCap);
  }
}

/** Merges an account's open deals read from the board index into its list, leaving out deals closed since. */
export function refillAccount(state: AccountState, cards: readonly OpportunityCard[]): void {
  const removed = new Set(state.removed);
  const byId = new Map(state.items.map((item) => [item.id, item]));
  for (const card of cards) if (!removed.has(card.id) && !byId.has(card.id)) byId.set(card.id, accountItem(card));
  state.items = [...byId.values()].sort(accountOrder).slice(0, accountCap);
}
