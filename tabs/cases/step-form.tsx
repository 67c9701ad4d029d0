// The fields each complaint step needs (complaint-workflow on the server): 2 valid or not and why, 3 the department,
// 4 the cause and its analysis, 5 the proposal, 6 approve or send back with a note, 7 what was done (feedback and a
// rating optional), 8 the review. Returns the step's request, or the fields still missing.
import { Field, Input, Radio, RadioGroup, Select, Textarea } from '@fluentui/react-components';
import type { CaseActionRequest } from './cases.api';
import { useCases } from './cases.context';
import { causes } from './queue';

export type Values = Record<string, string>;
type StepRequest = Extract<CaseActionRequest, { action: 'step' }>;

const filled = (value: string | undefined) => (value ?? '').trim();

/** The request for `step` from the form's values, or the names of the required fields left empty. */
export function stepRequest(step: number, values: Values): StepRequest | { missing: string[] } {
  const need = (...names: string[]) => names.filter((name) => !filled(values[name]));
  const notes = filled(values.notes);
  const missing = (names: string[]) => (names.length > 0 ? { missing: names } : undefined);
  switch (step) {
    case 2:
      return missing(need('valid', 'notes')) ?? { action: 'step', step, valid: values.valid === 'yes', notes };
    case 3:
      return missing(need('department')) ?? { action: 'step', step, department: filled(values.department) };
    case 4:
      return missing(need('cause', 'notes')) ?? { action: 'step', step, cause: values.cause as (typeof causes)[number], notes };
    case 6: {
      // Approving is a decision the manager makes, never a default.
      if (values.decision !== 'approve' && values.decision !== 'back') return { missing: ['decision'] };
      const approved = values.decision === 'approve';
      if (!approved && !notes) return { missing: ['notes'] };
      return { action: 'step', step, approved, ...(notes ? { notes } : {}) };
    }
    case 7: {
      const feedback = filled(values.feedback);
      const rating = values.rating ? Number(values.rating) : undefined;
      return missing(need('notes')) ?? { action: 'step', step, notes, ...(feedback ? { feedback } : {}), ...(rating ? { rating } : {}) };
    }
    default:
      return missing(need('notes')) ?? { action: 'step', step, notes };
  }
}

interface FieldsProps {
  values: Values;
  set(name: string, value: string): void;
  missing: string[];
}

export function RatingField({ values, set, label }: Pick<FieldsProps, 'values' | 'set'> & { label: string }) {
  const { t } = useCases();
  return (
    <Field label={label}>
      <Select value={values.rating ?? ''} onChange={(_event, data) => set('rating', data.value)}>
        <option value="">{t('ratingNone')}</option>
        {[1, 2, 3, 4, 5].map((rating) => (
          <option key={rating} value={String(rating)}>
            {rating}
          </option>
        ))}
      </Select>
    </Field>
  );
}

/** A text field of an action form; a required one empty after Save says so. */
export function TextField({
  name,
  label,
  values,
  set,
  missing,
  multiline = true,
  required = false,
}: FieldsProps & { name: string; label: string; multiline?: boolean; required?: boolean }) {
  const { t } = useCases();
  const invalid = missing.includes(name);
  const onChange = (value: string) => set(name, value);
  return (
    <Field
      label={label}
      required={required}
      validationState={invalid ? 'error' : 'none'}
      validationMessage={invalid ? t('required') : undefined}
    >
      {multiline ? (
        <Textarea value={values[name] ?? ''} resize="vertical" onChange={(_event, data) => onChange(data.value)} />
      ) : (
        <Input value={values[name] ?? ''} onChange={(_event, data) => onChange(data.value)} />
      )}
    </Field>
  );
}

export function StepFields({ step, ...props }: FieldsProps & { step: number }) {
  const { t } = useCases();
  const { values, set, missing } = props;
  const choice = (name: string, label: string, options: [string, string][]) => (
    <Field
      label={label}
      required
      validationState={missing.includes(name) ? 'error' : 'none'}
      validationMessage={missing.includes(name) ? t('required') : undefined}
    >
      <RadioGroup value={values[name] ?? ''} onChange={(_event, data) => set(name, data.value)}>
        {options.map(([value, text]) => (
          <Radio key={value} value={value} label={text} />
        ))}
      </RadioGroup>
    </Field>
  );
  switch (step) {
    case 2:
      return (
        <>
          {choice('valid', t('stepValid'), [
            ['yes', t('stepValidYes')],
            ['no', t('stepValidNo')],
          ])}
          <TextField {...props} name="notes" label={t('stepValidNotes')} required />
        </>
      );
    case 3:
      return <TextField {...props} name="department" label={t('stepDepartment')} multiline={false} required />;
    case 4:
      return (
        <>
          <Field
            label={t('stepCause')}
            required
            validationState={missing.includes('cause') ? 'error' : 'none'}
            validationMessage={missing.includes('cause') ? t('required') : undefined}
          >
            <Select value={values.cause ?? ''} onChange={(_event, data) => set('cause', data.value)}>
              <option value="" />
              {causes.map((cause) => (
                <option key={cause} value={cause}>
                  {t(`cause.${cause}`)}
                </option>
              ))}
            </Select>
          </Field>
          <TextField {...props} name="notes" label={t('stepCauseNotes')} required />
        </>
      );
    case 5:
      return <TextField {...props} name="notes" label={t('stepProposal')} required />;
    case 6:
      return (
        <>
          {choice('decision', t('stepDecision'), [
            ['approve', t('stepApprove')],
            ['back', t('stepSendBack')],
          ])}
          <TextField
            {...props}
            name="notes"
            label={values.decision === 'back' ? t('stepSendBackNotes') : t('stepApproveNotes')}
            required={values.decision === 'back'}
          />
        </>
      );
    case 7:
      return (
        <>
          <TextField {...props} name="notes" label={t('stepCarriedOut')} required />
          <TextField {...props} name="feedback" label={t('stepFeedback')} />
          <RatingField values={values} set={set} label={t('rating')} />
        </>
      );
    default:
      return <TextField {...props} name="notes" label={t('stepReview')} required />;
  }
}
