// Maps Teams events to plugin calls: messages to commands, card actions to handlers, installs to a welcome card; every turn keeps its conversation reachable.
import {
  CardFactory,
  MessageFactory,
  TeamsActivityHandler,
  TurnContext,
  type AdaptiveCardInvokeResponse,
  type AdaptiveCardInvokeValue,
  type AppBasedLinkQuery,
  type MessagingExtensionAction,
  type MessagingExtensionActionResponse,
  type MessagingExtensionQuery,
  type MessagingExtensionResponse,
  type TaskModuleRequest,
  type TaskModuleResponse,
} from 'botbuilder';
import { resolveActor, type RoleDirectory } from '../src/core/access';
import type { Actor } from '../src/core/actor';
import { builtInWords } from '../src/core/command-registry';
import { AppError } from '../src/core/errors';
import type { I18n, Locale } from '../src/core/i18n';
import type { BotReply, TurnInput } from '../src/core/plugin';
import type { LoadedPlugins } from '../src/core/plugin-host';
import { didYouMeanCard, errorCard, greetingCard, helpCard, welcomeCard } from '../src/cards/message.cards';
import type { ConversationCapture } from './conversation-capture';
import { actionResponse, messageText, runSearch, runUnfurl } from './message-extension';
import { localeFromActivity, signedInOfTurn, tenantOfTurn, timeZoneFromActivity } from './turn-context';

/** A suggestion repeats the user's text twice in its card; longer text gets the plain answer, so the card stays small. */
const suggestionMax = 2_000;

export class CrmBot extends TeamsActivityHandler {
  constructor(
    private readonly loaded: LoadedPlugins,
    private readonly i18n: I18n,
    /** The roles of whoever the turn comes from, as the tab API takes them: one directory for both. */
    private readonly directory: RoleDirectory,
    /** The tenant registry: every turn records its tenant, so scheduled jobs run for it. */
    private readonly tenants: { ensure(tenantId: string): Promise<unknown> },
    conversations?: ConversationCapture,
  ) {
    super();
    // Before anything else, so that even a turn that fails leaves the conversation reachable.
    if (conversations) {
      this.onTurn(async (context, next) => {
        await conversations.observe(context);
        await next();
      });
    }
    this.onTurn(async (context, next) => {
      const tenantId = tenantOfTurn(context);
      if (tenantId) await this.tenants.ensure(tenantId);
      await next();
    });
    this.onMessage(async (context, next) => {
      await this.answerMessage(context);
      await next();
    });
    this.onMembersAdded(async (context, next) => {
      const botWasAdded = context.activity.membersAdded?.some((member) => member.id === context.activity.recipient.id);
      if (botWasAdded) await this.send(context, { card: welcomeCard(this.i18n.translator(localeFromActivity(context.activity))) });
      await next();
    });
  }

  private async answerMessage(context: TurnContext): Promise<void> {
    const text = TurnContext.removeRecipientMention(context.activity)?.trim() ?? context.activity.text?.trim() ?? '';
    const activityLocale = localeFromActivity(context.activity);
    // Every message records its sender in the people directory, whatever it asks; a turn without a sender or tenant is refused.
    let actor: Actor;
    try {
      actor = await this.actorOf(context);
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      await this.send(context, { card: errorCard(this.i18n.translator(activityLocale), error.localisedMessage(activityLocale)) });
      return;
    }
    // Words written in Chinese get a Chinese answer; otherwise the user's Teams language decides.
    const answerIn = (written: Locale | undefined): Locale => (written === 'zh-CN' ? 'zh-CN' : activityLocale);
    const commands = this.loaded.commands;
    // A message with nothing readable in it (spaces, zero-width characters, only a picture) gets the short introduction.
    const empty = text.replace(/[\u200b-\u200d\u2060\ufeff]/gu, '').trim() === '';
    const builtIn: ReturnType<typeof commands.builtIn> = empty ? { word: 'greeting', locale: activityLocale } : commands.builtIn(text);
    if (builtIn) {
      const locale = answerIn(builtIn.locale);
      const t = this.i18n.translator(locale);
      if (builtIn.word === 'thanks') {
        await this.send(context, { text: t('core.bot.thanks', { help: builtInWords.help[locale][0]! }) });
        return;
      }
      const card = builtIn.word === 'help' ? helpCard(t, commands.list()) : greetingCard(t, commands.list(), builtInWords.help[locale][0]!);
      await this.send(context, { card });
      return;
    }
    const match = commands.match(text);
    if (!match) {
      const suggestion = text.length <= suggestionMax ? commands.suggest(text) : undefined;
      const t = this.i18n.translator(answerIn(suggestion?.locale));
      await this.send(
        context,
        suggestion ? { card: didYouMeanCard(t, text, suggestion.text) } : { text: t('core.bot.unknown', { text: text.slice(0, 100) }) },
      );
      return;
    }
    const locale = answerIn(match.locale);
    const reply = await this.guarded(locale, async () =>
      match.command.run({ ...this.inputOf(context, locale, actor), args: match.args, text }),
    );
    await this.send(context, reply);
  }

