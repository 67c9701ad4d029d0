// The cases tab: a queue (mine and the ones I opened, or a team's, or every queue) in SLA order with its filters, a
// case's pane beside it (in its place on a phone), a form to open a case, and the service KPIs.
import { Button, Spinner, Tab, TabList, ToggleButton } from '@fluentui/react-components';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { NoticeBar } from '../shared/notice-bar';
import { useTab } from '../shared/tab-context';
import { useLoad } from '../shared/use-load';
import { useMatches } from '../shared/use-matches';
import { CaseDetail } from './case-detail';
import { createCasesApi } from './cases.api';
import { CasesToolsContext, type CasesTools, type Notice } from './cases.context';
import { casesTranslator } from './cases.strings';
import { caseFormat } from './format';
import { KpiView } from './kpi-view';
import { NewCaseForm } from './new-case-form';
import { linkedCase, type QueueRequest, type TabPlace } from './queue';
import { isFiltered, QueueFilters, type FilterChoice } from './queue-filters';
import { QueueList } from './queue-list';
import { ViewError } from '../shared/view-error';

type Pane = { kind: 'case'; number: number } | { kind: 'new' };
type Section = 'mine' | 'opened';

/** Below this width the case's pane takes the list's place, with a way back. */
const narrowQuery = '(max-width: 760px)';

/**
 * Keeps the open case in the address, so a reload (or a copied link) opens it again. Opening a case adds a history
 * entry, so the browser's back (or a phone's) returns to the list; closing it goes back through that entry.
 */
function rememberCase(number: number | undefined): void {
  const url = new URL(window.location.href);
  if (number === undefined) {
    if ((window.history.state as { caseOpened?: boolean } | null)?.caseOpened) {
      window.history.back();
      return;
    }
    forgetCase();
    return;
  }
  url.searchParams.set('case', String(number));
  const opened = (window.history.state as { caseOpened?: boolean } | null)?.caseOpened;
  if (opened) window.history.replaceState({ caseOpened: true }, '', url);
  else window.history.pushState({ caseOpened: true }, '', url);
}

/** Takes the case out of the address in place (the new-case form took its pane). */
function forgetCase(): void {
  const url = new URL(window.location.href);
  url.searchParams.delete('case');
  window.history.replaceState(window.history.state, '', url);
}

