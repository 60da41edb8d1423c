import type { IncomingMessage, ServerResponse } from 'node:http';
import express, { type Express } from 'express';
import type { SecretLookup } from './auth/authenticate.js';
import { nameAction, observeRequest, type RequestObserver } from './http/request-observer.js';
import { createS3Handler } from './http/s3-handler.js';
import type { Logger } from './logger.js';
import type { Context } from './s3/action.js';

export interface AppDependencies {
  context: Context;
  log: Logger;
  lookup: SecretLookup;
  /** Reports whether the metadata store answers (for /_ok/ready). */
  ready: () => Promise<boolean>;
  /** The account admin API under /_ok/admin (src/admin/admin-handler.ts); absent = not served. */
  admin?: (req: IncomingMessage, res: ServerResponse) => Promise<void>;
  /** GET /_ok/metrics (src/admin/metrics-endpoint.ts); absent = not served. */
  metrics?: (req: IncomingMessage, res: ServerResponse) => Promise<void>;
  /** Told about every request (src/metrics); absent = not observed. */
  observer?: RequestObserver;
}

/**
 * The Express app. No body parsers: S3 bodies are streamed by the operations themselves.
 * Health endpoints live outside the S3 namespace (`_ok` is not a valid bucket name).
 */
export function createApp(deps: AppDependencies): Express {
  const app = express();
  app.disable('x-powered-by');
  app.disable('etag');
  app.set('query parser', false);

  const observer = deps.observer;
  if (observer) {
    app.use((req, res, next) => {
      observeRequest(observer, req, res);
      next();
    });
  }

  app.get('/_ok/health', (_req, res) => {
    nameAction(res, 'Health');
    res.json({ status: 'ok' });
  });
  app.get('/_ok/ready', async (_req, res) => {
    nameAction(res, 'Ready');
    const ok = await deps.ready().catch(() => false);
    res.status(ok ? 200 : 503).json({ status: ok ? 'ready' : 'unavailable' });
  });

  const metrics = deps.metrics;
  if (metrics) {
    app.get('/_ok/metrics', (req, res) => {
      nameAction(res, 'Metrics');
      void metrics(req, res);
    });
  }

  const admin = deps.admin;
  if (admin) {
    app.all('/_ok/admin/*path', (req, res) => {
      nameAction(res, 'Admin');
      void admin(req, res);
    });
  }

  const s3 = createS3Handler(deps.context, deps.lookup, deps.log);
  app.use((req, res) => {
    void s3(req, res);
  });
  return app;
}
