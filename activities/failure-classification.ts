/**
 * Which activity failures retrying cannot fix. Temporal retries every failure it is not told is
 * final; a row the database refuses, or an address the mail relay refuses for good, would be
 * retried for as long as the retry policy allows while the workflow waits. Such a failure is
 * turned into a non-retryable one where the activities are registered (activities/index.ts), so
 * the workflow hears of it at once and takes its incident path (workflows/incidents.ts).
 *
 * Pure: looks at the error's fields only, so it is unit-tested without servers.
 */

export type PermanentFailureType = 'InvalidInput' | 'IntegrityViolation' | 'AddressRefused';

export interface PermanentFailure {
  type: PermanentFailureType;
  message: string;
}

interface ErrorFields {
  name?: unknown;
  message?: unknown;
  code?: unknown;
  severity?: unknown;
  command?: unknown;
  responseCode?: unknown;
  cause?: unknown;
}

/**
 * The failure as a permanent one, or null when retrying may help (a lost connection, a server
 * shutting down, a deadlock, a timeout, a bug that a new deployment fixes).
 *
 * - PostgreSQL SQLSTATE class 22 (data exception: a NUL byte, a value out of range, a malformed
 *   uuid) is `InvalidInput`, class 23 (integrity constraint violation) is `IntegrityViolation`.
 *   Class 08 (connection exception), 57P01 (admin shutdown), 40 (deadlock, serialization) and every
 *   other class stay retryable.
 * - nodemailer's refusal of the recipient with a permanent SMTP reply (5xx on RCPT TO; 503 is a bad
 *   command sequence on that connection, which a new connection mends) is `AddressRefused`; an
 *   address nodemailer itself refuses before sending is `InvalidInput`. 4xx replies and ECONNREFUSED stay retryable.
 * - A validation error (zod's ZodError) is `InvalidInput`.
 *
 * The error's `cause` chain is followed a few levels, for errors that wrap the driver's.
 */
export function permanentFailure(err: unknown): PermanentFailure | null {
  for (let e: unknown = err, depth = 0; e && typeof e === 'object' && depth < 4; e = (e as ErrorFields).cause, depth++) {
    const found = classifyOne(e as ErrorFields);
    if (found) return found;
  }
  return null;
}

function classifyOne(e: ErrorFields): PermanentFailure | null {
  const message = typeof e.message === 'string' ? e.message : String(e.name ?? 'error');
  if (isPostgresError(e)) {
    const sqlClass = e.code.slice(0, 2);
    if (sqlClass === '22') return { type: 'InvalidInput', message: `${message} (SQLSTATE ${e.code})` };
    if (sqlClass === '23') return { type: 'IntegrityViolation', message: `${message} (SQLSTATE ${e.code})` };
    return null;
  }
  if (e.code === 'EENVELOPE') {
    if (e.command === 'API') return { type: 'InvalidInput', message };
    if (
      e.command === 'RCPT TO' &&
      typeof e.responseCode === 'number' &&
      e.responseCode >= 500 &&
      e.responseCode < 600 &&
      e.responseCode !== 503
    ) {
      return { type: 'AddressRefused', message };
    }
    return null;
  }
  if (e.name === 'ZodError') return { type: 'InvalidInput', message };
  return null;
}

/** node-postgres's DatabaseError: a five-character SQLSTATE and the server's severity. */
function isPostgresError(e: ErrorFields): e is ErrorFields & { code: string } {
  return typeof e.code === 'string' && /^[0-9A-Z]{5}$/.test(e.code) && typeof e.severity === 'string';
}
