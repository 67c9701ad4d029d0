// The keys a name is found by: its normalised form and, for Chinese names, its pinyin (zhongguoyidong) and initials (zgyd).
import { pinyin } from 'pinyin-pro';
import { normaliseAccountName } from './account-name';

const han = /\p{Script=Han}/u;

/** Distinct search keys for a name, each a normalised string a prefix query can start from. */
export function searchKeys(name: string, options: { initials: boolean } = { initials: true }): string[] {
  const normalised = normaliseAccountName(name);
  const keys = new Set([normalised]);
  if (han.test(normalised)) {
    const syllables = pinyin(normalised, { toneType: 'none', type: 'array', nonZh: 'consecutive' }).map((s) => s.replace(/\s+/g, '').toLowerCase());
    keys.add(syllables.join(''));
    if (options.initials) keys.add(syllables.map((s) => s[0] ?? '').join(''));
  }
  return [...keys].filter((key) => key.length > 0);
}
