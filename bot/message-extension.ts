// Teams message-extension invokes mapped to plugin calls: search, link unfurling and message actions.
import {
  CardFactory,
  type MessagingExtensionActionResponse,
  type MessagingExtensionAttachment,
  type MessagingExtensionResponse,
} from 'botbuilder';
import { convert } from 'html-to-text';
import type { BotReply, SearchResult, TurnInput } from '../src/core/plugin';
import type { LoadedPlugins } from '../src/core/plugin-host';

/** Teams shows at most this many results per page of a search. */
const maxResults = 25;

function attachment(result: SearchResult): MessagingExtensionAttachment {
  const card = CardFactory.adaptiveCard(result.card);
  const preview = CardFactory.thumbnailCard(result.preview.title, result.preview.text ?? '', [], [], { subtitle: result.preview.subtitle });
  return { ...card, preview };
}

export function searchResponse(results: SearchResult[]): MessagingExtensionResponse {
  return { composeExtension: { type: 'result', attachmentLayout: 'list', attachments: results.map(attachment) } };
}

export async function runSearch(
  loaded: LoadedPlugins,
  turn: TurnInput,
  query: { commandId?: string; parameters?: { name?: string; value?: unknown }[]; queryOptions?: { skip?: number; count?: number } },
): Promise<MessagingExtensionResponse | undefined> {
  const command = loaded.searchCommands.get(query.commandId ?? '');
  if (!command) return undefined;
  const text = query.parameters?.find((parameter) => parameter.name !== 'initialRun')?.value;
  const results = await command.run({
    ...turn,
    query: typeof text === 'string' ? text.trim().slice(0, 200) : '',
    skip: Math.max(0, query.queryOptions?.skip ?? 0),
    count: Math.min(Math.max(1, query.queryOptions?.count ?? 10), maxResults),
  });
  return searchResponse(results);
}

/** The first plugin that recognises the link answers; an unknown link gets no card. */
export async function runUnfurl(loaded: LoadedPlugins, turn: TurnInput, url: string): Promise<MessagingExtensionResponse> {
  for (const unfurl of loaded.unfurlers) {
    const result = await unfurl({ ...turn, url });
    if (result) return searchResponse([result]);
  }
  return { composeExtension: { type: 'result', attachmentLayout: 'list', attachments: [] } };
}

/** A text reply shows as a short dialog message; a card reply opens as a dialog. */
export function actionResponse(reply: BotReply, title: string): MessagingExtensionActionResponse {
  if (reply.card) {
    return { task: { type: 'continue', value: { title, card: CardFactory.adaptiveCard(reply.card), height: 'medium', width: 'medium' } } };
  }
  return { task: { type: 'message', value: reply.text ?? '' } };
}

/** Teams sends the selected message as HTML; the CRM stores what the reader saw, as plain text. */
export function messageText(body: { content?: string; contentType?: string } | undefined): string {
  if (!body?.content) return '';
  return body.contentType === 'html'
    ? convert(body.content, { wordwrap: false, selectors: [{ selector: 'a', options: { ignoreHref: true } }] }).trim()
    : body.content.trim();
}