export function CasesApp({ place }: { place: TabPlace }) {
  const { host, locale, request } = useTab();
  const api = useMemo(() => createCasesApi(request), [request]);
  const t = useMemo(() => casesTranslator(locale), [locale]);
  const format = useMemo(() => caseFormat(locale, t), [locale, t]);
  const personal = place.view === 'mine' || place.view === 'opened';
  const [view, setView] = useState<'queue' | 'kpis'>('queue');
  const [section, setSection] = useState<Section>(place.view === 'opened' ? 'opened' : 'mine');
  const [choice, setChoice] = useState<FilterChoice>({ filters: place.filters, mineOnly: place.ownerMe });
  const [pane, setPane] = useState<Pane | undefined>(() => {
    const number = linkedCase(new URLSearchParams(window.location.search), host.subPageId);
    return number === undefined ? undefined : { kind: 'case', number };
  });
  const [refreshKey, setRefreshKey] = useState(0);
  const [listKey, setListKey] = useState(0);
  const [notice, setNotice] = useState<Notice | undefined>();
  const [announcement, setAnnouncement] = useState('');
  const narrow = useMatches(narrowQuery);
  const me = useLoad(() => api.me(), String(refreshKey));

  const loaded = me.data !== undefined || me.error !== undefined;
  useEffect(() => {
    if (loaded) host.ready();
  }, [host, loaded]);

  const tools = useMemo<CasesTools | undefined>(
    () => (me.data ? { api, locale, t, format, me: me.data, notify: setNotice, announce: setAnnouncement } : undefined),
    [api, format, locale, me.data, t],
  );

  const userId = me.data?.person.userId;
  const queueRequest = useMemo<QueueRequest>(
    () => ({
      view: personal ? section : place.view,
      ...(place.view === 'team' && place.teamId ? { teamId: place.teamId } : {}),
      filters: {
        ...choice.filters,
        ...(choice.mineOnly && userId ? { ownerId: userId } : {}),
        ...(choice.account ? { accountId: choice.account.id } : {}),
      },
    }),
    [choice, personal, place.teamId, place.view, section, userId],
  );

  const open = useCallback((next: Pane | undefined) => {
    setPane(next);
    if (next?.kind === 'new') forgetCase();
    else rememberCase(next?.number);
  }, []);
  // The browser's back and forward move between the list and the case the address names.
  useEffect(() => {
    const moved = () => {
      const number = linkedCase(new URLSearchParams(window.location.search));
      setPane(number === undefined ? undefined : { kind: 'case', number });
    };
    window.addEventListener('popstate', moved);
    return () => window.removeEventListener('popstate', moved);
  }, []);
  const caseChanged = useCallback(() => setListKey((key) => key + 1), []);
  const refresh = () => {
    setNotice(undefined);
    setRefreshKey((key) => key + 1);
  };

  const teamName = me.data?.teams.find((team) => team.id === place.teamId)?.name;
  const scope = place.view === 'team' ? t('scopeTeam', { team: teamName ?? t('title') }) : place.view === 'all' ? t('scopeAll') : undefined;
  const paneOpen = view === 'queue' && pane !== undefined;

  return (
    // Layout on its own element, not the theme provider, whose class names Fluent copies onto portals (see mount-tab.tsx).
    <div className="cases-app">
      <header className="app-header">
        <h1>{personal ? t('myCases') : t('title')}</h1>
        {scope ? <span className="scope-tag">{scope}</span> : <span className="header-space" />}
        <Button className="refresh" onClick={refresh}>
          {t('refresh')}
        </Button>
        {tools ? (
          <Button
            className="new-case-button"
            appearance="primary"
            onClick={() => {
              setView('queue');
              open({ kind: 'new' });
            }}
          >
            {t('newCase')}
          </Button>
        ) : null}
      </header>
      <p className="visually-hidden" role="status" aria-live="polite">
        {announcement}
      </p>
      {notice ? <NoticeBar notice={notice} dismissLabel={t('dismiss')} onDismiss={() => setNotice(undefined)} /> : null}
      {!tools ? (
        me.error ? (
          <ViewError error={me.error} onRetry={me.reload} />
        ) : (
          <Spinner label={t('loading')} />
        )
      ) : (
        <CasesToolsContext.Provider value={tools}>
          <TabList
            className="views"
            selectedValue={view}
            onTabSelect={(_event, data) => setView(data.value as 'queue' | 'kpis')}
            aria-label={t('views')}
          >
            <Tab value="queue">{t('viewQueue')}</Tab>
            <Tab value="kpis">{t('viewKpis')}</Tab>
          </TabList>
          {view === 'kpis' ? (
            <main className="view">
              <KpiView teamId={place.teamId} refreshKey={refreshKey} />
            </main>
          ) : (
            <main className={`workspace${paneOpen ? ' with-pane' : ''}`}>
              <div className="queue-side" hidden={narrow && paneOpen}>
                {personal ? (
                  <div className="sections" role="group" aria-label={t('sections')}>
                    {(['mine', 'opened'] as const).map((value) => (
                      <ToggleButton key={value} size="small" checked={section === value} onClick={() => setSection(value)}>
                        {t(value === 'mine' ? 'sectionMine' : 'sectionOpened')}
                      </ToggleButton>
                    ))}
                  </div>
                ) : null}
                <QueueFilters choice={choice} onChange={setChoice} offerMine={!(personal && section === 'mine')} />
                <QueueList
                  request={queueRequest}
                  refreshKey={refreshKey * 1000 + listKey}
                  filtered={isFiltered(choice)}
                  selected={pane?.kind === 'case' ? pane.number : undefined}
                  onSelect={(number) => open({ kind: 'case', number })}
                />
              </div>
              {pane ? (
                <div className="pane">
                  {pane.kind === 'case' ? (
                    <CaseDetail
                      key={`${pane.number}|${refreshKey}`}
                      number={pane.number}
                      narrow={narrow}
                      onBack={() => open(undefined)}
                      onChanged={caseChanged}
                    />
                  ) : (
                    <NewCaseForm
                      defaultTeamId={place.teamId}
                      narrow={narrow}
                      onCancel={() => open(undefined)}
                      onOpened={(number) => {
                        caseChanged();
                        open({ kind: 'case', number });
                      }}
                    />
                  )}
                </div>
              ) : null}
            </main>
          )}
        </CasesToolsContext.Provider>
      )}
    </div>
  );
}
