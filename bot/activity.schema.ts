// The shape of a Teams activity at the bot's edge: what botbuilder and the bot read, checked with zod before either does.
import type { Activity } from 'botbuilder';
import { z } from 'zod';

/** A person or the bot in a conversation. Teams adds fields over time, so objects keep what they do not name. */
const channelAccount = z.looseObject({ id: z.string(), name: z.string().nullish(), aadObjectId: z.string().nullish() });

/** botbuilder strips the bot's own @mention from the text by the mention's `mentioned.id` and `text`. */
const mention = z.looseObject({ mentioned: z.looseObject({ id: z.string() }), text: z.string().nullish() });
/** Teams' client information: the user's language and IANA time zone. */
const clientInfo = z.looseObject({ locale: z.string().nullish(), timezone: z.string().nullish() });
const entity = z.looseObject({ type: z.string() }).superRefine((value, ctx) => {
  const schema = value.type.toLowerCase() === 'mention' ? mention : value.type === 'clientInfo' ? clientInfo : undefined;
  for (const issue of schema?.safeParse(value).error?.issues ?? [])
    ctx.addIssue({ code: 'custom', message: issue.message, path: issue.path });
});

/** What every activity carries: botbuilder routes on `type` and replies to `serviceUrl`, `conversation` and `recipient`. */
const envelope = z.looseObject({
  type: z.string().min(1),
  id: z.string().nullish(),
  name: z.string().nullish(),
  channelId: z.string().min(1),
  serviceUrl: z.string().min(1),
  deliveryMode: z.string().nullish(),
  locale: z.string().nullish(),
  from: channelAccount.nullish(),
  recipient: channelAccount,
  conversation: z.looseObject({ id: z.string(), tenantId: z.string().nullish() }),
  channelData: z.looseObject({ tenant: z.looseObject({ id: z.string() }).nullish(), eventType: z.string().nullish() }).nullish(),
  // botbuilder reads `entities` whenever it is not undefined, so null is refused too.
  entities: z.array(entity).optional(),
});

/** Activity types whose own fields the bot reads; any other type is routed on its envelope alone. */
const kinds = new Map<string, z.ZodType>(
  Object.entries({
    message: z.looseObject({ text: z.string().nullish() }),
    conversationUpdate: z.looseObject({
      membersAdded: z.array(channelAccount).nullish(),
      membersRemoved: z.array(channelAccount).nullish(),
    }),
    // Teams routes edits and deletions on `channelData.eventType`, which botbuilder reads without a check.
    messageUpdate: z.looseObject({ channelData: z.looseObject({}) }),
    messageDelete: z.looseObject({ channelData: z.looseObject({}) }),
  }),
);

/** The values of the invokes the bot answers, by invoke name. Teams shows each answer to the user. */
export const invokeValueSchemas = {
  /** A card's `Action.Execute` (Universal Actions): the verb names a plugin's card action; `data` is the action's to validate. */
  'adaptiveCard/action': z.looseObject({
    action: z.looseObject({ type: z.literal('Action.Execute'), verb: z.string().min(1), data: z.unknown().optional() }),
  }),
  /** A message-extension search: the command, the typed text (or `initialRun`), and paging. */
  'composeExtension/query': z.looseObject({
    commandId: z.string(),
    parameters: z.array(z.looseObject({ name: z.string(), value: z.string() })).nullish(),
    queryOptions: z.looseObject({ skip: z.number().int().nullish(), count: z.number().int().nullish() }).nullish(),
  }),
  /** Link unfurling: the link pasted in the compose box. */
  'composeExtension/queryLink': z.looseObject({ url: z.string() }),
  /** A message action: the command, its dialog's values, and the selected message as Teams sends it. */
  'composeExtension/submitAction': z.looseObject({
    commandId: z.string(),
    data: z.record(z.string(), z.unknown()).nullish(),
    messagePayload: z
      .looseObject({
        id: z.string().nullish(),
        createdDateTime: z.string().nullish(),
        body: z.looseObject({ content: z.string().nullish(), contentType: z.string().nullish() }).nullish(),
        from: z.looseObject({ user: z.looseObject({ displayName: z.string().nullish() }).nullish() }).nullish(),
      })
      .nullish(),
  }),
} satisfies Record<string, z.ZodType>;

export type InvokeName = keyof typeof invokeValueSchemas;

const isInvokeName = (name: unknown): name is InvokeName => typeof name === 'string' && Object.hasOwn(invokeValueSchemas, name);

/**
 * A request body read as an activity: `malformed` is refused outright (400); `unreadableInvoke` is an invoke the bot
 * answers in Teams' own shape with a message, because Teams shows that answer to the user; `readable` goes to the bot.
 */
export type ActivityReading =
  | { kind: 'malformed'; error: z.ZodError }
  | { kind: 'unreadableInvoke'; activity: Activity; name: InvokeName; error: z.ZodError }
  | { kind: 'readable'; activity: Activity };

export function readActivity(body: unknown): ActivityReading {
  const parsed = envelope.safeParse(body);
  if (!parsed.success) return { kind: 'malformed', error: parsed.error };
  const activity = body as Activity;
  const ownFields = kinds.get(parsed.data.type)?.safeParse(body);
  if (ownFields && !ownFields.success) return { kind: 'malformed', error: ownFields.error };
  if (parsed.data.type !== 'invoke' || !isInvokeName(parsed.data.name)) return { kind: 'readable', activity };
  // Parsed under `value`, so each issue's path names the field as the activity has it.
  const value = z.looseObject({ value: invokeValueSchemas[parsed.data.name] }).safeParse(body);
  if (!value.success) return { kind: 'unreadableInvoke', activity, name: parsed.data.name, error: value.error };
  return { kind: 'readable', activity };
}
