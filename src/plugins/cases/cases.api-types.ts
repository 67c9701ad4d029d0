// What /api/v1/cases answers and accepts: the routes check their answers against these, and the tabs import them as types.
import type { z } from 'zod';
import type { PageBody } from '../../http/api-types';
import type { ServiceKpis } from './case-kpis';
import type { caseActionSchema, newCaseSchema } from './case-request.schema';
import type { CaseDetail, QueueItem } from './cases.service';
import type { ServiceSettings } from './sla/service-settings';

/** `GET /cases` (a queue page, breaches first) and `GET /accounts/:id/cases`. */
export type CaseListBody = PageBody<QueueItem>;
/** `GET /cases/:number`, and what opening (`POST /cases`) or working (`POST /cases/:number/actions`, with `If-Match`) a case answers. */
export type CaseDetailBody = CaseDetail;
export type NewCaseRequest = z.input<typeof newCaseSchema>;
export type CaseActionRequest = z.input<typeof caseActionSchema>;
/** `GET /cases/:number/assignees`: who the case can be assigned to, by name. */
export interface AssigneesBody {
  items: { userId: string; name: string }[];
}
/** `GET /kpis?teamId&months`. */
export type KpisBody = ServiceKpis;
/** `GET /settings` and `PUT /settings` (admins, with `If-Match`). */
export type SettingsBody = ServiceSettings & { etag: string };
export type { QueueItem, CaseDetail } from './cases.service';
export type { Case, CaseEntry, CaseStatus, CasePriority, CaseType } from './case.schema';
export type { AllowedAction } from './case-actions';
export type { ClockView } from './sla/case-clocks';
export type { BacklogBand, ServiceKpis } from './case-kpis';
