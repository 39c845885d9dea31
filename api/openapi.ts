/**
 * The OpenAPI documents, generated from the route table (api/route-tables.ts): one operation per
 * declared route (HTML pages aside), its parameters, body and answers from the same zod schemas that
 * validate them, its security from its access rule, and the refusals every route of its kind can
 * meet (401/403 from the gate, 404 for a malformed id, 400 for a malformed body) added to its own.
 *
 * Two documents, because they have two audiences: the client API (/api/openapi.json) for the shop
 * site, the webinar platform and partners, camelCase throughout; the staff API
 * (/admin/api/openapi.json, for staff only) for the console and operators' scripts, whose records are
 * the database's rows (snake_case) as the console reads them, field by field (api/staff-records.ts).
 * Every JSON body and answer carries an example (its schema's own, or one built from the schema).
 * scripts/openapi-types.ts turns both into TypeScript types (api/generated/), the client API's served
 * at /api/client-api.d.ts.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { OpenAPIRegistry, OpenApiGeneratorV31, type ResponseConfig, type RouteConfig } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';
import { API_SCOPES, API_SCOPE_ROUTES } from '../rules/api-scopes.js';
import { ID_PARAMS } from './params.js';
import type { Access } from './route-access.js';
import { TAGS, pathParams, type DeclaredRoute, type ResponseSpec, type Tag } from './route-table.js';
import { allRoutes, isStaffRoute } from './route-tables.js';
import { ErrorResponse } from './schemas.js';
import { StaffRecord } from './staff-answers.js';
import { STAFF_ANSWERS, STAFF_RECORDS } from './staff-records.js';

type Api = 'client' | 'staff';

/** `/api/orders/:id` → `/api/orders/{id}` */
export const openApiPath = (path: string) => path.replace(/:(\w+)/g, '{$1}');

