// The bot's own cards: welcome, help, the short help a greeting gets, "did you mean" and the friendly error card.
import type { BotCommand } from '../core/plugin';
import type { Translate } from '../core/i18n';
import { adaptiveCard, clip, heading, paragraph, plain, sendTextAction, type AdaptiveCard } from './adaptive-card';

type RegisteredCommands = readonly { pluginId: string; command: BotCommand }[];

/** How many examples the short help shows: one from each of the first plugins. */
const greetingExamples = 3;

export function welcomeCard(t: Translate): AdaptiveCard {
  return adaptiveCard([
    heading(t('core.bot.welcome.title')),
    paragraph(t('core.bot.welcome.body')),
    paragraph(t('core.bot.welcome.tryHelp'), { isSubtle: true }),
  ]);
}

/** One entry per command; usage and example come from the owning plugin's strings. */
export function helpCard(t: Translate, commands: RegisteredCommands): AdaptiveCard {
  return adaptiveCard([
    heading(t('core.bot.help.title')),
    ...commands.map(({ pluginId, command }) => ({
      type: 'Container',
      separator: true,
      items: [
        paragraph(t(`${pluginId}.${command.usage}`), { weight: 'Bolder' }),
        paragraph(t('core.bot.help.example', { example: t(`${pluginId}.${command.example}`) }), { isSubtle: true, spacing: 'None' }),
      ],
    })),
  ]);
}

/** The short help a greeting gets: what the bot is for, the first example of a few plugins, and a button for the full list. */
export function greetingCard(t: Translate, commands: RegisteredCommands, helpWord: string): AdaptiveCard {
  const firstOfEachPlugin = commands.filter(({ pluginId }, index) => commands.findIndex((other) => other.pluginId === pluginId) === index);
  const examples = firstOfEachPlugin.slice(0, greetingExamples).map(({ pluginId, command }) => t(`${pluginId}.${command.example}`));
  return adaptiveCard(
    [
      heading(t('core.bot.greeting.title')),
      paragraph(t('core.bot.welcome.body')),
      ...(examples.length > 0
        ? [
            paragraph(t('core.bot.greeting.examples'), { isSubtle: true }),
            ...examples.map((example) => paragraph(`• ${plain(example)}`, { spacing: 'Small' })),
          ]
        : []),
    ],
    [sendTextAction(t('core.bot.greeting.showAll'), helpWord)],
  );
}

/** Text no command matched, with the command it was probably meant to be as a button that sends it. */
export function didYouMeanCard(t: Translate, text: string, suggestion: string): AdaptiveCard {
  return adaptiveCard(
    [
      paragraph(t('core.bot.didYouMean', { text: plain(clip(text, 100)), suggestion: plain(clip(suggestion, 200)) })),
      paragraph(t('core.bot.welcome.tryHelp'), { isSubtle: true }),
    ],
    [sendTextAction(suggestion, suggestion)],
  );
}

export function errorCard(t: Translate, message: string): AdaptiveCard {
  return adaptiveCard([paragraph(t('core.bot.error.title'), { weight: 'Bolder', color: 'Attention' }), paragraph(message)]);
}
