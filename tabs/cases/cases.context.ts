// What every part of the cases tab shares: the API, who the viewer is, their language and a way to tell them something.
import { createContext, useContext } from 'react';
import type { Locale } from '../shared/strings';
import type { CasesApi, Me } from './cases.api';
import type { CasesTranslate } from './cases.strings';
import type { CaseFormat } from './format';

import type { Notice } from '../shared/notice-bar';

export type { Notice };

export interface CasesTools {
  api: CasesApi;
  locale: Locale;
  t: CasesTranslate;
  format: CaseFormat;
  me: Me;
  /** Shows a message bar above the views; undefined clears it. */
  notify(notice: Notice | undefined): void;
  /** Says something to screen readers without moving the focus. */
  announce(text: string): void;
}

export const CasesToolsContext = createContext<CasesTools | undefined>(undefined);

export function useCases(): CasesTools {
  const tools = useContext(CasesToolsContext);
  if (!tools) throw new Error('useCases needs a CasesToolsContext provider');
  return tools;
}
