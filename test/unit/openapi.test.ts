/**
 * The route table, the app and the OpenAPI documents agree (issue "One owner per table…" item 4,
 * issue 14): every route the app serves is declared in the route table (express's router stack is
 * walked), every declared route is served and documented, every documented operation is a declared
 * route; and each document holds together: OpenAPI 3.1, every $ref resolves, every operation has a
 * known tag and at least one 4xx, the client API's is camelCase. No servers: the app is built over
 * a pool that never connects.
 */
import type { Client } from '@temporalio/client';
import type { Express } from 'express';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../api/app.js';
import { openApiDocument, openApiPath, staffAnswerSchema, staffOpenApiDocument } from '../../api/openapi.js';
import { ACCESS_KINDS } from '../../api/route-access.js';
import { ROUTE_KEY, TAGS, type DeclaredRoute } from '../../api/route-table.js';
import { allRoutes, isStaffRoute } from '../../api/route-tables.js';
import { loadConfig } from '../../infra/config.js';
import { STAFF_ROLES } from '../../rules/staff-roles.js';
import { createPool } from '../../db/pool.js';
import type { Mailer } from '../../infra/mailer.js';

/**
 * Routes the app serves outside the route table, each for a reason: the documents and their page
 * (infrastructure of the docs themselves), the health probes, the console's files. Only ever shrinks.
 */
const OUTSIDE_THE_TABLE = [
  'GET /api/openapi.json', // the client API's document itself
  'GET /api/client-api.d.ts', // its TypeScript types (scripts/openapi-types.ts)
  'GET /api/docs', // its Swagger UI page
  'GET /health', // process managers and load balancers (api/health.ts)
  'GET /health/live',
  'GET /health/ready',
  'GET /metrics', // Prometheus (api/observability.ts), with its own token (METRICS_TOKEN)
  'GET /^\\/admin(\\/.*)?$/', // the console's index.html for its client-side routes
  'GET /', // redirects to the console
];

