// Matches chat text to a plugin command by its leading trigger words, in English or Chinese.
import type { Locale } from './i18n';
import type { BotCommand } from './plugin';

export interface CommandMatch {
  pluginId: string;
  command: BotCommand;
  args: string;
  /** The language the trigger was written in; Chinese text gets a Chinese answer. */
  locale: Locale;
}

interface Trigger {
  words: string;
  locale: Locale;
  pluginId: string;
  command: BotCommand;
}

/** Words the bot itself answers; no plugin may claim them. */
export const builtInTriggers: Record<Locale, string[]> = { en: ['help', '?'], 'zh-CN': ['帮助'] };

/** Folds width and case and collapses spaces, so `ＡＣＣＯＵＮＴ  x` matches `account`. */
export function normaliseCommandText(text: string): string {
  return text.normalize('NFKC').replace(/\s+/g, ' ').trim().toLowerCase();
}

const cjk = /[\u3400-\u9fff\uf900-\ufaff]$/u;
const boundary = /^($|[\s:：,，;；])/u;

export class CommandRegistry {
  private readonly triggers: Trigger[] = [];
  private readonly commands: { pluginId: string; command: BotCommand }[] = [];

  add(pluginId: string, command: BotCommand): void {
    for (const locale of Object.keys(command.triggers) as Locale[]) {
      for (const raw of command.triggers[locale]) {
        const words = normaliseCommandText(raw);
        const taken = this.triggers.find((t) => t.words === words);
        if (taken) {
          throw new Error(`Command trigger "${raw}" is claimed by both ${taken.pluginId}/${taken.command.name} and ${pluginId}/${command.name}`);
        }
        if (Object.values(builtInTriggers).flat().includes(words)) throw new Error(`Command trigger "${raw}" of ${pluginId}/${command.name} is reserved by the bot`);
        this.triggers.push({ words, locale, pluginId, command });
      }
    }
    this.commands.push({ pluginId, command });
    // Longest trigger first, so `log call` wins over `log`.
    this.triggers.sort((a, b) => b.words.length - a.words.length);
  }

  match(text: string): CommandMatch | undefined {
    const normalised = normaliseCommandText(text);
    for (const trigger of this.triggers) {
      if (!normalised.startsWith(trigger.words)) continue;
      const rest = normalised.slice(trigger.words.length);
      if (!cjk.test(trigger.words) && !boundary.test(rest)) continue;
      const args = originalRemainder(text, trigger.words);
      return { pluginId: trigger.pluginId, command: trigger.command, args, locale: trigger.locale };
    }
    return undefined;
  }

  /** Every command once, in registration order, for the help card. */
  list(): readonly { pluginId: string; command: BotCommand }[] {
    return this.commands;
  }
}

/** The user's own text after the trigger, exactly as typed (width, case, punctuation), without leading separators. */
function originalRemainder(text: string, trigger: string): string {
  const source = text.trimStart();
  let end = 1;
  while (end < source.length && normaliseCommandText(source.slice(0, end)) !== trigger) end += 1;
  return source.slice(end).replace(/^[\s:：,，;；]+/u, '').trim();
}
