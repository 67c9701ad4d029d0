// Adaptive Card helpers: every card is schema 1.5 and kept under the size Teams accepts.
export type CardElement = Record<string, unknown>;
export type AdaptiveCard = {
  type: 'AdaptiveCard';
  $schema: string;
  version: '1.5';
  body: CardElement[];
  actions?: CardElement[];
} & Record<string, unknown>;

/** Teams refuses messages over ~80 KB and search-result cards over 28 KB; we hold every card to the smaller. */
export const maxCardBytes = 28 * 1024;

/**
 * Builds a schema 1.5 card and checks its size.
 * @example adaptiveCard([heading('Contoso')], [openUrl('Open', url)])
 */
export function adaptiveCard(body: CardElement[], actions: CardElement[] = []): AdaptiveCard {
  const card: AdaptiveCard = {
    type: 'AdaptiveCard',
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    version: '1.5',
    body,
    ...(actions.length > 0 ? { actions } : {}),
  };
  const bytes = Buffer.byteLength(JSON.stringify(card));
  if (bytes > maxCardBytes) throw new Error(`Adaptive Card is ${bytes} bytes; Teams allows ${maxCardBytes}`);
  return card;
}

export const heading = (text: string): CardElement => ({ type: 'TextBlock', text, size: 'Large', weight: 'Bolder', wrap: true, style: 'heading' });

export const paragraph = (text: string, extra: CardElement = {}): CardElement => ({ type: 'TextBlock', text, wrap: true, ...extra });

/** Facts with empty values left out, so a sparse record still reads well. */
export const facts = (entries: [title: string, value: string | undefined][]): CardElement => ({
  type: 'FactSet',
  facts: entries.filter(([, value]) => value !== undefined && value !== '').map(([title, value]) => ({ title, value })),
});

export const openUrl = (title: string, url: string): CardElement => ({ type: 'Action.OpenUrl', title, url });

/** Text the card shows as written, not as Markdown (names may hold `*`, `_`, `[`). */
export function plain(text: string): string {
  return text.replace(/([\\*_[\]()#>`~|-])/g, '\\$1');
}

/** A date Teams renders in the reader's own locale and time zone; DATE() wants RFC 3339 without fractions. */
export function cardDate(iso: string): string {
  return `{{DATE(${new Date(iso).toISOString().replace(/\.\d{3}Z$/, 'Z')}, SHORT)}}`;
}
