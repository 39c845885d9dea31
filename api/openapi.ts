/** The client API's OpenAPI document, generated from the same zod schemas that validate requests. */
import { OpenAPIRegistry, OpenApiGeneratorV31 } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';
import { ConfirmationRequest, ErrorResponse, Registration, RegistrationRequest } from './schemas.js';
import { AttendanceRequest, ClaimRequest, CourseCompletionsRequest, EventRequest, TestResultsRequest } from './earning-schemas.js';
import { MAX_ORDER_DOCUMENTS, OrderRequest } from './orders.js';
import { PasswordResetConfirmRequest, PasswordResetRequest, SignInRequest, SignInVerifyRequest } from './participant-auth.js';

const json = (schema: z.ZodType, description: string) => ({ description, content: { 'application/json': { schema } } });
const error = (description: string) => json(ErrorResponse, description);

export function openApiDocument() {
  const registry = new OpenAPIRegistry();
  registry.registerComponent('securitySchemes', 'apiKey', { type: 'apiKey', in: 'header', name: 'X-Api-Key' });

  registry.registerPath({
    method: 'post',
    path: '/api/registrations',
    summary: 'Register an agency employee (R1–R4)',
    description:
      'Starts the participant\'s workflow and sends the confirmation email. One participant per email: ' +
      'a pending or active email is refused with 409 and the existing registration.',
    security: [{ apiKey: [] }],
    request: {
      body: {
        content: {
          'application/json': { schema: RegistrationRequest },
          'multipart/form-data': {
            schema: z.object({ ...RegistrationRequest.shape, letter: z.string().meta({ format: 'binary' }).optional() }),
          },
        },
      },
    },
    responses: {
      201: json(Registration, 'Registered; waiting for the email to be confirmed'),
      400: error('A field is missing or invalid; `field` names it'),
      401: error('No or wrong API key'),
      409: error('This email is already registered'),
      413: error('The letter is too large'),
      415: error('The letter is not a PDF, PNG or JPEG'),
    },
  });

  registry.registerPath({
    method: 'get',
    path: '/api/registrations/{id}',
    summary: 'A registration and its state',
    security: [{ apiKey: [] }],
    request: { params: z.object({ id: z.uuid() }) },
    responses: { 200: json(Registration, 'The registration'), 404: error('Unknown id') },
  });

  registry.registerPath({
    method: 'post',
    path: '/api/confirmations',
    summary: 'Confirm the email and set the password (the emailed link, R3)',
    request: { body: { content: { 'application/json': { schema: ConfirmationRequest } } } },
    responses: {
      200: json(z.object({ participantId: z.uuid(), stage: z.string() }), 'Confirmed'),
      400: error('Password too short'),
      404: error('Unknown token'),
      409: error('Already confirmed'),
      410: error('The link was used, has expired, or the registration expired'),
    },
  });

  const event = z.object({ id: z.uuid(), kind: z.string(), title: z.string(), points: z.number().int(), crediting_status: z.string() }).loose();
  const report = z.object({ id: z.uuid(), event_id: z.uuid(), kind: z.string(), status: z.string(), line_count: z.number().int() }).loose();
  registry.registerPath({
    method: 'post',
    path: '/api/events',
    summary: 'Create an event that earns points (R9)',
    description: 'Starts the event\'s crediting workflow: it waits for the broadcast to end, then keeps the crediting window open (R11).',
    security: [{ apiKey: [] }],
    request: { body: { content: { 'application/json': { schema: EventRequest } } } },
    responses: { 201: json(event, 'Created'), 400: error('Points outside the kind\'s range, an end before the start, …; `field` names it') },
  });
  registry.registerPath({
    method: 'get',
    path: '/api/events/{id}',
    summary: 'An event and the state of its crediting',
    security: [{ apiKey: [] }],
    request: { params: z.object({ id: z.uuid() }) },
    responses: { 200: json(event, 'The event'), 404: error('Unknown event') },
  });
  const reportPath = (path: string, schema: z.ZodType, summary: string) =>
    registry.registerPath({
      method: 'post',
      path: `/api/events/{id}/${path}`,
      summary,
      security: [{ apiKey: [] }],
      request: { params: z.object({ id: z.uuid() }), body: { content: { 'application/json': { schema } } } },
      responses: {
        201: json(report, 'Stored and confirmed; it replaces the event\'s earlier report of this kind'),
        400: error('A row is malformed; `field` names it, e.g. rows.3.email'),
        404: error('Unknown event'),
        409: error('The broadcast has not ended, the window has closed (file a claim instead), or the event takes no report of this kind'),
      },
    });
  reportPath('attendance', AttendanceRequest, 'Send the attendance report (R10, R11)');
  reportPath('test-results', TestResultsRequest, 'Send marathon test results (R9)');
  reportPath('course-completions', CourseCompletionsRequest, 'Send program course completions (R9)');
  registry.registerPath({
    method: 'post',
    path: '/api/claims',
    summary: 'Claim missing points for an event (A4)',
    description: 'A reviewer decides before the claim\'s deadline; an approval credits the event\'s points once (R12).',
    security: [{ apiKey: [] }],
    request: { body: { content: { 'application/json': { schema: ClaimRequest } } } },
    responses: {
      201: json(z.object({ id: z.uuid(), status: z.string(), deadline_at: z.string() }).loose(), 'The claim waits for a reviewer'),
      404: error('No participant with this email, or no such event'),
      409: error('The window is still open, the points are already credited, or a claim is already open'),
    },
  });
  registry.registerPath({
    method: 'get',
    path: '/api/registrations/{id}/ledger',
    summary: 'The balance explained entry by entry, each naming its source',
    security: [{ apiKey: [] }],
    request: { params: z.object({ id: z.uuid() }) },
    responses: {
      200: json(z.object({ balance: z.number().int(), entries: z.array(z.object({ amount: z.number().int(), source_type: z.string(), source_title: z.string().nullable() }).loose()) }), 'The ledger'),
      404: error('Unknown registration'),
    },
  });

  // ---- the shop (R15–R19, A5) ----------------------------------------------------------------
  const catalogItem = z.object({ id: z.uuid(), sku: z.string(), title: z.string(), description: z.string(), price_points: z.number().int(), stock: z.number().int(), in_stock: z.boolean() });
  const order = z
    .object({
      id: z.uuid(), participant_id: z.uuid(), sku: z.string(), quantity: z.number().int(), total_points: z.number().int(),
      status: z.enum(['placed', 'awaiting_documents', 'awaiting_review', 'completed', 'cancelled', 'expired', 'rejected']),
      affiliation_check: z.boolean(), documents_deadline_at: z.string().nullable(), payment_deadline_at: z.string().nullable(),
      end_reason: z.string().nullable().meta({ description: 'cancelled_by_client, out_of_stock, payment_window_elapsed, documents_not_received, rejected, points_released' }),
    })
    .loose();
  const orderId = z.object({ id: z.uuid() });
  registry.registerPath({
    method: 'get',
    path: '/api/catalog',
    summary: 'The shop catalog: the active items and their price in points (R15)',
    security: [{ apiKey: [] }],
    responses: { 200: json(z.array(catalogItem), 'The active items') },
  });
  registry.registerPath({
    method: 'post',
    path: '/api/orders',
    summary: 'Place an order paid with points (R15–R17, A5)',
    description:
      "The order's points are held at once (they leave the balance) and its workflow starts. Without an affiliation check the " +
      'shop must complete the order before `payment_deadline_at` (A5), or the points come back. With one (R17), the order first ' +
      'waits for documents (`POST /api/orders/{id}/documents`) and a reviewer. R16: until the participant has a completed order, ' +
      'the balance must have reached the first-order minimum.',
    security: [{ apiKey: [] }],
    request: { body: { content: { 'application/json': { schema: OrderRequest } } } },
    responses: {
      201: json(order, 'Placed; the points are held'),
      400: error('A field is missing or invalid, e.g. a quantity below 1; `field` names it'),
      404: error('No such participant or SKU'),
      409: error('`first_order_minimum` (R16), `insufficient_points`, `out_of_stock`, `item_inactive` or `participant_not_active`'),
    },
  });
  registry.registerPath({
    method: 'get',
    path: '/api/orders/{id}',
    summary: 'An order and its state',
    security: [{ apiKey: [] }],
    request: { params: orderId },
    responses: { 200: json(order, 'The order'), 404: error('Unknown order') },
  });
  registry.registerPath({
    method: 'post',
    path: '/api/orders/{id}/complete',
    summary: 'Complete the order: its held points are spent and the stock taken (A5)',
    security: [{ apiKey: [] }],
    request: { params: orderId },
    responses: {
      200: json(order, 'Completed'),
      404: error('Unknown order'),
      409: error('`affiliation_check_pending` (R17), `order_not_open` (e.g. the payment window elapsed), or `out_of_stock`: the order is then cancelled and its points came back'),
    },
  });
  registry.registerPath({
    method: 'post',
    path: '/api/orders/{id}/cancel',
    summary: 'Cancel an open order: its held points come back',
    security: [{ apiKey: [] }],
    request: { params: orderId },
    responses: { 200: json(order, 'Cancelled'), 404: error('Unknown order'), 409: error('The order is no longer open') },
  });
  registry.registerPath({
    method: 'post',
    path: '/api/orders/{id}/documents',
    summary: 'Upload the affiliation documents an order waits for (R17)',
    description: `PDF, PNG or JPEG, up to ${MAX_ORDER_DOCUMENTS} files in the field \`documents\`, in one upload; the order then waits for a reviewer.`,
    security: [{ apiKey: [] }],
    request: {
      params: orderId,
      body: { content: { 'multipart/form-data': { schema: z.object({ documents: z.array(z.string().meta({ format: 'binary' })) }) } } },
    },
    responses: {
      201: json(order, 'Stored; the order awaits review'),
      400: error('No file'),
      404: error('Unknown order'),
      409: error('The order takes no documents (now)'),
      413: error('A file is too large'),
      415: error('A file is not a PDF, PNG or JPEG'),
    },
  });
  registry.registerPath({
    method: 'post',
    path: '/api/participants/{id}/cash-out',
    summary: 'Not allowed: points are not money (R18)',
    security: [{ apiKey: [] }],
    request: { params: z.object({ id: z.string() }) },
    responses: { 403: error('Always: `not_allowed`, naming R18') },
  });
  registry.registerPath({
    method: 'post',
    path: '/api/transfers',
    summary: 'Not allowed: points do not move between accounts (R19)',
    security: [{ apiKey: [] }],
    responses: { 403: error('Always: `not_allowed`, naming R19') },
  });

  // ---- participants: sign-in (A6, R14), forgotten password (R25), their own account ----------
  registry.registerComponent('securitySchemes', 'participantSession', {
    type: 'http', scheme: 'bearer', description: 'The participant\'s session token from POST /api/sign-in/verify',
  });
  const signedIn = [{ apiKey: [], participantSession: [] }];
  const tooMany = error('Too many attempts (`too_many_attempts`, or `too_many_codes`): the `Retry-After` header says in how many seconds to try again');
  const notSignedIn = error('No API key, or no live session (`not_signed_in`, `session_expired`: expired, revoked, signed out, or replaced under the session limit)');
  const deviceHeader = z.object({
    'x-device-id': z.string().optional().meta({ description: 'R14: a stable id of the participant\'s device (else the User-Agent names it)' }),
    'x-client-ip': z.string().optional().meta({ description: 'The participant\'s IP address, for a client calling from its own server: rate limits count per participant address, not per client' }),
  });
  registry.registerPath({
    method: 'post',
    path: '/api/sign-in',
    summary: 'Sign a participant in, step one: member number or email, and password (A6)',
    description:
      'A right password mails a six-digit code to the participant (step two: `POST /api/sign-in/verify`). A wrong password, an unknown ' +
      'login and an inactive account get the same 401. Wrong passwords and codes are counted per account and per address: over the ' +
      'limit within the window, 429 with `Retry-After`.',
    security: [{ apiKey: [] }],
    request: { headers: deviceHeader, body: { content: { 'application/json': { schema: SignInRequest } } } },
    responses: {
      202: json(z.object({ challengeId: z.uuid(), expiresAt: z.iso.datetime(), sentTo: z.string().meta({ description: 'the masked email the code went to' }) }), 'The code is mailed'),
      400: error('A field is missing or invalid'),
      401: error('`invalid_credentials`, or no or wrong API key'),
      429: tooMany,
      503: error('The code could not be mailed; nothing was kept'),
    },
  });
  registry.registerPath({
    method: 'post',
    path: '/api/sign-in/verify',
    summary: 'Sign a participant in, step two: the mailed code opens a session (A6, R14)',
    description:
      'A code works once, until it expires, and a few wrong tries void it. The session answers for `/api/me…` with the same API key. ' +
      'R14: a participant has at most MAX_PARTICIPANT_SESSIONS live sessions; a new one revokes the oldest (`revokedSessionIds`). ' +
      'A device the participant never signed in from is mailed to them (`newDevice`).',
    security: [{ apiKey: [] }],
    request: { body: { content: { 'application/json': { schema: SignInVerifyRequest } } } },
    responses: {
      200: json(z.object({ token: z.string(), expiresAt: z.iso.datetime(), sessionId: z.uuid(), newDevice: z.boolean(), revokedSessionIds: z.array(z.uuid()) }), 'Signed in'),
      400: error('Not a challenge id or not a six-digit code'),
      401: error('`code_invalid` (with `attemptsLeft`), or no or wrong API key'),
      404: error('`challenge_not_found`'),
      410: error('`code_used`, `code_expired` or `code_attempts_exhausted`: sign in again'),
      429: tooMany,
    },
  });
  const sessionView = z.object({
    id: z.uuid(), createdAt: z.iso.datetime(), lastSeenAt: z.iso.datetime(), expiresAt: z.iso.datetime(),
    userAgent: z.string().nullable(), ip: z.string().nullable(), device: z.string(), current: z.boolean(),
  });
  registry.registerPath({
    method: 'get', path: '/api/me/sessions', summary: 'The participant\'s live sessions (R14)', security: signedIn,
    responses: { 200: json(z.array(sessionView), 'Newest first; `current` marks the one asking'), 401: notSignedIn },
  });
  registry.registerPath({
    method: 'delete', path: '/api/me/sessions/{id}', summary: 'Revoke one of the participant\'s sessions (R14)', security: signedIn,
    request: { params: z.object({ id: z.uuid() }) },
    responses: { 204: { description: 'Revoked: its token answers 401 from now on' }, 401: notSignedIn, 404: error('No live session of this participant with this id') },
  });
  registry.registerPath({
    method: 'post', path: '/api/sign-out', summary: 'End the current session', security: signedIn,
    responses: { 204: { description: 'Signed out' }, 401: notSignedIn },
  });
  registry.registerPath({
    method: 'post',
    path: '/api/password-resets',
    summary: 'Forgotten password: mail a one-time reset link (R25)',
    description:
      'Always the same 202, as fast, whether or not the email is registered. A registered address gets a link to ' +
      '`{PUBLIC_URL}/reset-password?token=…`, valid once until PASSWORD_RESET_TTL_MS; a few links per address a window, no more.',
    security: [{ apiKey: [] }],
    request: { headers: deviceHeader.pick({ 'x-client-ip': true }), body: { content: { 'application/json': { schema: PasswordResetRequest } } } },
    responses: { 202: json(z.object({ message: z.string() }), 'Accepted'), 400: error('Not an email address'), 429: tooMany },
  });
  registry.registerPath({
    method: 'post',
    path: '/api/password-resets/confirm',
    summary: 'Set a new password with the emailed link\'s token (R25)',
    description: 'No API key: the token is the credential (the link\'s page posts here). Every session of the participant ends.',
    request: { body: { content: { 'application/json': { schema: PasswordResetConfirmRequest } } } },
    responses: {
      200: json(z.object({ sessionsRevoked: z.number().int() }), 'The password is changed'),
      400: error('Password too short'),
      404: error('`token_invalid`'),
      409: error('`participant_not_active`'),
      410: error('`token_used` or `token_expired`'),
      429: tooMany,
    },
  });
  const nextExpiry = z.object({ at: z.iso.datetime(), points: z.number().int() }).nullable();
  registry.registerPath({
    method: 'get', path: '/api/me', summary: 'The signed-in participant: profile, balance and the next expiry (R20)', security: signedIn,
    responses: {
      200: json(z.object({
        participantId: z.uuid(), memberNumber: z.string().nullable(), email: z.string(), firstName: z.string(), lastName: z.string(),
        status: z.string(), agency: z.object({ inn: z.string().nullable(), legalName: z.string().nullable() }), balance: z.number().int(),
        nextExpiry, session: z.object({ id: z.uuid(), expiresAt: z.iso.datetime() }),
      }), 'The participant'),
      401: notSignedIn,
    },
  });
  registry.registerPath({
    method: 'get', path: '/api/me/ledger', summary: 'The signed-in participant\'s lots with their expiry, and history with sources', security: signedIn,
    description: 'The same shape as `GET /api/registrations/{id}/ledger`.',
    responses: {
      200: json(z.object({
        balance: z.number().int(), nextExpiry,
        lots: z.array(z.object({ amount: z.number().int(), remaining: z.number().int(), expires_at: z.string(), source_type: z.string(), source_title: z.string().nullable() }).loose()),
        entries: z.array(z.object({ kind: z.string(), amount: z.number().int(), source_type: z.string(), source_title: z.string().nullable() }).loose()),
      }), 'The ledger'),
      401: notSignedIn,
    },
  });
  registry.registerPath({
    method: 'get', path: '/api/me/events', summary: 'Events the signed-in participant attended and was credited for', security: signedIn,
    responses: {
      200: json(z.array(z.object({ id: z.uuid(), kind: z.string(), title: z.string(), points: z.number().int(), starts_at: z.string(), credited_at: z.string() }).loose()), 'Newest first'),
      401: notSignedIn,
    },
  });
  registry.registerPath({
    method: 'get', path: '/api/me/requests', summary: 'The signed-in participant\'s open claims (A4) and open orders (A5, R17)', security: signedIn,
    responses: {
      200: json(z.object({
        claims: z.array(z.object({ id: z.uuid(), event_id: z.uuid(), event_title: z.string(), status: z.string(), deadline_at: z.string() }).loose()),
        orders: z.array(z.object({ id: z.uuid(), sku: z.string(), status: z.string(), total_points: z.number().int(), payment_deadline_at: z.string().nullable() }).loose()),
      }), 'What the participant is waiting for'),
      401: notSignedIn,
    },
  });

  return new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: '3.1.0',
    info: {
      title: 'Bonus program back office: client API',
      version: '1.0.0',
      description: 'For API clients (the shop site, the webinar platform, partners). Authenticate with `X-Api-Key`.',
    },
  });
}

export const docsPage = `<!doctype html>
<html><head><meta charset="utf-8"><title>Bonus program API</title>
<link rel="stylesheet" href="/api/docs/assets/swagger-ui.css"></head>
<body><div id="ui"></div>
<script src="/api/docs/assets/swagger-ui-bundle.js"></script>
<script>SwaggerUIBundle({ url: '/api/openapi.json', dom_id: '#ui' });</script>
</body></html>`;
