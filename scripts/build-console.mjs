// Bundles the web console (console/) into dist/console with esbuild: one script, one stylesheet
// and the page, so the server serves files built ahead of time and loads nothing from a CDN.
import { copyFile, mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'dist/console');
await mkdir(out, { recursive: true });
await build({
  entryPoints: [join(root, 'console/src/main.tsx')],
  outfile: join(out, 'console.js'),
  bundle: true,
  minify: true,
  sourcemap: true,
  format: 'esm',
  platform: 'browser',
  target: ['es2022'],
  jsx: 'automatic',
  jsxImportSource: 'preact',
  legalComments: 'linked',
  logLevel: 'warning',
});
await copyFile(join(root, 'console/index.html'), join(out, 'index.html'));
await copyFile(join(root, 'console/console.css'), join(out, 'console.css'));
