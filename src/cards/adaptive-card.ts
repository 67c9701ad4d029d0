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

export const heading = (text: string): CardElement => ({
  type: 'TextBlock',
  text,
  size: 'Large',
  weight: 'Bolder',
  wrap: true,
  style: 'heading',
});

export const paragraph = (text: string, extra: CardElement = {}): CardElement => ({ type: 'TextBlock', text, wrap: true, ...extra });

/** Facts with empty values left out, so a sparse record still reads well. */
export const facts = (entries: [title: string, value: string | undefined][]): CardElement => ({
  type: 'FactSet',
  facts: entries.filter(([, value]) => value !== undefined && value !== '').map(([title, value]) => ({ title, value })),
});

export const openUrl = (title: string, url: string): CardElement => ({ type: 'Action.OpenUrl', title, url });

/** Shortens on a character boundary, so an emoji is never cut in half. */
export function clip(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}

/** Button titles are plain text, and short. */
const buttonTitleMax = 60;

export const executeAction = (title: string, verb: string, data: Record<string, unknown>): CardElement => ({
  type: 'Action.Execute',
  title: clip(title, buttonTitleMax),
  verb,
  data,
});

/** A button that sends `text` into the chat as the user's own message, as if typed (Teams `imBack`). */
export const sendTextAction = (title: string, text: string): CardElement => ({
  type: 'Action.Submit',
  title: clip(title, buttonTitleMax),
  data: { msteams: { type: 'imBack', value: text } },
});

/**
 * One row of a pick-list: a bold title, a subtle detail line when there is one, and one button in its own ActionSet
 * (Teams caps a single action set at a few buttons). `title` and `detail` are Markdown: escape user text with `plain()`.
 */
export function pickRow(title: string, detail: string | undefined, button: CardElement): CardElement {
  return {
    type: 'ColumnSet',
    separator: true,
    spacing: 'Small',
    columns: [
      {
        type: 'Column',
        width: 'stretch',
        verticalContentAlignment: 'Center',
        items: [
          paragraph(title, { weight: 'Bolder' }),
          ...(detail ? [paragraph(detail, { isSubtle: true, spacing: 'None', size: 'Small' })] : []),
        ],
      },
      { type: 'Column', width: 'auto', verticalContentAlignment: 'Center', items: [{ type: 'ActionSet', actions: [button] }] },
    ],
  };
}

/**
 * Text the card shows as written, not as Markdown (names may hold `*`, `_`, `[`). Only what can start Markdown is
 * escaped, so ordinary punctuation such as "Contract signed (won)" is sent as it is.
 */
export function plain(text: string): string {
  return text
    .replace(/([\\*_[\]`~])/g, '\\$1')
    .replace(/^(\s*)([#>+-])/gm, '$1\\$2')
    .replace(/^(\s*\d+)\./gm, '$1\\.');
}

/** A date Teams renders in the reader's own locale and time zone; DATE() wants RFC 3339 without fractions. */
export function cardDate(iso: string): string {
  return `{{DATE(${new Date(iso).toISOString().replace(/\.\d{3}Z$/, 'Z')}, SHORT)}}`;
}

/** Date and time that Teams renders in the reader's own zone and language. */
export function cardDateTime(iso: string): string {
  const utc = new Date(iso).toISOString().replace(/\.\d{3}Z$/, 'Z');
  return `${cardDate(iso)} {{TIME(${utc})}}`;
}
