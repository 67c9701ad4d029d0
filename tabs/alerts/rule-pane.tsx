// One rule beside the list (in its place on a phone or in a dialog): its settings form (or, for someone who may not
// change it, its settings in words) and, for a stored rule, its change history.
import { Button, Tab, TabList } from '@fluentui/react-components';
import { useEffect, useRef, useState } from 'react';
import type { RuleBody } from './alerts.api';
import { useAlerts } from './alerts.context';
import { RuleForm } from './rule-form';
import { RuleHistory } from './rule-history';
import { RuleSummary } from './rule-summary';

interface RulePaneProps {
  rule?: RuleBody;
  /** The pane takes the list's place, with a way back. */
  alone: boolean;
  onSaved(rule: RuleBody, created: boolean): void;
  onReloaded(rule: RuleBody): void;
  onDeleted(rule: RuleBody): void;
  onGone(ruleId: string): void;
  onClose(): void;
}

export function RulePane({ rule, alone, onClose, onSaved, ...form }: RulePaneProps) {
  const { t, canEdit } = useAlerts();
  const [view, setView] = useState<'settings' | 'history'>('settings');
  const [saves, setSaves] = useState(0);
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);

  return (
    <section className="rule-pane" aria-labelledby="rule-heading">
      {alone ? (
        <Button className="back" appearance="subtle" onClick={onClose}>
          ← {t('back')}
        </Button>
      ) : null}
      <h2 id="rule-heading" tabIndex={-1} ref={heading}>
        {rule ? rule.name : t('newRuleHeading')}
      </h2>
      {rule ? (
        <TabList
          className="pane-views"
          size="small"
          selectedValue={view}
          onTabSelect={(_event, data) => setView(data.value as 'settings' | 'history')}
          aria-label={t('paneViews')}
        >
          <Tab value="settings">{t('tabSettings')}</Tab>
          <Tab value="history">{t('tabHistory')}</Tab>
        </TabList>
      ) : null}
      {/* The form stays mounted behind the history, so nothing typed is lost by a look at the history. */}
      <div hidden={view !== 'settings'}>
        {canEdit ? (
          <RuleForm
            rule={rule}
            onCancel={onClose}
            onSaved={(saved, created) => {
              setSaves((count) => count + 1);
              onSaved(saved, created);
            }}
            {...form}
          />
        ) : rule ? (
          <RuleSummary rule={rule} onClose={onClose} />
        ) : null}
      </div>
      {rule && view === 'history' ? <RuleHistory ruleId={rule.id} name={rule.name} refreshKey={saves} /> : null}
    </section>
  );
}
