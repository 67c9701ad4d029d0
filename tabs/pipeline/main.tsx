// Starts the pipeline tab: where it runs (Teams or a plain browser), what it shows (scope, linked deal), then the app.
import { createRequest } from '../shared/api';
import { createPipelineApi } from './pipeline.api';
import { PipelineApp } from './pipeline-app';
import { linkedOpportunity, readScope } from './scope';
import { startPage } from './start-page';

startPage((host) => {
  const query = new URLSearchParams(window.location.search);
  const scope = readScope(query);
  const api = createPipelineApi(createRequest({ locale: host.locale, token: () => host.token() }), scope);
  return <PipelineApp host={host} api={api} scope={scope} linkedDeal={linkedOpportunity(query, host.subPageId)} />;
});
