/**
 * Which database failures mean "the database is away, ask again later" (the API's 503
 * `database_unavailable` with Retry-After) rather than a refusal of the statement or a bug.
 */
import { describe, expect, it } from 'vitest';
import { isDatabaseUnavailable } from '../../db/pool.js';

const pgError = (code: string, message = 'server says no') => Object.assign(new Error(message), { code, severity: 'FATAL' });
const socketError = (code: string) => Object.assign(new Error(`connect ${code} 127.0.0.1:5432`), { code, syscall: 'connect' });

describe('a database that is away', () => {
  it('is a refused or broken socket, a lost connection, a pool that found none in time', () => {
    for (const code of ['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENOTFOUND']) {
      expect(isDatabaseUnavailable(socketError(code)), code).toBe(true);
    }
    expect(isDatabaseUnavailable(new Error('Connection terminated unexpectedly'))).toBe(true);
    expect(isDatabaseUnavailable(new Error('Connection terminated due to connection timeout'))).toBe(true);
    expect(isDatabaseUnavailable(new Error('timeout exceeded when trying to connect'))).toBe(true);
    expect(isDatabaseUnavailable(new Error('Client has encountered a connection error and is not queryable'))).toBe(true);
    // localhost resolving to two addresses, both refused
    expect(isDatabaseUnavailable(new AggregateError([socketError('ECONNREFUSED'), socketError('ECONNREFUSED')], 'connect'))).toBe(true);
  });

  it('is SQLSTATE class 08, a server shutting down, crashed, or starting up (57P01–57P03), or one with no connection to spare (53300)', () => {
    for (const code of ['08000', '08003', '08006', '08001', '08004', '57P01', '57P02', '57P03', '53300']) {
      expect(isDatabaseUnavailable(pgError(code)), code).toBe(true);
    }
    expect(isDatabaseUnavailable(new Error('wrapped', { cause: pgError('57P01') }))).toBe(true);
  });

  it('is not a refused statement, a conflict, a timeout of a statement, or any other error', () => {
    for (const code of ['22P02', '23505', '23503', '40001', '40P01', '57014', '42P01']) {
      expect(isDatabaseUnavailable(pgError(code)), code).toBe(false);
    }
    expect(isDatabaseUnavailable(new TypeError('x is undefined'))).toBe(false);
    expect(isDatabaseUnavailable('a string')).toBe(false);
    expect(isDatabaseUnavailable(null)).toBe(false);
  });
});
