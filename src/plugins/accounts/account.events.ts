// The facts the accounts plugin publishes, with their payloads' schemas, and the events an account's write makes.
import { z } from 'zod';
import type { EventOutbox, NewEvent } from '../../core/events';
import { accountTypes, type Account } from './account.schema';

export const accountEvents = {
  /**
   * An account was written (created, changed, imported): the projector applies the version named to the plugin's
   * views (account.views.ts), reading the account as it is then.
   */
  'account.changed': z.strictObject({}),
  /**
   * Someone changed an existing account (its name, owner, tags or team): not a creation and not an import, so a
   * bulk load publishes none. The payload is empty; a handler reads the account as it is then.
   */
  'account.updated': z.strictObject({}),
  /** A new account exists, made on its own or by an import. Version 1 of the account. */
  'account.created': z.strictObject({
    accountId: z.uuid(),
    name: z.string(),
    type: z.enum(accountTypes),
    ownerId: z.string(),
    ownerName: z.string(),
    industry: z.string().optional(),
    region: z.string().optional(),
    team: z.string().optional(),
    parentAccountId: z.uuid().optional(),
  }),
};

export type AccountEvents = typeof accountEvents;

/** The change event of a write that left the account at `version`. */
export const accountChanged = (outbox: EventOutbox<AccountEvents>, id: string, version: number): NewEvent =>
  outbox.event('account.changed', id, version, {});

/** The update event of an edit that left the account at `version` (2 or more). */
export const accountUpdated = (outbox: EventOutbox<AccountEvents>, id: string, version: number): NewEvent =>
  outbox.event('account.updated', id, version, {});

export function accountCreated(outbox: EventOutbox<AccountEvents>, account: Account): NewEvent {
  const { id, name, type, ownerId, ownerName, industry, region, team, parentAccountId } = account;
  return outbox.event('account.created', id, 1, { accountId: id, name, type, ownerId, ownerName, industry, region, team, parentAccountId });
}
