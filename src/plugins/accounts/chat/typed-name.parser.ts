// Reads the name of an account no one has yet from the start of a chat line: without "w/", emoji or the notes typed after it.

/** The name to offer to create, and what followed it in the line (notes, in a log line). */
export interface TypedName {
  name: string;
  rest: string;
}

const leadIn = /^(?:w\/|with\s+)\s*/iu;
/** Emoji, their joiners and variation selectors, and spaces: noise at either end of a name. */
const emoji = String.raw`(?:[\s\p{Extended_Pictographic}\p{Emoji_Modifier}]|\u200d|\ufe0f|\u20e3)`;
const noiseAtEnds = new RegExp(`^${emoji}+|(?:${emoji}|[,，;；:：!！])+$`, 'gu');

// Words that end a company's name: its legal form in English and Chinese, or the kind of body it is.
const legalForm = String.raw`(?:ltd|limited|inc|incorporated|llc|llp|plc|corp|corporation|co|company|gmbh|ag|bv|nv|pte|pty|group|holdings)\.?`;
const legalForms = new RegExp(String.raw`^(.*?\S\s+${legalForm}(?:,?\s+${legalForm})*)(?=\s|$)`, 'iu');
const hanForm = '(?:股份有限公司|有限责任公司|有限公司|分公司|公司|集团|控股|科技|银行|医院|大学|学院|研究院|研究所)';
const hanForms = new RegExp(`^(.*?\\p{Script=Han}${hanForm}+)`, 'u');
/** Words that begin notes rather than continue a name, in a line typed in lower case. */
const notesWord =
  /^(?:about|re|regarding|discuss\w*|talk\w*|met|asked?|sent|send|called|review\w*|agreed?|wants?|needs?|is|was|are|were|will|to|for|said|says|pric\w*|quot\w*|renew\w*|follow\w*|demo\w*|went|gave|showed)$/iu;
const connector = /^(?:of|and|&|the|de|du|la|von|van|for|y)$/iu;
const capitalised = /^[\p{Lu}\p{N}]/u;

/** Where the name ends in `text` (an offset), when something in it says so; otherwise its end. */
function nameEnd(text: string): number {
  const legal = legalForms.exec(text) ?? hanForms.exec(text);
  if (legal) return legal[1]!.length;
  // A Chinese name followed by a space: the words after it are notes (上海星辰 讨论续约).
  const hanWord = /^\p{Script=Han}\S*(?=\s)/u.exec(text);
  if (hanWord) return hanWord[0].length;
  const words = [...text.matchAll(/\S+/gu)];
  if (words.length < 2) return text.length;
  // "Tailspin Toys discussed pricing": a capitalised name ends at the first word in lower case.
  if (capitalised.test(words[0]![0])) {
    for (let i = 1; i < words.length; i += 1) {
      const word = words[i]![0];
      if (capitalised.test(word) || !/\p{L}/u.test(word[0]!)) continue;
      if (connector.test(word) && words[i + 1] && capitalised.test(words[i + 1]![0])) continue;
      return words[i]!.index;
    }
    return text.length;
  }
  const notes = words.findIndex((word, i) => i > 0 && notesWord.test(word[0]));
  return notes > 0 ? words[notes]!.index : text.length;
}

/**
 * The account name a line begins with when no known account matched it, and the text after it.
 * @example newAccountName('w/ Tailspin Toys 🙂') // { name: 'Tailspin Toys', rest: '' }
 * @example newAccountName('contoso ltd discussed pricing') // { name: 'contoso ltd', rest: 'discussed pricing' }
 */
export function newAccountName(typed: string): TypedName {
  const text = typed.trim().replace(leadIn, '');
  const end = nameEnd(text);
  const name = text.slice(0, end).replace(noiseAtEnds, '').trim();
  return { name: name || typed.trim(), rest: text.slice(end).trim() };
}
