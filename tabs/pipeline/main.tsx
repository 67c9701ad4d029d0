// Starts the pipeline tab: where it runs (Teams or a plain browser), what it shows (scope, linked deal), then the app.
import { createRoot } from 'react-dom/client';
import { createRequest } from '../shared/api';
import { resolveLocale, translator } from '../shared/strings';
import { applyTheme, connectHost } from '../shared/teams-context';
import { createPipelineApi } from './pipeline.api';
import { PipelineApp } from './pipeline-app';
import { linkedOpportunity, readScope } from './scope';

const container = document.getElementById('root');

async function start(): Promise<void> {
  if (!container) throw new Error('The page has no #root');
  const host = await connectHost();
  document.documentElement.lang = host.locale;
  document.title = translator(host.locale)('appTitle');
  applyTheme(host.theme);
  const query = new URLSearchParams(window.location.search);
  const scope = readScope(query);
  const api = createPipelineApi(createRequest({ locale: host.locale, token: () => host.token() }), scope);
  createRoot(container).render(<PipelineApp host={host} api={api} scope={scope} linkedDeal={linkedOpportunity(query, host.subPageId)} />);
}

start().catch((error: unknown) => {
  console.error(error);
  if (container) container.textContent = translator(resolveLocale(navigator.language))('unexpected');
});
