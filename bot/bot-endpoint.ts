// `POST /api/messages`: each activity is read with zod before botbuilder sees it; a bad one is refused with one warning that says why.
import type { Activity, ActivityHandler, TurnContext } from 'botbuilder';
import express, { type ErrorRequestHandler, type Request, type RequestHandler } from 'express';
import type { z } from 'zod';
import { AppError } from '../src/core/errors';
import { resolveLocale, type I18n, type Translate } from '../src/core/i18n';
import type { Logger } from '../src/core/logger';
import { validationError } from '../src/core/validation';
import type { Authenticate } from '../src/http/auth.middleware';
import { errorBody, fromBodyParser, maxBody, requestLocale } from '../src/http/error.middleware';
import { errorCard } from '../src/cards/message.cards';
import { readActivity, type InvokeName } from './activity.schema';
import type { CrmAdapter } from './adapter';
import { actionResponse } from './message-extension';
import { actAsLocalActor, localeFromActivity } from './turn-context';

export interface BotEndpointOptions {
  i18n: I18n;
  log: Logger;
  /**
   * Local development mode: whom every turn acts as, the same person the tab API signs in (the dev identity, or whom
   * the request's `x-dev-*` headers name), so chat and tabs see one CRM.
   */
  localActor?: Authenticate;
}

/** Teams' own answer to each invoke it shows the user, carrying a message instead of a result. */
const unreadableInvokeAnswers: Record<InvokeName, (t: Translate) => unknown> = {
  'adaptiveCard/action': (t) => ({
    statusCode: 200,
    type: 'application/vnd.microsoft.card.adaptive',
    value: errorCard(t, t('core.bot.error.unreadable')),
  }),
  'composeExtension/query': (t) => ({ composeExtension: { type: 'message', text: t('core.bot.error.unreadable') } }),
  // An unfurl answer is a card or nothing: a link that cannot be read gets no card, as an unknown link does.
  'composeExtension/queryLink': () => ({ composeExtension: { type: 'result', attachmentLayout: 'list', attachments: [] } }),
  'composeExtension/submitAction': (t) => actionResponse({ text: t('core.bot.error.unreadable') }, t('core.bot.error.title')),
};

/** The language of a refusal: the activity's own when it names one, else the request's. */
function refusalLocale(req: Request) {
  const locale = (req.body as { locale?: unknown } | undefined)?.locale;
  return typeof locale === 'string' ? resolveLocale(locale) : requestLocale(req);
}

/** What the log says of an activity: its kind and id, never its text. */
function describe(body: unknown): Record<string, unknown> {
  const { type, name, id } = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
  return Object.fromEntries(
    Object.entries({ activityType: type, invokeName: name, activityId: id }).filter(([, value]) => typeof value === 'string'),
  );
}

/** botbuilder expects the timestamps as dates and keeps the text it was sent, as its own reader does. */
function withDates(activity: Activity): Activity {
  const raw = activity as unknown as Record<string, unknown>;
  for (const [field, rawField] of [
    ['timestamp', 'rawTimestamp'],
    ['localTimestamp', 'rawLocalTimestamp'],
    ['expiration', 'rawExpiration'],
  ] as const) {
    const value = raw[field];
    if (typeof value === 'string') Object.assign(raw, { [rawField]: value, [field]: new Date(value) });
  }
  return activity;
}

const summary = (error: z.ZodError) => validationError(error).params.summary;

/** The handlers of `POST /api/messages`, in order: the JSON body, the activity, and the refusals of either. */
export function botEndpoint(
  adapter: CrmAdapter,
  bot: ActivityHandler,
  options: BotEndpointOptions,
): (RequestHandler | ErrorRequestHandler)[] {
  const { i18n, log, localActor } = options;

  const answer: RequestHandler = async (req, res) => {
    const hasBody = Number(req.get('content-length') ?? 0) > 0 || req.get('transfer-encoding') !== undefined;
    if (req.body === undefined && hasBody && !req.is('application/json')) throw new AppError('UNSUPPORTED_MEDIA_TYPE');
    const reading = readActivity(req.body);
    if (reading.kind === 'malformed') throw validationError(reading.error);
    const activity = withDates(reading.activity);
    const authentication = await adapter.authenticate(activity, req.get('authorization'));
    const actor = localActor ? await localActor(req) : undefined;
    const response = await adapter.run(authentication, activity, async (context: TurnContext) => {
      if (reading.kind === 'unreadableInvoke') {
        log.warn('bot activity refused', { ...describe(activity), reason: summary(reading.error), answer: 'message to the user' });
        const body = unreadableInvokeAnswers[reading.name](i18n.translator(localeFromActivity(activity)));
        await context.sendActivity({ type: 'invokeResponse', value: { status: 200, body } });
        return;
      }
      if (actor) actAsLocalActor(context, actor);
      await bot.run(context);
    });
    if (response?.body === undefined) res.status(response?.status ?? 200).end();
    else res.status(response.status).send(response.body);
  };

  // Expected refusals (an unreadable body, a bad activity, a missing or bad token) are answered here, each with one
  // warning; anything else goes on to the app's error middleware as a failure of ours.
  const refuse: ErrorRequestHandler = (error, req, res, next) => {
    const refusal = error instanceof AppError ? error : fromBodyParser(error);
    if (!refusal || refusal.status >= 500 || res.headersSent) return next(error);
    const reason = (refusal.details as { reason?: unknown } | undefined)?.reason ?? refusal.message;
    log.warn('bot request refused', {
      status: refusal.status,
      code: refusal.code,
      reason,
      ...describe(req.body),
      details: refusal.details,
      ...(refusal.cause ? { cause: refusal.cause } : {}),
    });
    res.status(refusal.status).json(errorBody(refusal, refusalLocale(req)));
  };

  return [express.json({ limit: maxBody }), answer, refuse];
}
