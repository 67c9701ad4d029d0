// The alerts tab's client of `/api/v1/alerts` (and who the viewer is). The shapes are the server's own, imported as
// types, so a change of the API fails the typecheck.
import type {
  CatalogueBody,
  PreviewBody,
  RuleBody,
  RuleChangesBody,
  RuleListBody,
  RuleRequest,
} from '../../src/plugins/alerts/alerts.api-types';
import type { Me } from '../../src/plugins/people';
import type { ApiRequest } from '../shared/api';

export type {
  CatalogueBody,
  ConditionBody,
  ConditionId,
  PreviewBody,
  PreviewItem,
  RuleBody,
  RuleInput,
  RuleRequest,
  SubjectKind,
  ThresholdField,
} from '../../src/plugins/alerts/alerts.api-types';
export type { Me };
export type RuleChange = RuleChangesBody['items'][number];

const rulePath = (id: string) => `/alerts/rules/${encodeURIComponent(id)}`;

/**
 * The viewer's time zone: today's matches are counted in it, and the server keeps it (with the language) for the cards
 * and digests the viewer receives.
 */
const zoneQuery = () => new URLSearchParams({ timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone }).toString();

export function createAlertsApi(call: ApiRequest) {
  return {
    me: () => call<Me>('/people/me'),
    /** The conditions and what the form's pickers offer, named in the viewer's language. */
    catalogue: () => call<CatalogueBody>(`/alerts/catalogue?${zoneQuery()}`),
    rules: async () => (await call<RuleListBody>('/alerts/rules')).items,
    rule: (id: string) => call<RuleBody>(rulePath(id)),
    create: (rule: RuleRequest) => call<RuleBody>('/alerts/rules', { method: 'POST', body: rule }),
    /** A stale `etag` is a 409 CONFLICT. */
    update: (id: string, etag: string, rule: RuleRequest) =>
      call<RuleBody>(rulePath(id), { method: 'PUT', headers: { 'If-Match': etag }, body: rule }),
    remove: (id: string, etag: string) => call<void>(rulePath(id), { method: 'DELETE', headers: { 'If-Match': etag } }),
    /** Newest first. */
    changes: async (id: string) => (await call<RuleChangesBody>(`${rulePath(id)}/changes`)).items,
    /** What the settings, saved or not, match today. */
    preview: (rule: RuleRequest) => call<PreviewBody>(`/alerts/rules/preview?${zoneQuery()}`, { method: 'POST', body: rule }),
  };
}

export type AlertsApi = ReturnType<typeof createAlertsApi>;
