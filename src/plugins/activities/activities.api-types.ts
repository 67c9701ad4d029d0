// What /api/v1/activities answers: the routes check their answers against these, and the tabs import them as types.
import type { PageBody, WithEtag } from '../../http/api-types';
import type { Activity } from './activity.schema';

/** `GET /activities/:id`, and a logged or changed activity. */
export type ActivityBody = WithEtag<Activity>;
/** `GET /activities?…filters` and `GET /activities/accounts/:accountId/timeline` (newest first). */
export type ActivityPageBody = PageBody<ActivityBody>;
