// What every tab receives from `mountTab`: its host, language, current theme, the shared strings and the API client.
import { createContext, useContext } from 'react';
import { ApiError, type ApiRequest } from './api';
import type { Locale, Translate } from './strings';
import type { TabHost, Theme } from './teams-context';

export interface TabEnvironment {
  host: TabHost;
  locale: Locale;
  /** Follows Teams' theme changes. */
  theme: Theme;
  /** The strings every tab shares (shared/strings.ts); a tab's own catalogue sits beside it. */
  t: Translate;
  /** Calls `/api/v1…` as the user, in their language. */
  request: ApiRequest;
}

export const TabContext = createContext<TabEnvironment | undefined>(undefined);

/**
 * The tab's environment, inside a page started by `mountTab`.
 * @example const { request, locale } = useTab();
 */
export function useTab(): TabEnvironment {
  const environment = useContext(TabContext);
  if (!environment) throw new Error('useTab needs a page started by mountTab');
  return environment;
}

/** The user-facing text of a failed call: the server's localised message when it sent one. */
export function describeError(error: unknown, t: Translate): string {
  if (!(error instanceof ApiError)) return t('unexpected');
  if (error.message) return error.message;
  if (error.code === 'NETWORK') return t('networkError');
  if (error.code === 'SIGN_IN_FAILED') return t('signInFailed');
  return t('httpError', { status: error.status });
}
