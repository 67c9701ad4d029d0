// What the viewer may do to a case now (the server's `allowed`, and only that): a button each; those that need words
// open a small form (a reply, a note, a complaint step, a resolution with an optional rating, a reason to reopen).
import { Button, Field, Input, MessageBar, MessageBarBody, Select } from '@fluentui/react-components';
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import type { AllowedAction, CaseActionRequest } from './cases.api';
import { useCases } from './cases.context';
import type { CasesStringKey } from './cases.strings';
import { priorities } from './queue';
import { RatingField, StepFields, stepRequest, TextField, type Values } from './step-form';

/** Done at once: nothing to type. */
const immediate = new Set(['take', 'resume', 'close']);

const keyOf = (allowed: AllowedAction) => (allowed.step ? `step-${allowed.step}` : allowed.action);

export function useActionLabel(): (allowed: AllowedAction) => string {
  const { t } = useCases();
  return (allowed) =>
    allowed.action === 'step' && allowed.step
      ? t('action.step', { step: allowed.step, name: t(`step.${allowed.step}` as CasesStringKey) })
      : t(`action.${allowed.action}` as CasesStringKey);
}

/** The request an action form sends, or the required fields left empty. */
function requestOf(allowed: AllowedAction, values: Values): CaseActionRequest | { missing: string[] } {
  const text = (name: string) => (values[name] ?? '').trim();
  const need = (...names: string[]) => (names.some((name) => !text(name)) ? { missing: names.filter((name) => !text(name)) } : undefined);
  const rating = values.rating ? Number(values.rating) : undefined;
  const comment = text('comment');
  switch (allowed.action) {
    case 'reply':
    case 'note':
      return need('text') ?? { action: allowed.action, text: text('text') };
    case 'wait':
      return text('text') ? { action: 'wait', text: text('text') } : { action: 'wait' };
    case 'assign':
      return need('userId') ?? { action: 'assign', userId: text('userId') };
    case 'priority':
      return need('priority') ?? { action: 'priority', priority: text('priority') };
    case 'resolve':
      return (
        need('resolution') ?? {
          action: 'resolve',
          resolution: text('resolution'),
          ...(rating ? { rating } : {}),
          ...(comment ? { comment } : {}),
        }
      );
    case 'rate':
      return rating ? { action: 'rate', rating, ...(comment ? { comment } : {}) } : { missing: ['rating'] };
    case 'reopen':
      return need('reason') ?? { action: 'reopen', reason: text('reason') };
    case 'step':
      return stepRequest(allowed.step ?? 0, values);
    default:
      return { action: allowed.action } as CaseActionRequest;
  }
}

/** The case's team members and manager, loaded when the form opens, to pick the new owner from. */
function AssigneeField({ number, value, set, invalid }: { number: number; value: string; set(userId: string): void; invalid: boolean }) {
  const { api, t } = useCases();
  const [people, setPeople] = useState<{ userId: string; name: string }[] | undefined>();
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    let live = true;
    api.assignees(number).then(
      (found) => live && setPeople(found),
      () => live && setFailed(true),
    );
    return () => {
      live = false;
    };
  }, [api, number]);
  return (
    <Field
      label={t('assignUser')}
      required
      validationState={invalid || failed ? 'error' : 'none'}
      validationMessage={failed ? t('assigneesFailed') : invalid ? t('required') : undefined}
    >
      <Select value={value} disabled={!people} onChange={(_event, data) => set(data.value)}>
        <option value="">{people ? t('choosePerson') : t('loading')}</option>
        {(people ?? []).map((person) => (
          <option key={person.userId} value={person.userId}>
            {person.name}
          </option>
        ))}
      </Select>
    </Field>
  );
}

function ActionFields({
  number,
  allowed,
  values,
  set,
  missing,
}: {
  number: number;
  allowed: AllowedAction;
  values: Values;
  set(name: string, value: string): void;
  missing: string[];
}) {
  const { t } = useCases();
  const props = { values, set, missing };
  switch (allowed.action) {
    case 'reply':
      return <TextField {...props} name="text" label={t('replyText')} required />;
    case 'note':
      return <TextField {...props} name="text" label={t('noteText')} required />;
    case 'wait':
      return <TextField {...props} name="text" label={t('waitText')} />;
    case 'assign':
      return (
        <AssigneeField
          number={number}
          value={values.userId ?? ''}
          set={(userId) => set('userId', userId)}
          invalid={missing.includes('userId')}
        />
      );
    case 'priority':
      return (
        <Field label={t('priorityLabel')}>
          <Select value={values.priority ?? ''} onChange={(_event, data) => set('priority', data.value)}>
            {priorities.map((priority) => (
              <option key={priority} value={priority}>
                {t(`priority.${priority}`)}
              </option>
            ))}
          </Select>
        </Field>
      );
    case 'resolve':
    case 'rate':
      return (
        <>
          {allowed.action === 'resolve' ? <TextField {...props} name="resolution" label={t('resolution')} required /> : null}
          <RatingField values={values} set={set} label={t(allowed.action === 'rate' ? 'ratingRequired' : 'rating')} />
          <TextField {...props} name="comment" label={t('comment')} />
        </>
      );
    case 'reopen':
      return <TextField {...props} name="reason" label={t('reopenReason')} required />;
    case 'step':
      return <StepFields {...props} step={allowed.step ?? 0} />;
    default:
      return <Input value="" readOnly />;
  }
}

