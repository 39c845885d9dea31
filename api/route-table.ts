/**
 * The route table: every route of the API declared once, next to its handler in its router file
 * (`defineRoutes`): method and path, who may call it (api/route-access.ts), what it takes (query,
 * body, form, headers) and what it answers (status codes, schemas), its summary and tag. From that one
 * declaration come:
 *
 *  - the express wiring (`routesOf`): the access gate, the check of the id parameters, the route's
 *    own middleware (uploads), then the query and the body parsed with their zod schemas; the handler
 *    receives the parsed input, and a refusal is the usual 400 naming the field;
 *  - the OpenAPI documents (api/openapi.ts): the client API's at /api/openapi.json, the staff API's
 *    at /admin/api/openapi.json;
 *  - the role × route matrix (test/integration/route-access.test.ts), and the check that every
 *    route is documented (test/unit/openapi.test.ts).
 *
 * A route that is not declared cannot be wired (`on` takes only declared keys), a declared route
 * without a handler stops the app at start (`done`), and a declaration without an access rule does
 * not type-check.
 */
import { Router, type Request, type RequestHandler, type Response } from 'express';
import type { z } from 'zod';
import type { ApiDeps } from './deps.js';
import { notAnObject } from './errors.js';
import { paramProblem } from './params.js';
import { ErrorResponse } from './schemas.js';
import { accessGate, type Access } from './route-access.js';
import { parse } from './validate.js';

export const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;
export type Method = (typeof METHODS)[number];
/** `METHOD /full/path/:param`, the path as express writes it and as the route is reached from outside. */
export type RouteKey = `${Method} /${string}`;

/**
 * The tags that group operations in the documents, with what each holds. The client API's and the
 * staff API's tags are apart: each document lists only its own.
 */
export const TAGS = {
  // client API (/api/openapi.json)
  Registrations: 'Agency employees join the program (R1–R4, R22); the client follows each registration',
  'Email confirmation': 'The emailed link: the participant confirms the address and sets a password (R3)',
  Events: 'Events that earn points (R9), their attendance, test-result and course-completion reports (R10, R11)',
  Claims: 'Points a participant was not credited for, claimed after the crediting window (A4)',
  Ledger: 'A balance explained: lots with their expiry (R20) and every entry with its source; what points cannot do (R18, R19)',
  Shop: 'The catalog and orders paid with points (R15–R17, A5)',
  Donations: "Charity funds and participants' donations of points to them (A3, A5): final once completed, never to a person (R18, R19)",
  'Email changes': 'A participant who changed employer changes the login email, with two documents and a review (R21)',
  'Participant sign-in': 'Sign-in with a mailed code (A6), sessions (R14), the forgotten password (R25)',
  'Participant account': "The signed-in participant's own account for the shop site",
  'Corporate applications': 'An organisation not yet under contract applies to join, with its signed documents; a manager decides (A7)',
  'Partner accruals':
    "A partner's systems post its transactions' points (A2): pending, then credited; cancelled or reversed by the partner",
  // staff API (/admin/api/openapi.json)
  'Staff sign-in': "The console's sign-in, session, second factor, and the admins' security settings",
  Console: 'What the console needs to start',
  Dashboard: "The console's first screen: the program's figures, each the total of a list",
  Participants: 'Participants, their records and documents; resending a lost link (R3)',
  Reviews: 'The review queue: contracts a person must verify (R4, R22)',
  'Contract registry': "The operator's contract registry (R4)",
  'Events and reports': 'Events, uploaded reports with a preview, crediting outcomes (R9–R13)',
  Incidents: 'Steps that failed for good and wait for a person (R11)',
  'Claims queue': 'Claims (A4) and their decision',
  'Email-change queue': 'Email-change requests (R21) and their decision',
  'Applications queue': "Organisations' applications (A7) and a manager's decision, which writes the contract registry (R4)",
  'Catalog and orders': 'The catalog (R15) and orders with their affiliation check (R17)',
  'Charity funds': 'The charity funds admins keep, their donations and monthly statements (A3)',
  Partners: 'Partners admins keep (A2): earning rule, pending period, price per point, API client; accruals and monthly statements',
  'Points ledger': 'Lots, adjustments, reversals, closing an account, exports, forecast and invariant (R18–R20, R26)',
  Terms: "The program's terms from an instant on (R27)",
  Records: 'Sent mail, documents, the audit log',
  'Staff and API keys': 'Staff accounts and API clients (admins)',
} as const;
export type Tag = keyof typeof TAGS;

/** One answer of a route. JSON unless `type` says otherwise; `schema` absent: no body (or any). */
export interface ResponseSpec {
  description: string;
  schema?: z.ZodType;
  type?: 'application/json' | 'text/html' | 'text/csv' | 'application/octet-stream';
  /** response headers: name → what it holds */
  headers?: Record<string, string>;
}

export interface RouteSpec {
  access: Access;
  tag: Tag;
  summary: string;
  description?: string;
  /**
   * An HTML page for people (behind an emailed link): in the table, wired and gated like any route and
   * in the access matrix, but not an operation of the API's OpenAPI document.
   */
  page?: true;
  /** the query string, parsed (and refused) before the handler runs */
  query?: z.ZodType;
  /** the body, parsed before the handler runs: the JSON body, or a multipart form's text fields */
  body?: z.ZodType;
  /** how the body comes (default JSON) */
  content?: 'json' | 'multipart' | 'json or multipart';
  /** the multipart form as documented: its text fields and its files (`format: binary`); default: `body` */
  form?: z.ZodType;
  /** request headers the handler reads (documented; the handler checks them) */
  headers?: z.ZodObject;
  responses: Record<number, ResponseSpec>;
}

