/**
 * `npm start`'s embedded PostgreSQL (infra/embedded-postgres.ts) takes its locale from the environment
 * when it makes a new cluster. Under a plain C locale (no LANG, as in many containers) PostgreSQL's
 * `lower()` leaves Cyrillic as it is and pg_trgm sees no trigram in a Russian name, so the console's
 * searches would not find "Анна" when asked for "анна". A real cluster, made with no locale set.
 */
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { migrate } from '../../db/migrate.js';
import { insertActiveParticipants, listParticipants } from '../../db/participants.js';
import { createPool } from '../../db/pool.js';
import { startEmbeddedPostgres } from '../../infra/embedded-postgres.js';

const cleanups: Array<() => Promise<void>> = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup().catch(() => {});
});

/** Runs `work` with LANG, LC_ALL and LC_CTYPE unset (initdb reads them), then puts them back. */
async function withoutLocale<T>(work: () => Promise<T>): Promise<T> {
  const names = ['LANG', 'LC_ALL', 'LC_CTYPE'] as const;
  const saved = names.map((name) => [name, process.env[name]] as const);
  for (const name of names) delete process.env[name];
  try {
    return await work();
  } finally {
    for (const [name, value] of saved) if (value !== undefined) process.env[name] = value;
  }
}

describe("the embedded PostgreSQL's locale", () => {
  it('R24: a cluster made with no locale in the environment finds "Анна Тест2" when asked for "анна тест2"', async () => {
    const root = mkdtempSync(join(tmpdir(), 'embedded-locale-'));
    chmodSync(root, 0o755); // as root, PostgreSQL runs as the `postgres` user, which must enter the folder
    cleanups.push(async () => rmSync(root, { recursive: true, force: true }));
    const server = await withoutLocale(() => startEmbeddedPostgres(join(root, 'postgres'), { port: 0 }));
    cleanups.push(server.stop);
    await migrate(server.databaseUrl);
    const pool = createPool(server.databaseUrl, 2);
    cleanups.push(() => pool.end());

    const emailOf = await insertActiveParticipants(pool, 3, 'locale');
    const found = async (filter: Record<string, string>) =>
      (await listParticipants(pool, { orderBy: 'registered_at', direction: 'DESC', offset: 0, limit: 25, filter })).rows.map(
        (p) => p.email,
      );
    expect(await found({ name: 'анна тест2' })).toEqual([emailOf(2)]);
    expect(await found({ q: 'ТЕСТ3' })).toEqual([emailOf(3)]);
  });
});
