// The botbuilder CloudAdapter: Bot Framework tokens are checked whenever an app id is configured, and every refusal is a 401 with its reason.
import { randomUUID } from 'node:crypto';
import {
  type Activity,
  CallerIdConstants,
  CardFactory,
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  type InvokeResponse,
  MessageFactory,
  type TurnContext,
} from 'botbuilder';
import { type AuthenticateRequestResult, AuthenticationConstants } from 'botframework-connector';
import type { Config } from '../src/config';
import { AppError } from '../src/core/errors';
import type { I18n } from '../src/core/i18n';
import type { Logger } from '../src/core/logger';
import { errorCard } from '../src/cards/message.cards';
import { localeFromActivity } from './turn-context';

/** A Bot Framework token is a JWT: three base64url parts. botbuilder itself only accepts the exact scheme `Bearer`. */
const bearerToken = /^Bearer [A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;
/** jsonwebtoken's failures: each is the token's fault, not ours. */
const tokenFaults = new Set(['JsonWebTokenError', 'NotBeforeError', 'TokenExpiredError']);

/**
 * botbuilder reads any one cloud setting as "every cloud setting is given", so a metadata URL of our own comes with the
 * rest of the public cloud's, as botbuilder's defaults have them.
 */
function publicCloudWith(openIdMetadataUrl: string): Record<string, string | boolean> {
  return {
    ValidateAuthority: true,
    ToChannelFromBotLoginUrl: AuthenticationConstants.ToChannelFromBotLoginUrl,
    ToChannelFromBotOAuthScope: AuthenticationConstants.ToChannelFromBotOAuthScope,
    ToBotFromChannelTokenIssuer: AuthenticationConstants.ToBotFromChannelTokenIssuer,
    OAuthUrl: AuthenticationConstants.OAuthUrl,
    ToBotFromChannelOpenIdMetadataUrl: openIdMetadataUrl,
    ToBotFromEmulatorOpenIdMetadataUrl: AuthenticationConstants.ToBotFromEmulatorOpenIdMetadataUrl,
    CallerId: CallerIdConstants.PublicAzureChannel,
  };
}

function unauthenticated(reason: string, cause?: unknown): AppError {
  return new AppError('UNAUTHENTICATED', {}, { reason }, cause === undefined ? undefined : { cause });
}

/**
 * botbuilder's own refusals carry a 4xx `statusCode`; anything else it throws while checking a token (a refused
 * connection, an error page or unreadable JSON from the OpenID metadata or key endpoints) means the token could not
 * be checked at all. Either way the request is not authenticated; the reason tells the two apart in the log.
 */
function tokenRefusal(error: unknown): AppError {
  const { statusCode, name } = (error ?? {}) as { statusCode?: unknown; name?: unknown };
  const refused =
    (typeof statusCode === 'number' && statusCode >= 400 && statusCode < 500) || (typeof name === 'string' && tokenFaults.has(name));
  return unauthenticated(
    refused ? 'Bot Framework token refused' : 'Bot Framework token could not be checked: signing keys unavailable',
    error,
  );
}

/** The CloudAdapter with its token check and its turn pipeline apart, so that the HTTP edge answers every refusal itself. */
export class CrmAdapter extends CloudAdapter {
  constructor(
    private readonly appId: string | undefined,
    authentication: ConfigurationBotFrameworkAuthentication,
  ) {
    super(authentication);
  }

  /** Checks the request's Bot Framework token when an app id is configured; a token that is missing, bad or uncheckable is UNAUTHENTICATED. */
  async authenticate(activity: Activity, authorization: string | undefined): Promise<AuthenticateRequestResult> {
    if (this.appId) {
      if (!authorization?.trim()) throw unauthenticated('missing Authorization header');
      if (!authorization.startsWith('Bearer ')) throw unauthenticated('Authorization scheme must be Bearer');
      if (!bearerToken.test(authorization)) throw unauthenticated('malformed bearer token');
    }
    try {
      return await this.botFrameworkAuthentication.authenticateRequest(activity, authorization ?? '');
    } catch (error) {
      throw tokenRefusal(error);
    }
  }

  /** Runs one authenticated activity through `logic`; what to answer the request with, as `CloudAdapter.process` would. */
  run(
    authentication: AuthenticateRequestResult,
    activity: Activity,
    logic: (context: TurnContext) => Promise<void>,
  ): Promise<InvokeResponse | undefined> {
    return this.processActivity(authentication, activity, logic);
  }
}

export function createBotAdapter(bot: Config['bot'], i18n: I18n, log: Logger): CrmAdapter {
  const authentication = new ConfigurationBotFrameworkAuthentication({
    MicrosoftAppId: bot.appId ?? '',
    MicrosoftAppPassword: bot.appPassword ?? '',
    MicrosoftAppType: bot.appType,
    MicrosoftAppTenantId: bot.tenantId ?? '',
    ...(bot.openIdMetadataUrl ? publicCloudWith(bot.openIdMetadataUrl) : {}),
  });
  const adapter = new CrmAdapter(bot.appId, authentication);
  // Unexpected failures: the stack goes to the log, the user gets a friendly card with a reference to quote.
  adapter.onTurnError = async (context, error) => {
    const reference = randomUUID();
    log.error('bot turn failed', { reference, activityType: context.activity.type, error });
    const locale = localeFromActivity(context.activity);
    const t = i18n.translator(locale);
    try {
      await context.sendActivity(
        MessageFactory.attachment(CardFactory.adaptiveCard(errorCard(t, t('core.bot.error.unexpected', { reference })))),
      );
    } catch (sendError) {
      log.error('could not send the error card', { reference, error: sendError });
    }
  };
  return adapter;
}
