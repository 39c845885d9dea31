/**
 * The server's databases, not the program's tables: creating, copying, finding and dropping whole
 * databases over an admin connection (the test runs' and benchmarks' throw-away databases, the
 * embedded PostgreSQL's application database), and telling which server a connection reached.
 * Names are quoted as identifiers; callers make their own plain names.
 */
import type pg from 'pg';

/** Creates `name`, as a copy of `template` when given (PostgreSQL copies its files: a migrated schema comes with it). */
export async function createDatabase(client: pg.Client, name: string, template?: string): Promise<void> {
  const copy = template ? ` TEMPLATE ${client.escapeIdentifier(template)}` : '';
  await client.query(`CREATE DATABASE ${client.escapeIdentifier(name)}${copy}`);
}

/** Drops `name` if it exists, closing whatever is still connected to it. */
export async function dropDatabase(client: pg.Client, name: string): Promise<void> {
  await client.query(`DROP DATABASE IF EXISTS ${client.escapeIdentifier(name)} WITH (FORCE)`);
}

export async function databaseExists(client: pg.Client, name: string): Promise<boolean> {
  return ((await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])).rowCount ?? 0) > 0;
}

export async function databasesStartingWith(client: pg.Client, prefix: string): Promise<string[]> {
  const { rows } = await client.query<{ datname: string }>('SELECT datname FROM pg_database WHERE starts_with(datname, $1)', [prefix]);
  return rows.map((r) => r.datname);
}

/** Which server a connection reached: its data folder (readable by superusers). */
export async function serverDataDirectory(client: pg.Client): Promise<string> {
  const { rows } = await client.query<{ data_directory: string }>(`SELECT current_setting('data_directory') AS data_directory`);
  return rows[0].data_directory;
}

/** A round trip that proves the connection works. */
export async function ping(client: pg.Client): Promise<void> {
  await client.query('SELECT 1');
}
