// Account names compare after folding case, width, accents and spaces: "Contoso Ltd" and "ｃｏｎｔｏｓｏ  ltd" are one account.

/** The comparison form of a name, used as the name index key. */
export function normaliseAccountName(name: string): string {
  return name
    .normalize('NFKC')
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .normalize('NFC')
    .toLocaleLowerCase('en')
    .replace(/\s+/gu, ' ')
    .trim();
}
