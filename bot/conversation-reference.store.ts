// Conversation references in storage: where the bot can reach each person (1:1 chat) and each team channel proactively.
//
// PK [tenant, 'conversation'], RK ['user', aadObjectId] or ['team', teamId, channelId]; a team's General channel has the
// team's id, so ['team', teamId, teamId] is the team's own reference. One partition per tenant: it is written about
// once per person per process (see `remember`), and "any reference of this tenant" is one small read.
import type { TableClient } from '@azure/data-tables';
import type { ConversationReference } from 'botbuilder';
import { z } from 'zod';
import type { Clock } from '../src/core/clock';
import { AppError } from '../src/core/errors';
import { TimedCache } from '../src/core/timed-cache';
import { composeKey } from '../src/storage/keys';
import { Repository, type RowChange } from '../src/storage/repository';

export const storedReferenceSchema = z.object({
  channelId: z.string(),
  serviceUrl: z.string(),
  locale: z.string().optional(),
  bot: z.object({ id: z.string(), name: z.string().optional() }),
  conversation: z.object({
    id: z.string(),
    conversationType: z.string().optional(),
    tenantId: z.string().optional(),
    isGroup: z.boolean().optional(),
    name: z.string().optional(),
  }),
  user: z.object({ id: z.string(), name: z.string().optional(), aadObjectId: z.string().optional() }).optional(),
});
/** The stable part of a botbuilder conversation reference: no activity id, so consecutive messages give the same one. */
export type StoredReference = z.infer<typeof storedReferenceSchema>;

const conversationRowSchema = z.object({
  kind: z.enum(['user', 'channel']),
  userId: z.string().optional(),
  teamId: z.string().optional(),
  channelId: z.string().optional(),
  reference: storedReferenceSchema.optional(),
  /** Why Teams refused the bot here (a 403); sends fail fast until the person or team talks to the bot again. */
  unreachable: z.string().optional(),
  unreachableAt: z.string().optional(),
  capturedAt: z.string(),
});
export type ConversationRow = z.infer<typeof conversationRowSchema>;

export type ConversationKey = { kind: 'user'; userId: string } | { kind: 'channel'; teamId: string; channelId: string };

export interface ConversationReferences {
  /** Stores the reference, unless this process stored the same one for the key within the last `rememberMs`. */
  remember(tenantId: string, key: ConversationKey, reference: Partial<ConversationReference> | StoredReference): Promise<void>;
  find(tenantId: string, key: ConversationKey): Promise<ConversationRow | undefined>;
  /** Some stored reference of the tenant: its service URL and bot account start a new 1:1 conversation. */
  anyOfTenant(tenantId: string): Promise<StoredReference | undefined>;
  markUnreachable(tenantId: string, key: ConversationKey, reason: string): Promise<void>;
  forgetUser(tenantId: string, userId: string): Promise<void>;
  /** The team's reference and every one of its channels'. */
  forgetTeam(tenantId: string, teamId: string): Promise<void>;
  forgetChannel(tenantId: string, teamId: string, channelId: string): Promise<void>;
}

const partition = ['conversation'];
/** Past this, a reference is written again even if unchanged: other processes may have marked it unreachable. */
const rememberMs = 15 * 60_000;
const maxRemembered = 50_000;
/** How long a row read stands for the stored one in this process. */
const foundForMs = 10_000;

export const rowOf = (key: ConversationKey): string[] => (key.kind === 'user' ? ['user', key.userId] : ['team', key.teamId, key.channelId]);

export function toStoredReference(reference: Partial<ConversationReference> | StoredReference, personal: boolean): StoredReference {
  const { channelId, serviceUrl, locale, bot, conversation, user } = reference;
  return storedReferenceSchema.parse({
    channelId,
    serviceUrl,
    ...(locale ? { locale } : {}),
    bot: bot && { id: bot.id, ...(bot.name ? { name: bot.name } : {}) },
    conversation: conversation && {
      id: conversation.id,
      conversationType: conversation.conversationType,
      tenantId: conversation.tenantId,
      isGroup: conversation.isGroup,
    },
    // A channel's reference names whoever spoke last; only a 1:1 chat's person belongs to it.
    ...(personal && user
      ? { user: { id: user.id, ...(user.name ? { name: user.name } : {}), ...(user.aadObjectId ? { aadObjectId: user.aadObjectId } : {}) } }
      : {}),
  });
}

