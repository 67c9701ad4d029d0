// The botbuilder CloudAdapter: Bot Framework tokens are checked whenever an app id is configured.
import { randomUUID } from 'node:crypto';
import { CardFactory, CloudAdapter, ConfigurationBotFrameworkAuthentication, MessageFactory } from 'botbuilder';
import type { Config } from '../src/config';
import type { I18n } from '../src/core/i18n';
import type { Logger } from '../src/core/logger';
import { errorCard } from '../src/cards/message.cards';
import { localeFromActivity } from './turn-context';

export function createBotAdapter(bot: Config['bot'], i18n: I18n, log: Logger): CloudAdapter {
  const authentication = new ConfigurationBotFrameworkAuthentication({
    MicrosoftAppId: bot.appId ?? '',
    MicrosoftAppPassword: bot.appPassword ?? '',
    MicrosoftAppType: bot.appType,
    MicrosoftAppTenantId: bot.tenantId ?? '',
  });
  const adapter = new CloudAdapter(authentication);
  // Unexpected failures: the stack goes to the log, the user gets a friendly card with a reference to quote.
  adapter.onTurnError = async (context, error) => {
    const reference = randomUUID();
    log.error('bot turn failed', { reference, activityType: context.activity.type, error });
    const locale = localeFromActivity(context.activity);
    const t = i18n.translator(locale);
    try {
      await context.sendActivity(MessageFactory.attachment(CardFactory.adaptiveCard(errorCard(t, t('core.bot.error.unexpected', { reference })))));
    } catch (sendError) {
      log.error('could not send the error card', { reference, error: sendError });
    }
  };
  return adapter;
}
