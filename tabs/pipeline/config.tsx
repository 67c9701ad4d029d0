// The app's channel tab configuration page (Teams allows one configurable tab per app): the user picks the pipeline
// with its scope, or a service case queue; Teams saves the tab with a content URL carrying the choice.
import { Field, Input, Link, MessageBar, MessageBarBody, Radio, RadioGroup } from '@fluentui/react-components';
import { pages } from '@microsoft/teams-js';
import { useEffect, useMemo, useRef, useState } from 'react';
import { casesTranslator } from '../cases/cases.strings';
import { caseTabUrl, emptySetup, QueueSetupFields, setupPlace, type QueueSetup } from '../cases/queue-config';
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

/** What a saved tab shows, with its entity id and addresses; undefined while the choice is incomplete. */
interface Saved {
  entityId: 'pipeline' | 'cases';
  url(inTeams: boolean): string;
}

function ConfigPage() {
  const { host } = useTab();
  const t = useMemo(() => pipelineTranslator(host.locale), [host.locale]);
  const casesTitle = useMemo(() => casesTranslator(host.locale)('title'), [host.locale]);
  const [kind, setKind] = useState<'pipeline' | 'cases'>('pipeline');
  const [choice, setChoice] = useState<Choice>('all');
  const [value, setValue] = useState('');
  const [queue, setQueue] = useState<QueueSetup>(emptySetup);
  const [name, setName] = useState(t('title'));
  const [failed, setFailed] = useState(false);

  const origin = window.location.origin;
  const scope = scopeOf(choice, value);
  const place = setupPlace(queue);
  const saved: Saved | undefined =
    kind === 'pipeline'
      ? scope && { entityId: 'pipeline', url: (inTeams) => tabUrl(origin, scope, inTeams) }
      : place && { entityId: 'cases', url: (inTeams) => caseTabUrl(origin, place, inTeams) };
  const latest = useRef({ saved, name });
  latest.current = { saved, name: name.trim() || (kind === 'pipeline' ? t('title') : casesTitle) };

  const chooseKind = (next: 'pipeline' | 'cases') => {
    setKind(next);
    // The suggested name follows the kind until the user types one of their own.
    if (name === t('title') || name === casesTitle) setName(next === 'pipeline' ? t('title') : casesTitle);
  };

  useEffect(() => {
    if (!host.inTeams) return;
    // Teams calls this when the user selects Save; the latest choice is read then.
    pages.config.registerOnSaveHandler((saveEvent) => {
      const { saved: chosen, name: displayName } = latest.current;
      if (!chosen) {
        saveEvent.notifyFailure(t('valueRequired'));
        return;
      }
      pages.config
        .setConfig({
          entityId: chosen.entityId,
          contentUrl: chosen.url(true),
          websiteUrl: chosen.url(false),
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

  const valid = saved !== undefined;
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
          <Field label={t('tabKindLabel')}>
            <RadioGroup value={kind} onChange={(_event, data) => chooseKind(data.value as 'pipeline' | 'cases')}>
              <Radio value="pipeline" label={t('tabKindPipeline')} />
              <Radio value="cases" label={t('tabKindCases')} />
            </RadioGroup>
          </Field>
          {kind === 'cases' ? <QueueSetupFields value={queue} onChange={setQueue} /> : null}
          {kind === 'pipeline' ? (
            <Field label={t('showLabel')}>
              <RadioGroup value={choice} onChange={(_event, data) => setChoice(data.value as Choice)}>
                {choices.map((option) => (
                  <Radio key={option} value={option} label={t(choiceLabels[option])} />
                ))}
              </RadioGroup>
            </Field>
          ) : null}
          {kind === 'pipeline' && needsValue ? (
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
        {host.inTeams || !saved ? null : (
          <p className="view-note">
            {t('configOutsideTeams')} <Link href={saved.url(false)}>{t('configPreview')}</Link>
          </p>
        )}
      </main>
    </div>
  );
}

mountTab(<ConfigPage />);
