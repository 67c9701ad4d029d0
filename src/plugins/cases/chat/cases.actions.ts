// Card actions of the service desk's chat cards: work a case from its card (answered with the fresh card in place), show a case, open a case on a picked or new account.
import { z } from 'zod';
import { AppError } from '../../../core/errors';
import type { CardAction, TurnInput } from '../../../core/plugin';
import { errorCard } from '../../../cards/message.cards';
import { caseActionSchema, type CaseAction } from '../case-request.schema';
import type { CaseDetail } from '../cases.service';
import { caseCard } from './case.cards';
import { cardActionNames, casesVerbs, inputId, type CardActionName } from './case-forms';
import { cardContext } from './cases.commands';
import type { CasesChatDeps } from './cases-chat.deps';
import { createNewCaseFlow, newAccountData, pickedAccountData } from './new-case.flow';

type ActionInput = TurnInput & { data: unknown };

// Card data comes back from the client: it is user input and is checked like any other.
const number = z.number().int().min(1).max(999_999_999);
const showData = z.looseObject({ number });
/** The button's own data; the form's inputs arrive beside it, named `<action>.<field>` (case-forms.ts). */
const actData = z.looseObject({
  number,
  etag: z.string().min(1).max(200),
  action: z.enum(cardActionNames),
  step: z.number().int().min(2).max(8).optional(),
});

/** The inputs of the clicked action's form, without the empty ones Teams sends for fields left blank. */
function inputsOf(data: Record<string, unknown>, action: CardActionName): Record<string, string> {
  const prefix = inputId(action, '');
  return Object.fromEntries(
    Object.entries(data)
      .filter(([key, value]) => key.startsWith(prefix) && typeof value === 'string' && value.trim() !== '')
      .map(([key, value]) => [key.slice(prefix.length), (value as string).trim()]),
  );
}

const flag = (value: string | undefined) => (value === undefined ? undefined : value === 'true');

/** The service's action for a click: the button's data and its form's inputs. */
function actionOf(data: z.infer<typeof actData>): unknown {
  const inputs = inputsOf(data, data.action);
  const defined = (fields: Record<string, unknown>) =>
    Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined));
  switch (data.action) {
    case 'reply':
      return { action: 'reply', text: inputs.text };
    case 'resolve':
      return defined({ action: 'resolve', resolution: inputs.resolution, rating: inputs.rating, comment: inputs.comment });
    case 'reopen':
      return { action: 'reopen', reason: inputs.reason };
    case 'rate':
      return defined({ action: 'rate', rating: inputs.rating, comment: inputs.comment });
    case 'step':
      return defined({
        action: 'step',
        step: data.step,
        notes: inputs.notes,
        valid: flag(inputs.valid),
        department: inputs.department,
        cause: inputs.cause,
        approved: flag(inputs.approved),
        feedback: inputs.feedback,
        rating: inputs.rating,
      });
    default:
      return { action: data.action };
  }
}

/** What the card says once the action is done. */
function doneText(turn: TurnInput, action: CaseAction): string {
  const { t } = turn;
  if (action.action !== 'step') return t(`cases.chat.done.${action.action}`);
  if (action.step === 6 && action.approved === false) return t('cases.chat.done.sentBack');
  return t('cases.chat.done.step', { step: action.step, name: t(`cases.cases.step.${action.step}`) });
}

/** Each answer replaces the card it was clicked on, so the conversation shows the case as it now stands. */
export function casesCardActions(deps: CasesChatDeps): CardAction[] {
  const { service, links } = deps;
  const newCases = createNewCaseFlow(deps);
  const badData = (input: ActionInput) => ({ card: errorCard(input.t, input.t('cases.chat.badCardData')) });

  return [
    {
      verb: casesVerbs.act,
      async run(input) {
        const parsed = actData.safeParse(input.data);
        if (!parsed.success) return badData(input);
        const action = caseActionSchema.safeParse(actionOf(parsed.data));
        // A form sent without what it needs (Teams checks required fields, an old client may not): the card stays as it is.
        if (!action.success) return { text: input.t('cases.chat.act.missing') };
        const context = cardContext(input, links);
        try {
          const detail = await service.act(input.actor, parsed.data.number, action.data, parsed.data.etag);
          return { card: caseCard(detail, context, { text: doneText(input, action.data) }) };
        } catch (error) {
          if (!(error instanceof AppError)) throw error;
          const current = (error.details as { current?: CaseDetail } | undefined)?.current;
          if (error.code === 'CONFLICT' && current)
            return { card: caseCard(current, context, { text: input.t('cases.chat.conflict'), tone: 'warning' }) };
          // Out of order, a manager's step, a rating outside 1–5: said in words, and the card stays usable.
          return { text: error.localisedMessage(input.locale) };
        }
      },
    },
    {
      verb: casesVerbs.show,
      async run(input) {
        const parsed = showData.safeParse(input.data);
        if (!parsed.success) return badData(input);
        return { card: caseCard(await service.getCase(input.actor, parsed.data.number), cardContext(input, links)) };
      },
    },
    {
      verb: casesVerbs.pick,
      async run(input) {
        const parsed = pickedAccountData.safeParse(input.data);
        if (!parsed.success) return badData(input);
        return newCases.openPicked(input, parsed.data.accountId, parsed.data.draft, parsed.data.askedIn);
      },
    },
    {
      verb: casesVerbs.create,
      async run(input) {
        const parsed = newAccountData.safeParse(input.data);
        if (!parsed.success) return badData(input);
        return newCases.createAccountAndOpen(input, parsed.data.name, parsed.data.draft, parsed.data.askedIn);
      },
    },
  ];
}
