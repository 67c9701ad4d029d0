// The bot's own cards: welcome, help and the friendly error card.
import type { BotCommand } from '../core/plugin';
import type { Translate } from '../core/i18n';
import { adaptiveCard, heading, paragraph, type AdaptiveCard } from './adaptive-card';

export function welcomeCard(t: Translate): AdaptiveCard {
  return adaptiveCard([heading(t('core.bot.welcome.title')), paragraph(t('core.bot.welcome.body')), paragraph(t('core.bot.welcome.tryHelp'), { isSubtle: true })]);
}

/** One entry per command; usage and example come from the owning plugin's strings. */
export function helpCard(t: Translate, commands: readonly { pluginId: string; command: BotCommand }[]): AdaptiveCard {
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

export function errorCard(t: Translate, message: string): AdaptiveCard {
  return adaptiveCard([paragraph(t('core.bot.error.title'), { weight: 'Bolder', color: 'Attention' }), paragraph(message)]);
}