export type Routes = Record<RouteKey, RouteSpec>;

export interface RouteTable<T extends Routes = Routes> {
  /** where api/app.ts mounts the table's router: its keys all start with it */
  mount: string;
  routes: T;
}

/** A declared route, as the documents and the tests walk them. */
export interface DeclaredRoute {
  key: RouteKey;
  method: Method;
  /** express style: `/api/orders/:id` */
  path: string;
  spec: RouteSpec;
}

export const splitKey = (key: string): { method: Method; path: string } => {
  const [method, path] = key.split(' ') as [Method, string];
  return { method, path };
};

/** The `:names` of a path. */
export const pathParams = (path: string): string[] => [...path.matchAll(/:(\w+)/g)].map((m) => m[1]);

/** Declares a router file's routes, mounted at `mount` (`''`: the app's root). */
export function defineRoutes<const T extends Routes>(mount: string, routes: T): RouteTable<T> {
  for (const key of Object.keys(routes)) {
    const { method, path } = splitKey(key);
    if (!(METHODS as readonly string[]).includes(method) || !path.startsWith(`${mount}/`) || key.split(' ').length !== 2) {
      throw new Error(`Route table: "${key}" is not "METHOD ${mount}/…"`);
    }
  }
  return { mount, routes };
}

export const declaredRoutes = (table: RouteTable): DeclaredRoute[] =>
  Object.entries(table.routes).map(([key, spec]) => ({ key: key as RouteKey, ...splitKey(key), spec }));

// ---- the express wiring ------------------------------------------------------------------------

type ParamNames<P extends string> = P extends `${string}:${infer Name}/${infer Rest}`
  ? Name | ParamNames<`/${Rest}`>
  : P extends `${string}:${infer Name}`
    ? Name
    : never;
type Parsed<S, F extends 'query' | 'body'> = S extends { [K in F]: infer Schema extends z.ZodType } ? z.output<Schema> : undefined;

/** What a handler receives: the path's parameters (their format checked) and the parsed query and body. */
export type PathParams<K extends string> = { [N in ParamNames<K>]: string };
export interface RouteInput<K extends string, S> {
  params: PathParams<K>;
  query: Parsed<S, 'query'>;
  body: Parsed<S, 'body'>;
}
export type RouteHandler<K extends string, S> = (input: RouteInput<K, S>, req: Request<PathParams<K>>, res: Response) => unknown;

/** Marks the handler of a table route in express's stack (test/unit/openapi.test.ts walks it). */
export const ROUTE_KEY = Symbol('routeKey');

export interface TableRouter<T extends Routes> {
  /** Wires a declared route: the gate, the id check, `middleware` (uploads), the parsing, then `handler`. */
  on<K extends keyof T & string>(key: K, ...chain: [...middleware: RequestHandler[], handler: RouteHandler<K, T[K]>]): void;
  /** The router, once every declared route has its handler. */
  done(): Router;
}

/** The id parameters' format, checked after the gate (so an anonymous caller learns nothing from a 404). */
const checkParams =
  (names: string[]): RequestHandler =>
  (req, _res, next) => {
    for (const name of names) {
      const problem = paramProblem(name, String(req.params[name]));
      if (problem) return next(problem);
    }
    next();
  };

/** Every body this API takes is an object: an array (JSON that is not one) is refused as such. */
function objectBody(body: unknown): object {
  if (body === undefined) return {};
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw notAnObject();
  return body;
}

export function routesOf<T extends Routes>(table: RouteTable<T>, deps: Pick<ApiDeps, 'pool' | 'config'>): TableRouter<T> {
  const router = Router();
  const wired = new Set<string>();
  return {
    on(key, ...chain) {
      const spec = table.routes[key] as RouteSpec | undefined;
      if (!spec) throw new Error(`Route table: ${key} is not declared`);
      if (wired.has(key)) throw new Error(`Route table: ${key} is wired twice`);
      wired.add(key);
      const handler = chain.pop() as RouteHandler<string, RouteSpec>;
      const middleware = chain as RequestHandler[];
      const { method, path } = splitKey(key);
      const run: RequestHandler = async (req, res) => {
        const input = {
          params: req.params,
          query: spec.query ? parse(spec.query, req.query) : undefined,
          body: spec.body ? parse(spec.body, objectBody(req.body)) : undefined,
        } as RouteInput<string, RouteSpec>;
        await handler(input, req as Request<any>, res);
      };
      Object.defineProperty(run, ROUTE_KEY, { value: key });
      const params = pathParams(path);
      router[method.toLowerCase() as Lowercase<Method>](
        path.slice(table.mount.length),
        ...accessGate(deps, spec.access),
        ...(params.length ? [checkParams(params)] : []),
        ...middleware,
        run,
      );
    },
    done() {
      const missing = Object.keys(table.routes).filter((key) => !wired.has(key));
      if (missing.length) throw new Error(`Route table: no handler for ${missing.join(', ')}`);
      return router;
    },
  };
}

// ---- answers, as the tables write them -----------------------------------------------------------

/** A JSON answer of `schema`. */
export const json = (schema: z.ZodType, description: string, headers?: Record<string, string>): ResponseSpec => ({
  description,
  schema,
  headers,
});
/** A refusal: `{ error: { code, message, field } }`; the description names the codes. */
export const refused = (description: string): ResponseSpec => ({ description, schema: ErrorResponse });
/** An answer without a body. */
export const noContent = (description: string): ResponseSpec => ({ description });
