// The settings tab: the access setting, people with their roles, the teams and the service levels, for an admin; anyone else is told why not.
import { Button, MessageBar, MessageBarBody, Spinner, Switch } from '@fluentui/react-components';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { NoticeBar } from '../shared/notice-bar';
import { describeError, useTab } from '../shared/tab-context';
import { useLoad } from '../shared/use-load';
import { PeopleSection } from './people-section';
import { createSettingsApi, type PeoplePage, type Person, type Team } from './settings.api';
import { SettingsContext, type Notice, type SettingsTools } from './settings.context';
import { settingsTranslator } from './settings.strings';
import { ServiceLevelsSection } from './service-levels-section';
import { TeamsSection } from './teams-section';

interface Directory {
  people: PeoplePage;
  teams: Team[];
  settings: { repsSeeTeam: boolean };
}

const byName = (a: Team, b: Team) => a.name.localeCompare(b.name);

export function SettingsApp() {
  const { host, locale, request, t: shared } = useTab();
  const api = useMemo(() => createSettingsApi(request), [request]);
  const t = useMemo(() => settingsTranslator(locale), [locale]);
  const [refreshKey, setRefreshKey] = useState(0);
  const [notice, setNotice] = useState<Notice | undefined>();
  const directory = useLoad<Directory>(async () => {
    const [people, teams, settings] = await Promise.all([api.people(), api.teams(), api.settings()]);
    return { people, teams, settings };
  }, String(refreshKey));
  const { update } = directory;

  const loaded = directory.data !== undefined || directory.error !== undefined;
  useEffect(() => {
    if (loaded) host.ready();
  }, [host, loaded]);

  const failed = useCallback((error: unknown) => setNotice({ intent: 'error', body: describeError(error, shared) }), [shared]);
  const people = directory.data?.people.items;
  const tools = useMemo<SettingsTools | undefined>(() => {
    if (!people) return undefined;
    const names = new Map(people.map((person) => [person.userId, person.displayName || person.userId]));
    return {
      api,
      locale,
      t,
      people,
      nameOf: (userId) => names.get(userId) ?? userId,
      notify: setNotice,
      failed,
      personChanged: (person: Person) =>
        update((data) => ({
          ...data,
          people: { ...data.people, items: data.people.items.map((each) => (each.userId === person.userId ? person : each)) },
        })),
      teamChanged: (team: Team) =>
        update((data) => ({ ...data, teams: [...data.teams.filter((each) => each.id !== team.id), team].sort(byName) })),
    };
  }, [api, failed, locale, people, t, update]);

  const loadMore = async () => {
    const token = directory.data?.people.continuationToken;
    if (!token) return;
    try {
      const page = await api.people(token);
      update((data) => ({ ...data, people: { items: [...data.people.items, ...page.items], continuationToken: page.continuationToken } }));
    } catch (error) {
      failed(error);
    }
  };

  // The switch shows the new setting at once; a refusal puts the stored one back.
  const [pendingAccess, setPendingAccess] = useState<boolean | undefined>();
  const setRepsSeeTeam = async (on: boolean) => {
    setPendingAccess(on);
    try {
      const settings = await api.updateSettings(on);
      update((data) => ({ ...data, settings }));
      setNotice({ intent: 'success', body: t(settings.repsSeeTeam ? 'repsSeeTeamOn' : 'repsSeeTeamOff') });
    } catch (error) {
      failed(error);
    } finally {
      setPendingAccess(undefined);
    }
  };

  return (
    <div className="settings-app">
      <header className="app-header">
        <h1>{t('title')}</h1>
        <Button
          className="refresh"
          onClick={() => {
            setNotice(undefined);
            setRefreshKey((key) => key + 1);
          }}
        >
          {t('refresh')}
        </Button>
      </header>
      <p className="intro">{t('intro')}</p>
      {notice ? <NoticeBar notice={notice} dismissLabel={t('dismiss')} onDismiss={() => setNotice(undefined)} /> : null}
      {!tools || !directory.data ? (
        directory.error ? (
          <MessageBar intent="error" className="view-error">
            <MessageBarBody>{describeError(directory.error, shared)}</MessageBarBody>
          </MessageBar>
        ) : (
          <Spinner label={t('loading')} />
        )
      ) : (
        <SettingsContext.Provider value={tools}>
          <main className="settings-main">
            <section className="settings-section" aria-labelledby="access-heading">
              <h2 id="access-heading">{t('accessHeading')}</h2>
              <Switch
                label={t('repsSeeTeam')}
                checked={pendingAccess ?? directory.data.settings.repsSeeTeam}
                disabled={pendingAccess !== undefined}
                onChange={(_event, data) => void setRepsSeeTeam(data.checked)}
              />
            </section>
            <PeopleSection more={directory.data.people.continuationToken !== undefined} onMore={() => void loadMore()} />
            <TeamsSection teams={directory.data.teams} />
            <ServiceLevelsSection teams={directory.data.teams} />
          </main>
        </SettingsContext.Provider>
      )}
    </div>
  );
}
