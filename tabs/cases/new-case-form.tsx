// Opens a case from the tab: title, the account (searched by the start of its name), type, priority, the service team
// whose queue it joins, and a description. The server's refusal shows in the user's language.
import { Button, Field, Input, MessageBar, MessageBarBody, Select, Textarea } from '@fluentui/react-components';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { ApiError } from '../shared/api';
import { describeError, useTab } from '../shared/tab-context';
import { useTabFailure } from '../shared/tab-error-boundary';
import { AccountPicker, type PickedAccount } from './account-picker';
import type { CasePriority, CaseType, NewCaseRequest } from './cases.api';
import { useCases } from './cases.context';
import { priorities, types } from './queue';

interface NewCaseFormProps {
  /** The team a channel tab shows: new cases join its queue. */
  defaultTeamId?: string;
  narrow: boolean;
  onCancel(): void;
  onOpened(number: number): void;
}

export function NewCaseForm({ defaultTeamId, narrow, onCancel, onOpened }: NewCaseFormProps) {
  const { api, t, me, announce } = useCases();
  const common = useTab().t;
  const fail = useTabFailure();
  const serviceTeams = me.teams.filter((team) => team.kind === 'service');
  const [title, setTitle] = useState('');
  const [account, setAccount] = useState<PickedAccount | undefined>();
  const [type, setType] = useState<CaseType>('after-sales');
  const [priority, setPriority] = useState<CasePriority>('normal');
  const [teamId, setTeamId] = useState(defaultTeamId ?? serviceTeams[0]?.id ?? '');
  const [description, setDescription] = useState('');
  const [tried, setTried] = useState(false);
  const [busy, setBusy] = useState(false);
  const [refusal, setRefusal] = useState<string | undefined>();
  const heading = useRef<HTMLHeadingElement>(null);

  useEffect(() => heading.current?.focus(), []);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setTried(true);
    if (!title.trim() || !account || busy) return;
    setBusy(true);
    setRefusal(undefined);
    const request: NewCaseRequest = {
      title: title.trim(),
      accountId: account.id,
      type,
      priority,
      description,
      ...(teamId ? { teamId } : {}),
    };
    try {
      const opened = await api.open(request);
      announce(t('created', { label: `C-${opened.case.number}` }));
      onOpened(opened.case.number);
    } catch (error) {
      setBusy(false);
      if (error instanceof ApiError) setRefusal(describeError(error, common));
      else fail(error);
    }
  };

  const titleMissing = tried && !title.trim();
  const accountMissing = tried && !account;
  return (
    <section className="new-case" aria-labelledby="new-case-heading">
      {narrow ? (
        <Button className="back" appearance="subtle" onClick={onCancel}>
          ← {t('back')}
        </Button>
      ) : null}
      <h2 id="new-case-heading" tabIndex={-1} ref={heading}>
        {t('newCaseTitle')}
      </h2>
      <form className="new-case-form" onSubmit={submit}>
        <Field
          label={t('caseTitle')}
          required
          validationState={titleMissing ? 'error' : 'none'}
          validationMessage={titleMissing ? t('required') : undefined}
        >
          <Input value={title} maxLength={200} onChange={(_event, data) => setTitle(data.value)} />
        </Field>
        <Field
          label={t('account')}
          required
          validationState={accountMissing ? 'error' : 'none'}
          validationMessage={accountMissing ? t('accountRequired') : undefined}
        >
          <AccountPicker value={account} onChange={setAccount} invalid={accountMissing} />
        </Field>
        <div className="field-pair">
          <Field label={t('type')}>
            <Select value={type} onChange={(_event, data) => setType(data.value as CaseType)}>
              {types.map((value) => (
                <option key={value} value={value}>
                  {t(`type.${value}`)}
                </option>
              ))}
            </Select>
          </Field>
          <Field label={t('priority')}>
            <Select value={priority} onChange={(_event, data) => setPriority(data.value as CasePriority)}>
              {priorities.map((value) => (
                <option key={value} value={value}>
                  {t(`priority.${value}`)}
                </option>
              ))}
            </Select>
          </Field>
        </div>
        <Field label={t('team')}>
          <Select value={teamId} onChange={(_event, data) => setTeamId(data.value)}>
            <option value="">{t('teamNone')}</option>
            {serviceTeams.map((team) => (
              <option key={team.id} value={team.id}>
                {team.name}
              </option>
            ))}
          </Select>
        </Field>
        <Field label={t('descriptionLabel')}>
          <Textarea value={description} resize="vertical" onChange={(_event, data) => setDescription(data.value)} />
        </Field>
        {refusal ? (
          <MessageBar intent="error">
            <MessageBarBody>{refusal}</MessageBarBody>
          </MessageBar>
        ) : null}
        <div className="form-buttons">
          <Button type="submit" appearance="primary" disabled={busy}>
            {busy ? t('creating') : t('create')}
          </Button>
          <Button onClick={onCancel}>{t('cancel')}</Button>
        </div>
      </form>
    </section>
  );
}