  protected override async onAdaptiveCardInvoke(
    context: TurnContext,
    invokeValue: AdaptiveCardInvokeValue,
  ): Promise<AdaptiveCardInvokeResponse> {
    const locale = localeFromActivity(context.activity);
    const handler = this.loaded.cardActions.get(invokeValue.action?.verb ?? '');
    const reply = handler
      ? await this.guarded(locale, async () =>
          handler.action.run({ ...(await this.turnInput(context, locale)), data: invokeValue.action.data }),
        )
      : { card: errorCard(this.i18n.translator(locale), this.i18n.t(locale, 'core.bot.error.unknownAction')) };
    if (reply.card) return { statusCode: 200, type: 'application/vnd.microsoft.card.adaptive', value: reply.card };
    // Universal Actions take the message itself as the value; the SDK's type only allows cards.
    return {
      statusCode: 200,
      type: 'application/vnd.microsoft.activity.message',
      value: (reply.text ?? '') as unknown as Record<string, unknown>,
    };
  }

  /** A card button opened a dialog: the plugin that owns it names the page Teams shows over the chat. */
  protected override async handleTeamsTaskModuleFetch(context: TurnContext, request: TaskModuleRequest): Promise<TaskModuleResponse> {
    const locale = localeFromActivity(context.activity);
    const t = this.i18n.translator(locale);
    const data = (request.data ?? {}) as { dialog?: unknown };
    const dialog = typeof data.dialog === 'string' ? this.loaded.dialogs.get(data.dialog) : undefined;
    if (!dialog) return { task: { type: 'message', value: t('core.bot.error.unknownAction') } };
    const channelData = (context.activity.channelData ?? {}) as { team?: { id?: string }; channel?: { id?: string; name?: string } };
    try {
      const opened = await dialog.open({
        ...(await this.turnInput(context, locale)),
        context: {
          ...(channelData.team?.id ? { teamId: channelData.team.id } : {}),
          ...(channelData.channel?.id ? { channelId: channelData.channel.id } : {}),
          ...(channelData.channel?.name ? { channelName: channelData.channel.name } : {}),
        },
      });
      return { task: { type: 'continue', value: { ...opened, fallbackUrl: opened.url } } };
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      return { task: { type: 'message', value: error.localisedMessage(locale) } };
    }
  }

  /** The rule builder saved inside a dialog: it closes, and the chat says nothing more. */
  protected override async handleTeamsTaskModuleSubmit(): Promise<TaskModuleResponse> {
    return {};
  }

  protected override async handleTeamsMessagingExtensionQuery(
    context: TurnContext,
    query: MessagingExtensionQuery,
  ): Promise<MessagingExtensionResponse> {
    const locale = localeFromActivity(context.activity);
    const response = await runSearch(this.loaded, await this.turnInput(context, locale), query);
    // A search command this app no longer has (an old manifest, say): the user reads why, nothing is logged as a failure.
    return response ?? { composeExtension: { type: 'message', text: this.i18n.t(locale, 'core.bot.error.unknownSearch') } };
  }

  protected override async handleTeamsAppBasedLinkQuery(
    context: TurnContext,
    query: AppBasedLinkQuery,
  ): Promise<MessagingExtensionResponse> {
    return runUnfurl(this.loaded, await this.turnInput(context, localeFromActivity(context.activity)), query.url ?? '');
  }

  protected override async handleTeamsMessagingExtensionSubmitAction(
    context: TurnContext,
    action: MessagingExtensionAction,
  ): Promise<MessagingExtensionActionResponse> {
    const locale = localeFromActivity(context.activity);
    const t = this.i18n.translator(locale);
    const handler = this.loaded.messageActions.get(action.commandId ?? '');
    if (!handler) return actionResponse({ text: t('core.bot.error.unknownAction') }, t('core.bot.error.title'));
    const payload = action.messagePayload;
    const reply = await this.guarded(locale, async () =>
      handler.run({
        ...(await this.turnInput(context, locale)),
        data: action.data,
        message: {
          id: payload?.id,
          text: messageText(payload?.body),
          fromName: payload?.from?.user?.displayName,
          createdAt: payload?.createdDateTime,
        },
      }),
    );
    return actionResponse(reply, t('core.bot.action.title'));
  }

  /** The turn's actor, with the roles the people directory gives them (recording them the first time they are seen). */
  private actorOf(context: TurnContext): Promise<Actor> {
    return resolveActor(this.directory, signedInOfTurn(context));
  }

  private async turnInput(context: TurnContext, locale: Locale): Promise<TurnInput> {
    return this.inputOf(context, locale, await this.actorOf(context));
  }

  private inputOf(context: TurnContext, locale: Locale, actor: Actor): TurnInput {
    return {
      actor,
      locale,
      t: this.i18n.translator(locale),
      activityId: context.activity.id,
      timeZone: timeZoneFromActivity(context.activity),
    };
  }

  /** Expected failures become a friendly card in the user's language; anything else goes to the turn-error handler. */
  private async guarded(locale: Locale, run: () => Promise<BotReply>): Promise<BotReply> {
    try {
      return await run();
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      return { card: errorCard(this.i18n.translator(locale), error.localisedMessage(locale)) };
    }
  }

  private async send(context: TurnContext, reply: BotReply): Promise<void> {
    const attachments = reply.card ? [CardFactory.adaptiveCard(reply.card)] : [];
    await context.sendActivity(
      attachments.length > 0 ? MessageFactory.attachment(attachments[0]!, reply.text) : MessageFactory.text(reply.text ?? ''),
    );
  }
}
