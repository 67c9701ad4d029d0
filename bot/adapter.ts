// The botbuilder CloudAdapter and the bot's HTTP endpoint: Bot Framework tokens are checked whenever an app id is configured.
import { randomUUID } from 'node:crypto';
import { ActivityHandler, CardFactory, CloudAdapter, ConfigurationBotFrameworkAuthentication, MessageFactory } from 'botbuilder';
import type { RequestHandler } from 'express';
import type { Config } from '../src/config';
import type { I18n } from '../src/core/i18n';
import type { Logger } from '../src/core/logger';
import type { Authenticate } from '../src/http/auth.middleware';
import { errorCard } from '../src/cards/message.cards';
import { actAsLocalActor, localeFromActivity } from './turn-context';

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

/**
 * `POST /api/messages`. In local development mode `localActor` says who every turn acts as: the same person the tab
 * API signs in (the dev identity, or whom the request's `x-dev-*` headers name), so chat and tabs see one CRM.
 */
export function botEndpoint(adapter: CloudAdapter, bot: ActivityHandler, localActor?: Authenticate): RequestHandler {
  return async (req, res) => {
    const signedIn = localActor ? await localActor(req) : undefined;
    await adapter.process(req, res, async (context) => {
      if (signedIn) actAsLocalActor(context, signedIn);
      await bot.run(context);
    });
  };
}
