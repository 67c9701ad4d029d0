// What every section of the settings tab shares: the API, the strings, the people by id, and a way to tell the user something.
import { createContext, useContext } from 'react';
import type { Locale } from '../shared/strings';
import type { Person, SettingsApi, Team } from './settings.api';
import type { SettingsTranslate } from './settings.strings';

import type { Notice } from '../shared/notice-bar';

export type { Notice };

export interface SettingsTools {
  api: SettingsApi;
  locale: Locale;
  t: SettingsTranslate;
  /** Display names of the people loaded so far; someone not loaded yet shows as their id. */
  nameOf(userId: string): string;
  people: readonly Person[];
  notify(notice: Notice): void;
  /** Tells the user why a call failed, in their language. */
  failed(error: unknown): void;
  personChanged(person: Person): void;
  teamChanged(team: Team): void;
}

export const SettingsContext = createContext<SettingsTools | undefined>(undefined);

export function useSettings(): SettingsTools {
  const tools = useContext(SettingsContext);
  if (!tools) throw new Error('useSettings needs a SettingsContext provider');
  return tools;
}
