// The log-activity form card (Action.Execute) and the confirmation that replaces it once the activity is stored.
import type { Translate } from '../../core/i18n';
import { adaptiveCard, cardDate, facts, paragraph, plain, type AdaptiveCard, type CardElement } from '../../cards/adaptive-card';
import { activityTypeLabel } from './activities.messages';
import { activityTypes, type Activity } from './activity.schema';
import { formNotesChars, formTextChars, type FormValues } from './log-form.input';

/** The verb of the form's submit button. */
export const logFormVerb = 'activities.logForm';
const defaultType = 'callOutbound';

const title = (text: string) => paragraph(text, { size: 'Medium', weight: 'Bolder', style: 'heading' });

function textInput(t: Translate, id: 'account' | 'subject' | 'notes', value: string | undefined, extra: CardElement): CardElement {
  return { type: 'Input.Text', id, label: t(`activities.logForm.field.${id}`), ...(value === undefined ? {} : { value }), ...extra };
}

function dateTimeRow(t: Translate, values: FormValues): CardElement {
  const column = (item: CardElement) => ({ type: 'Column', width: 'stretch', items: [item] });
  const required = { isRequired: true, errorMessage: t('activities.logForm.required') };
  return {
    type: 'ColumnSet',
    columns: [
      column({
        type: 'Input.Date',
        id: 'date',
        label: t('activities.logForm.field.date'),
        ...required,
        ...(values.date ? { value: values.date } : {}),
      }),
      column({
        type: 'Input.Time',
        id: 'time',
        label: t('activities.logForm.field.time'),
        ...required,
        ...(values.time ? { value: values.time } : {}),
      }),
    ],
  };
}

/**
 * The form: every activity type, the account by name, subject, notes, when, duration and a follow-up date.
 * Shown again with the user's values and an error line when a submission cannot be logged.
 */
export function logActivityForm(t: Translate, values: FormValues, error?: string): AdaptiveCard {
  const required = { isRequired: true, errorMessage: t('activities.logForm.required') };
  const body: CardElement[] = [
    title(t('activities.logForm.title')),
    ...(error ? [paragraph(error, { color: 'Attention', weight: 'Bolder', spacing: 'Small' })] : []),
    {
      type: 'Input.ChoiceSet',
      id: 'type',
      label: t('activities.logForm.field.type'),
      style: 'compact',
      value: values.type ?? defaultType,
      choices: activityTypes.map((type) => ({ title: activityTypeLabel(t, type), value: type })),
      ...required,
    },
    textInput(t, 'account', values.account, {
      placeholder: t('activities.logForm.placeholder.account'),
      maxLength: formTextChars,
      ...required,
    }),
    textInput(t, 'subject', values.subject, {
      placeholder: t('activities.logForm.placeholder.subject'),
      maxLength: formTextChars,
      ...required,
    }),
    textInput(t, 'notes', values.notes, {
      placeholder: t('activities.logForm.placeholder.notes'),
      maxLength: formNotesChars,
      isMultiline: true,
    }),
    dateTimeRow(t, values),
    {
      type: 'Input.Number',
      id: 'durationMinutes',
      label: t('activities.logForm.field.durationMinutes'),
      min: 0,
      max: 24 * 60,
      ...(values.durationMinutes ? { value: Number(values.durationMinutes) } : {}),
    },
    {
      type: 'Input.Date',
      id: 'followUpOn',
      label: t('activities.logForm.field.followUpOn'),
      ...(values.followUpOn ? { value: values.followUpOn } : {}),
    },
  ];
  return adaptiveCard(body, [{ type: 'Action.Execute', verb: logFormVerb, title: t('activities.logForm.submit'), style: 'positive' }]);
}

/** What was stored, in place of the form; a repeated submission says so. */
export function loggedActivityCard(t: Translate, activity: Activity, accountName: string, created: boolean): AdaptiveCard {
  const type = activityTypeLabel(t, activity.type);
  return adaptiveCard([
    title(t('activities.logForm.done.title')),
    paragraph(t('activities.logForm.done.summary', { type, account: plain(accountName) }), { spacing: 'Small' }),
    facts([
      [t('activities.logForm.field.type'), type],
      [t('activities.logForm.field.account'), plain(accountName)],
      [t('activities.logForm.field.subject'), plain(activity.subject)],
      [t('activities.logForm.done.when'), cardDate(activity.occurredAt)],
      [
        t('activities.logForm.field.durationMinutes'),
        activity.durationMinutes === undefined ? undefined : t('activities.logForm.done.minutes', { minutes: activity.durationMinutes }),
      ],
      // A local calendar date: shown as written, since DATE() would move it into the reader's zone.
      [t('activities.logForm.field.followUpOn'), activity.followUpOn],
    ]),
    ...(created ? [] : [paragraph(t('activities.logForm.done.already'), { isSubtle: true })]),
  ]);
}
