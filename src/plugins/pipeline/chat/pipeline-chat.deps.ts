// What the pipeline plugin's chat commands and card actions need: the pipeline and accounts services and deep links into the tab.
import type { Clock } from '../../../core/clock';
import type { AccountsService } from '../../accounts';
import type { PipelineLinks } from '../pipeline-links';
import type { PipelineService } from '../pipeline.service';

export type { PipelineLinks } from '../pipeline-links';

export interface PipelineChatDeps {
  service: PipelineService;
  accounts: AccountsService;
  links: PipelineLinks;
  /** "Now" for close dates and days in stage; the system clock when omitted. */
  clock?: Clock;
}
