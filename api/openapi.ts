/** The client API's OpenAPI document, generated from the same zod schemas that validate requests. */
import { OpenAPIRegistry, OpenApiGeneratorV31 } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';
import { ConfirmationRequest, ErrorResponse, Registration, RegistrationRequest } from './schemas.js';

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
