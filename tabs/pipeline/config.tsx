// The channel tab's configuration page: the user picks the scope; Teams saves the tab with a content URL carrying it.
import { Field, Input, Link, MessageBar, MessageBarBody, Radio, RadioGroup } from '@fluentui/react-components';
import { pages } from '@microsoft/teams-js';
import { useEffect, useMemo, useRef, useState } from 'react';
import { mountTab } from '../shared/mount-tab';
import { useTab } from '../shared/tab-context';
import { pipelineTranslator } from './pipeline.strings';
import { scopeQuery, type Scope } from './scope';

/** The saved tab's address: the pipeline page with the chosen scope, and `inTeams=true` so it waits for the host. */
export function tabUrl(origin: string, scope: Scope, inTeams: boolean): string {
  const query = scopeQuery(scope);
  if (inTeams) query.set('inTeams', 'true');
  const text = query.toString();
  return `${origin}/tabs/pipeline/index.html${text ? `?${text}` : ''}`;
}

/** The server answers for one scope at a time: every deal, the viewer's own, or one team, industry or region. */
const choices = ['all', 'mine', 'team', 'industry', 'region'] as const;
type Choice = (typeof choices)[number];
const choiceLabels = { all: 'showAll', mine: 'showMine', team: 'showTeam', industry: 'showIndustry', region: 'showRegion' } as const;
const valueLabels = { team: 'teamLabel', industry: 'industryLabel', region: 'regionLabel' } as const;

function scopeOf(choice: Choice, value: string): Scope | undefined {
  if (choice === 'all') return {};
  if (choice === 'mine') return { owner: 'me' };
  const trimmed = value.trim();
  return trimmed ? { [choice]: trimmed } : undefined;
}

function ConfigPage() {
  const { host } = useTab();
  const t = useMemo(() => pipelineTranslator(host.locale), [host.locale]);
  const [choice, setChoice] = useState<Choice>('all');
  const [value, setValue] = useState('');
  const [name, setName] = useState(t('title'));
  const [failed, setFailed] = useState(false);

  const scope = scopeOf(choice, value);
  const latest = useRef({ scope, name });
  latest.current = { scope, name: name.trim() || t('title') };

  useEffect(() => {
    if (!host.inTeams) return;
    // Teams calls this when the user selects Save; the latest choice is read then.
    pages.config.registerOnSaveHandler((saveEvent) => {
      const origin = window.location.origin;
      const { scope: chosen, name: displayName } = latest.current;
      if (!chosen) {
        saveEvent.notifyFailure(t('valueRequired'));
        return;
      }
      pages.config
        .setConfig({
          entityId: 'pipeline',
          contentUrl: tabUrl(origin, chosen, true),
          websiteUrl: tabUrl(origin, chosen, false),
          suggestedDisplayName: displayName,
        })
        .then(
          () => saveEvent.notifySuccess(),
          (error: unknown) => {
            console.error(error);
            setFailed(true);
            saveEvent.notifyFailure(t('configSaveFailed'));
          },
        );
    });
    host.ready();
  }, [host, t]);

  const valid = scope !== undefined;
  useEffect(() => {
    if (host.inTeams) pages.config.setValidityState(valid);
  }, [host, valid]);

  const needsValue = choice === 'team' || choice === 'industry' || choice === 'region';
  return (
    // Layout on its own element, not the theme provider, whose class names Fluent copies onto portals (see mount-tab.tsx).
    <div className="pipeline-app config-page">
      <main>
        <h1>{t('configHeading')}</h1>
        <p className="view-note">{t('configIntro')}</p>
        {failed ? (
          <MessageBar intent="error">
            <MessageBarBody>{t('configSaveFailed')}</MessageBarBody>
          </MessageBar>
        ) : null}
        <form className="config-form" onSubmit={(event) => event.preventDefault()}>
          <Field label={t('showLabel')}>
            <RadioGroup value={choice} onChange={(_event, data) => setChoice(data.value as Choice)}>
              {choices.map((option) => (
                <Radio key={option} value={option} label={t(choiceLabels[option])} />
              ))}
            </RadioGroup>
          </Field>
          {needsValue ? (
            <Field
              label={t(valueLabels[choice])}
              hint={choice === 'team' ? t('teamHint') : undefined}
              required
              validationMessage={valid ? undefined : t('valueRequired')}
              validationState={valid ? 'none' : 'error'}
            >
              <Input value={value} maxLength={100} onChange={(_event, data) => setValue(data.value)} />
            </Field>
          ) : null}
          <Field label={t('tabNameLabel')}>
            <Input value={name} maxLength={128} onChange={(_event, data) => setName(data.value)} />
          </Field>
        </form>
        {host.inTeams || !scope ? null : (
          <p className="view-note">
            {t('configOutsideTeams')} <Link href={tabUrl(window.location.origin, scope, false)}>{t('configPreview')}</Link>
          </p>
        )}
      </main>
    </div>
  );
}

mountTab(<ConfigPage />);