interface CaseActionsProps {
  number: number;
  allowed: AllowedAction[];
  currentPriority: string;
  /** Sends the action; resolves to the server's refusal (its localised message) or nothing once done. */
  act(action: CaseActionRequest, label: string): Promise<string | undefined>;
}

export function CaseActions({ number, allowed, currentPriority, act }: CaseActionsProps) {
  const { t } = useCases();
  const label = useActionLabel();
  const formId = useId();
  const [open, setOpen] = useState<AllowedAction | undefined>();
  const [values, setValues] = useState<Values>({});
  const [missing, setMissing] = useState<string[]>([]);
  const [refusal, setRefusal] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const form = useRef<HTMLFormElement>(null);
  const opener = useRef<HTMLButtonElement | null>(null);

  // An action the case no longer offers (someone else moved it on) closes its form.
  const stillAllowed = open && allowed.some((one) => keyOf(one) === keyOf(open));
  useEffect(() => {
    if (open && !stillAllowed) setOpen(undefined);
  }, [open, stillAllowed]);
  useEffect(() => {
    if (open) form.current?.querySelector<HTMLElement>('textarea, input, select')?.focus();
  }, [open]);

  const run = async (action: CaseActionRequest, name: string) => {
    setBusy(true);
    setRefusal(undefined);
    const refused = await act(action, name);
    setBusy(false);
    if (refused !== undefined) {
      setRefusal(refused);
      return false;
    }
    return true;
  };

  const start = (one: AllowedAction, button: HTMLButtonElement) => {
    if (immediate.has(one.action)) {
      void run({ action: one.action } as CaseActionRequest, label(one));
      return;
    }
    opener.current = button;
    setOpen(one);
    setValues(one.action === 'priority' ? { priority: currentPriority } : {});
    setMissing([]);
    setRefusal(undefined);
  };

  const close = () => {
    setOpen(undefined);
    opener.current?.focus();
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!open || busy) return;
    const request = requestOf(open, values);
    if ('missing' in request) {
      setMissing(request.missing);
      return;
    }
    if (await run(request, label(open))) setOpen(undefined);
  };

  return (
    <section className="case-actions" aria-label={t('actions')}>
      <h3 className="visually-hidden">{t('actions')}</h3>
      <div className="action-buttons">
        {allowed.map((one) => (
          <Button
            key={keyOf(one)}
            data-action={keyOf(one)}
            size="small"
            appearance={one.action === 'step' || one.action === 'reply' ? 'primary' : 'secondary'}
            disabled={busy}
            aria-expanded={immediate.has(one.action) ? undefined : open !== undefined && keyOf(open) === keyOf(one)}
            aria-controls={immediate.has(one.action) ? undefined : formId}
            onClick={(event) => start(one, event.currentTarget)}
          >
            {label(one)}
          </Button>
        ))}
      </div>
      {refusal && !open ? (
        <MessageBar intent="error" className="action-refusal">
          <MessageBarBody>{refusal}</MessageBarBody>
        </MessageBar>
      ) : null}
      {open ? (
        <form id={formId} ref={form} className="action-form" data-action={keyOf(open)} aria-label={label(open)} onSubmit={submit}>
          <h4>{label(open)}</h4>
          <ActionFields
            number={number}
            allowed={open}
            values={values}
            set={(name, value) => setValues((old) => ({ ...old, [name]: value }))}
            missing={missing}
          />
          {refusal ? (
            <MessageBar intent="error" className="action-refusal">
              <MessageBarBody>{refusal}</MessageBarBody>
            </MessageBar>
          ) : null}
          <div className="form-buttons">
            <Button type="submit" appearance="primary" disabled={busy}>
              {open.action === 'reply' || open.action === 'note' ? t('send') : t('save')}
            </Button>
            <Button onClick={close}>{t('cancel')}</Button>
          </div>
        </form>
      ) : null}
    </section>
  );
}
