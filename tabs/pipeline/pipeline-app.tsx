// The pipeline tab: the scope it shows, the views (board, funnel, forecast, stuck deals, reps), messages and a deal's panel.
import { Button, Spinner, Tab, TabList } from '@fluentui/react-components';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { NoticeBar } from '../shared/notice-bar';
import { useTab } from '../shared/tab-context';
import { useLoad } from '../shared/use-load';
import { BoardView } from './board-view';
import { DealDetail } from './deal-detail';
import { ForecastView } from './forecast-view';
import { formatters, stageNames } from './format';
import { FunnelView } from './funnel-view';
import { createPipelineApi, type StageModel, type WithEtag } from './pipeline.api';
import { PipelineToolsContext, type Notice, type PipelineTools } from './pipeline.context';
import { pipelineTranslator, type PipelineTranslate } from './pipeline.strings';
import { RepsView } from './reps-view';
import { linkedOpportunity, type Scope } from './scope';
import { StuckView } from './stuck-view';
import { ViewError } from '../shared/view-error';

const views = ['board', 'funnel', 'forecast', 'stuck', 'reps'] as const;
type View = (typeof views)[number];
const viewLabels = { board: 'viewBoard', funnel: 'viewFunnel', forecast: 'viewForecast', stuck: 'viewStuck', reps: 'viewReps' } as const;

function scopeLabels(scope: Scope, t: PipelineTranslate): string[] {
  const labels: string[] = [];
  if (scope.owner === 'me') labels.push(t('scopeMine'));
  else if (scope.owner) labels.push(t('scopeOwner', { owner: scope.owner }));
  if (scope.team) labels.push(t('scopeTeam', { team: scope.team }));
  if (scope.industry) labels.push(t('scopeIndustry', { industry: scope.industry }));
  if (scope.region) labels.push(t('scopeRegion', { region: scope.region }));
  return labels.length > 0 ? labels : [t('scopeAll')];
}

/** The tab for `scope` (read from its URL); a deal named by the URL or Teams' deep link opens at once. */
export function PipelineApp({ scope }: { scope: Scope }) {
  const { host, locale, request } = useTab();
  const api = useMemo(() => createPipelineApi(request, scope), [request, scope]);
  const t = useMemo(() => pipelineTranslator(locale), [locale]);
  const format = useMemo(() => formatters(locale), [locale]);
  const [view, setView] = useState<View>('board');
  const [refreshKey, setRefreshKey] = useState(0);
  const [notice, setNotice] = useState<Notice | undefined>();
  const [announcement, setAnnouncement] = useState('');
  const [openDeal, setOpenDeal] = useState<string | undefined>(() =>
    linkedOpportunity(new URLSearchParams(window.location.search), host.subPageId),
  );
  const [dealVersion, setDealVersion] = useState(0);
  const model = useLoad<WithEtag<StageModel>>(() => api.stages(), String(refreshKey));

  const loaded = model.data !== undefined || model.error !== undefined;
  useEffect(() => {
    if (loaded) host.ready();
  }, [host, loaded]);

  const openDealRef = useRef(openDeal);
  openDealRef.current = openDeal;
  const dealChanged = useCallback((id: string) => {
    if (openDealRef.current === id) setDealVersion((version) => version + 1);
  }, []);

  const tools = useMemo<PipelineTools | undefined>(() => {
    if (!model.data) return undefined;
    const stages = model.data.stages;
    return {
      api,
      locale,
      t,
      format,
      stages,
      stageName: stageNames(stages, locale),
      reportingCurrency: model.data.reportingCurrency,
      lostReasonRequired: model.data.lostReasonRequired,
      notify: setNotice,
      announce: setAnnouncement,
      openDeal: setOpenDeal,
      dealChanged,
    };
  }, [api, dealChanged, format, locale, model.data, t]);

  const refresh = () => {
    setNotice(undefined);
    setRefreshKey((key) => key + 1);
  };

  return (
    // The page's layout (full height, opaque background) lives here, not on the theme provider whose class names Fluent
    // copies onto the portals of menus, dialogs and the deal panel (see shared/mount-tab.tsx), so it never covers the board.
    <div className="pipeline-app">
      <header className="app-header">
        <h1>{t('title')}</h1>
        <ul className="scope" aria-label={t('scopeLabel')}>
          {scopeLabels(scope, t).map((label) => (
            <li key={label} className="scope-tag">
              {label}
            </li>
          ))}
        </ul>
        <Button className="refresh" onClick={refresh}>
          {t('refresh')}
        </Button>
      </header>
      <p className="visually-hidden" role="status" aria-live="polite">
        {announcement}
      </p>
      {notice ? <NoticeBar notice={notice} dismissLabel={t('dismiss')} onDismiss={() => setNotice(undefined)} /> : null}
      {!tools ? (
        model.error ? (
          <ViewError error={model.error} onRetry={model.reload} />
        ) : (
          <Spinner label={t('loading')} />
        )
      ) : (
        <PipelineToolsContext.Provider value={tools}>
          <TabList
            className="views"
            selectedValue={view}
            onTabSelect={(_event, data) => setView(data.value as View)}
            aria-label={t('views')}
          >
            {views.map((value) => (
              <Tab key={value} value={value}>
                {t(viewLabels[value])}
              </Tab>
            ))}
          </TabList>
          <main className="view" aria-busy={model.loading}>
            {view === 'board' ? <BoardView refreshKey={refreshKey} /> : null}
            {view === 'funnel' ? <FunnelView refreshKey={refreshKey} /> : null}
            {view === 'forecast' ? <ForecastView refreshKey={refreshKey} /> : null}
            {view === 'stuck' ? <StuckView refreshKey={refreshKey} /> : null}
            {view === 'reps' ? <RepsView refreshKey={refreshKey} /> : null}
          </main>
          {openDeal ? <DealDetail id={openDeal} version={dealVersion} onClose={() => setOpenDeal(undefined)} /> : null}
        </PipelineToolsContext.Provider>
      )}
    </div>
  );
}
