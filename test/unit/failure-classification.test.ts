/**
 * Which activity failures are final (activities/failure-classification.ts), and the wrapper that
 * makes them non-retryable where the worker registers the activities (activities/index.ts).
 */
import { ApplicationFailure } from '@temporalio/common';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { classifyingFailures } from '../../activities/index.js';
import { permanentFailure } from '../../activities/failure-classification.js';

/** An error shaped as node-postgres raises it for a server error. */
const pgError = (code: string, message = 'boom') => Object.assign(new pg.DatabaseError(message, 0, 'error'), { code, severity: 'ERROR' });

/** nodemailer's error for a recipient refused with `reply`. */
const smtpRefusal = (reply: string, command = 'RCPT TO') =>
  Object.assign(new Error(`Can't send mail - all recipients were rejected: ${reply}`), {
    code: 'EENVELOPE',
    command,
    response: reply,
    responseCode: Number(reply.slice(0, 3)),
  });

describe('permanentFailure', () => {
  it('PostgreSQL class 22 (data exception) is invalid input: a NUL byte, an over-long value, a malformed uuid', () => {
    for (const code of ['22021', '22001', '22P02', '22003']) {
      expect(permanentFailure(pgError(code, 'bad value'))).toEqual({ type: 'InvalidInput', message: `bad value (SQLSTATE ${code})` });
    }
  });

  it('PostgreSQL class 23 (integrity constraint violation) is final', () => {
    for (const code of ['23505', '23503', '23514', '23502']) {
      expect(permanentFailure(pgError(code))?.type).toBe('IntegrityViolation');
    }
  });

  it('connection trouble, a server shutting down, deadlocks and other classes stay retryable', () => {
    for (const code of ['08006', '08001', '57P01', '57P03', '40001', '40P01', '53300', '42P01', 'XX000']) {
      expect(permanentFailure(pgError(code))).toBeNull();
    }
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), {
      code: 'ECONNREFUSED',
      errno: -111,
      syscall: 'connect',
    });
    expect(permanentFailure(refused)).toBeNull();
    expect(permanentFailure(new AggregateError([refused], 'all attempts failed'))).toBeNull();
    // A system error whose code happens to have five letters is no SQLSTATE.
    expect(permanentFailure(Object.assign(new Error('write EPIPE'), { code: 'EPIPE' }))).toBeNull();
  });

  it('a recipient refused for good (5xx on RCPT TO) is a refused address; 4xx, 503 and a lost relay stay retryable', () => {
    expect(permanentFailure(smtpRefusal('550 5.1.1 No such user'))?.type).toBe('AddressRefused');
    expect(permanentFailure(smtpRefusal('553 5.1.3 Bad recipient address syntax'))?.type).toBe('AddressRefused');
    expect(permanentFailure(smtpRefusal('450 4.2.0 Mailbox busy'))).toBeNull();
    expect(permanentFailure(smtpRefusal('421 4.7.0 Try again later'))).toBeNull();
    expect(permanentFailure(smtpRefusal('503 5.5.1 Bad sequence of commands'))).toBeNull();
    // The sender refused (our own configuration): fixing it and retrying helps.
    expect(permanentFailure(smtpRefusal('550 5.7.1 Sender rejected', 'MAIL FROM'))).toBeNull();
    expect(permanentFailure(Object.assign(new Error('Connection timeout'), { code: 'ETIMEDOUT', command: 'CONN' }))).toBeNull();
    expect(permanentFailure(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ESOCKET', command: 'CONN' }))).toBeNull();
  });

  it('an address nodemailer refuses before sending, and a validation error, are invalid input', () => {
    expect(permanentFailure(Object.assign(new Error('Invalid recipient "x"'), { code: 'EENVELOPE', command: 'API' }))?.type).toBe(
      'InvalidInput',
    );
    const zodError = z.object({ email: z.email() }).safeParse({ email: 'nope' }).error;
    expect(permanentFailure(zodError)?.type).toBe('InvalidInput');
  });

  it('looks through wrapping errors to the driver error; anything else is retryable', () => {
    expect(permanentFailure(new Error('insert failed', { cause: pgError('22021') }))?.type).toBe('InvalidInput');
    expect(permanentFailure(new TypeError('x is undefined'))).toBeNull();
    expect(permanentFailure('a string')).toBeNull();
    expect(permanentFailure(null)).toBeNull();
  });
});

describe('classifyingFailures', () => {
  const activities = classifyingFailures({
    async poisoned() {
      throw pgError('22021', 'invalid byte sequence for encoding "UTF8": 0x00');
    },
    async unreachable() {
      throw Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
    },
    async refusedOnPurpose() {
      throw ApplicationFailure.nonRetryable('Order o-1 not found', 'OrderNotFound');
    },
    async fine(n: number) {
      return n * 2;
    },
  });

  it('rethrows a permanent failure as a non-retryable ApplicationFailure of its type, with the cause', async () => {
    const err = await activities.poisoned().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApplicationFailure);
    expect(err).toMatchObject({ type: 'InvalidInput', nonRetryable: true });
    expect((err as ApplicationFailure).message).toContain('SQLSTATE 22021');
    expect((err as ApplicationFailure).cause).toBeInstanceOf(pg.DatabaseError);
  });

  it("passes retryable errors, the activity's own failures and results through unchanged", async () => {
    const unreachable = await activities.unreachable().catch((e: unknown) => e);
    expect(unreachable).not.toBeInstanceOf(ApplicationFailure);
    expect(unreachable).toMatchObject({ code: 'ECONNREFUSED' });
    expect(await activities.refusedOnPurpose().catch((e: unknown) => e)).toMatchObject({ type: 'OrderNotFound', nonRetryable: true });
    expect(await activities.fine(21)).toBe(42);
    expect(Object.keys(activities)).toEqual(['poisoned', 'unreachable', 'refusedOnPurpose', 'fine']);
  });
});
