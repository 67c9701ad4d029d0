// Proactive delivery assembled: its two tables, the Bot Connector sender, Teams' limits, the retry policy and reference capture.
import type { TableClient } from '@azure/data-tables';
import type { Config } from '../src/config';
import type { Clock } from '../src/core/clock';
import type { Logger } from '../src/core/logger';
import type { ManagerDirectory } from '../src/core/notifier';
import { createLeases } from '../src/storage/leases';
import { defaultRetrySettings, type RetrySettings } from './connector-failure';
import { createConversationCapture, type ConversationCapture } from './conversation-capture';
import { createConversationReferences } from './conversation-reference.store';
import { createDeliveryStore } from './delivery.store';
import { createProactiveDelivery, type ProactiveDelivery } from './proactive-delivery';
import { createProactiveSender } from './proactive-sender';
import { DeliveryLimits, teamsLimits, type DeliveryLimitSettings } from './rate-limits';

/** The tables of proactive delivery; bot code owns the first two, and `Leases` holds the shared lease rows. */
export const deliveryTables = { conversations: 'BotConversations', deliveries: 'BotDeliveries', leases: 'Leases' } as const;

export interface DeliveryOptions {
  managers: ManagerDirectory;
  retry?: Partial<RetrySettings>;
  limits?: DeliveryLimitSettings;
}

export async function setUpProactiveDelivery(
  openTable: (name: string) => Promise<TableClient>,
  bot: Config['bot'],
  clock: Clock,
  log: Logger,
  options: DeliveryOptions,
): Promise<{ delivery: ProactiveDelivery; capture: ConversationCapture }> {
  const references = createConversationReferences(await openTable(deliveryTables.conversations), clock);
  const delivery = createProactiveDelivery({
    references,
    deliveries: createDeliveryStore(await openTable(deliveryTables.deliveries)),
    sender: createProactiveSender(bot),
    limits: new DeliveryLimits(options.limits ?? teamsLimits),
    retry: { ...defaultRetrySettings, ...options.retry },
    managers: options.managers,
    leases: createLeases(await openTable(deliveryTables.leases), clock),
    clock,
    log: log.child({ component: 'delivery' }),
  });
  // Before any plugin can send: other processes must see this one alive before it drives a delivery.
  await delivery.start();
  return { delivery, capture: createConversationCapture(references, delivery, log) };
}