/** `POST /api/orders/:id/complete` → `postOrdersIdComplete` (stable, unique, for client generators). */
export const operationId = (route: DeclaredRoute) =>
  [
    route.method.toLowerCase(),
    ...route.path
      .replace(/^\/(admin\/)?api\//, '/')
      .split(/[/\-.]/)
      .filter(Boolean)
      .map((part) => part.replace(/^:/, ''))
      .map((part) => part[0].toUpperCase() + part.slice(1)),
  ].join('');

/** The routes a document describes: its API's, without the HTML pages. */
export const documentedRoutes = (api: Api): DeclaredRoute[] =>
  allRoutes().filter((r) => !r.spec.page && isStaffRoute(r) === (api === 'staff'));

const refusal = (description: string): ResponseSpec => ({ description, schema: ErrorResponse });

/** What the gate of `access` can answer, by status. */
function gateRefusals(access: Access, method: string): Record<number, string> {
  const changes = !['GET', 'HEAD', 'OPTIONS'].includes(method);
  switch (access.kind) {
    case 'public':
      return {};
    case 'client':
    case 'participant':
      return {
        401:
          'No API key (`api_key_missing`), or an unknown or revoked one (`api_key_invalid`)' +
          (access.kind === 'participant'
            ? '; no participant session (`not_signed_in`) or an ended one (`session_expired`: expired, revoked, signed out, or replaced under the session limit)'
            : ''),
        403: `\`scope_missing\`: this API client lacks the scope \`${access.scope}\``,
      };
    case 'staff':
      return {
        401: 'Not signed in (`not_signed_in`), or the session has ended (`session_expired`)',
        403: [
          ...(access.role === 'support' ? [] : [`\`forbidden\`: this needs the ${access.role} role or above`]),
          ...(changes ? ["`csrf_failed`: a cookie session's change without the console's `X-CSRF-Token`"] : []),
          ...(access.allowWithoutSecondFactor ? [] : ['`second_factor_required`: an admin who must set up a second factor has not yet']),
        ].join('; '),
      };
  }
}

/**
 * A staff route's answer declared as an untyped record (api/staff-answers.ts), typed: the record of its
 * resource (the path's first segment under /admin/api), or the answer api/staff-records.ts names for
 * the route. Untyped when neither says.
 */
export function staffAnswerSchema(route: DeclaredRoute, status: number, schema: z.ZodType | undefined): z.ZodType | undefined {
  const many = schema instanceof z.ZodArray && schema.element === StaffRecord;
  if (schema !== StaffRecord && !many) return schema;
  const named = STAFF_ANSWERS[route.key]?.[status];
  if (named) return named;
  const record = STAFF_RECORDS[route.path.split('/')[3]];
  if (!record) return schema;
  return many ? z.array(record) : record;
}

/** The route's own answers, and those every route of its kind may give, merged by status. */
function answers(route: DeclaredRoute): Record<number, ResponseSpec> {
  const { spec } = route;
  const merged: Record<number, ResponseSpec> = Object.fromEntries(
    Object.entries(spec.responses).map(([status, r]) => [status, { ...r, schema: staffAnswerSchema(route, Number(status), r.schema) }]),
  );
  const add = (status: number, description: string) => {
    if (!description) return;
    const own = merged[status];
    merged[status] = own ? { ...own, description: `${own.description}. Also: ${description}` } : refusal(description);
  };
  for (const [status, description] of Object.entries(gateRefusals(spec.access, route.method))) add(Number(status), description);
  const params = pathParams(route.path).filter((name) => name in ID_PARAMS);
  if (params.length)
    add(
      404,
      `\`not_found\`: the ${params.join(' or ')} is not ${params.map((p) => ID_PARAMS[p as keyof typeof ID_PARAMS].what).join(' or ')}`,
    );
  if ((spec.body || spec.query) && !merged[400])
    add(400, '`validation_failed`: a field is missing or invalid; `field` names it, `issues` lists every one');
  if (spec.content && spec.content !== 'json' && !merged[413]) add(413, '`file_too_large`: a file is larger than allowed');
  return merged;
}

function responseConfig(spec: ResponseSpec): ResponseConfig {
  const headers =
    spec.headers &&
    Object.fromEntries(
      Object.entries(spec.headers).map(([name, description]) => [name, { description, schema: { type: 'string' as const } }]),
    );
  const type = spec.type ?? 'application/json';
  const schema =
    spec.schema ??
    (type === 'application/json' ? undefined : z.string().meta({ format: type === 'application/octet-stream' ? 'binary' : undefined }));
  return { description: spec.description, ...(headers && { headers }), ...(schema && { content: { [type]: { schema } } }) };
}

function security(access: Access): RouteConfig['security'] {
  switch (access.kind) {
    case 'public':
      return undefined;
    // OpenAPI 3.1 lets an apiKey requirement name the roles it needs: here, the client's scope.
    case 'client':
      return [{ apiKey: [access.scope] }];
    case 'participant':
      return [{ apiKey: [access.scope], participantSession: [] }];
    case 'staff':
      return [{ staffSession: [], csrfToken: [] }, { staffBearer: [] }];
  }
}

function accessNote(access: Access): string {
  switch (access.kind) {
    case 'public':
      return "No credentials: the link's token, or the sign-in itself, is the check.";
    case 'client':
      return `API key of a client with the scope \`${access.scope}\`.`;
    case 'participant':
      return `A participant's session (\`Authorization: Bearer …\`) opened through this client, and its API key with the scope \`${access.scope}\`.`;
    case 'staff':
      return `Staff, role \`${access.role}\` or above.`;
  }
}

function operation(route: DeclaredRoute): RouteConfig {
  const { spec } = route;
  const names = pathParams(route.path);
  const params = names.length
    ? z.object(
        Object.fromEntries(
          names.map((name) => {
            const format = ID_PARAMS[name as keyof typeof ID_PARAMS];
            const schema = !format ? z.string() : 'format' in format ? z.uuid() : z.string().regex(new RegExp(format.pattern));
            return [name, schema];
          }),
        ),
      )
    : undefined;
  const json = spec.body && spec.content !== 'multipart' ? { 'application/json': { schema: spec.body } } : {};
  const form = spec.content && spec.content !== 'json' ? { 'multipart/form-data': { schema: spec.form ?? spec.body ?? z.object({}) } } : {};
  const body = { ...json, ...form };
  return {
    method: route.method.toLowerCase() as RouteConfig['method'],
    path: openApiPath(route.path),
    operationId: operationId(route),
    tags: [spec.tag],
    summary: spec.summary,
    description: [spec.description, accessNote(spec.access)].filter(Boolean).join('\n\n'),
    ...(security(spec.access) && { security: security(spec.access) }),
    'x-access': spec.access,
    request: {
      ...(params && { params }),
      ...(spec.query && { query: spec.query as z.ZodObject }),
      ...(spec.headers && { headers: spec.headers }),
      ...(Object.keys(body).length && { body: { required: true, content: body } }),
    },
    responses: Object.fromEntries(Object.entries(answers(route)).map(([status, r]) => [status, responseConfig(r)])),
  } as RouteConfig;
}

const INFO: Record<Api, { title: string; description: string }> = {
  client: {
    title: 'Bonus program back office: client API',
    description: [
      'For API clients (the shop site, the webinar platform, partners). Authenticate with `X-Api-Key`. Each client holds scopes, and each ' +
        'operation needs one (named in its security requirement): ' +
        API_SCOPES.map((s) => `\`${s}\`: ${API_SCOPE_ROUTES[s]}`).join('; ') +
        '. What a client creates (registrations, orders, claims, email-change requests, participant sessions) is its own: another client ' +
        'gets 404 for it, as for an unknown id.',
      'Every answer is JSON in camelCase. A refusal is `{ "error": { "code", "message", "field" } }`: `code` is stable, `field` names ' +
        'the field at fault (a refused body also lists every problem in `issues`).',
      'Work that a process (a workflow) does may take longer than the API waits: then the answer is `202` with `Location`, where the ' +
        'outcome can be followed, and `Retry-After`. `503` with `Retry-After` means try again shortly.',
      'TypeScript types of this document (openapi-typescript: `paths`, `operations`, `components` and one alias per schema) are at ' +
        '`/api/client-api.d.ts`.',
    ].join('\n\n'),
  },
  staff: {
    title: 'Bonus program back office: staff API',
    description: [
      "The staff console's API, under /admin/api. Sign in with `POST /admin/api/auth/login` (a second step with the authenticator's code " +
        "when the account has one). A browser holds the session in an HttpOnly cookie and echoes the `bk_staff_csrf` cookie's value in " +
        '`X-CSRF-Token` on every change; a program sends `Authorization: Bearer <token>` instead. Roles: `support`, and `admin`, who may ' +
        'do everything support may. Every change is audited.',
      'Lists speak the ra-data-simple-rest protocol: `sort`, `range` and `filter` as JSON in the query, and `Content-Range` in the answer. ' +
        'Records are rows as the console shows them (snake_case columns).',
    ].join('\n\n'),
  },
};

type JsonSchema = Record<string, any>;

/**
 * An example of `schema` built from the schema itself, for a body or an answer that names none: its
 * own `example` where it (or a part) has one, otherwise a value of each field's type and format. It is
 * what the document's readers copy first, so every one parses with its zod schema (test/unit/openapi.test.ts).
 */
export function exampleOf(schema: JsonSchema, components: Record<string, JsonSchema>, depth = 0, name = ''): unknown {
  if (schema.$ref) return exampleOf(components[schema.$ref.split('/').pop()], components, depth, name);
  if ('example' in schema) return schema.example;
  if (schema.examples?.length) return schema.examples[0];
  if (depth > 8) return null;
  if ('const' in schema) return schema.const;
  if (schema.enum) return schema.enum[0];
  const union = schema.oneOf ?? schema.anyOf;
  if (union) return exampleOf(union.find((s: JsonSchema) => s.type !== 'null') ?? union[0], components, depth + 1, name);
  if (schema.allOf) return Object.assign({}, ...schema.allOf.map((s: JsonSchema) => exampleOf(s, components, depth + 1)));
  const type = Array.isArray(schema.type) ? schema.type.find((t: string) => t !== 'null') : schema.type;
  switch (type) {
    case 'object': {
      const required = new Set<string>(schema.required ?? []);
      return Object.fromEntries(
        Object.entries<JsonSchema>(schema.properties ?? {})
          .filter(([name]) => required.has(name))
          .map(([field, property]) => [field, exampleOf(property, components, depth + 1, field)]),
      );
    }
    case 'array':
      return schema.items ? [exampleOf(schema.items, components, depth + 1)] : [];
    case 'integer':
    case 'number':
      return Math.max(schema.minimum ?? 1, schema.exclusiveMinimum === undefined ? 1 : schema.exclusiveMinimum + 1);
    case 'boolean':
      return true;
    case 'string':
      switch (schema.format) {
        case 'uuid':
          return '3f2b1c9e-6a7d-4e2f-8b1a-2c3d4e5f6a7b';
        case 'date-time':
          return '2026-11-29T10:00:00.000Z';
        case 'date':
          return '2026-11-29';
        case 'email':
          return 'anna@agency.example';
        case 'binary':
          return undefined;
        default: {
          // A field whose rule the format does not say: a value of its kind (an email, a code) that passes it.
          if (/email/i.test(name)) return 'anna@agency.example';
          const pattern = schema.pattern && new RegExp(schema.pattern);
          const fitting = pattern && ['123456', '7707083893', '+79123456789', 'AG-42'].find((v) => pattern.test(v));
          return fitting ?? 'x'.repeat(Math.max(1, schema.minLength ?? 1));
        }
      }
    default:
      return null;
  }
}

/** Gives every JSON body and answer without an example one built from its schema. */
function addExamples(document: JsonSchema): void {
  const components = document.components?.schemas ?? {};
  const hasExample = (media: JsonSchema) => {
    const schema = media.schema.$ref ? components[media.schema.$ref.split('/').pop()] : media.schema;
    return 'example' in media || 'examples' in media || 'example' in schema || 'examples' in schema;
  };
  for (const operations of Object.values<JsonSchema>(document.paths ?? {})) {
    for (const op of Object.values<JsonSchema>(operations)) {
      const media = [
        op.requestBody?.content?.['application/json'],
        ...Object.entries<JsonSchema>(op.responses ?? {})
          .filter(([status]) => status.startsWith('2'))
          .map(([, r]) => r.content?.['application/json']),
      ];
      for (const m of media) if (m?.schema && !hasExample(m)) m.example = exampleOf(m.schema, components);
    }
  }
}

/** The OpenAPI 3.1 document of the client API or of the staff API. */
export function generateDocument(api: Api) {
  const registry = new OpenAPIRegistry();
  if (api === 'client') {
    registry.registerComponent('securitySchemes', 'apiKey', {
      type: 'apiKey',
      in: 'header',
      name: 'X-Api-Key',
      description: "The API client's key",
    });
    registry.registerComponent('securitySchemes', 'participantSession', {
      type: 'http',
      scheme: 'bearer',
      description: "The participant's session token from POST /api/sign-in/verify",
    });
  } else {
    registry.registerComponent('securitySchemes', 'staffSession', {
      type: 'apiKey',
      in: 'cookie',
      name: 'bk_staff_session',
      description: "The console's session cookie (HttpOnly)",
    });
    registry.registerComponent('securitySchemes', 'csrfToken', {
      type: 'apiKey',
      in: 'header',
      name: 'X-CSRF-Token',
      description: "The `bk_staff_csrf` cookie's value, on every request that changes something",
    });
    registry.registerComponent('securitySchemes', 'staffBearer', {
      type: 'http',
      scheme: 'bearer',
      description: 'A staff session token, for programs',
    });
  }
  const routes = documentedRoutes(api);
  for (const route of routes) registry.registerPath(operation(route));
  const used = new Set<Tag>(routes.map((r) => r.spec.tag));
  // Every staff record is a component, also one no route answers yet (its route declares its own).
  const records = api === 'staff' ? Object.values(STAFF_RECORDS).map((schema) => ({ type: 'schema' as const, schema })) : [];
  const document = new OpenApiGeneratorV31([...registry.definitions, ...records]).generateDocument({
    openapi: '3.1.0',
    info: { ...INFO[api], version: '1.0.0' },
    servers: [{ url: '/' }],
    tags: (Object.keys(TAGS) as Tag[]).filter((t) => used.has(t)).map((name) => ({ name, description: TAGS[name] })),
  });
  addExamples(document);
  return document;
}

const documentTexts = new Map<Api, string>();

/**
 * An API's document as JSON text, generated on first use and kept: the route tables it is made of
 * are fixed once their modules are loaded (by the first request, every router is). Generating one
 * takes a tenth of a second of CPU, which an API (or a test system) used to pay at every start.
 */
export function documentText(api: Api): string {
  let text = documentTexts.get(api);
  if (text === undefined) {
    text = JSON.stringify(generateDocument(api));
    documentTexts.set(api, text);
  }
  return text;
}

/** The client API's document (/api/openapi.json, public), generated from the route table: a copy of its own. */
export const openApiDocument = () => JSON.parse(documentText('client'));

/** The staff API's document (/admin/api/openapi.json, staff only), generated from the route table: a copy of its own. */
export const staffOpenApiDocument = () => JSON.parse(documentText('staff'));

/**
 * The client API's TypeScript types for integrators (/api/client-api.d.ts): generated from its document
 * by scripts/openapi-types.ts with openapi-typescript, committed, and checked to be current by
 * test/unit/openapi-types.test.ts.
 */
export const clientApiTypes = () => readFileSync(fileURLToPath(new URL('./generated/client-api.d.ts', import.meta.url)), 'utf8');

export const docsPage = `<!doctype html>
<html><head><meta charset="utf-8"><title>Bonus program API</title>
<link rel="stylesheet" href="/api/docs/assets/swagger-ui.css"></head>
<body><div id="ui"></div>
<script src="/api/docs/assets/swagger-ui-bundle.js"></script>
<script>SwaggerUIBundle({ url: '/api/openapi.json', dom_id: '#ui' });</script>
</body></html>`;
