// Splits `Contoso Ltd; industry retail; region Shanghai` into a leading name and named fields, in English or Chinese: the chat's field lists (new account, contact, lead).
import type { z } from 'zod';

/** Why a field list could not be read; `field` names the field at fault, `detail` quotes the user's words. */
export interface FieldParseFailure {
  ok: false;
  reason: 'emptyArgs' | 'missingName' | 'missingAccount' | 'unknownField' | 'duplicateField' | 'badValue';
  field?: string;
  detail?: string;
}

export type FieldList<F extends string> = { ok: true; lead: string; values: Partial<Record<F, string>> } | FieldParseFailure;

const fold = (text: string) => text.normalize('NFKC').toLowerCase();
const cjkWord = /^[\u3400-\u9fff]/u;

/**
 * The text before the first separator is the lead (a name); every later part is `<field word> <value>`,
 * where the word may be followed by `:`/`：` and a Chinese word may run straight into its value. Parts are
 * separated by `;`, `；` or a new line, and by `,`/`，` only where the next part starts with a field word,
 * so `tags vip, key` and `Contoso, Ltd` stay whole.
 * @example splitFields('Contoso；行业 零售', { industry: ['industry', '行业'] }) // { ok: true, lead: 'Contoso', values: { industry: '零售' } }
 */
export function splitFields<F extends string>(args: string, fieldWords: Record<F, readonly string[]>): FieldList<F> {
  const words = (Object.keys(fieldWords) as F[])
    .flatMap((field) => fieldWords[field].map((word) => ({ field, word: fold(word) })))
    .sort((a, b) => b.word.length - a.word.length);
  const fieldAt = (part: string) => {
    const folded = fold(part.trimStart());
    const hit = words.find(
      ({ word }) => folded.startsWith(word) && (cjkWord.test(word) || /^($|[\s:：=])/u.test(folded.slice(word.length))),
    );
    return (
      hit && {
        field: hit.field,
        value: part
          .trimStart()
          .slice(hit.word.length)
          .replace(/^[\s:：=]+/u, '')
          .trim(),
      }
    );
  };
  const parts = splitParts(args, (part) => fieldAt(part) !== undefined);
  const [lead = '', ...rest] = parts.map((part) => part.trim());
  const values: Partial<Record<F, string>> = {};
  for (const part of rest.filter((p) => p !== '')) {
    const hit = fieldAt(part);
    if (!hit) return { ok: false, reason: 'unknownField', detail: part };
    if (values[hit.field] !== undefined) return { ok: false, reason: 'duplicateField', field: hit.field, detail: part };
    if (!hit.value) return { ok: false, reason: 'badValue', field: hit.field, detail: part };
    values[hit.field] = hit.value;
  }
  return { ok: true, lead, values };
}

/** The first schema issue as a failure naming the field and quoting what the user typed for it. */
export function schemaFailure(error: z.ZodError, typed: Partial<Record<string, string>>): FieldParseFailure {
  const field = String(error.issues[0]?.path[0] ?? '');
  return { ok: false, reason: 'badValue', field, detail: typed[field] ?? '' };
}

/** Splits on `;` `；` and new lines always, on commas only before a field word. */
function splitParts(text: string, startsField: (part: string) => boolean): string[] {
  const parts: string[] = [];
  for (const strong of text.split(/[;；\n]/u)) {
    const pieces = strong.split(/([,，])/u);
    let current = pieces[0] ?? '';
    for (let i = 1; i < pieces.length; i += 2) {
      const piece = pieces[i + 1] ?? '';
      if (startsField(piece)) {
        parts.push(current);
        current = piece;
      } else {
        current += pieces[i]! + piece;
      }
    }
    parts.push(current);
  }
  return parts;
}
