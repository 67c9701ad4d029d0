// Builds the tab pages into dist/tabs, which the server serves at /tabs; each page is one entry of `pages`.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

/** A tab page is a folder of tabs/ with an index.html; add its folder name here. */
const pages = ['home'] as const;

const path = (relative: string) => fileURLToPath(new URL(relative, import.meta.url));

export default defineConfig({
  root: path('.'),
  base: '/tabs/',
  // Copied as they are to dist/tabs (privacy and terms pages the manifest links to).
  publicDir: path('./public'),
  build: {
    outDir: path('../dist/tabs'),
    emptyOutDir: true,
    rolldownOptions: {
      input: Object.fromEntries(pages.map((page) => [page, path(`./${page}/index.html`)])),
    },
  },
});
