import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import express, { Router } from 'express';
import { getAbsoluteFSPath } from 'swagger-ui-dist';
import { requireApiKey, requireStaff } from './auth.js';
import type { ApiDeps } from './deps.js';
import { errorHandler, notFound } from './errors.js';
import { healthRouter } from './health.js';
import { collectProcessMetrics } from '../infra/metrics.js';
import { metricsRouter, observeRequests } from './observability.js';
import { clientApiTypes, docsPage, documentText } from './openapi.js';
import { retryAfter } from './rate-limit.js';
import { securityHeaders } from './security-headers.js';
import { staffAccessRouter } from './routes/admin/access.js';
import { staffApplicationsRouter } from './routes/admin/applications.js';
import { staffAdjustmentRequestsRouter } from './routes/admin/adjustment-requests.js';
import { staffAuthRouter } from './routes/admin/auth.js';
import { staffCharityRouter } from './routes/admin/charity.js';
import { staffContractsRouter } from './routes/admin/contracts.js';
import { staffDashboardRouter } from './routes/admin/dashboard.js';
import { staffEarningRouter } from './routes/admin/earning.js';
import { staffEmailChangesRouter } from './routes/admin/email-changes.js';
import { staffLedgerRouter } from './routes/admin/ledger.js';
import { staffTermsRouter } from './routes/admin/terms.js';
import { staffParticipantsRouter } from './routes/admin/participants.js';
import { staffRecordsRouter } from './routes/admin/records.js';
import { staffResendRouter } from './routes/admin/resend.js';
import { staffSettingsRouter } from './routes/admin/settings.js';
import { staffDocumentRouter } from './routes/admin/api-document.js';
import { staffReviewsRouter } from './routes/admin/reviews.js';
import { staffShopRouter } from './routes/admin/shop.js';
import { applicationsRouter } from './routes/applications.js';
import { confirmationsRouter } from './routes/confirmations.js';
import { donationsRouter } from './routes/donations.js';
import { participantPhoneRouter } from './routes/participant-phone.js';
import { participantAuthRouter } from './routes/participant-auth.js';
import { emailChangesRouter } from './routes/email-changes.js';
import { REPORT_BODY_PATH, eventsRouter } from './routes/events.js';
import { registrationsRouter } from './routes/registrations.js';
import { shopRouter } from './routes/shop.js';
import { partnersRouter } from './routes/partners.js';
import { staffPartnersRouter } from './routes/admin/partners.js';

export const consoleDir = fileURLToPath(new URL('../admin-ui/dist', import.meta.url));

/**
 * The HTTP surface: the client API under /api (API keys), the emailed link at /confirm,
 * the staff API under /admin/api (sessions and roles) and the console at /admin/.
 */
export function createApp(deps: ApiDeps): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');
  // The Retry-After of every 503 and 202 (api/errors.ts); `app.locals.draining` is set by shutdown (api/server.ts).
  app.set('retryAfterSeconds', Math.max(1, Math.ceil(deps.config.apiRetryAfterMs / 1000)));
  app.locals.draining = false;
  collectProcessMetrics();
  app.use(observeRequests()); // counts and times every request by route pattern (api/observability.ts)
  app.use(securityHeaders(deps.config)); // CSP, nosniff, no framing, no referrer, no-store (api/security-headers.ts)
  // A2: partners' routes read their own bodies after the API key is checked (a bulk call may exceed 1 MB).
  app.use('/api', partnersRouter(deps));
  const json = express.json({ limit: '1mb' });
  app.use((req, res, next) => (REPORT_BODY_PATH.test(req.path) ? next() : json(req, res, next)));

  app.get('/api/openapi.json', (_req, res) => void res.type('json').send(documentText('client')));
  const clientTypes = clientApiTypes(); // its TypeScript types for integrators (npm run openapi:types)
  app.get('/api/client-api.d.ts', (_req, res) => void res.type('text/plain; charset=utf-8').send(clientTypes));
  app.get('/api/docs', (_req, res) => void res.type('html').send(docsPage));
  app.use('/api/docs/assets', express.static(getAbsoluteFSPath(), { index: false }));
  app.use(healthRouter(deps)); // /health, /health/live, /health/ready (api/health.ts)
  app.use(metricsRouter(deps)); // /metrics for Prometheus (api/observability.ts)

  app.use(confirmationsRouter(deps));
  app.use(participantAuthRouter(deps)); // sign-in, sessions, password reset, /api/me (A6, R14, R25): its own API-key and session checks
  // The client API: every route below needs an API key.
  app.use(
    '/api',
    requireApiKey(deps.pool),
    registrationsRouter(deps),
    eventsRouter(deps),
    emailChangesRouter(deps),
    shopRouter(deps),
    donationsRouter(deps),
    participantPhoneRouter(deps),
    applicationsRouter(deps),
  );

  const staff = Router();
  staff.use(staffAuthRouter(deps));
  staff.use(requireStaff(deps));
  staff.use(staffSettingsRouter(deps)); // what the console needs to start
  staff.use(staffDashboardRouter(deps)); // the console's first screen: figures, and the ledger entries behind them
  staff.use(staffDocumentRouter(deps)); // /admin/api/openapi.json: the staff API's document, for staff
  staff.use(staffParticipantsRouter(deps));
  staff.use(staffReviewsRouter(deps));
  staff.use(staffRecordsRouter(deps));
  staff.use(staffContractsRouter(deps));
  staff.use(staffEarningRouter(deps));
  staff.use(staffEmailChangesRouter(deps));
  staff.use(staffApplicationsRouter(deps)); // A7: managers
  staff.use(staffShopRouter(deps));
  staff.use(staffCharityRouter(deps)); // A3: charity funds, donations, statements
  staff.use(staffPartnersRouter(deps)); // A2: partners, their accruals, statements, partner claims
  staff.use(staffLedgerRouter(deps));
  staff.use(staffAdjustmentRequestsRouter(deps)); // four eyes on large adjustments
  staff.use(staffTermsRouter(deps));
  staff.use(staffAccessRouter(deps));
  staff.use(staffResendRouter(deps));
  app.use(
    '/admin/api',
    (_req, res, next) => {
      res.set('Access-Control-Expose-Headers', 'Content-Range').set('Cache-Control', 'no-store');
      next();
    },
    staff,
    notFound,
  ); // an unknown staff API path is a JSON 404, never the console's page

  if (existsSync(consoleDir)) {
    app.use('/admin', express.static(consoleDir));
    app.get(/^\/admin(\/.*)?$/, (_req, res) => res.sendFile('index.html', { root: consoleDir }));
  }
  app.get('/', (_req, res) => res.redirect('/admin/'));

  app.use(notFound);
  app.use(retryAfter, errorHandler); // a 429 says when to come back (Retry-After)
  return app;
}
