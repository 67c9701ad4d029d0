// Keeps conversation references current from what Teams tells the bot: installs and messages store them, uninstalls delete them.
import { TurnContext, type Activity } from 'botbuilder';
import { AppError } from '../src/core/errors';
import type { Logger } from '../src/core/logger';
import type { ConversationKey, ConversationReferences } from './conversation-reference.store';
import type { ProactiveDelivery } from './proactive-delivery';
import { signedInOfTurn } from './turn-context';

export interface ConversationCapture {
  /** Runs before every turn; a storage failure is logged and the turn goes on. */
  observe(context: TurnContext): Promise<void>;
}

interface TeamsChannelData {
  eventType?: string;
  team?: { id?: string };
  channel?: { id?: string };
}

type Scope = { kind: 'personal'; key: ConversationKey & { kind: 'user' } } | { kind: 'team'; teamId: string; channelId: string };
type Change = 'keep' | 'forget' | 'forget-channel' | undefined;

const botAmong = (activity: Partial<Activity>, members: { id: string }[] | undefined) =>
  members?.some((member) => member.id === activity.recipient?.id) ?? false;

/** What the activity means for the stored reference of its conversation. */
function changeOf(activity: Partial<Activity>): Change {
  const eventType = (activity.channelData as TeamsChannelData | undefined)?.eventType;
  if (activity.type === 'message') return 'keep';
  if (activity.type === 'installationUpdate')
    return activity.action?.startsWith('remove') ? 'forget' : activity.action?.startsWith('add') ? 'keep' : undefined;
  if (activity.type !== 'conversationUpdate') return undefined;
  if (eventType === 'teamDeleted' || botAmong(activity, activity.membersRemoved)) return 'forget';
  if (eventType === 'channelDeleted') return 'forget-channel';
  return botAmong(activity, activity.membersAdded) ? 'keep' : undefined;
}

/**
 * The person of a 1:1 chat, or the team and channel of a team conversation; group chats are not kept. The tenant and
 * person are the turn's actor, so in local development mode they are the dev identity, as everywhere else.
 */
function scopeOf(context: TurnContext): { tenantId: string; scope: Scope } | undefined {
  let actor;
  try {
    actor = signedInOfTurn(context);
  } catch (error) {
    // An activity without tenant or sender names no conversation to keep; the turn itself answers for it.
    if (error instanceof AppError) return undefined;
    throw error;
  }
  const { conversation, channelData } = context.activity as Partial<Activity> & { channelData?: TeamsChannelData };
  const teamId = channelData?.team?.id;
  if (conversation?.conversationType === 'personal')
    return { tenantId: actor.tenantId, scope: { kind: 'personal', key: { kind: 'user', userId: actor.userId } } };
  if (conversation?.conversationType !== 'channel' || !teamId) return undefined;
  return { tenantId: actor.tenantId, scope: { kind: 'team', teamId, channelId: channelData?.channel?.id ?? teamId } };
}

export function createConversationCapture(
  references: ConversationReferences,
  delivery: Pick<ProactiveDelivery, 'closeOpen'>,
  log: Logger,
): ConversationCapture {
  async function apply(context: TurnContext, change: Exclude<Change, undefined>, tenantId: string, scope: Scope): Promise<void> {
    if (scope.kind === 'personal') {
      if (change === 'keep') return references.remember(tenantId, scope.key, TurnContext.getConversationReference(context.activity));
      await references.forgetUser(tenantId, scope.key.userId);
      return delivery.closeOpen(tenantId, { userId: scope.key.userId });
    }
    const { teamId, channelId } = scope;
    if (change === 'keep') {
      // A post in a thread carries `;messageid=` in its conversation id; the channel itself is reached by its own id.
      const reference = TurnContext.getConversationReference(context.activity);
      return references.remember(
        tenantId,
        { kind: 'channel', teamId, channelId },
        { ...reference, conversation: { ...reference.conversation!, id: channelId } },
      );
    }
    if (change === 'forget-channel') {
      await references.forgetChannel(tenantId, teamId, channelId);
      return delivery.closeOpen(tenantId, { teamId, channelId });
    }
    await references.forgetTeam(tenantId, teamId);
    await delivery.closeOpen(tenantId, { teamId });
  }

  return {
    async observe(context) {
      const change = changeOf(context.activity);
      const where = change && scopeOf(context);
      if (!change || !where) return;
      try {
        await apply(context, change, where.tenantId, where.scope);
      } catch (error) {
        log.error('the conversation reference could not be kept', {
          change,
          tenantId: where.tenantId,
          conversationId: context.activity.conversation?.id,
          error,
        });
      }
    },
  };
}
