/**
 * Reads at scale (issue 12) on the real PostgreSQL and API: a participant's history paged by key
 * (`limit`, `after`, `Link: rel="next"`) gives every entry exactly once while entries are written
 * between the pages, and the console's lists count exactly up to LIST_EXACT_COUNT_LIMIT rows, then
 * answer an estimate that still pages.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../../db/api-keys.js';
import { LIST_EXACT_COUNT_LIMIT } from '../../db/list-query.js';
import { postCredits, postDebit } from '../../db/ledger.js';
import { inTransaction } from '../../db/pool.js';
import { enrolledParticipant } from '../support/earning.js';
import { createStaff, signIn, startTestSystem, type TestSystem } from '../support/system.js';

const LIFETIME_MS = 3_600_000;
let sys: TestSystem;
let admin: string;
let client: { id: string; key: string };

beforeAll(async () => {
  sys = await startTestSystem({ LOT_LIFETIME_MS: String(LIFETIME_MS) });
  admin = await signIn(sys, await createStaff(sys, 'admin'));
  const created = await createApiKey(sys.pool, `reads-${randomUUID().slice(0, 8)}`);
  client = { id: created.client.id, key: created.key };
});
afterAll(async () => sys?.close());

/** A participant the test's client registered (the client API shows a client its own only). */
async function participant(): Promise<string> {
  const { participantId } = await enrolledParticipant(sys, 'reads');
  await sys.pool.query('UPDATE participants SET client_id = $1 WHERE id = $2', [client.id, participantId]);
  return participantId;
}

const credit = (participantId: string, amount: number) =>
  inTransaction(sys.pool, (db) =>
    postCredits(
      db,
      [{ participantId, amount, sourceType: 'adjustment', sourceId: participantId, key: `test:${randomUUID()}` }],
      LIFETIME_MS,
    ),
  );
const debit = (participantId: string, amount: number) =>
  inTransaction(sys.pool, (db) =>
    postDebit(db, {
      participantId,
      amount,
      sourceType: 'adjustment',
      sourceId: participantId,
      key: `test:${randomUUID()}`,
      reason: 'test',
      createdBy: 'test',
    }),
  );
const ledger = (path: string) => sys.call('GET', path, undefined, { apiKey: client.key });
const nextPage = (link: string | null) => (link ? /^<([^>]+)>; rel="next"$/.exec(link)![1] : null);

describe('a participant history paged by key', () => {
  it('issue 12: every entry appears exactly once across the pages while entries are written between them; newer ones head the first page', async () => {
    const id = await participant();
    for (let i = 1; i <= 23; i++) await credit(id, i);
    await debit(id, 5);
    const before = (await sys.pool.query<{ id: number }>('SELECT id FROM ledger_entries WHERE participant_id = $1 ORDER BY id DESC', [id]))
      .rows;
    expect(before).toHaveLength(24);

    const seen: number[] = [];
    let path: string | null = `/api/registrations/${id}/ledger?limit=5`;
    let pages = 0;
    while (path) {
      const res = await ledger(path);
      expect(res.status).toBe(200);
      expect(res.body.entries.length).toBeLessThanOrEqual(5);
      seen.push(...res.body.entries.map((e: { id: number }) => e.id));
      path = nextPage(res.headers.get('link'));
      pages++;
      // Written meanwhile: a credit and a debit, newer than every page still to come.
      await credit(id, 100 + pages);
      await debit(id, 1);
    }
    expect(pages).toBe(5);
    expect(seen).toEqual(before.map((r) => r.id));

    // The first page again: the entries written meanwhile come first, and the answer's balance is the stored one.
    const first = await ledger(`/api/registrations/${id}/ledger?limit=3`);
    const newest = (
      await sys.pool.query<{ id: number }>('SELECT id FROM ledger_entries WHERE participant_id = $1 ORDER BY id DESC LIMIT 3', [id])
    ).rows;
    expect(first.body.entries.map((e: { id: number }) => e.id)).toEqual(newest.map((r) => r.id));
    const whole = await ledger(`/api/registrations/${id}/ledger`);
    expect(whole.headers.get('link')).toBeNull();
    expect(whole.body.entries).toHaveLength(24 + 2 * pages);
    expect(first.body.balance).toBe(whole.body.balance);
    expect(first.body.nextExpiry).toEqual(whole.body.nextExpiry);
    expect(first.body.lots).toEqual(whole.body.lots);
  });

  it('issue 12: `after` alone answers a page of the default size below that entry; a bad limit or key is a 400', async () => {
    const id = await participant();
    for (let i = 1; i <= 3; i++) await credit(id, 10 * i);
    const all = (await ledger(`/api/registrations/${id}/ledger`)).body.entries.map((e: { id: number }) => e.id);
    const rest = await ledger(`/api/registrations/${id}/ledger?after=${all[0]}`);
    expect(rest.status).toBe(200);
    expect(rest.body.entries.map((e: { id: number }) => e.id)).toEqual(all.slice(1));
    expect(rest.headers.get('link')).toBeNull();
    for (const query of ['limit=0', 'limit=100000', 'limit=two', 'after=-3']) {
      expect((await ledger(`/api/registrations/${id}/ledger?${query}`)).status).toBe(400);
    }
  });
});

describe('the console lists past the exact count', () => {
  it('issue 12: a list counts exactly up to LIST_EXACT_COUNT_LIMIT rows, then answers an estimate above it and still pages; a short last page is counted by its end', async () => {
    const action = `test.reads.${randomUUID().slice(0, 8)}`;
    const rows = LIST_EXACT_COUNT_LIMIT + 50;
    await sys.pool.query(
      `INSERT INTO audit_log (actor_type, actor_label, action, subject_type, subject_id)
       SELECT 'system', 'system', $1, 'test', g::text FROM generate_series(1, $2::int) g`,
      [action, rows],
    );
    const list = (range: [number, number], filter: Record<string, unknown>) =>
      sys.call(
        'GET',
        `/admin/api/audit?sort=${encodeURIComponent('["at","DESC"]')}&range=${encodeURIComponent(JSON.stringify(range))}&filter=${encodeURIComponent(JSON.stringify(filter))}`,
        undefined,
        { apiKey: null, token: admin },
      );
    const total = (res: { headers: Headers }) => Number(/\/(\d+)$/.exec(res.headers.get('content-range')!)![1]);

    const many = await list([0, 24], { action });
    expect(many.status).toBe(200);
    expect(many.body).toHaveLength(25);
    expect(many.body.every((r: { action: string }) => r.action === action)).toBe(true);
    expect(total(many)).toBeGreaterThan(LIST_EXACT_COUNT_LIMIT);
    const deep = await list([LIST_EXACT_COUNT_LIMIT, LIST_EXACT_COUNT_LIMIT + 99], { action });
    expect(deep.body).toHaveLength(50);
    expect(deep.headers.get('content-range')).toBe(`audit ${LIST_EXACT_COUNT_LIMIT}-${rows - 1}/${rows}`);

    // A few rows: exact, whether the page is full or not.
    const few = await list([0, 24], { action, subject_id: '7' });
    expect(few.headers.get('content-range')).toBe('audit 0-0/1');
    const none = await list([25, 49], { action, subject_id: '7' });
    expect(none.body).toHaveLength(0);
    expect(total(none)).toBe(1);
  });
});