export function createConversationReferences(table: TableClient, clock: Clock): ConversationReferences {
  const rows = new Repository(table, 'record', conversationRowSchema, ['reference']);
  /** What this process last wrote per row, so an unchanged reference costs no request. */
  const written = new Map<string, { json: string; at: number }>();
  const cacheKey = (tenantId: string, key: ConversationKey) => `${tenantId}\n${composeKey(rowOf(key))}`;
  /**
   * Rows as this process last read them, for `foundForMs` of real time: a burst of cards to one person reads their
   * conversation once. This process's own writes drop them at once; another's show within that time.
   */
  const found = new TimedCache<Promise<ConversationRow | undefined>>(foundForMs, () => performance.now());
  const address = (tenantId: string, key: ConversationKey) => ({ tenantId, partition, row: rowOf(key) });

  async function deleteRows(tenantId: string, from: string, before: string): Promise<void> {
    // A row deleted meanwhile by another process fails the batch as NOT_FOUND: list again, once.
    for (let round = 0; ; round += 1) {
      const changes: RowChange<ConversationRow>[] = [];
      let continuationToken: string | undefined;
      do {
        const page = await rows.page(tenantId, partition, { rowKeyFrom: from, rowKeyBefore: before, pageSize: 1000, continuationToken });
        for (const item of page.items) changes.push({ kind: 'delete', row: rowOf(keyOfRow(item.value)) });
        continuationToken = page.continuationToken;
      } while (continuationToken);
      for (const change of changes) written.delete(`${tenantId}\n${composeKey(change.row)}`);
      try {
        if (changes.length > 0) await rows.transact(tenantId, partition, changes);
        for (const change of changes) found.forget(`${tenantId}\n${composeKey(change.row)}`);
        return;
      } catch (error) {
        if (round > 0 || !(error instanceof AppError && error.code === 'NOT_FOUND')) throw error;
      }
    }
  }

  async function deleteOne(tenantId: string, key: ConversationKey): Promise<void> {
    written.delete(cacheKey(tenantId, key));
    found.forget(cacheKey(tenantId, key));
    try {
      await rows.delete(address(tenantId, key));
    } catch (error) {
      if (!(error instanceof AppError && error.code === 'NOT_FOUND')) throw error;
    }
    found.forget(cacheKey(tenantId, key));
  }

  return {
    async remember(tenantId, key, reference) {
      const stored = toStoredReference(reference, key.kind === 'user');
      const json = JSON.stringify(stored);
      const cached = cacheKey(tenantId, key);
      const last = written.get(cached);
      const now = clock.now();
      if (last && last.json === json && now.getTime() - last.at < rememberMs) return;
      await rows.upsert(address(tenantId, key), { ...key, reference: stored, capturedAt: now.toISOString() });
      found.forget(cached);
      written.delete(cached);
      written.set(cached, { json, at: now.getTime() });
      if (written.size > maxRemembered) written.delete(written.keys().next().value!);
    },
    find(tenantId, key) {
      const cached = cacheKey(tenantId, key);
      const known = found.get(cached);
      if (known) return known;
      const reading = rows.get(address(tenantId, key)).then((row) => row?.value);
      reading.catch(() => found.forget(cached));
      found.set(cached, reading);
      return reading;
    },
    async anyOfTenant(tenantId) {
      let continuationToken: string | undefined;
      for (let pages = 0; pages < 5; pages += 1) {
        const page = await rows.page(tenantId, partition, { pageSize: 20, continuationToken });
        const found = page.items.find((item) => item.value.reference && !item.value.unreachable);
        if (found) return found.value.reference;
        continuationToken = page.continuationToken;
        if (!continuationToken) return undefined;
      }
      return undefined;
    },
    async markUnreachable(tenantId, key, reason) {
      written.delete(cacheKey(tenantId, key));
      found.forget(cacheKey(tenantId, key));
      const mark = { unreachable: reason.slice(0, 1000), unreachableAt: clock.now().toISOString() };
      for (let round = 0; ; round += 1) {
        const current = await rows.get(address(tenantId, key));
        try {
          if (current) await rows.replace(address(tenantId, key), { ...current.value, ...mark }, current.etag);
          else await rows.create(address(tenantId, key), { ...key, ...mark, capturedAt: mark.unreachableAt });
          // A read made while it was written may have kept the row as it was.
          found.forget(cacheKey(tenantId, key));
          return;
        } catch (error) {
          const raced =
            error instanceof AppError && (error.code === 'CONFLICT' || error.code === 'ALREADY_EXISTS' || error.code === 'NOT_FOUND');
          if (!raced || round > 2) throw error;
        }
      }
    },
    forgetUser: (tenantId, userId) => deleteOne(tenantId, { kind: 'user', userId }),
    async forgetTeam(tenantId, teamId) {
      const prefix = composeKey(['team', teamId]);
      await deleteRows(tenantId, `${prefix}|`, `${prefix}}`);
    },
    forgetChannel: (tenantId, teamId, channelId) => deleteOne(tenantId, { kind: 'channel', teamId, channelId }),
  };
}

function keyOfRow(row: ConversationRow): ConversationKey {
  if (row.kind === 'user') return { kind: 'user', userId: row.userId! };
  return { kind: 'channel', teamId: row.teamId!, channelId: row.channelId! };
}
