// Where a delivery goes: the stored conversation of a person or a channel, a new 1:1 chat, or why there is none.
import type { DeliveryErrorCode } from '../src/core/notifier';
import type { ConversationKey, ConversationReferences, StoredReference } from './conversation-reference.store';
import type { DeliveryRow } from './delivery.store';
import type { ProactiveSender } from './proactive-sender';
import type { DeliveryLimits } from './rate-limits';

export type Target =
  | { kind: 'conversation'; reference: StoredReference }
  | { kind: 'closed'; status: 'failed' | 'unreachable'; code: DeliveryErrorCode; reason: string };

export interface TargetSources {
  references: ConversationReferences;
  sender: ProactiveSender;
  limits: DeliveryLimits;
}

export function conversationKeyOf(row: Pick<DeliveryRow, 'recipientKind' | 'userId' | 'teamId' | 'channelId'>): ConversationKey {
  return row.recipientKind === 'user'
    ? { kind: 'user', userId: row.userId! }
    : { kind: 'channel', teamId: row.teamId!, channelId: row.channelId! };
}

const unreachable = (row: { unreachable?: string; unreachableAt?: string }): Target => ({
  kind: 'closed',
  status: 'unreachable',
  code: 'unreachable',
  reason: `Teams refused the bot here at ${row.unreachableAt}: ${row.unreachable}`,
});

/**
 * The conversation a delivery goes to. A recipient Teams refused before fails fast; a channel the bot has not seen is
 * reached through its team's reference (a channel's conversation id is the channel's id); a person without a 1:1
 * chat gets one opened through any reference of the tenant, and it is stored for the next send.
 * Connector errors while opening the chat are thrown, to be judged like those of a send.
 */
export async function resolveTarget(row: DeliveryRow, sources: TargetSources, signal: AbortSignal): Promise<Target> {
  const key = conversationKeyOf(row);
  const stored = await sources.references.find(row.tenantId, key);
  if (stored?.unreachable) return unreachable(stored);
  if (stored?.reference) return { kind: 'conversation', reference: stored.reference };
  if (key.kind === 'channel') {
    const team = await sources.references.find(row.tenantId, { kind: 'channel', teamId: key.teamId, channelId: key.teamId });
    if (team?.unreachable) return unreachable(team);
    if (team?.reference)
      return {
        kind: 'conversation',
        reference: { ...team.reference, conversation: { ...team.reference.conversation, id: key.channelId } },
      };
    return { kind: 'closed', status: 'failed', code: 'no-conversation', reason: `The app is not installed in team ${key.teamId}` };
  }
  const via = await sources.references.anyOfTenant(row.tenantId);
  if (!via)
    return {
      kind: 'closed',
      status: 'failed',
      code: 'no-conversation',
      reason: 'No one in this tenant has installed the app, so the bot cannot open a chat',
    };
  await sources.limits.acquire(row.tenantId, `open-chat:${key.userId}`, signal);
  const reference = await sources.sender.openPersonalChat(row.tenantId, key.userId, via);
  await sources.references.remember(row.tenantId, key, reference);
  return { kind: 'conversation', reference };
}
