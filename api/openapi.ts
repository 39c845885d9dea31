/** The client API's OpenAPI document, generated from the same zod schemas that validate requests. */
import { OpenAPIRegistry, OpenApiGeneratorV31 } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';
import { ConfirmationRequest, ErrorResponse, Registration, RegistrationRequest } from './schemas.js';
import { AttendanceRequest, ClaimRequest, CourseCompletionsRequest, EventRequest, TestResultsRequest } from './earning-schemas.js';

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
