// Where the rule builder runs: a tab, or a Teams dialog opened from the chat (`?dialog=1`), and the channel it was
// opened in (teams-js's context, or `teamId`, `channelId` and `channelName` that the bot passes), and the rule a link names.
import { dialog } from '@microsoft/teams-js';
import type { ChannelPlace, TabHost } from '../shared/teams-context';

export interface AlertsPlace {
  dialog: boolean;
  channel?: ChannelPlace;
  /** `?rule=<id>` (or the deep link's sub-page `rule:<id>`): the rule to open. */
  ruleId?: string;
}

export function readPlace(host: TabHost, query: URLSearchParams): AlertsPlace {
  const teamId = query.get('teamId');
  const channelId = query.get('channelId');
  const name = query.get('channelName');
  const passed = teamId && channelId ? { teamId, channelId, ...(name ? { name } : {}) } : undefined;
  const linked = host.subPageId?.startsWith('rule:') ? host.subPageId.slice('rule:'.length) : undefined;
  return {
    dialog: query.get('dialog') === '1',
    channel: host.channel ?? passed,
    ruleId: query.get('rule') || linked || undefined,
  };
}

/**
 * Hands the saved rule to the chat that opened the dialog, which closes it. Only inside a Teams dialog frame: in a tab
 * or a plain browser there is nobody to hand it to.
 */
export function submitDialog(host: TabHost, result: { ruleId: string; name: string; enabled: boolean }): boolean {
  if (!host.inTeams || host.frameContext !== 'task' || !dialog.url.isSupported()) return false;
  dialog.url.submit(result);
  return true;
}
