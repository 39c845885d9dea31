/**
 * A throw-away, migrated PostgreSQL database for one test run or one benchmark run.
 *
 * It is created on `adminUrl` when given (TEST_DATABASE_ADMIN_URL, BENCH_DATABASE_ADMIN_URL), else on
 * the machine's server at postgres://postgres@127.0.0.1:5432/postgres if that lets us in, else on an
 * embedded PostgreSQL started in a temporary folder. `drop()` removes the database and anything
 * started for it.
 */
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { createDatabase, databasesStartingWith, dropDatabase as dropOn, ping } from '../db/databases.js';
import { migrate } from '../db/migrate.js';
import { startEmbeddedPostgres } from './embedded-postgres.js';

export const LOCAL_ADMIN_URL = 'postgres://postgres@127.0.0.1:5432/postgres';

export interface ScratchDatabase {
  url: string;
  name: string;
  /** The server's maintenance database (`…/postgres`), from which copies are created and dropped. */
  adminUrl: string;
  /** Where it lives, with any password redacted, for log lines. */
  where: string;
  drop(): Promise<void>;
}

export async function createScratchDatabase(
  prefix: string,
  adminUrl: string | undefined,
  log: (line: string) => void = () => {},
): Promise<ScratchDatabase> {
  const cleanups: Array<() => Promise<void>> = [];
  const drop = async () => {
    for (const cleanup of cleanups.reverse()) await cleanup().catch((err) => log(`cleanup: ${(err as Error).message}`));
  };
  try {
    let where: string;
    if (!adminUrl && (await canConnect(LOCAL_ADMIN_URL))) adminUrl = LOCAL_ADMIN_URL;
    if (adminUrl) {
      where = redact(adminUrl);
    } else {
      // No PostgreSQL server here: a throw-away embedded one (as root, a folder the postgres user can enter).
      const dir = mkdtempSync(join(tmpdir(), `${prefix}-pg-`));
      chmodSync(dir, 0o755);
      cleanups.push(async () => rmSync(dir, { recursive: true, force: true }));
      log(`nothing usable answers at ${LOCAL_ADMIN_URL}: starting an embedded PostgreSQL in ${dir}`);
      const embedded = await startEmbeddedPostgres(join(dir, 'pg'), { port: 0 });
      cleanups.push(() => embedded.stop());
      adminUrl = embedded.adminUrl;
      where = `an embedded PostgreSQL (${dir})`;
    }
    const admin = adminUrl;
    const name = `${prefix}_${Date.now()}_${process.pid}`;
    await withClient(admin, (c) => createDatabase(c, ident(name)));
    cleanups.push(() => dropDatabase(admin, name));
    const url = new URL(admin);
    url.pathname = `/${name}`;
    await migrate(url.toString());
    return { url: url.toString(), name, adminUrl: admin, where, drop };
  } catch (err) {
    await drop();
    throw err;
  }
}

/**
 * A copy of `template` named `name`, on the server of `adminUrl`; answers its URL. PostgreSQL copies
 * the template's files, so a migrated schema costs nothing more here (about 0.1 s against a whole
 * migration run). Nothing may be connected to the template while it is copied.
 */
export async function cloneDatabase(adminUrl: string, template: string, name: string): Promise<string> {
  await withClient(adminUrl, (c) => createDatabase(c, ident(name), ident(template)));
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/** Drops `name` on the server of `adminUrl`, closing whatever is still connected to it. */
export async function dropDatabase(adminUrl: string, name: string): Promise<void> {
  await withClient(adminUrl, (c) => dropOn(c, ident(name)));
}

/** Drops every database whose name starts with `prefix` (what a killed test run left behind). */
export async function dropDatabasesStartingWith(adminUrl: string, prefix: string): Promise<string[]> {
  const names = await withClient(adminUrl, (c) => databasesStartingWith(c, prefix));
  for (const name of names) await dropDatabase(adminUrl, name);
  return names;
}

/** Our database names are `[a-z0-9_]`; anything else is a bug, not something to quote. */
function ident(name: string): string {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(name)) throw new Error(`not a plain database name: ${name}`);
  return name;
}

async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  client.on('error', () => {});
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

async function canConnect(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  client.on('error', () => {});
  try {
    await client.connect();
    await ping(client);
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

function redact(url: string): string {
  const u = new URL(url);
  if (u.password) u.password = '***';
  return u.toString();
}
