import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import express, { Router } from 'express';
import { getAbsoluteFSPath } from 'swagger-ui-dist';
import { requireApiKey, requireStaff } from './auth.js';
import type { ApiDeps } from './deps.js';
import { errorHandler, notFound } from './errors.js';
import { docsPage, openApiDocument } from './openapi.js';
import { staffAccessRouter } from './routes/admin/access.js';
import { staffAuthRouter } from './routes/admin/auth.js';
import { staffContractsRouter } from './routes/admin/contracts.js';
import { staffEarningRouter } from './routes/admin/earning.js';
import { staffEmailChangesRouter } from './routes/admin/email-changes.js';
import { staffLedgerRouter } from './routes/admin/ledger.js';
import { staffTermsRouter } from './routes/admin/terms.js';
import { staffParticipantsRouter } from './routes/admin/participants.js';
import { staffRecordsRouter } from './routes/admin/records.js';
import { staffReviewsRouter } from './routes/admin/reviews.js';
import { staffShopRouter } from './routes/admin/shop.js';
import { confirmationsRouter } from './routes/confirmations.js';
import { participantAuthRouter } from './routes/participant-auth.js';
import { emailChangesRouter } from './routes/email-changes.js';
import { eventsRouter } from './routes/events.js';
import { registrationsRouter } from './routes/registrations.js';
import { shopRouter } from './routes/shop.js';

export const consoleDir = fileURLToPath(new URL('../admin-ui/dist', import.meta.url));

/**
 * The HTTP surface: the client API under /api (API keys), the emailed link at /confirm,
 * the staff API under /admin/api (sessions and roles) and the console at /admin/.
 */
export function createApp(deps: ApiDeps): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');
  app.use(express.json({ limit: '1mb' }));

  const openapi = openApiDocument();
  app.get('/api/openapi.json', (_req, res) => void res.json(openapi));
  app.get('/api/docs', (_req, res) => void res.type('html').send(docsPage));
  app.use('/api/docs/assets', express.static(getAbsoluteFSPath(), { index: false }));
  app.get('/health', (_req, res) => void res.json({ ok: true }));

  app.use(confirmationsRouter(deps));
  app.use(participantAuthRouter(deps)); // sign-in, sessions, password reset, /api/me (A6, R14, R25): its own API-key and session checks
  // The client API: every route below needs an API key.
  app.use('/api', requireApiKey(deps.pool), registrationsRouter(deps), eventsRouter(deps), emailChangesRouter(deps), shopRouter(deps));

  const staff = Router();
  staff.use(staffAuthRouter(deps));
  staff.use(requireStaff(deps.pool));
  staff.get('/settings', (_req, res) => {
    res.json({ temporalUiUrl: deps.config.temporalUiUrl, namespace: deps.config.temporalNamespace });
  });
  staff.use(staffParticipantsRouter(deps));
  staff.use(staffReviewsRouter(deps));
  staff.use(staffRecordsRouter(deps));
  staff.use(staffContractsRouter(deps));
  staff.use(staffEarningRouter(deps));
  staff.use(staffEmailChangesRouter(deps));
  staff.use(staffShopRouter(deps));
  staff.use(staffLedgerRouter(deps));
  staff.use(staffTermsRouter(deps));
  staff.use(staffAccessRouter(deps));
  app.use('/admin/api', (_req, res, next) => {
    res.set('Access-Control-Expose-Headers', 'Content-Range').set('Cache-Control', 'no-store');
    next();
  }, staff);

  if (existsSync(consoleDir)) {
    app.use('/admin', express.static(consoleDir));
    app.get(/^\/admin(\/.*)?$/, (_req, res) => res.sendFile('index.html', { root: consoleDir }));
  }
  app.get('/', (_req, res) => res.redirect('/admin/'));

  app.use(notFound);
  app.use(errorHandler);
  return app;
}
