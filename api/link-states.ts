/**
 * The emailed links' pages, when opened: what the link can still do, found the way the endpoint its
 * form posts to would find it (and in the same order), so a used, expired or unknown link gets a page
 * saying so instead of a form that could only fail. Only reads: opening a page changes nothing.
 */
import type { Request, Response } from 'express';
import type { Pool } from '../db/pool.js';
import { confirmationTokenState } from '../db/confirmations.js';
import { emailChangeByConfirmToken } from '../db/email-changes.js';
import { passwordResetState } from '../db/participant-auth.js';
import { sha256 } from '../infra/secrets.js';
import { linkLanguage, renderLinkPage, type LinkKind, type LinkState } from './routes/link-pages.js';

/**
 * A link's token: 43 base64url characters, an HMAC-SHA-256 (confirmations, email changes) or 32
 * random bytes (password resets), infra/secrets.ts. Anything else is refused before any query.
 */
const LINK_TOKEN = /^[A-Za-z0-9_-]{43}$/;

/** R3: as POST /api/confirmations checks it. */
async function confirmationState(pool: Pool, token: string): Promise<LinkState> {
  const t = await confirmationTokenState(pool, sha256(token));
  if (!t) return 'unknown';
  if (t.used) return 'used';
  if (t.status === 'expired') return 'registration_expired';
  if (t.status !== 'pending_confirmation') return 'already_confirmed';
  if (t.expired) return 'expired';
  return 'open';
}

/** R25: as POST /api/password-resets/confirm checks it. */
async function passwordResetLinkState(pool: Pool, token: string): Promise<LinkState> {
  const state = await passwordResetState(pool, token);
  return state === 'not_found' ? 'unknown' : state;
}

/** R21: as POST /api/email-change-confirmations checks it (a closed request's link is used up). */
async function emailChangeState(pool: Pool, token: string): Promise<LinkState> {
  const request = await emailChangeByConfirmToken(pool, sha256(token));
  if (!request) return 'unknown';
  if (request.status === 'expired') return 'expired';
  if (request.status !== 'awaiting_confirmation') return 'used';
  if (request.expired) return 'expired';
  return 'open';
}

const STATES: Record<LinkKind, (pool: Pool, token: string) => Promise<LinkState>> = {
  confirmation: confirmationState,
  password_reset: passwordResetLinkState,
  email_change: emailChangeState,
};

/** Answers the page behind a `kind` link: in the reader's language, for the state of the link in `?token=`. */
export async function showLinkPage(pool: Pool, kind: LinkKind, req: Request, res: Response): Promise<void> {
  const lang = linkLanguage(req.get('accept-language'));
  const token = typeof req.query.token === 'string' ? req.query.token : '';
  const state = LINK_TOKEN.test(token) ? await STATES[kind](pool, token) : 'unknown';
  res
    .type('html')
    .set({ 'Content-Language': lang, Vary: 'Accept-Language' })
    .send(renderLinkPage(kind, lang, state));
}
