// A rule as someone who may not change it sees it: every setting in words, and what it matches today.
import { Button, MessageBar, MessageBarBody, MessageBarTitle } from '@fluentui/react-components';
import { useState } from 'react';
import { ApiError } from '../shared/api';
import { describeError, useTab } from '../shared/tab-context';
import { useTabFailure } from '../shared/tab-error-boundary';
import type { PreviewBody, RuleBody } from './alerts.api';
import { useAlerts } from './alerts.context';
import { aspectsOf } from './rule-diff';
import { settingsOf } from './rule-draft';
import { RulePreview } from './rule-preview';

export function RuleSummary({ rule, onClose }: { rule: RuleBody; onClose(): void }) {
  const { api, t, words } = useAlerts();
  const shared = useTab().t;
  const fail = useTabFailure();
  const [preview, setPreview] = useState<PreviewBody | undefined>();
  const [refusal, setRefusal] = useState<string | undefined>();
  const [running, setRunning] = useState(false);

  const runPreview = async () => {
    setRunning(true);
    setRefusal(undefined);
    try {
      setPreview(await api.preview(settingsOf(rule)));
    } catch (error) {
      if (!(error instanceof ApiError)) return fail(error);
      setPreview(undefined);
      setRefusal(describeError(error, shared));
    } finally {
      setRunning(false);
    }
  };

  return (
    <div className="rule-summary">
      <dl className="settings-list">
        {aspectsOf(settingsOf(rule), words, t).map((aspect) => (
          <div key={aspect.key} className="difference" data-aspect={aspect.key}>
            <dt>{aspect.label}</dt>
            <dd>{aspect.value}</dd>
          </div>
        ))}
      </dl>
      {refusal ? (
        <MessageBar intent="error" className="form-refusal">
          <MessageBarBody>
            <MessageBarTitle>{t('noPreview')}</MessageBarTitle>
            {refusal}
          </MessageBarBody>
        </MessageBar>
      ) : null}
      <div className="form-buttons">
        <Button disabled={running} onClick={() => void runPreview()}>
          {running ? t('previewing') : t('preview')}
        </Button>
        <Button appearance="subtle" onClick={onClose}>
          {t('close')}
        </Button>
      </div>
      {preview ? <RulePreview preview={preview} /> : null}
    </div>
  );
}
