// The rule builder's form, for managers and admins: a condition and its thresholds, scope, recipients and delivery; a preview of what it
// matches today; save (create, or update with the ETag read) and delete. A refusal shows the server's words beside
// the form and keeps everything typed; a conflict shows the rule as stored, with a way to put one's changes back.
import { Button, MessageBar, MessageBarActions, MessageBarBody, MessageBarTitle } from '@fluentui/react-components';
import { useMemo, useState, type FormEvent } from 'react';
import { ApiError } from '../shared/api';
import { describeError, useTab } from '../shared/tab-context';
import { useTabFailure } from '../shared/tab-error-boundary';
import type { PreviewBody, RuleBody } from './alerts.api';
import { useAlerts } from './alerts.context';
import { ConditionFields } from './condition-fields';
import { DeleteRule } from './delete-rule';
import { DeliveryFields } from './delivery-fields';
import { invalidAt, issuePaths, type DraftSection } from './draft-section';
import { RecipientFields } from './recipient-fields';
import { draftOf, missingOf, newDraft, outOfBounds, requestOf, type RuleDraft } from './rule-draft';
import { RulePreview } from './rule-preview';
import { ScopeFields } from './scope-fields';

interface RuleFormProps {
  /** The stored rule; none for a new one. */
  rule?: RuleBody;
  onSaved(rule: RuleBody, created: boolean): void;
  /** The rule as stored now, read again after a conflict. */
  onReloaded(rule: RuleBody): void;
  onDeleted(rule: RuleBody): void;
  /** The rule is gone (deleted by someone else). */
  onGone(ruleId: string): void;
  onCancel(): void;
}

type Refusal = { intent: 'error' | 'warning'; title?: string; body: string; restore?: RuleDraft };
type Busy = 'save' | 'preview' | 'delete';

export function RuleForm({ rule, onSaved, onReloaded, onDeleted, onGone, onCancel }: RuleFormProps) {
  const { api, t, catalogue, words, channel } = useAlerts();
  const shared = useTab().t;
  const fail = useTabFailure();
  const [draft, setDraft] = useState<RuleDraft>(() => {
    if (rule) return draftOf(rule, words.condition(rule.condition));
    const first = catalogue.conditions[0];
    if (!first) throw new Error('The alerts catalogue has no conditions');
    return newDraft(first, channel);
  });
  const [etag, setEtag] = useState(rule?.etag);
  const [refusal, setRefusal] = useState<Refusal | undefined>();
  const [refused, setRefused] = useState<ReadonlySet<string>>(new Set());
  const [busy, setBusy] = useState<Busy | undefined>();
  const [preview, setPreview] = useState<PreviewBody | undefined>();
  const condition = words.condition(draft.condition);

  const section = useMemo<DraftSection>(
    () => ({
      draft,
      change: (next) => setDraft((previous) => ({ ...previous, ...next })),
      invalid: invalidAt(refused),
      locked: busy === 'save' || busy === 'delete',
    }),
    [busy, draft, refused],
  );

  /** Shows why the server refused, marks the fields it named, and keeps the form as it is. */
  const refuse = (error: unknown, title: string) => {
    if (!(error instanceof ApiError)) return fail(error);
    setRefusal({ intent: 'error', title, body: describeError(error, shared) });
    setRefused(new Set([...issuePaths(error.details), ...outOfBounds(draft, condition)]));
  };

  /** Someone else saved first: the form shows the rule as stored, and what was typed can be put back on top of it. */
  const reloadAfterConflict = async (stored: RuleBody, typed: RuleDraft) => {
    try {
      const current = await api.rule(stored.id);
      setDraft(draftOf(current, words.condition(current.condition)));
      setEtag(current.etag);
      setRefused(new Set());
      setRefusal({ intent: 'warning', body: t('conflict'), restore: typed });
      onReloaded(current);
    } catch (error) {
      if (error instanceof ApiError && error.status === 404) onGone(stored.id);
      else refuse(error, t('notSaved'));
    }
  };

  const save = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    const missing = missingOf(draft, condition);
    setRefused(missing);
    if (missing.size > 0) return;
    setBusy('save');
    setRefusal(undefined);
    const request = requestOf(draft, condition);
    try {
      const saved = rule && etag ? await api.update(rule.id, etag, request) : await api.create(request);
      setDraft(draftOf(saved, words.condition(saved.condition)));
      setEtag(saved.etag);
      onSaved(saved, !rule);
    } catch (error) {
      if (rule && error instanceof ApiError && error.status === 409) await reloadAfterConflict(rule, draft);
      else if (rule && error instanceof ApiError && error.status === 404) onGone(rule.id);
      else refuse(error, t('notSaved'));
    } finally {
      setBusy(undefined);
    }
  };

  const runPreview = async () => {
    setBusy('preview');
    setRefusal(undefined);
    setRefused(new Set());
    try {
      setPreview(await api.preview(requestOf(draft, condition)));
    } catch (error) {
      setPreview(undefined);
      refuse(error, t('noPreview'));
    } finally {
      setBusy(undefined);
    }
  };

  const remove = async () => {
    if (!rule || !etag) return;
    setBusy('delete');
    setRefusal(undefined);
    try {
      await api.remove(rule.id, etag);
      onDeleted(rule);
    } catch (error) {
      if (error instanceof ApiError && error.status === 409) await reloadAfterConflict(rule, draft);
      else if (error instanceof ApiError && error.status === 404) onGone(rule.id);
      else refuse(error, t('notSaved'));
    } finally {
      setBusy(undefined);
    }
  };

  return (
    <form className="rule-form" onSubmit={(event) => void save(event)} noValidate aria-busy={busy !== undefined}>
      <ConditionFields section={section} />
      <ScopeFields section={section} />
      <RecipientFields section={section} />
      <DeliveryFields section={section} />
      {refusal ? (
        <MessageBar intent={refusal.intent} layout="multiline" className="form-refusal" politeness="assertive">
          <MessageBarBody>
            {refusal.title ? <MessageBarTitle>{refusal.title}</MessageBarTitle> : null}
            {refusal.body}
          </MessageBarBody>
          {refusal.restore ? (
            <MessageBarActions>
              <Button
                size="small"
                onClick={() => {
                  if (refusal.restore) setDraft(refusal.restore);
                  setRefusal(undefined);
                }}
              >
                {t('restoreMine')}
              </Button>
            </MessageBarActions>
          ) : null}
        </MessageBar>
      ) : null}
      <div className="form-buttons">
        <Button type="submit" appearance="primary" disabled={busy !== undefined}>
          {busy === 'save' ? t('saving') : t('save')}
        </Button>
        <Button disabled={busy !== undefined} onClick={() => void runPreview()}>
          {busy === 'preview' ? t('previewing') : t('preview')}
        </Button>
        <Button appearance="subtle" onClick={onCancel}>
          {t('cancel')}
        </Button>
        {rule ? <DeleteRule name={rule.name} disabled={busy !== undefined} onConfirm={() => void remove()} /> : null}
      </div>
      {preview ? <RulePreview preview={preview} /> : null}
    </form>
  );
}
