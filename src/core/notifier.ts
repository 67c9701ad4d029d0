// The proactive-delivery contract: a plugin sends a card to a person, a channel or a person's manager, and updates it.
import { z } from 'zod';

/** Whom a card goes to. `managerOf` is resolved through the tenant's directory when the card is sent. */
export type NotifyRecipient = { user: string } | { channel: { teamId: string; channelId: string } } | { managerOf: string };

export interface NotifyRequest {
  tenantId: string;
  to: NotifyRecipient;
  /** An Adaptive Card, schema 1.5. */
  card: Record<string, unknown>;
  /** Shown in notifications and chat lists beside the card. */
  text?: string;
  /** Within a tenant and plugin, a second send with the same key is not sent again and returns the first delivery's id. */
  dedupeKey?: string;
}

/**
 * Proactive delivery, one per plugin (`PluginContext.notify`). Sends are recorded and happen in the background,
 * within Teams' rate limits and with retries, so `send` resolves as soon as the delivery is recorded.
 * @example const deliveryId = await notify.send({ tenantId, to: { user: ownerId }, card }); await notify.update(deliveryId, resolvedCard);
 */
export interface Notifier {
  /** Records the delivery, starts sending it, and resolves its id. */
  send(request: NotifyRequest): Promise<string>;
  /**
   * Records deliveries of one tenant together, in as few storage transactions as they fit in, starts sending each, and
   * resolves their ids in the order given; each is deduplicated by its key as `send` does.
   */
  sendAll(requests: readonly NotifyRequest[]): Promise<string[]>;
  /**
   * Replaces the card of a delivery this plugin sent: in place in Teams once delivered (in the background, like a
   * send), or as the card still to be delivered. A delivery that failed or found its recipient unreachable cannot be
   * updated (DELIVERY_CLOSED); another plugin's delivery is NOT_FOUND.
   */
  update(deliveryId: string, card: Record<string, unknown>, text?: string): Promise<void>;
  /** Whether the app is installed in the Teams team, so that a card can go to one of its channels. */
  reachesTeam(tenantId: string, teamId: string): Promise<boolean>;
}

/** Who a person's manager is; implemented by the tenant's roles and teams directory. */
export interface ManagerDirectory {
  managerOf(tenantId: string, userId: string): Promise<string | undefined>;
}

export const deliveryStatuses = ['pending', 'delivered', 'retrying', 'failed', 'unreachable'] as const;
export type DeliveryStatus = (typeof deliveryStatuses)[number];

/** Why a delivery failed or is retried, as a stable code; `lastError` says the details. */
export const deliveryErrorCodes = [
  'throttled',
  'service-unavailable',
  'unreachable',
  'conversation-not-found',
  'rejected',
  'no-conversation',
  'no-manager',
  'uninstalled',
  'expired',
] as const;
export type DeliveryErrorCode = (typeof deliveryErrorCodes)[number];

/** A delivery as an admin reads it. */
export const deliverySchema = z.object({
  id: z.string(),
  pluginId: z.string(),
  recipient: z.object({
    kind: z.enum(['user', 'channel']),
    userId: z.string().optional(),
    teamId: z.string().optional(),
    channelId: z.string().optional(),
    /** Set when the card went to this person's manager. */
    managerOf: z.string().optional(),
  }),
  status: z.enum(deliveryStatuses),
  attempts: z.number().int(),
  lastErrorCode: z.enum(deliveryErrorCodes).optional(),
  lastError: z.string().optional(),
  conversationId: z.string().optional(),
  activityId: z.string().optional(),
  /** In-place updates of the delivered card. */
  updates: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
  deliveredAt: z.string().optional(),
  nextAttemptAt: z.string().optional(),
});
export type Delivery = z.infer<typeof deliverySchema>;

/** The tenant's deliveries, newest first, for administration. */
export interface DeliveryLog {
  list(
    tenantId: string,
    request: { status?: DeliveryStatus; pageSize: number; continuationToken?: string },
  ): Promise<{ items: Delivery[]; continuationToken?: string }>;
}
