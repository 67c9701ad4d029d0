// Matches chat text to a plugin command by its leading trigger words, in English or Chinese.
import { suggestTrigger, type TriggerWords } from './command-suggestion';
import type { Locale } from './i18n';
import type { BotCommand } from './plugin';

export interface CommandMatch {
  pluginId: string;
  command: BotCommand;
  args: string;
  /** The language the trigger was written in; Chinese text gets a Chinese answer. */
  locale: Locale;
}

/** What the user probably meant by text no command matched: the text with its first words corrected. */
export interface CommandSuggestion {
  text: string;
  locale: Locale;
}

interface Trigger extends TriggerWords {
  pluginId: string;
  command: BotCommand;
}

export type BuiltInWord = 'help' | 'greeting' | 'thanks';

/** Words the bot answers itself: help lists every command, a greeting gets a short introduction, thanks a short reply. */
export const builtInWords: Record<BuiltInWord, Record<Locale, string[]>> = {
  help: { en: ['help', '?'], 'zh-CN': ['帮助'] },
  greeting: { en: ['hi', 'hello', 'hey'], 'zh-CN': ['你好', '您好'] },
  thanks: { en: ['thanks', 'thank you', 'thx', 'ty', 'cheers'], 'zh-CN': ['谢谢', '多谢', '感谢', '谢了'] },
};

/** Every word the bot answers itself, per language; no plugin may claim one. */
export const builtInTriggers: Record<Locale, string[]> = {
  en: [...builtInWords.help.en, ...builtInWords.greeting.en, ...builtInWords.thanks.en],
  'zh-CN': [...builtInWords.help['zh-CN'], ...builtInWords.greeting['zh-CN'], ...builtInWords.thanks['zh-CN']],
};

const reservedWords = new Set(Object.values(builtInTriggers).flat());

/** Folds width and case and collapses spaces, so `ＡＣＣＯＵＮＴ  x` matches `account`. */
export function normaliseCommandText(text: string): string {
  return text.normalize('NFKC').replace(/\s+/g, ' ').trim().toLowerCase();
}

const cjk = /[\u3400-\u9fff\uf900-\ufaff]$/u;
const boundary = /^($|[\s:：,，;；])/u;
/** `hi!`, `你好！` and `thanks.` are read as `hi`, `你好` and `thanks`. */
const trailingPunctuation = /[\s!！.。~～,，]+$/u;

export class CommandRegistry {
  private readonly triggers: Trigger[] = [];
  private readonly commands: { pluginId: string; command: BotCommand }[] = [];

  add(pluginId: string, command: BotCommand): void {
    for (const locale of Object.keys(command.triggers) as Locale[]) {
      for (const raw of command.triggers[locale]) {
        const words = normaliseCommandText(raw);
        const taken = this.triggers.find((t) => t.words === words);
        if (taken) {
          throw new Error(
            `Command trigger "${raw}" is claimed by both ${taken.pluginId}/${taken.command.name} and ${pluginId}/${command.name}`,
          );
        }
        if (reservedWords.has(words)) throw new Error(`Command trigger "${raw}" of ${pluginId}/${command.name} is reserved by the bot`);
        this.triggers.push({ words, raw: raw.trim(), locale, pluginId, command });
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

  /** Help, a greeting or thanks, which the bot answers itself, and the language it is written in. */
  builtIn(text: string): { word: BuiltInWord; locale: Locale } | undefined {
    const normalised = normaliseCommandText(text);
    const unpunctuated = normalised.replace(trailingPunctuation, '');
    for (const word of Object.keys(builtInWords) as BuiltInWord[]) {
      for (const locale of Object.keys(builtInWords[word]) as Locale[]) {
        if (builtInWords[word][locale].includes(word === 'help' ? normalised : unpunctuated)) return { word, locale };
      }
    }
    return undefined;
  }

  /**
   * For text no command matched: the closest trigger of the loaded commands (or the help word), with the rest of the
   * user's text after it, when its first words are a typo or two away from one.
   */
  suggest(text: string): CommandSuggestion | undefined {
    const helpWords = (Object.keys(builtInWords.help) as Locale[]).flatMap((locale) =>
      builtInWords.help[locale].map((raw) => ({ words: raw, raw, locale })),
    );
    const best = suggestTrigger(normaliseCommandText(text), [...this.triggers, ...helpWords]);
    if (!best) return undefined;
    const rest = originalRemainder(text, best.head);
    return { text: rest ? `${best.trigger.raw} ${rest}` : best.trigger.raw, locale: best.trigger.locale };
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
  return source
    .slice(end)
    .replace(/^[\s:：,，;；]+/u, '')
    .trim();
}
