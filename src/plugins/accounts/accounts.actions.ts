// Card actions of the accounts plugin: show a picked account, create an offered one, add a contact to a picked account, or answer No.
import { z } from 'zod';
import { isAppError } from '../../core/errors';
import type { CardAction, TurnInput } from '../../core/plugin';
import { errorCard } from '../../cards/message.cards';
import { adaptiveCard, paragraph, plain } from '../../cards/adaptive-card';
import { withNotice } from './account-chat.cards';
import { newContactSchema } from './account.schema';
import { accountVerbs, addContact } from './accounts.commands';
import type { AccountsService } from './accounts.service';

// Card data comes back from the client: it is user input and is checked like any other.
const showData = z.object({ accountId: z.uuid() });
const createData = z.object({ name: z.string().trim().min(1).max(200) });
const contactData = z.object({ accountId: z.uuid(), contact: newContactSchema.omit({ accountId: true }) });

/** Parses card data, or answers with a localised "this card is out of date" card. */
function cardData<S extends z.ZodType>(
  schema: S,
  { data, t }: TurnInput & { data: unknown },
): { ok: true; value: z.infer<S> } | { ok: false; card: Record<string, unknown> } {
  const parsed = schema.safeParse(data);
  return parsed.success ? { ok: true, value: parsed.data } : { ok: false, card: errorCard(t, t('accounts.chat.badCardData')) };
}

export function accountCardActions(accounts: AccountsService): CardAction[] {
  return [
    {
      verb: accountVerbs.show,
      async run(input) {
        const data = cardData(showData, input);
        if (!data.ok) return { card: data.card };
        const account = await accounts.getAccount(input.actor.tenantId, data.value.accountId);
        return { card: await accounts.accountCard(input.actor, input.t, account.value) };
      },
    },
    {
      verb: accountVerbs.create,
      async run(input) {
        const data = cardData(createData, input);
        if (!data.ok) return { card: data.card };
        const { actor, t } = input;
        try {
          const created = await accounts.createAccount(actor, { name: data.value.name });
          return {
            card: withNotice(
              await accounts.accountCard(actor, t, created.value),
              t('accounts.chat.created', { name: plain(created.value.name) }),
            ),
          };
        } catch (error) {
          // A second click, or a redelivered one, finds the account the first created: the same name, not a guess.
          if (!isAppError(error, 'ALREADY_EXISTS')) throw error;
          const existing = await accounts.findAccountByName(actor.tenantId, data.value.name);
          if (!existing) throw error;
          return {
            card: withNotice(
              await accounts.accountCard(actor, t, existing.value),
              t('accounts.chat.exists', { name: plain(existing.value.name) }),
            ),
          };
        }
      },
    },
    {
      // The No of a yes/no question: the question is replaced by the answer, so it cannot be clicked again.
      verb: accountVerbs.dismiss,
      run: async ({ t }) => ({ card: adaptiveCard([paragraph(t('accounts.chat.dismissed'))]) }),
    },
    {
      verb: accountVerbs.createContact,
      async run(input) {
        const data = cardData(contactData, input);
        if (!data.ok) return { card: data.card };
        const account = await accounts.getAccount(input.actor.tenantId, data.value.accountId);
        return addContact(accounts, input.actor, input.t, account.value, data.value.contact);
      },
    },
  ];
}
