// Small DOM helpers for the home tab's plain-TypeScript pages: find an element, make one with text (never HTML).

export function byId<T extends HTMLElement>(id: string): T {
  const element = document.getElementById(id);
  if (!element) throw new Error(`The page has no #${id}`);
  return element as T;
}

export function element<K extends keyof HTMLElementTagNameMap>(tag: K, className: string, text?: string): HTMLElementTagNameMap[K] {
  const created = document.createElement(tag);
  created.className = className;
  // textContent, never innerHTML: names are user data and may hold markup characters.
  if (text !== undefined) created.textContent = text;
  return created;
}

/** A definition list of label and value pairs; empty values are left out. */
export function details(pairs: [string, string | undefined][]): HTMLDListElement {
  const list = element('dl', 'account-details');
  for (const [label, value] of pairs) {
    if (!value) continue;
    const pair = element('div', 'detail');
    pair.append(element('dt', '', label), element('dd', '', value));
    list.append(pair);
  }
  return list;
}
