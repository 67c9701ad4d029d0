// The tenant's rules: name, condition, an on/off switch, when they send and who hears of them. A switch saves at once
// (with the rule's ETag); a refusal puts it back and says why.
import { Button, Switch } from '@fluentui/react-components';
import { useState } from 'react';
import { ApiError } from '../shared/api';
import { describeError, useTab } from '../shared/tab-context';
import { useTabFailure } from '../shared/tab-error-boundary';
import type { RuleBody } from './alerts.api';
import { useAlerts } from './alerts.context';
import { settingsOf } from './rule-draft';

interface RuleListProps {
  rules: readonly RuleBody[];
  selected?: string;
  onOpen(ruleId: string): void;
  onChanged(rule: RuleBody): void;
  /** The list is stale (someone else changed a rule): read it again. */
  onStale(): void;
}

function RuleRow({
  rule,
  selected,
  onOpen,
  onChanged,
  onStale,
}: { rule: RuleBody; selected: boolean } & Omit<RuleListProps, 'rules' | 'selected'>) {
  const { api, t, words, canEdit, notify } = useAlerts();
  const shared = useTab().t;
  const fail = useTabFailure();
  const [pending, setPending] = useState<boolean | undefined>();

  const toggle = async (enabled: boolean) => {
    setPending(enabled);
    try {
      const saved = await api.update(rule.id, rule.etag, { ...settingsOf(rule), enabled });
      onChanged(saved);
      notify({ intent: 'success', body: t(saved.enabled ? 'switchedOn' : 'switchedOff', { name: saved.name }) });
    } catch (error) {
      if (!(error instanceof ApiError)) return fail(error);
      notify({
        intent: error.status === 409 ? 'warning' : 'error',
        body: error.status === 409 ? t('listConflict', { name: rule.name }) : describeError(error, shared),
      });
      if (error.status === 409 || error.status === 404) onStale();
    } finally {
      setPending(undefined);
    }
  };

  return (
    <li className={`rule-row${selected ? ' selected' : ''}`} data-rule-id={rule.id} aria-current={selected ? 'true' : undefined}>
      <Button className="rule-name" appearance="transparent" onClick={() => onOpen(rule.id)}>
        {rule.name}
      </Button>
      <span className="rule-condition">{words.conditionName(rule.condition)}</span>
      <Switch
        className="rule-switch"
        aria-label={t('ruleSwitch', { name: rule.name })}
        label={t((pending ?? rule.enabled) ? 'on' : 'off')}
        checked={pending ?? rule.enabled}
        disabled={!canEdit || pending !== undefined}
        onChange={(_event, data) => void toggle(data.checked)}
      />
      <span className="rule-cadence">{words.cadence(rule.cadence)}</span>
      <span className="rule-recipients">{words.recipients(rule.recipients)}</span>
    </li>
  );
}

export function RuleList({ rules, selected, ...actions }: RuleListProps) {
  const { t, canEdit } = useAlerts();
  if (rules.length === 0) return <p className="view-empty">{canEdit ? t('noRules') : t('noRulesReadOnly')}</p>;
  return (
    <div className="rule-list">
      <div className="rule-head" aria-hidden="true">
        <span>{t('colName')}</span>
        <span>{t('colCondition')}</span>
        <span>{t('colOn')}</span>
        <span>{t('colCadence')}</span>
        <span>{t('colRecipients')}</span>
      </div>
      <ul className="rules" aria-label={t('rulesLabel')}>
        {rules.map((rule) => (
          <RuleRow key={rule.id} rule={rule} selected={rule.id === selected} {...actions} />
        ))}
      </ul>
    </div>
  );
}
