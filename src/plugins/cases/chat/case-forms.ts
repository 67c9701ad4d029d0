// The case card's buttons: Action.Execute for what needs no words, and a ShowCard form for what does (reply, resolve, reopen, a complaint step).
import type { Translate } from '../../../core/i18n';
import { executeAction, paragraph, plain, type CardElement } from '../../../cards/adaptive-card';
import type { AllowedAction } from '../case-actions';
import { complaintCauses, type Case } from '../case.schema';

/** Card action verbs of the service desk's chat (see cases.actions.ts). */
export const casesVerbs = {
  /** Any action on a case: `{ number, etag, action, ...the form's inputs }`. */
  act: 'cases.case.act',
  /** Show a case's card (list rows). */
  show: 'cases.case.show',
  /** An account picked (or confirmed) for a new case. */
  pick: 'cases.new.pick',
  /** The offer to create an unknown account and open the case on it. */
  create: 'cases.new.create',
} as const;

/** The actions the card offers, in its order; `assign`, `priority` and `note` live in the queue tab. */
export const cardActionNames = ['take', 'reply', 'step', 'wait', 'resume', 'resolve', 'close', 'reopen', 'rate'] as const;
export type CardActionName = (typeof cardActionNames)[number];

/**
 * Inputs are named `<action>.<field>` (`resolve.rating`): ids stay unique across the card's forms, and the handler reads
 * only the fields of the action clicked, whatever else Teams gathers from the card.
 */
export const inputId = (action: CardActionName, field: string) => `${action}.${field}`;

const textInput = (id: string, label: string, t: Translate, options: { required?: boolean; multiline?: boolean; max?: number } = {}) => ({
  type: 'Input.Text',
  id,
  label,
  maxLength: options.max ?? 2000,
  ...(options.multiline ? { isMultiline: true } : {}),
  ...(options.required ? { isRequired: true, errorMessage: t('cases.chat.form.required') } : {}),
});

const choiceInput = (id: string, label: string, choices: [title: string, value: string][], t: Translate, required = false) => ({
  type: 'Input.ChoiceSet',
  id,
  label,
  style: 'compact',
  choices: choices.map(([title, value]) => ({ title, value })),
  ...(required ? { isRequired: true, errorMessage: t('cases.chat.form.required') } : {}),
});

const ratingInput = (t: Translate, id: string, required = false) =>
  choiceInput(
    id,
    t(required ? 'cases.chat.form.ratingRequired' : 'cases.chat.form.rating'),
    [5, 4, 3, 2, 1].map((n) => [`${'★'.repeat(n)} ${n}`, String(n)]),
    t,
    required,
  );

/** The inputs a complaint step asks for (complaint-workflow.ts `needs`). */
function stepInputs(step: number, current: Case, t: Translate): CardElement[] {
  const id = (field: string) => inputId('step', field);
  const notes = (required: boolean) =>
    textInput(id('notes'), t(`cases.chat.form.notes.${step}`), t, { required, multiline: true, max: 4000 });
  switch (step) {
    case 2:
      return [
        choiceInput(
          id('valid'),
          t('cases.chat.form.valid'),
          [
            [t('cases.chat.form.valid.yes'), 'true'],
            [t('cases.chat.form.valid.no'), 'false'],
          ],
          t,
          true,
        ),
        notes(true),
      ];
    case 3:
      return [textInput(id('department'), t('cases.chat.form.department'), t, { required: true, max: 100 }), notes(false)];
    case 4:
      return [
        choiceInput(
          id('cause'),
          t('cases.chat.form.cause'),
          complaintCauses.map((cause) => [t(`cases.chat.cause.${cause}`), cause]),
          t,
          true,
        ),
        notes(true),
      ];
    case 5:
      return [
        ...(current.complaint?.sentBackNote
          ? [paragraph(plain(t('cases.chat.case.sentBack', { note: current.complaint.sentBackNote })), { color: 'Warning' })]
          : []),
        notes(true),
      ];
    case 6:
      return [
        choiceInput(
          id('approved'),
          t('cases.chat.form.decision'),
          [
            [t('cases.chat.form.approve'), 'true'],
            [t('cases.chat.form.sendBack'), 'false'],
          ],
          t,
          true,
        ),
        notes(false),
      ];
    case 7:
      return [notes(true), textInput(id('feedback'), t('cases.chat.form.feedback'), t), ratingInput(t, id('rating'))];
    default:
      return [notes(true)];
  }
}

const showCard = (title: string, body: CardElement[], submit: CardElement): CardElement => ({
  type: 'Action.ShowCard',
  title,
  card: { type: 'AdaptiveCard', body, actions: [submit] },
});

/** The buttons for what the viewer may do now, each carrying the case's number and the version it was drawn from. */
export function caseButtons(current: Case, etag: string, allowed: readonly AllowedAction[], t: Translate): CardElement[] {
  const data = (action: CardActionName, extra: Record<string, unknown> = {}) => ({ number: current.number, etag, action, ...extra });
  const execute = (action: CardActionName, title: string, extra?: Record<string, unknown>) =>
    executeAction(title, casesVerbs.act, data(action, extra));
  const buttons: CardElement[] = [];
  for (const name of cardActionNames) {
    const offered = allowed.find((one) => one.action === name);
    if (!offered) continue;
    const title = t(`cases.chat.action.${name}`, {
      step: offered.step ?? '',
      name: offered.step ? t(`cases.cases.step.${offered.step}`) : '',
    });
    switch (name) {
      case 'reply':
        buttons.push(
          showCard(
            title,
            [textInput(inputId(name, 'text'), t('cases.chat.form.reply'), t, { required: true, multiline: true, max: 4000 })],
            execute(name, t('cases.chat.form.send')),
          ),
        );
        break;
      case 'resolve':
        buttons.push(
          showCard(
            title,
            [
              textInput(inputId(name, 'resolution'), t('cases.chat.form.resolution'), t, { required: true, multiline: true, max: 4000 }),
              ratingInput(t, inputId(name, 'rating')),
              textInput(inputId(name, 'comment'), t('cases.chat.form.comment'), t),
            ],
            execute(name, t('cases.chat.action.resolve')),
          ),
        );
        break;
      case 'reopen':
        buttons.push(
          showCard(title, [textInput(inputId(name, 'reason'), t('cases.chat.form.reason'), t, { required: true })], execute(name, title)),
        );
        break;
      case 'rate':
        buttons.push(
          showCard(
            title,
            [ratingInput(t, inputId(name, 'rating'), true), textInput(inputId(name, 'comment'), t('cases.chat.form.comment'), t)],
            execute(name, t('cases.chat.form.save')),
          ),
        );
        break;
      case 'step':
        buttons.push(
          showCard(title, stepInputs(offered.step!, current, t), execute(name, t('cases.chat.form.save'), { step: offered.step })),
        );
        break;
      default:
        buttons.push(execute(name, title));
    }
  }
  return buttons;
}
