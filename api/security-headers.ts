/**
 * The browser-facing headers of every answer, in one place:
 *
 *  - a Content-Security-Policy per kind of page. JSON answers may run and load nothing. The console
 *    (vite's build: one module script, no inline script) may load its own files only; its styles need
 *    'unsafe-inline' because MUI's emotion writes <style> elements at run time; documents it previews
 *    are blob: URLs. The pages behind emailed links and the API docs page have inline scripts and
 *    styles: each is allowed by its SHA-256, computed here from the page itself, and nothing else is;
 *  - no page may be framed (`frame-ancestors 'none'`, and X-Frame-Options for old browsers), no
 *    answer sniffed into another type, no address (a link's token!) sent on as a referrer;
 *  - nothing is kept in caches (`no-store`: staff answers, /api/me, link pages, sign-in answers are
 *    personal), except the console's and the docs' static files, which express.static serves;
 *  - HSTS when PUBLIC_URL is https.
 */
import { createHash } from 'node:crypto';
import type { RequestHandler } from 'express';
import type { Config } from '../infra/config.js';
import { docsPage } from './openapi.js';
import { LINK_PAGE_INLINE } from './routes/link-pages.js';

const policy = (directives: Record<string, string>) =>
  Object.entries(directives)
    .map(([name, value]) => `${name} ${value}`)
    .join('; ');

const hashes = (html: string, tag: 'script' | 'style') =>
  [...html.matchAll(new RegExp(`<${tag}>([\\s\\S]*?)</${tag}>`, 'g'))]
    .map((m) => `'sha256-${createHash('sha256').update(m[1]).digest('base64')}'`)
    .join(' ');

const always = { 'frame-ancestors': "'none'", 'base-uri': "'none'" };

/** JSON, files, redirects: nothing to run, nothing to load. */
export const apiPolicy = policy({ 'default-src': "'none'", 'form-action': "'none'", ...always });

/** The react-admin console at /admin/. */
export const consolePolicy = policy({
  'default-src': "'self'",
  'script-src': "'self'",
  'style-src': "'self' 'unsafe-inline'",
  'img-src': "'self' data: blob:",
  'font-src': "'self' data:",
  'connect-src': "'self'",
  'object-src': 'blob:',
  'frame-src': 'blob:',
  'form-action': "'self'",
  ...always,
});

/** A page with inline script and style (a link page): those exact ones, and calls to this API. */
const inlinePagePolicy = (html: string, extra: Record<string, string> = {}) =>
  policy({
    'default-src': "'none'",
    'script-src': hashes(html, 'script') || "'none'",
    'style-src': hashes(html, 'style') || "'none'",
    'connect-src': "'self'",
    'form-action': "'none'",
    ...extra,
    ...always,
  });

/** Pages by path. */
const pagePolicies = new Map<string, string>([
  // The link pages: one script and one style, the same in every language and state.
  ['/confirm', inlinePagePolicy(LINK_PAGE_INLINE)],
  ['/reset-password', inlinePagePolicy(LINK_PAGE_INLINE)],
  ['/confirm-email-change', inlinePagePolicy(LINK_PAGE_INLINE)],
  // Swagger UI: its bundle and stylesheet from /api/docs/assets, the one inline call that starts it.
  [
    '/api/docs',
    policy({
      'default-src': "'self'",
      'script-src': `'self' ${hashes(docsPage, 'script')}`,
      'style-src': "'self' 'unsafe-inline'",
      'img-src': "'self' data:",
      'connect-src': "'self'",
      'form-action': "'self'",
      ...always,
    }),
  ],
]);

const isConsole = (path: string) =>
  (path === '/admin' || path.startsWith('/admin/')) && !path.startsWith('/admin/api/') && path !== '/admin/api';
const staticFile = /^\/(admin\/assets\/|admin\/favicon\.svg$|api\/docs\/assets\/)/;

export function securityHeaders(config: Pick<Config, 'publicUrl'>): RequestHandler {
  const https = config.publicUrl.startsWith('https:');
  return (req, res, next) => {
    res.set({
      'Content-Security-Policy': pagePolicies.get(req.path) ?? (isConsole(req.path) ? consolePolicy : apiPolicy),
      'X-Content-Type-Options': 'nosniff',
      'X-Frame-Options': 'DENY',
      'Referrer-Policy': 'no-referrer',
      'Cross-Origin-Opener-Policy': 'same-origin',
    });
    if (!staticFile.test(req.path)) res.set('Cache-Control', 'no-store');
    if (https) res.set('Strict-Transport-Security', 'max-age=31536000');
    next();
  };
}
