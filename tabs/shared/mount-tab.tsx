// Starts a tab page: connects to its host (Teams or a plain browser), then renders the page inside what every tab
// shares: the Teams theme (following its changes), language and title, the API client, and the error boundary.
import { FluentProvider, teamsDarkTheme, teamsHighContrastTheme, teamsLightTheme } from '@fluentui/react-components';
import { useEffect, useMemo, useState, type ReactElement, type ReactNode } from 'react';
import { createRoot } from 'react-dom/client';
import { createRequest } from './api';
import { resolveLocale, translator } from './strings';
import { TabContext, type TabEnvironment } from './tab-context';
import { TabErrorBoundary } from './tab-error-boundary';
import { applyTheme, connectHost, type TabHost, type Theme } from './teams-context';
import './tab.css';

const fluentThemes = { default: teamsLightTheme, dark: teamsDarkTheme, contrast: teamsHighContrastTheme } satisfies Record<Theme, unknown>;

function TabShell({ host, children }: { host: TabHost; children: ReactNode }) {
  const [theme, setTheme] = useState<Theme>(host.theme);
  useEffect(() => {
    host.onThemeChange((next) => {
      applyTheme(next);
      setTheme(next);
    });
  }, [host]);
  const request = useMemo(() => createRequest({ locale: host.locale, token: () => host.token() }), [host]);
  const environment = useMemo<TabEnvironment>(
    () => ({ host, locale: host.locale, theme, t: translator(host.locale), request }),
    [host, request, theme],
  );
  return (
    // The provider only themes: Fluent copies its class names onto the portals of menus, dialogs and panels, so a page's
    // layout (full height, opaque background) lives on an element of its own.
    <FluentProvider theme={fluentThemes[theme]} data-theme={theme}>
      <TabContext.Provider value={environment}>
        <TabErrorBoundary>{children}</TabErrorBoundary>
      </TabContext.Provider>
    </FluentProvider>
  );
}

/**
 * Renders a tab page into `#root`; the page reads its environment with `useTab()`. A failure to start is logged and
 * shown in the reader's language.
 * @example mountTab(<SettingsApp />) // tabs/settings/main.tsx, loaded by tabs/settings/index.html
 */
export function mountTab(page: ReactElement): void {
  const container = document.getElementById('root');
  const start = async () => {
    if (!container) throw new Error('The page has no #root');
    const host = await connectHost();
    document.documentElement.lang = host.locale;
    document.title = translator(host.locale)('appTitle');
    applyTheme(host.theme);
    const root = createRoot(container, {
      onCaughtError: (error, info) => console.error('The tab failed and shows its error page:', error, info.componentStack),
    });
    root.render(<TabShell host={host}>{page}</TabShell>);
  };
  start().catch((error: unknown) => {
    console.error(error);
    if (container) container.textContent = translator(resolveLocale(navigator.language))('unexpected');
  });
}
