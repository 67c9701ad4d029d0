// Builds the tab pages into dist/tabs, which the server serves at /tabs; each page is one entry of `pages`.
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/** Every HTML page of the tabs, by entry name, relative to tabs/; a tab's main page is its folder's index.html. */
const pages = {
  home: 'home/index.html',
  pipeline: 'pipeline/index.html',
  'pipeline-config': 'pipeline/config.html',
  settings: 'settings/index.html',
} as const;

const path = (relative: string) => fileURLToPath(new URL(relative, import.meta.url));

export default defineConfig({
  root: path('.'),
  base: '/tabs/',
  // The pipeline and settings tabs are React (JSX, and fast refresh under `vite dev`); the home tab is plain TypeScript.
  plugins: [react()],
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
