/**
 * Every route table of the API, in one list: the OpenAPI documents are generated from it
 * (api/openapi.ts) and the tests walk it (test/unit/openapi.test.ts checks that every route the app
 * serves is in it, test/integration/route-access.test.ts calls every route of it). A new router's
 * table goes here as the router goes into api/app.ts.
 */
import { staffAccessRoutes } from './routes/admin/access.js';
import { staffAdjustmentRequestRoutes } from './routes/admin/adjustment-requests.js';
import { staffAuthRoutes } from './routes/admin/auth.js';
import { staffDocumentRoutes } from './routes/admin/api-document.js';
import { staffApplicationRoutes } from './routes/admin/applications.js';
import { staffCharityRoutes } from './routes/admin/charity.js';
import { staffPartnerRoutes } from './routes/admin/partners.js';
import { staffContractRoutes } from './routes/admin/contracts.js';
import { staffDashboardRoutes } from './routes/admin/dashboard.js';
import { staffEarningRoutes } from './routes/admin/earning.js';
import { staffEmailChangeRoutes } from './routes/admin/email-changes.js';
import { staffLedgerRoutes } from './routes/admin/ledger.js';
import { staffParticipantRoutes } from './routes/admin/participants.js';
import { staffRecordRoutes } from './routes/admin/records.js';
import { staffResendRoutes } from './routes/admin/resend.js';
import { staffReviewRoutes } from './routes/admin/reviews.js';
import { staffSettingsRoutes } from './routes/admin/settings.js';
import { staffShopRoutes } from './routes/admin/shop.js';
import { staffTermsRoutes } from './routes/admin/terms.js';
import { applicationRoutes } from './routes/applications.js';
import { confirmationRoutes } from './routes/confirmations.js';
import { donationRoutes } from './routes/donations.js';
import { participantPhoneRoutes } from './routes/participant-phone.js';
import { emailChangeRoutes } from './routes/email-changes.js';
import { eventRoutes } from './routes/events.js';
import { participantRoutes } from './routes/participant-auth.js';
import { registrationRoutes } from './routes/registrations.js';
import { shopRoutes } from './routes/shop.js';
import { partnerRoutes } from './routes/partners.js';
import { declaredRoutes, type DeclaredRoute, type RouteTable } from './route-table.js';

export const ROUTE_TABLES: RouteTable[] = [
  // the staff API (/admin/api)
  staffAuthRoutes,
  staffSettingsRoutes,
  staffDashboardRoutes,
  staffDocumentRoutes,
  staffParticipantRoutes,
  staffReviewRoutes,
  staffRecordRoutes,
  staffContractRoutes,
  staffEarningRoutes,
  staffEmailChangeRoutes,
  staffApplicationRoutes,
  staffShopRoutes,
  staffCharityRoutes,
  staffPartnerRoutes,
  staffLedgerRoutes,
  staffAdjustmentRequestRoutes,
  staffTermsRoutes,
  staffAccessRoutes,
  staffResendRoutes,
  // the client API (/api), the pages behind emailed links and what they post
  confirmationRoutes,
  participantRoutes,
  registrationRoutes,
  eventRoutes,
  emailChangeRoutes,
  shopRoutes,
  donationRoutes,
  partnerRoutes,
  participantPhoneRoutes,
  applicationRoutes,
];

/** Every declared route; the staff API's are those under /admin/api. */
export const allRoutes = (): DeclaredRoute[] => ROUTE_TABLES.flatMap(declaredRoutes);
export const isStaffRoute = (route: { path: string }) => route.path.startsWith('/admin/api/');
