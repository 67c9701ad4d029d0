// Proactive requests to the Bot Connector through botbuilder: send a card, update it in place, open a 1:1 chat.
//
// Its own CloudAdapter: no turn-error handler (a failed proactive send must reach the delivery, not post an error card
// into the conversation) and connector clients without the Azure SDK's built-in retries, because the delivery retries
// itself: it records every attempt, counts it against Teams' limits and survives a restart while it waits.
import type { PipelinePolicy } from '@azure/core-rest-pipeline';
import {
  CardFactory,
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  MessageFactory,
  TurnContext,
  type ChannelAccount,
  type ConversationParameters,
  type ConversationReference,
} from 'botbuilder';
import type { Config } from '../src/config';
import { connectorCall } from './connector-failure';
import type { StoredReference } from './conversation-reference.store';

export interface OutgoingMessage {
  card: Record<string, unknown>;
  text?: string;
}

/** Every method throws a `ConnectorFailure` when Teams answers with an error or does not answer. */
export interface ProactiveSender {
  send(reference: StoredReference, message: OutgoingMessage): Promise<{ activityId: string }>;
  update(reference: StoredReference, activityId: string, message: OutgoingMessage): Promise<void>;
  /** Opens the 1:1 chat between the bot and a person (Teams returns the existing one), through a reference of their tenant. */
  openPersonalChat(tenantId: string, userId: string, via: StoredReference): Promise<StoredReference>;
}

type ConnectorFactory = ReturnType<ConfigurationBotFrameworkAuthentication['createConnectorFactory']>;
type ConnectorClient = Awaited<ReturnType<ConnectorFactory['create']>>;
interface PipelineOwner {
  client?: { pipeline?: { removePolicy(options: { name: string }): unknown; addPolicy(policy: PipelinePolicy): void } };
}

/** The name under which the Azure core pipeline adds its retry policy (429 after Retry-After, 5xx with back-off). */
const sdkRetryPolicy = 'defaultRetryPolicy';
/** The audience of Bot Connector tokens in the public cloud. */
const connectorAudience = 'https://api.botframework.com';

/** Strips the SDK's retries from a connector client and bounds each request's time, so the delivery decides. */
function ownRetries(connector: ConnectorClient, timeoutMs: number): ConnectorClient {
  const pipeline = (connector as unknown as PipelineOwner).client?.pipeline;
  if (!pipeline)
    throw new Error('The botbuilder connector client no longer exposes its request pipeline; proactive delivery cannot own its retries');
  pipeline.removePolicy({ name: sdkRetryPolicy });
  pipeline.addPolicy({
    name: 'deliveryTimeout',
    sendRequest: (request, next) => {
      request.timeout = timeoutMs;
      return next(request);
    },
  });
  return connector;
}

class DeliveryAuthentication extends ConfigurationBotFrameworkAuthentication {
  constructor(
    bot: Config['bot'],
    private readonly timeoutMs: number,
  ) {
    super({
      MicrosoftAppId: bot.appId ?? '',
      MicrosoftAppPassword: bot.appPassword ?? '',
      MicrosoftAppType: bot.appType,
      MicrosoftAppTenantId: bot.tenantId ?? '',
    });
  }

  override createConnectorFactory(
    claimsIdentity: Parameters<ConfigurationBotFrameworkAuthentication['createConnectorFactory']>[0],
  ): ConnectorFactory {
    const factory = super.createConnectorFactory(claimsIdentity);
    return {
      create: async (serviceUrl: string, audience?: string) => ownRetries(await factory.create(serviceUrl, audience), this.timeoutMs),
    };
  }
}

/** botbuilder's reference type, whose accounts always have a name (Teams sends none for some of them). */
function referenceOf(stored: StoredReference): Partial<ConversationReference> {
  const { bot, conversation, user } = stored;
  return {
    channelId: stored.channelId,
    serviceUrl: stored.serviceUrl,
    ...(stored.locale ? { locale: stored.locale } : {}),
    bot: { id: bot.id, name: bot.name ?? '' },
    conversation: {
      id: conversation.id,
      name: conversation.name ?? '',
      isGroup: conversation.isGroup ?? false,
      conversationType: conversation.conversationType ?? '',
      ...(conversation.tenantId ? { tenantId: conversation.tenantId } : {}),
    },
    ...(user ? { user: { id: user.id, name: user.name ?? '', ...(user.aadObjectId ? { aadObjectId: user.aadObjectId } : {}) } } : {}),
  };
}

function activityOf(reference: StoredReference, message: OutgoingMessage) {
  const activity = MessageFactory.attachment(CardFactory.adaptiveCard(message.card), message.text);
  return TurnContext.applyConversationReference(activity, referenceOf(reference));
}

/** Without an app id (local development, tests) botbuilder sends no token, as it does for replies. */
export function createProactiveSender(bot: Config['bot'], timeoutMs = 30_000): ProactiveSender {
  const adapter = new CloudAdapter(new DeliveryAuthentication(bot, timeoutMs));
  const appId = bot.appId ?? '';

  async function withConnector<T>(reference: StoredReference, work: (connector: ConnectorClient) => Promise<T>): Promise<T> {
    let result: { value: T } | undefined;
    await connectorCall(() =>
      adapter.continueConversationAsync(appId, referenceOf(reference), async (context) => {
        result = { value: await work(context.turnState.get(adapter.ConnectorClientKey) as ConnectorClient) };
      }),
    );
    return result!.value;
  }

  return {
    send: (reference, message) =>
      withConnector(reference, async (connector) => {
        const response = await connector.conversations.sendToConversation(reference.conversation.id, activityOf(reference, message));
        return { activityId: response.id ?? '' };
      }),
    update: (reference, activityId, message) =>
      withConnector(reference, async (connector) => {
        await connector.conversations.updateActivity(reference.conversation.id, activityId, {
          ...activityOf(reference, message),
          id: activityId,
        });
      }),
    async openPersonalChat(tenantId, userId, via) {
      // Teams takes the person's Entra object id as the member and needs the tenant, both as a field and in channelData.
      const parameters = {
        isGroup: false,
        bot: referenceOf(via).bot,
        members: [{ id: userId }] as ChannelAccount[],
        tenantId,
        channelData: { tenant: { id: tenantId } },
      } as ConversationParameters;
      let conversationId: string | undefined;
      await connectorCall(() =>
        adapter.createConversationAsync(appId, via.channelId, via.serviceUrl, connectorAudience, parameters, async (context) => {
          conversationId = context.activity.conversation.id;
        }),
      );
      if (!conversationId) throw new Error(`Teams created no conversation for user ${userId}`);
      return {
        channelId: via.channelId,
        serviceUrl: via.serviceUrl,
        bot: via.bot,
        conversation: { id: conversationId, conversationType: 'personal', tenantId, isGroup: false },
        user: { id: userId, aadObjectId: userId },
      };
    },
  };
}
