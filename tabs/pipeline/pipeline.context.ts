// What every view of the tab shares: the API, the stage model, the user's language and a way to tell the user something.
import { createContext, useContext } from 'react';
import type { Locale } from '../shared/strings';
import type { Formatters } from './format';
import type { PipelineApi, Stage } from './pipeline.api';
import type { PipelineTranslate } from './pipeline.strings';

import type { Notice } from '../shared/notice-bar';

export type { Notice };

export interface PipelineTools {
  api: PipelineApi;
  locale: Locale;
  t: PipelineTranslate;
  format: Formatters;
  /** The model's stages in order, retired ones included (deals and history may still name them). */
  stages: Stage[];
  stageName(stageId: string): string;
  reportingCurrency: string;
  /** The tenant's setting: a deal closes as lost only with its reason (the server refuses it otherwise). */
  lostReasonRequired: boolean;
  /** Shows a message bar above the views. */
  notify(notice: Notice): void;
  /** Says something to screen readers without moving the focus. */
  announce(text: string): void;
  openDeal(id: string): void;
  /** A deal changed here (moved, or found changed by someone else): an open detail panel of it reloads. */
  dealChanged(id: string): void;
}

export const PipelineToolsContext = createContext<PipelineTools | undefined>(undefined);

export function usePipeline(): PipelineTools {
  const tools = useContext(PipelineToolsContext);
  if (!tools) throw new Error('usePipeline needs a PipelineToolsContext provider');
  return tools;
}
