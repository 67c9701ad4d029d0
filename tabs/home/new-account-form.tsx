// The new-account form: a name (required) and optional industry and region; the server's refusal shows in the page's alert.
import { Button, Field, Input } from '@fluentui/react-components';
import { useMemo, useRef, useState, type FormEvent } from 'react';
import { ApiError } from '../shared/api';
import { useTab } from '../shared/tab-context';
import { useTabFailure } from '../shared/tab-error-boundary';
import type { AccountBody, HomeApi } from './accounts.api';
import { homeTranslator } from './home.strings';

interface NewAccountFormProps {
  api: HomeApi;
  onCreated(account: AccountBody): void;
  /** Says something in the page's alert (a missing name, the server's refusal); `undefined` clears it. */
  onAlert(message: string | ApiError | undefined): void;
}

export function NewAccountForm({ api, onCreated, onAlert }: NewAccountFormProps) {
  const { locale } = useTab();
  const t = useMemo(() => homeTranslator(locale), [locale]);
  const fail = useTabFailure();
  const [fields, setFields] = useState({ name: '', industry: '', region: '' });
  const [invalid, setInvalid] = useState(false);
  const [creating, setCreating] = useState(false);
  const nameInput = useRef<HTMLInputElement>(null);

  const create = async () => {
    const name = fields.name.trim();
    if (!name) {
      onAlert(t('nameRequired'));
      setInvalid(true);
      nameInput.current?.focus();
      return;
    }
    setCreating(true);
    try {
      const account = await api.createAccount({
        name,
        industry: fields.industry.trim() || undefined,
        region: fields.region.trim() || undefined,
      });
      setFields({ name: '', industry: '', region: '' });
      setInvalid(false);
      onAlert(undefined);
      onCreated(account);
    } catch (error) {
      if (!(error instanceof ApiError)) return fail(error);
      if (error.code === 'ALREADY_EXISTS') setInvalid(true);
      onAlert(error);
    } finally {
      setCreating(false);
      nameInput.current?.focus();
    }
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!creating) void create();
  };
  const optional = (label: string) => (
    <>
      {label}
      <span className="hint">{t('optional')}</span>
    </>
  );

  return (
    <section className="panel" aria-labelledby="new-account-heading">
      <h2 id="new-account-heading">{t('newAccountHeading')}</h2>
      <form id="new-account" className="new-account" noValidate onSubmit={submit}>
        <Field label={t('nameLabel')} validationState={invalid ? 'error' : 'none'}>
          <Input
            id="account-name"
            ref={nameInput}
            name="name"
            maxLength={200}
            autoComplete="off"
            aria-required="true"
            value={fields.name}
            onChange={(_event, data) => {
              setFields((current) => ({ ...current, name: data.value }));
              setInvalid(false);
            }}
          />
        </Field>
        <Field label={optional(t('industryLabel'))}>
          <Input
            id="account-industry"
            name="industry"
            maxLength={100}
            autoComplete="off"
            value={fields.industry}
            onChange={(_event, data) => setFields((current) => ({ ...current, industry: data.value }))}
          />
        </Field>
        <Field label={optional(t('regionLabel'))}>
          <Input
            id="account-region"
            name="region"
            maxLength={100}
            autoComplete="off"
            value={fields.region}
            onChange={(_event, data) => setFields((current) => ({ ...current, region: data.value }))}
          />
        </Field>
        <Button id="create-account" appearance="primary" type="submit" disabledFocusable={creating}>
          {creating ? t('creating') : t('createButton')}
        </Button>
      </form>
    </section>
  );
}
