// Starts a pipeline page: connects to its host (Teams or a plain browser), sets language, title and theme, then renders.
import type { ReactElement } from 'react';
import { createRoot } from 'react-dom/client';
import { resolveLocale, translator } from '../shared/strings';
import { applyTheme, connectHost, type TabHost } from '../shared/teams-context';

/** Renders `page(host)` into `#root`; a failure to start is logged and shown in the reader's language. */
export function startPage(page: (host: TabHost) => ReactElement): void {
  const container = document.getElementById('root');
  const start = async () => {
    if (!container) throw new Error('The page has no #root');
    const host = await connectHost();
    document.documentElement.lang = host.locale;
    document.title = translator(host.locale)('appTitle');
    applyTheme(host.theme);
    createRoot(container).render(page(host));
  };
  start().catch((error: unknown) => {
    console.error(error);
    if (container) container.textContent = translator(resolveLocale(navigator.language))('unexpected');
  });
}
