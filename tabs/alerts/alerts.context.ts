// What every part of the alerts tab shares: the API, the catalogue and its words, whether the viewer may change rules,
// the channel the tab runs in, and a way to tell the viewer something.
import { createContext, useContext } from 'react';
import type { Notice } from '../shared/notice-bar';
import type { Locale } from '../shared/strings';
import type { ChannelPlace } from '../shared/teams-context';
import type { AlertsApi, CatalogueBody } from './alerts.api';
import type { AlertsTranslate } from './alerts.strings';
import type { RuleWords } from './rule-words';

export type { Notice };

export interface AlertsTools {
  api: AlertsApi;
  locale: Locale;
  t: AlertsTranslate;
  catalogue: CatalogueBody;
  words: RuleWords;
  /** Managers and admins; anyone else sees the rules read-only (and the server refuses their writes). */
  canEdit: boolean;
  /** The Teams channel the tab or dialog runs in: offered as a recipient. */
  channel?: ChannelPlace;
  /** A dialog opened from the chat: a compact layout, closed by a save. */
  compact: boolean;
  /** Shows a message bar above the views; undefined clears it. */
  notify(notice: Notice | undefined): void;
}

export const AlertsContext = createContext<AlertsTools | undefined>(undefined);

export function useAlerts(): AlertsTools {
  const tools = useContext(AlertsContext);
  if (!tools) throw new Error('useAlerts needs an AlertsContext provider');
  return tools;
}