function buildApp(): Express {
  const config = loadConfig({ DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none', TOKEN_SECRET: 'x'.repeat(32) });
  // Building the app connects to nothing: the pool connects on its first query, and no route runs.
  return createApp({ pool: createPool(config.databaseUrl, 1), temporal: {} as Client, config, mailer: {} as Mailer });
}

interface Served {
  key: string;
  /** the table route's key, if its handler is a table route's */
  tableKey?: string;
}

/** Every route in express's stack, nested routers included. */
function servedRoutes(app: Express): Served[] {
  const served: Served[] = [];
  const walk = (stack: any[]) => {
    for (const layer of stack) {
      if (layer.route) {
        const tableKey = layer.route.stack.map((l: any) => l.handle?.[ROUTE_KEY]).find(Boolean);
        for (const method of Object.keys(layer.route.methods))
          served.push({ key: `${method.toUpperCase()} ${String(layer.route.path)}`, tableKey });
      } else if (Array.isArray(layer.handle?.stack)) {
        walk(layer.handle.stack);
      }
    }
  };
  walk((app as any).router.stack);
  return served;
}

const documented = (doc: any) =>
  Object.entries<any>(doc.paths).flatMap(([path, ops]) =>
    Object.keys(ops).map((method) => `${method.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`),
  );

describe('the route table', () => {
  const routes = allRoutes();

  it('declares every route once, each with an access rule of a known kind', () => {
    const keys = routes.map((r) => r.key);
    expect(keys.length).toBeGreaterThan(0);
    expect(new Set(keys).size).toBe(keys.length);
    for (const r of routes) {
      expect(ACCESS_KINDS, r.key).toContain(r.spec.access?.kind);
      if (r.spec.access.kind === 'client' || r.spec.access.kind === 'participant') expect(r.spec.access.scope, r.key).toBeTruthy();
      if (r.spec.access.kind === 'staff') expect(STAFF_ROLES, r.key).toContain(r.spec.access.role);
      expect(Object.keys(TAGS), r.key).toContain(r.spec.tag);
      expect(isStaffRoute(r), `${r.key}: the staff API is staff's only`).toBe(
        r.spec.access.kind === 'staff' || r.key.includes('/admin/api/auth/login'),
      );
    }
  });

  it('is what the app serves: every route in its stack is a table route (or named above), and every table route is served', () => {
    const served = servedRoutes(buildApp());
    const outside = served.filter((s) => !s.tableKey).map((s) => s.key);
    expect(
      outside.filter((k) => !OUTSIDE_THE_TABLE.includes(k)),
      'routes served outside the route table',
    ).toEqual([]);
    const wired = served.map((s) => s.tableKey).filter(Boolean);
    expect(new Set(wired).size, 'a table route wired twice').toBe(wired.length);
    expect([...wired].sort()).toEqual(routes.map((r) => r.key).sort());
  });
});

describe.each([
  ['client', openApiDocument, (r: DeclaredRoute) => !isStaffRoute(r)],
  ['staff', staffOpenApiDocument, isStaffRoute],
] as const)('the %s API document', (_api, generate, ofThisApi) => {
  const doc: any = generate();
  const operations = Object.values<any>(doc.paths).flatMap((ops) => Object.values<any>(ops));

  it('documents every route of the table (HTML pages aside), and nothing else', () => {
    const declared = allRoutes()
      .filter((r) => ofThisApi(r) && !r.spec.page)
      .map((r) => r.key);
    expect(documented(doc).sort()).toEqual(declared.sort());
  });

  it('is OpenAPI 3.1 whose every $ref resolves', () => {
    expect(doc.openapi).toMatch(/^3\.1\./);
    expect(doc.info.title).toBeTruthy();
    const refs: string[] = [];
    const collect = (node: unknown) => {
      if (Array.isArray(node)) node.forEach(collect);
      else if (node && typeof node === 'object') {
        for (const [k, v] of Object.entries(node)) {
          if (k === '$ref' && typeof v === 'string') refs.push(v);
          else collect(v);
        }
      }
    };
    collect(doc);
    expect(refs.length).toBeGreaterThan(0);
    for (const ref of refs) {
      expect(ref, ref).toMatch(/^#\//);
      const target = ref
        .slice(2)
        .split('/')
        .reduce<any>((node, part) => node?.[part.replace(/~1/g, '/').replace(/~0/g, '~')], doc);
      expect(target, `${ref} resolves`).toBeDefined();
    }
    for (const scheme of operations.flatMap((op) => (op.security ?? []).flatMap((s: object) => Object.keys(s)))) {
      expect(doc.components.securitySchemes, scheme).toHaveProperty(scheme);
    }
  });

  it('gives every operation a declared tag, a summary, a unique operationId, its path parameters and at least one 4xx', () => {
    const tags = new Set(doc.tags.map((t: { name: string }) => t.name));
    const ids = operations.map((op) => op.operationId);
    expect(new Set(ids).size).toBe(ids.length);
    for (const [path, ops] of Object.entries<any>(doc.paths)) {
      for (const [method, op] of Object.entries<any>(ops)) {
        const where = `${method.toUpperCase()} ${path}`;
        expect(op.tags?.length, where).toBe(1);
        expect(tags.has(op.tags[0]), `${where}: tag ${op.tags[0]} is declared`).toBe(true);
        expect(op.summary, where).toBeTruthy();
        expect(
          Object.keys(op.responses).some((s) => /^4\d\d$/.test(s)),
          `${where} has a 4xx`,
        ).toBe(true);
        const inPath = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
        const declared = (op.parameters ?? [])
          .filter((p: any) => p.in === 'path')
          .map((p: any) => p.name)
          .sort();
        expect(declared, where).toEqual(inPath);
      }
    }
    // More than one tag: operations are grouped, not all under one.
    expect(tags.size).toBeGreaterThan(3);
  });

  it('carries an example on every JSON body and answer, and each parses with the zod schema that validates it', () => {
    const refused: string[] = [];
    for (const route of allRoutes().filter((r) => ofThisApi(r) && !r.spec.page)) {
      const op = doc.paths[openApiPath(route.path)][route.method.toLowerCase()];
      const check = (where: string, media: any, schema: any) => {
        if (!media?.schema) return;
        const target = media.schema.$ref ? doc.components.schemas[media.schema.$ref.split('/').pop()] : media.schema;
        const example = media.example ?? target.example;
        expect(example, `${where} has an example`).toBeDefined();
        const parsed = schema?.safeParse(example);
        if (parsed && !parsed.success) refused.push(`${where}: ${parsed.error.issues.map((i: any) => `${i.path.join('.')} ${i.message}`)}`);
      };
      if (route.spec.content !== 'multipart') check(`${route.key} body`, op.requestBody?.content?.['application/json'], route.spec.body);
      for (const [status, answer] of Object.entries(route.spec.responses).filter(([s]) => s.startsWith('2')))
        check(
          `${route.key} ${status}`,
          op.responses[status]?.content?.['application/json'],
          staffAnswerSchema(route, Number(status), answer.schema),
        );
    }
    expect(refused).toEqual([]);
  });
});

describe('the staff API document', () => {
  const doc: any = staffOpenApiDocument();

  it("types the console's records field by field: only the answers named here are still untyped records", () => {
    const untyped = Object.entries<any>(doc.paths).flatMap(([path, ops]) =>
      Object.entries<any>(ops).flatMap(([method, op]) =>
        Object.entries<any>(op.responses)
          .filter(([, r]) => JSON.stringify(r.content ?? {}).includes('#/components/schemas/StaffRecord'))
          .map(([status]) => `${method.toUpperCase()} ${path} ${status}`),
      ),
    );
    // Only ever shrinks: the console declares these by hand (admin-ui/src/{charity,partners,tiers,dashboard}/types.ts).
    expect(
      untyped.filter(
        (k) =>
          !/\/(charity-funds|donations|partners|security-settings|ledger-entries|openapi\.json|participants\/\{id\}\/tier-history)/.test(k),
      ),
    ).toEqual([]);
  });
});

describe('the client API document', () => {
  const doc: any = openApiDocument();

  it('is camelCase: no property of a request or an answer has an underscore', () => {
    const offenders: string[] = [];
    const walk = (node: unknown, where: string) => {
      if (Array.isArray(node)) node.forEach((n, i) => walk(n, `${where}[${i}]`));
      else if (node && typeof node === 'object') {
        for (const [k, v] of Object.entries(node)) {
          if (k === 'properties' && v && typeof v === 'object') {
            for (const name of Object.keys(v)) if (name.includes('_')) offenders.push(`${where}.${name}`);
          }
          if (k !== 'example' && k !== 'examples') walk(v, `${where}.${k}`);
        }
      }
    };
    walk(doc.paths, 'paths');
    walk(doc.components.schemas, 'components');
    expect(offenders).toEqual([]);
  });

  it("states the registration's conditional rules: one schema per contract path, told apart by contractPath", () => {
    const body = doc.paths['/api/registrations'].post.requestBody.content['application/json'].schema;
    const schema = body.$ref ? doc.components.schemas[body.$ref.split('/').pop()] : body;
    expect(schema.discriminator?.propertyName).toBe('contractPath');
    expect(Object.keys(schema.discriminator.mapping).sort()).toEqual(['agent', 'intermediary', 'subagent']);
    const variant = (path: string) => doc.components.schemas[schema.discriminator.mapping[path].split('/').pop()];
    expect(variant('subagent').required).toEqual(expect.arrayContaining(['contractNumber', 'subagencyLegalName']));
    expect(variant('intermediary').required).toEqual(expect.arrayContaining(['contractNumber']));
    expect(variant('agent').required).not.toContain('contractNumber');
    expect(schema.description).toMatch(/INN/);
    // R2: every shape names the agency by its INN or its legal name, stated as a rule, not only in words
    for (const path of ['agent', 'subagent', 'intermediary']) {
      const named = variant(path).allOf?.[0]?.anyOf?.map((s: { required: string[] }) => s.required[0]);
      expect(named, path).toEqual(['agencyInn', 'agencyName']);
    }
  });

  it('documents the email-change routes and the whole ledger answer', () => {
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/api/email-changes',
        '/api/email-changes/{id}',
        '/api/email-changes/{id}/documents',
        '/api/email-change-confirmations',
      ]),
    );
    const ledger = doc.paths['/api/registrations/{id}/ledger'].get.responses[200].content['application/json'].schema;
    const schema = ledger.$ref ? doc.components.schemas[ledger.$ref.split('/').pop()] : ledger;
    expect(Object.keys(schema.properties).sort()).toEqual(['balance', 'entries', 'lots', 'nextExpiry']);
  });
});
