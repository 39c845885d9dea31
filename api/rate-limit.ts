/**
 * The sign-in limits of participants and staff, one implementation: counters in PostgreSQL
 * (db/participant-auth.ts `takeHits`), shared by every API process, AUTH_FAILURE_LIMIT per account
 * and AUTH_IP_LIMIT per end-user address within AUTH_WINDOW_MS. Over a limit: 429 with Retry-After.
 */
import type { ErrorRequestHandler } from 'express';
import { giveBack, takeHits, type Bucket } from '../db/participant-auth.js';
import type { Pool } from '../db/pool.js';
import { AppError } from './errors.js';

/** 429: the answer carries Retry-After (set by `retryAfter` from `retryAfterSeconds`). */
export class RateLimited extends AppError {
  constructor(
    readonly retryAfterSeconds: number,
    code = 'too_many_attempts',
    message = 'Too many attempts; try again later',
  ) {
    super(429, code, message, undefined, { retryAfterSeconds });
  }
}

export const seconds = (ms: number) => Math.max(1, Math.ceil(ms / 1000));

/** The bucket of failed sign-in steps from one end-user address, the same for participants and staff. */
export const failuresFrom = (address: string) => `auth:ip:${address}`;

/**
 * Takes a hit from each bucket before a guess is judged; over a limit, gives them back (a refused
 * request costs nothing) and refuses. Answers the keys, for `giveBack` when the guess was right.
 */
export async function limit(pool: Pool, buckets: Bucket[], windowMs: number): Promise<string[]> {
  const keys = buckets.map((b) => b.key);
  const hit = await takeHits(pool, buckets, windowMs);
  if (hit.exceeded.length > 0) {
    await giveBack(pool, keys);
    throw new RateLimited(seconds(hit.retryAfterMs));
  }
  return keys;
}

/** For a router's error chain: 429s say when to come back. */
export const retryAfter: ErrorRequestHandler = (err, _req, res, next) => {
  if (err instanceof RateLimited) res.set('Retry-After', String(err.retryAfterSeconds));
  next(err);
};
