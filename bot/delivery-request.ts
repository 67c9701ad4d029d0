// What a plugin may ask of `notify` (validated), how a delivery is named, and how an admin reads it.
import { z } from 'zod';
import { maxCardBytes } from '../src/cards/adaptive-card';
import { AppError } from '../src/core/errors';
import type { Delivery } from '../src/core/notifier';
import type { DeliveryRow } from './delivery.store';

export const textSchema = z.string().max(2_000);
const id = z.string().trim().min(1).max(256);
export const cardSchema = z
  .object({ type: z.literal('AdaptiveCard'), version: z.literal('1.5') })
  .catchall(z.unknown())
  .refine((card) => Buffer.byteLength(JSON.stringify(card)) <= maxCardBytes, { message: `at most ${maxCardBytes} bytes` });
export const notifyRequestSchema = z.object({
  tenantId: id,
  to: z.union([z.object({ user: id }), z.object({ channel: z.object({ teamId: id, channelId: id }) }), z.object({ managerOf: id })]),
  card: cardSchema,
  text: textSchema.optional(),
  dedupeKey: z.string().min(1).max(1_000).optional(),
});

/** Delivery ids carry their tenant, so that a plugin can update a card from its id alone. */
export const deliveryIdOf = (row: Pick<DeliveryRow, 'tenantId' | 'id'>) => `${Buffer.from(row.tenantId).toString('base64url')}.${row.id}`;
export function parseDeliveryId(deliveryId: string): { tenantId: string; id: string } {
  const [tenant, rowId, extra] = deliveryId.split('.');
  if (!tenant || !rowId || extra !== undefined || !/^\d{13}-[0-9a-f]{12}$/.test(rowId))
    throw new AppError('NOT_FOUND', { entity: 'record', id: deliveryId });
  return { tenantId: Buffer.from(tenant, 'base64url').toString(), id: rowId };
}

export function toDelivery(row: DeliveryRow): Delivery {
  const {
    recipientKind: kind,
    userId,
    teamId,
    channelId,
    managerOf,
    status,
    attempts,
    lastErrorCode,
    lastError,
    conversationId,
    activityId,
    updates,
    createdAt,
    updatedAt,
    deliveredAt,
    nextAttemptAt,
  } = row;
  return {
    id: deliveryIdOf(row),
    pluginId: row.pluginId,
    recipient: { kind, userId, teamId, channelId, managerOf },
    status,
    attempts,
    lastErrorCode,
    lastError,
    conversationId,
    activityId,
    updates,
    createdAt,
    updatedAt,
    deliveredAt,
    nextAttemptAt,
  };
}
