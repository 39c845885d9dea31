import pg from 'pg';

export type Pool = pg.Pool;
export type Db = pg.Pool | pg.PoolClient;

// bigint (ledger amounts, member numbers) fits in a JS number for any realistic balance.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));

/**
 * A statement that each connection prepares once, under `name`, and runs again with new values:
 * PostgreSQL then plans it once per connection instead of at every call. For the reads that every
 * request makes, by key (an API key or a session, a participant's ledger): at a million participants
 * planning them took as long as running them (1–2.5 ms of a 3 ms ledger read, `EXPLAIN ANALYZE`).
 * Only for a statement whose best plan is the same for any value (a lookup by a key); a name is one
 * text only. Behind a connection pooler in transaction mode (PgBouncer), the pooler must keep
 * prepared statements (PgBouncer 1.21: `max_prepared_statements`).
 */
export const prepared = (name: string, text: string, values: unknown[]): pg.QueryConfig => ({ name, text, values });

export interface PoolOptions {
  /**
   * How long a query may wait for a connection, a new one or a free one of the pool, before it fails
   * (DATABASE_CONNECT_TIMEOUT_MS). Unset: as long as it takes, which a request must never do.
   */
  connectTimeoutMs?: number;
}

/**
 * A pool that outlives its database: PostgreSQL going away (a restart, a failover, an administrator
 * ending sessions) fails the queries of the moment, which their callers answer for (a 503, a
 * retried activity), and the next query opens a new connection once it is back.
 */
export function createPool(databaseUrl: string, max = 10, opts: PoolOptions = {}): pg.Pool {
  const pool = new pg.Pool({
    connectionString: databaseUrl,
    max,
    connectionTimeoutMillis: opts.connectTimeoutMs ?? 0,
    // A peer that vanished without closing its sockets is noticed by the kernel, not never.
    keepAlive: true,
  });
  // A dropped connection of an idle client is reported on the pool, which discards the client. With
  // no listener, that report would be thrown and end the process on the first database restart.
  pool.on('error', (err) => logConnectionLost(err));
  // A client that is checked out but between two queries has no pool listener: its connection error
  // would be thrown too. Its next query fails instead, and pg-pool discards it when it is released.
  pool.on('connect', (client) => void client.on('error', () => {}));
  return pool;
}

function logConnectionLost(err: Error): void {
  console.warn(
    JSON.stringify({ level: 'warn', message: 'database connection lost; the pool opens a new one when asked', error: String(err) }),
  );
}

/**
 * SQLSTATEs of a server that is going away or not yet there (admin, crash shutdown, cannot connect
 * now), or that has no connection to spare (53300, too many clients: every slot of max_connections
 * taken, as when several processes' pools together ask for more than the server allows).
 */
const SERVER_AWAY = new Set(['57P01', '57P02', '57P03', '53300']);
/** Socket errors of a server out of reach. */
const UNREACHABLE = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);
/** node-postgres's own words for a lost connection and for a pool that found none in time. */
const LOST = /^Connection terminated|timeout exceeded when trying to connect|not queryable|Connection ended unexpectedly/i;

/**
 * True when `err` says the database cannot be reached right now (rather than that it refused the
 * statement): SQLSTATE class 08, 57P01–57P03, 53300, a refused or broken socket, a pool timeout. Such a
 * failure is worth retrying later; the API answers it 503 with Retry-After. The `cause` chain is
 * followed a few levels.
 */
export function isDatabaseUnavailable(err: unknown): boolean {
  for (let e: unknown = err, depth = 0; e && typeof e === 'object' && depth < 4; e = (e as { cause?: unknown }).cause, depth++) {
    const { code, message } = e as { code?: unknown; message?: unknown };
    if (typeof code === 'string' && (code.startsWith('08') || SERVER_AWAY.has(code) || UNREACHABLE.has(code))) return true;
    if (typeof message === 'string' && LOST.test(message)) return true;
    if (e instanceof AggregateError && e.errors.some(isDatabaseUnavailable)) return true; // every address of the host refused
  }
  return false;
}

/** What to do once a transaction of `inTransaction` has committed, by its client. */
const onCommit = new WeakMap<pg.PoolClient, Array<() => void>>();

/**
 * Runs `fn` once what `db` wrote is committed: after the COMMIT of its `inTransaction`, or at once
 * when `db` is not in one (a pool's statement commits by itself). Nothing runs after a rollback.
 * For effects outside the database that must not count what was undone (metrics).
 */
export function afterCommit(db: Db, fn: () => void): void {
  const pending = onCommit.get(db as pg.PoolClient);
  if (pending) pending.push(fn);
  else fn();
}

/** Runs `work` in one transaction: all of it is written, or none of it. */
export async function inTransaction<T>(pool: pg.Pool, work: (tx: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  const committed: Array<() => void> = [];
  try {
    await client.query('BEGIN');
    onCommit.set(client, committed);
    const result = await work(client);
    await client.query('COMMIT');
    onCommit.delete(client);
    for (const fn of committed) fn();
    return result;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => {});
    throw err;
  } finally {
    onCommit.delete(client);
    client.release();
  }
}
