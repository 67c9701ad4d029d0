// Builds the tab pages into dist/tabs, which the server serves at /tabs; each page is one entry of `pages`.
import { readFileSync } from 'node:fs';
import { relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

/**
 * Every HTML page of the tabs, by entry name, relative to tabs/; a tab's main page is its folder's index.html, whose
 * script calls `mountTab(<App />)` (shared/mount-tab.tsx). The server serves each folder with an index.html as a tab.
 */
const pages = {
  home: 'home/index.html',
  pipeline: 'pipeline/index.html',
  'pipeline-config': 'pipeline/config.html',
  cases: 'cases/index.html',
  settings: 'settings/index.html',
  alerts: 'alerts/index.html',
} as const;

const path = (relativePath: string) => fileURLToPath(new URL(relativePath, import.meta.url));

/** Modules of the server's src/ that run in the browser too: pure helpers without imports of their own beyond types. */
const sharedWithServer = new Set(['src/core/money-format.ts']);

/**
 * Tabs import the server's API types (`import type`, erased when built); server code itself must never reach the
 * bundle. Refuses any module of src/ not shared on purpose, and any package of package.json's `dependencies` (the
 * server's; the tabs' packages are devDependencies).
 */
function noServerCode(): Plugin {
  const root = path('..');
  const manifest = JSON.parse(readFileSync(path('../package.json'), 'utf8')) as { dependencies?: Record<string, string> };
  const serverPackages = new Set(Object.keys(manifest.dependencies ?? {}));
  return {
    name: 'guanxi:no-server-code',
    load(id) {
      const file = id.split('?')[0] ?? id;
      const inRepo = relative(root, file).split(sep).join('/');
      if (inRepo.startsWith('src/') && !sharedWithServer.has(inRepo)) {
        this.error(
          `A tab imports server code (${inRepo}); import its types with \`import type\`, or move what the browser needs into a module shared on purpose.`,
        );
      }
      const packageName = /.*\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(file)?.[1];
      if (packageName && serverPackages.has(packageName)) {
        this.error(`A tab imports the server package ${packageName} (${file}); the tabs talk to the server over HTTP only.`);
      }
      return null;
    },
  };
}

export default defineConfig({
  root: path('.'),
  base: '/tabs/',
  plugins: [react(), noServerCode()],
  // Copied as they are to dist/tabs (privacy and terms pages the manifest links to).
  publicDir: path('./public'),
  build: {
    outDir: path('../dist/tabs'),
    emptyOutDir: true,
    rolldownOptions: {
      input: Object.fromEntries(Object.entries(pages).map(([name, page]) => [name, path(`./${page}`)])),
    },
  },
});
