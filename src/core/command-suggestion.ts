// Finds the trigger a mistyped command was meant to start with ("acount Contoso" → "account"), for "did you mean".
import { editDistance } from './edit-distance';
import type { Locale } from './i18n';

/** A trigger as registered (`raw`, shown to the user) and normalised (`words`, compared). */
export interface TriggerWords {
  words: string;
  raw: string;
  locale: Locale;
}

const cjkCharacter = /[\u3400-\u9fff\uf900-\ufaff]/u;
const leadingCjk = /^[\u3400-\u9fff\uf900-\ufaff]+/u;

/** Typos forgiven in a trigger: none in one or two letters, one up to seven, two beyond; one in a Chinese trigger. */
function typosAllowed(trigger: string): number {
  const length = [...trigger].length;
  if (cjkCharacter.test(trigger)) return length >= 2 ? 1 : 0;
  return length < 3 ? 0 : length < 8 ? 1 : 2;
}

/**
 * The text's leading words to compare with a trigger. Latin triggers compare as many whole words as they have; Chinese
 * ones, written without spaces, the text's leading Chinese characters, as many as the trigger has, or one more or
 * fewer for a longer trigger (a character left out or doubled).
 */
function headsFor(text: string, trigger: string): string[] {
  if (!cjkCharacter.test(trigger)) return [text.split(' ').slice(0, trigger.split(' ').length).join(' ')];
  const run = [...(leadingCjk.exec(text)?.[0] ?? '')];
  const length = [...trigger].length;
  const lengths = length >= 3 ? [length, length - 1, length + 1] : [length];
  return lengths.filter((n) => n <= run.length).map((n) => run.slice(0, n).join(''));
}

/**
 * The trigger closest to the start of `text` (normalised) within the typos it allows, and the words of the text it
 * stands for. Ties go to the earlier candidate, so list longer triggers first.
 */
export function suggestTrigger<T extends TriggerWords>(text: string, candidates: readonly T[]): { trigger: T; head: string } | undefined {
  if (text === '') return undefined;
  let best: { trigger: T; head: string; distance: number } | undefined;
  for (const trigger of candidates) {
    const allowed = typosAllowed(trigger.words);
    const length = [...trigger.words].length;
    for (const head of headsFor(text, trigger.words)) {
      // Each missing or extra character is an edit: a long first word needs no comparing.
      if (Math.abs([...head].length - length) > allowed) continue;
      const distance = editDistance(head, trigger.words);
      if (distance > allowed || (best && distance >= best.distance)) continue;
      best = { trigger, head, distance };
    }
  }
  return best && { trigger: best.trigger, head: best.head };
}
