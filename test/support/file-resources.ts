/**
 * What one integration test file has to itself, made on first use and released after the file's
 * last hook (test/support/file-setup.ts):
 *
 *  - its own PostgreSQL database, a copy of the run's migrated template (global-setup.ts), so files
 *    run in parallel without seeing each other's rows (global counts, the ledger invariant, the
 *    lot-expiry workflow that annuls every due lot of its database);
 *  - one SMTP catcher and one TOKEN_SECRET, shared by every test system the file starts: several
 *    systems of one file are several processes of one deployment (one database, one mail relay,
 *    one secret), so a link mailed through one is valid at another (their API key: system.ts).
 *
 * Test files use them through `startTestSystem` (test/support/system.ts) only.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { inject } from 'vitest';
import { startMailCatcher, type MailCatcher } from '../../infra/mail-catcher.js';
import { cloneDatabase, dropDatabase } from '../../infra/scratch-database.js';

let database: { name: string; url: Promise<string> } | null = null;
let mail: Promise<MailCatcher> | null = null;
let tokenSecret: string | null = null;

function provided<K extends 'databaseAdminUrl' | 'templateDatabase'>(key: K): string {
  const value = inject(key);
  if (!value) {
    throw new Error(
      `inject('${key}') is empty: startTestSystem needs the integration project's global setup (put the file in test/integration or test/browser)`,
    );
  }
  return value;
}

/** This file's database: a copy of the migrated template, created on the first call. */
export function fileDatabaseUrl(): Promise<string> {
  if (!database) {
    const template = provided('templateDatabase');
    // The template's name already carries the run (time and pid); the pid and a random tag keep files apart.
    const name = `${template}_${process.pid}_${randomBytes(3).toString('hex')}`;
    database = { name, url: cloneDatabase(provided('databaseAdminUrl'), template, name) };
  }
  return database.url;
}

/** This file's SMTP catcher. */
export function fileMailCatcher(): Promise<MailCatcher> {
  mail ??= startMailCatcher();
  return mail;
}

/** This file's TOKEN_SECRET. */
export function fileTokenSecret(): string {
  tokenSecret ??= randomUUID();
  return tokenSecret;
}

/** Stops the catcher and drops the database (closing any connection a failed test left open). */
export async function releaseFileResources(): Promise<void> {
  const [db, catcher] = [database, mail];
  database = null;
  mail = null;
  tokenSecret = null;
  await Promise.all([
    catcher?.then(
      (c) => c.stop(),
      () => {},
    ),
    db?.url.then(
      () => dropDatabase(provided('databaseAdminUrl'), db.name),
      () => {},
    ),
  ]);
}
