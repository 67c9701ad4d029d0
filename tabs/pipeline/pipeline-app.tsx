// The pipeline tab: the scope it shows, the views (board, funnel, forecast, stuck deals, reps), messages and a deal's panel.
import {
  Button,
  FluentProvider,
  MessageBar,
  MessageBarActions,
  MessageBarBody,
  MessageBarTitle,
  Spinner,
  Tab,
  TabList,
  teamsDarkTheme,
  teamsHighContrastTheme,
  teamsLightTheme,
} from '@fluentui/react-components';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { Locale } from '../shared/strings';
import type { TabHost, Theme } from '../shared/teams-context';
import { applyTheme } from '../shared/teams-context';
import { BoardView } from './board-view';
import { DealDetail } from './deal-detail';
import { ForecastView } from './forecast-view';
import { formatters, stageNames } from './format';
import { FunnelView } from './funnel-view';
import type { PipelineApi, StageModel, WithEtag } from './pipeline.api';
import { PipelineToolsContext, type Notice, type PipelineTools } from './pipeline.context';
import { pipelineTranslator, type PipelineTranslate } from './pipeline.strings';
import { RepsView } from './reps-view';
import type { Scope } from './scope';
import { StuckView } from './stuck-view';
import { useLoad } from './use-load';
import { ViewError } from './view-error';

const views = ['board', 'funnel', 'forecast', 'stuck', 'reps'] as const;
type View = (typeof views)[number];
const viewLabels = { board: 'viewBoard', funnel: 'viewFunnel', forecast: 'viewForecast', stuck: 'viewStuck', reps: 'viewReps' } as const;

const fluentThemes = { default: teamsLightTheme, dark: teamsDarkTheme, contrast: teamsHighContrastTheme };

function scopeLabels(scope: Scope, t: PipelineTranslate): string[] {
  const labels: string[] = [];
  if (scope.owner === 'me') labels.push(t('scopeMine'));
  else if (scope.owner) labels.push(t('scopeOwner', { owner: scope.owner }));
  if (scope.team) labels.push(t('scopeTeam', { team: scope.team }));
  if (scope.industry) labels.push(t('scopeIndustry', { industry: scope.industry }));
  if (scope.region) labels.push(t('scopeRegion', { region: scope.region }));
  return labels.length > 0 ? labels : [t('scopeAll')];
}

interface PipelineAppProps {
  host: TabHost;
  api: PipelineApi;
  scope: Scope;
  /** A deal to open at once (deep link). */
  linkedDeal?: string;
}

export function PipelineApp({ host, api, scope, linkedDeal }: PipelineAppProps) {
  const locale: Locale = host.locale;
  const t = useMemo(() => pipelineTranslator(locale), [locale]);
  const format = useMemo(() => formatters(locale), [locale]);
  const [theme, setTheme] = useState<Theme>(host.theme);
  const [view, setView] = useState<View>('board');
  const [refreshKey, setRefreshKey] = useState(0);
  const [notice, setNotice] = useState<Notice | undefined>();
  const [announcement, setAnnouncement] = useState('');
  const [openDeal, setOpenDeal] = useState<string | undefined>(linkedDeal);
  const [dealVersion, setDealVersion] = useState(0);
  const model = useLoad<WithEtag<StageModel>>(() => api.stages(), String(refreshKey));

  useEffect(() => {
    host.onThemeChange((next) => {
      applyTheme(next);
      setTheme(next);
    });
  }, [host]);

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
    // The provider only themes: Fluent copies its class names onto the portals of menus, dialogs and the deal panel, so the
    // page's layout (full height, opaque background) lives on an element of its own and never covers the board.
    <FluentProvider theme={fluentThemes[theme]} data-theme={theme}>
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
        {notice ? (
          <MessageBar intent={notice.intent} className="notice" data-intent={notice.intent} politeness={notice.intent === 'success' ? 'polite' : 'assertive'}>
            <MessageBarBody>
              {notice.title ? <MessageBarTitle>{notice.title}</MessageBarTitle> : null}
              {notice.body}
            </MessageBarBody>
            <MessageBarActions containerAction={<Button appearance="transparent" aria-label={t('dismiss')} onClick={() => setNotice(undefined)}>×</Button>} />
          </MessageBar>
        ) : null}
        {!tools ? (
          model.error ? (
            <ViewError error={model.error} onRetry={model.reload} />
          ) : (
            <Spinner label={t('loading')} />
          )
        ) : (
          <PipelineToolsContext.Provider value={tools}>
            <TabList className="views" selectedValue={view} onTabSelect={(_event, data) => setView(data.value as View)} aria-label={t('views')}>
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
    </FluentProvider>
  );
}
