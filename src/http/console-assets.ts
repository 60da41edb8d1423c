import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import express, { type Handler } from 'express';

/** Where the web console is served; `_ok` is no valid bucket name, so no S3 path is taken. */
export const CONSOLE_PATH = '/_ok/console';

/**
 * The console's page may run only its own bundle and talk only to this origin (S3 calls,
 * presigned previews). Objects are never framed around the console, nor the console anywhere.
 */
const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' blob: data:",
  "media-src 'self'",
  "connect-src 'self'",
  "frame-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * The built console (`npm run build` bundles console/ into dist/console). Under vitest this file
 * runs from its TypeScript source, so it takes the build's copy, as the hash pool does.
 */
export function consoleDirectory(): string {
  const here = import.meta.url;
  return fileURLToPath(new URL(here.endsWith('.ts') ? '../../dist/console/' : '../console/', here));
}

/**
 * Static files of the console: no authentication (they hold no secret: the page signs its S3
 * requests in the browser), strict headers on every answer, index.html never cached so a new
 * build is picked up at once.
 */
export function consoleAssets(dir = consoleDirectory()): Handler {
  const files = express.static(dir, {
    index: 'index.html',
    redirect: false,
    setHeaders(res, path) {
      res.setHeader('Cache-Control', path.endsWith('.html') ? 'no-cache' : 'max-age=300');
    },
  });
  return (req, res) => {
    res.setHeader('Content-Security-Policy', CONTENT_SECURITY_POLICY);
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Referrer-Policy', 'no-referrer');
    res.setHeader('X-Frame-Options', 'DENY');
    if (!existsSync(dir)) {
      res.status(404).type('text/plain').send('The console is not built: run "npm run build".\n');
      return;
    }
    // `/_ok/console` -> `/_ok/console/`, so the page's relative URLs resolve inside the console.
    if (req.originalUrl.split('?')[0] === CONSOLE_PATH) {
      res.redirect(301, `${CONSOLE_PATH}/`);
      return;
    }
    files(req, res, () => {
      res.status(404).type('text/plain').send('Not found\n');
    });
  };
}
