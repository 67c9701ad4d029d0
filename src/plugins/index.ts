// The plugin list: adding a capability is adding its folder and one line here.
import type { AnyPlugin } from '../core/plugin';
import { accountsPlugin } from './accounts';
import { alertsPlugin } from './alerts';
import { activitiesPlugin } from './activities';
import { casesPlugin } from './cases';
import { peoplePlugin } from './people';
import { pipelinePlugin } from './pipeline';
import { remindersPlugin } from './reminders';

/** In the order help lists their commands; the host sets each plugin up after the plugins it depends on. */
export const plugins: AnyPlugin[] = [
  accountsPlugin,
  activitiesPlugin,
  pipelinePlugin,
  peoplePlugin,
  casesPlugin,
  remindersPlugin,
  alertsPlugin,
];
