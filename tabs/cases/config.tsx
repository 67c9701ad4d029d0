// The case queue's own configuration page: the user picks a team's queue or a filter; Teams saves the tab with a
// content URL carrying it. (The app's manifest names the pipeline's configuration page, which offers this queue too.)
import { Field, Input, Link, MessageBar, MessageBarBody } from '@fluentui/react-components';
import { pages } from '@microsoft/teams-js';
import { useEffect, useMemo, useRef, useState } from 'react';
import { mountTab } from '../shared/mount-tab';
import { useTab } from '../shared/tab-context';
import { casesTranslator } from './cases.strings';
import { caseTabUrl, emptySetup, QueueSetupFields, setupPlace, type QueueSetup } from './queue-config';

function ConfigPage() {
  const { host } = useTab();
  const t = useMemo(() => casesTranslator(host.locale), [host.locale]);
  const [setup, setSetup] = useState<QueueSetup>(emptySetup);
  const [name, setName] = useState(t('title'));
  const [failed, setFailed] = useState(false);
  const place = setupPlace(setup);
  const latest = useRef({ place, name });
  latest.current = { place, name: name.trim() || t('title') };

  useEffect(() => {
    if (!host.inTeams) return;
    // Teams calls this when the user selects Save; the latest choice is read then.
    pages.config.registerOnSaveHandler((saveEvent) => {
      const origin = window.location.origin;
      const { place: chosen, name: displayName } = latest.current;
      if (!chosen) {
        saveEvent.notifyFailure(t('teamRequired'));
        return;
      }
      pages.config
        .setConfig({
          entityId: 'cases',
          contentUrl: caseTabUrl(origin, chosen, true),
          websiteUrl: caseTabUrl(origin, chosen, false),
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

  const valid = place !== undefined;
  useEffect(() => {
    if (host.inTeams) pages.config.setValidityState(valid);
  }, [host, valid]);

  return (
    <div className="cases-app config-page">
      <main>
        <h1>{t('configHeading')}</h1>
        <p className="view-note">{t('configIntro')}</p>
        {failed ? (
          <MessageBar intent="error">
            <MessageBarBody>{t('configSaveFailed')}</MessageBarBody>
          </MessageBar>
        ) : null}
        <form className="config-form" onSubmit={(event) => event.preventDefault()}>
          <QueueSetupFields value={setup} onChange={setSetup} />
          <Field label={t('tabNameLabel')}>
            <Input value={name} maxLength={128} onChange={(_event, data) => setName(data.value)} />
          </Field>
        </form>
        {host.inTeams || !place ? null : (
          <p className="view-note">
            {t('configOutsideTeams')} <Link href={caseTabUrl(window.location.origin, place, false)}>{t('configPreview')}</Link>
          </p>
        )}
      </main>
    </div>
  );
}

mountTab(<ConfigPage />);
