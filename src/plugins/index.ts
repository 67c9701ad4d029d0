// The plugin list: adding a capability is adding its folder and one line here.
import type { PluginDefinition } from '../core/plugin';
import { accountsPlugin } from './accounts';
import { activitiesPlugin } from './activities';
import { pipelinePlugin } from './pipeline';

export const plugins: PluginDefinition[] = [accountsPlugin as PluginDefinition, activitiesPlugin as PluginDefinition, pipelinePlugin as PluginDefinition];
