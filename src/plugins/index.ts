// The plugin list: adding a capability is adding its folder and one line here.
import type { AnyPlugin } from '../core/plugin';
import { accountsPlugin } from './accounts';
import { activitiesPlugin } from './activities';
import { pipelinePlugin } from './pipeline';

export const plugins: AnyPlugin[] = [accountsPlugin, activitiesPlugin, pipelinePlugin];
