// Where a tab runs: inside Teams (SSO token, locale and theme from the host) or in a plain browser (local development mode).
import { app, authentication } from '@microsoft/teams-js';
import { resolveLocale, type Locale } from './strings';

export type Theme = 'default' | 'dark' | 'contrast';

/**
 * A Teams channel as the bot knows it: `teamId` is the team's Teams id (`19:…@thread.tacv2`, the bot's
 * `channelData.team.id`), not its Entra group id, so a card can be sent there.
 */
export interface ChannelPlace {
  teamId: string;
  channelId: string;
  name?: string;
}

export interface TabHost {
  inTeams: boolean;
  locale: Locale;
  theme: Theme;
  /** Teams' sub-page id (the deep link's `subEntityId`), when the tab was opened through one. */
  subPageId?: string;
  /** Teams' frame: `content` for a tab, `settings` for a configuration page; none in a plain browser. */
  frameContext?: string;
  /** The channel the tab (or a dialog opened there) runs in; none in a chat, a personal tab or a plain browser. */
  channel?: ChannelPlace;
  /** A fresh SSO token inside Teams (the host caches and renews it); none in a plain browser. */
  token(): Promise<string | undefined>;
  onThemeChange(handler: (theme: Theme) => void): void;
  /** Tells Teams the tab has loaded, so it stops showing its own loading state. */
  ready(): void;
}

// Framed outside a Teams host, `app.initialize()` neither resolves nor rejects, so it gets a deadline;
// `?inTeams=true` in the manifest's contentUrl allows a slow host longer.
const shortDeadlineMs = 1500;
const hintedDeadlineMs = 10_000;

/** Teams themes we style; anything else (e.g. 'glass') falls back to the default. */
export function toTheme(value: string | null | undefined): Theme {
  return value === 'dark' || value === 'contrast' ? value : 'default';
}

/** Styles follow `data-theme` on <html>. */
export function applyTheme(theme: Theme): void {
  document.documentElement.dataset.theme = theme;
}

async function initializeTeams(deadlineMs: number): Promise<boolean> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), deadlineMs);
  });
  // Unframed with no native host, initialize rejects at once: that is the plain-browser case.
  const initialized = app.initialize().then(
    () => true,
    () => false,
  );
  return Promise.race([initialized, deadline]).finally(() => clearTimeout(timer));
}

function browserHost(query: URLSearchParams): TabHost {
  return {
    inTeams: false,
    locale: resolveLocale(query.get('locale') ?? navigator.language),
    theme: toTheme(query.get('theme')),
    token: async () => undefined,
    onThemeChange: () => undefined,
    ready: () => undefined,
  };
}

export async function connectHost(location: Location = window.location): Promise<TabHost> {
  const query = new URLSearchParams(location.search);
  const hint = query.get('inTeams');
  if (hint === 'false') return browserHost(query);
  if (!(await initializeTeams(hint === 'true' ? hintedDeadlineMs : shortDeadlineMs))) return browserHost(query);

  const context = await app.getContext().catch(() => undefined);
  const teamId = context?.team?.internalId;
  const channelId = context?.channel?.id;
  return {
    inTeams: true,
    locale: resolveLocale(context?.app.locale ?? navigator.language),
    theme: toTheme(context?.app.theme),
    subPageId: context?.page.subPageId || undefined,
    frameContext: context?.page.frameContext,
    channel: teamId && channelId ? { teamId, channelId, name: context?.channel?.displayName || undefined } : undefined,
    token: () => authentication.getAuthToken(),
    onThemeChange: (handler) => app.registerOnThemeChangeHandler((theme) => handler(toTheme(theme))),
    ready: () => {
      app.notifySuccess().catch(() => undefined);
    },
  };
}
