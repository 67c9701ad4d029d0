// The tabs the server serves: every folder of the built tab pages that holds an index.html.
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/** Tab names, each its folder under `/tabs/`: the home tab first (`/` opens it), then by name; none before the tabs are built. */
export function tabNames(tabsDir: string): string[] {
  if (!existsSync(tabsDir)) return [];
  return readdirSync(tabsDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(tabsDir, entry.name, 'index.html')))
    .map((entry) => entry.name)
    .sort((a, b) => Number(b === 'home') - Number(a === 'home') || a.localeCompare(b));
}
