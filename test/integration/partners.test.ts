/**
 * Earning from partners (A2) through the API, on the real Temporal server and PostgreSQL: admins keep
 * the partners and bind their API clients (audited); a partner posts accruals one at a time or in
 * bulk, replays change nothing, bad rows are refused alone with their reasons; accruals stay pending
 * for the partner's pending period (cancellable), then its crediting timer credits them as lots
 * (R20); a reversal annuls what is left of the lot; another partner's client finds nothing; a
 * participant claims a missing accrual (A4), credited once under the accrual's key; the monthly
 * statement. Participants are written straight to the database (partners do not need enrolment).
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ledgerInvariant, postCredits, postDebit } from '../../db/ledger.js';
import { participantById } from '../../db/participants.js';
import { inTransaction } from '../../db/pool.js';
import { insertActiveParticipants } from '../../db/participants.js';
import { createStaff, signIn, startTestSystem, waitFor, type ApiAnswer, type TestSystem } from '../support/system.js';

const SHORT_PENDING_MS = 1500;
const LONG_PENDING_MS = 3_600_000;
const LOT_LIFETIME_MS = 30 * 24 * 3_600_000;
let sys: TestSystem;
let support: string;
let admin: string;

beforeAll(async () => {
  sys = await startTestSystem({ LOT_LIFETIME_MS: String(LOT_LIFETIME_MS) });
  [support, admin] = await Promise.all([
    createStaff(sys, 'support').then((s) => signIn(sys, s)),
    createStaff(sys, 'admin').then((s) => signIn(sys, s)),
  ]);
});
afterAll(async () => {
  await sys?.close();
});

const asSupport = (method: string, path: string, body?: unknown) =>
  sys.call(method, `/admin/api${path}`, body, { apiKey: null, token: support });
const asAdmin = (method: string, path: string, body?: unknown) =>
  sys.call(method, `/admin/api${path}`, body, { apiKey: null, token: admin });
const ok = (res: ApiAnswer, status = 200) => {
  if (res.status !== status) throw new Error(`expected ${status}, got ${res.status}: ${JSON.stringify(res.body)}`);
  return res.body;
};

interface TestPartner {
  id: string;
  name: string;
  /** calls the partner API as this partner's client */
  call(method: string, path: string, body?: unknown): Promise<ApiAnswer>;
}

/** A partner made by an admin, with its API client. */
async function partner(fields: Record<string, unknown> = {}): Promise<TestPartner> {
  const name = `Отели ${randomUUID().slice(0, 8)}`;
  const created = ok(
    await asAdmin('POST', '/partners', {
      name,
      earningRule: { type: 'per_100_roubles', points: 2 },
      pendingPeriodMs: SHORT_PENDING_MS,
      pricePerPoint: 0.5,
      ...fields,
    }),
    201,
  );
  const client = ok(await asAdmin('POST', `/partners/${created.id}/api-client`, {}), 201);
  return { id: created.id, name, call: (method, path, body) => sys.call(method, `/api/partner${path}`, body, { apiKey: client.key }) };
}

/** Active participants with member numbers, registered an hour ago. */
async function participants(count = 1): Promise<Array<{ id: string; email: string; memberNumber: number }>> {
  const tag = randomUUID().slice(0, 8);
  const emailOf = await insertActiveParticipants(sys.pool, count, tag);
  const emails = Array.from({ length: count }, (_, i) => emailOf(i + 1));
  const { rows } = await sys.pool.query<{ id: string; email: string; member_number: number }>(
    `UPDATE participants SET member_number = nextval('member_number_seq') WHERE email = ANY($1) RETURNING id, email, member_number`,
    [emails],
  );
  return emails
    .map((email) => rows.find((r) => r.email === email)!)
    .map((r) => ({ id: r.id, email: r.email, memberNumber: r.member_number }));
}

const today = () => new Date().toISOString().slice(0, 10);
const txId = () => `T-${randomUUID().slice(0, 13)}`;
const credits = async (key: string) =>
  (
    await sys.pool.query(
      `SELECT e.amount, e.source_type, e.claim_id, l.accrued_at, l.expires_at, l.remaining FROM ledger_entries e JOIN lots l ON l.entry_id = e.id WHERE e.idempotency_key = $1`,
      [key],
    )
  ).rows;
const accrualStatus = async (p: TestPartner, transactionId: string) =>
  (await p.call('GET', `/accruals/${transactionId}`)).body.status as string;
const untilStatus = (p: TestPartner, transactionId: string, status: string) =>
  waitFor(async () => (await accrualStatus(p, transactionId)) === status);

describe.concurrent('partners and their clients', () => {
  it("A2: admins keep partners, audited; support may not; the partner's client gets only the partner scope and needs a partner behind it", async () => {
    const name = `Страховая ${randomUUID().slice(0, 8)}`;
    const body = {
      name,
      earningRule: { type: 'per_kind', kinds: { policy: 300 } },
      pendingPeriodMs: LONG_PENDING_MS,
      pricePerPoint: 0.35,
      qualifies: true,
    };
    expect((await asSupport('POST', '/partners', body)).status).toBe(403);
    expect((await asAdmin('POST', '/partners', { ...body, earningRule: { type: 'per_kind', kinds: {} } })).body.error.field).toBe(
      'earningRule.kinds',
    );
    expect((await asAdmin('POST', '/partners', { ...body, pricePerPoint: 0.355 })).body.error.field).toBe('pricePerPoint');
    const created = ok(await asAdmin('POST', '/partners', body), 201);
    expect(created).toMatchObject({
      name,
      qualifies: true,
      pending_period_ms: LONG_PENDING_MS,
      price_per_point_kopecks: 35,
      active: true,
      clients: [],
    });
    expect((await asAdmin('POST', '/partners', { ...body, name: name.toUpperCase() })).body.error.code).toBe('partner_name_taken');
    const changed = ok(await asAdmin('PUT', `/partners/${created.id}`, { pricePerPoint: 0.4 }));
    expect(changed.price_per_point_kopecks).toBe(40);

    const client = ok(await asAdmin('POST', `/partners/${created.id}/api-client`, {}), 201);
    expect(client).toMatchObject({ scopes: ['partner'], partner_id: created.id });
    expect(client.key).toMatch(/^bk_/);
    expect(ok(await asSupport('GET', `/partners/${created.id}`)).clients).toEqual([
      expect.objectContaining({ id: client.id, live_keys: 1 }),
    ]);
    const audit = await sys.pool.query(`SELECT action FROM audit_log WHERE subject_id IN ($1, $2) ORDER BY id`, [created.id, client.id]);
    expect(audit.rows.map((r) => r.action)).toEqual(['partner.create', 'partner.update', 'api_client.create']);

    // The shop's own key holds every scope but no partner: it is not a partner.
    const shop = await sys.call('POST', '/api/partner/accruals', { transactionId: txId(), memberNumber: 1, date: today(), kind: 'policy' });
    expect(shop.status).toBe(403);
    expect(shop.body.error.code).toBe('not_a_partner');
    // The partner's key reaches nothing else.
    expect((await sys.call('GET', '/api/catalog', undefined, { apiKey: client.key })).body.error.code).toBe('scope_missing');
  });
});

describe.concurrent('posting accruals', () => {
  it('A2: a replayed accrual changes nothing and credits once', async () => {
    const p = await partner();
    const [anna] = await participants();
    const row = { transactionId: txId(), memberNumber: anna.memberNumber, date: today(), amount: 12_500 };
    const first = await p.call('POST', '/accruals', row);
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({
      transactionId: row.transactionId,
      memberNumber: anna.memberNumber,
      amount: '12500.00',
      points: 250,
      status: 'pending',
    });
    // The same transaction again (even with other figures), alone and in bulk: the accrual it made.
    const again = await p.call('POST', '/accruals', { ...row, amount: 99_999 });
    expect(again.status).toBe(200);
    expect(again.body).toEqual(first.body);
    const bulk = ok(await p.call('POST', '/accruals/bulk', { accruals: [row] }));
    expect(bulk).toMatchObject({
      accepted: 0,
      replayed: 1,
      refused: 0,
      accruals: [{ index: 0, transactionId: row.transactionId, points: 250, replayed: true }],
    });

    await untilStatus(p, row.transactionId, 'credited');
    expect((await p.call('POST', '/accruals', row)).body).toMatchObject({ status: 'credited', points: 250 });
    expect(await credits(`partner:${p.id}:${row.transactionId}`)).toEqual([
      expect.objectContaining({ amount: 250, source_type: 'partner', remaining: 250 }),
    ]);
    expect((await sys.pool.query(`SELECT count(*)::int AS n FROM partner_accruals WHERE partner_id = $1`, [p.id])).rows[0].n).toBe(1);
    expect((await participantById(sys.pool, anna.id))!.balance).toBe(250);
  });

  it('A2: a cancelled pending accrual is never credited; a credited one cannot be cancelled, a pending one not reversed', async () => {
    const p = await partner();
    const [anna] = await participants();
    const cancelled = { transactionId: txId(), email: anna.email.toUpperCase(), date: today(), amount: 5_000 };
    const kept = { transactionId: txId(), memberNumber: anna.memberNumber, date: today(), amount: 1_000 };
    ok(await p.call('POST', '/accruals/bulk', { accruals: [cancelled, kept] }));
    expect((await p.call('POST', `/accruals/${cancelled.transactionId}/reverse`, {})).body.error).toMatchObject({
      code: 'accrual_not_credited',
      status: 'pending',
    });
    const done = ok(await p.call('POST', `/accruals/${cancelled.transactionId}/cancel`, { reason: 'Гость отменил бронь' }));
    expect(done).toMatchObject({ status: 'cancelled', endReason: 'Гость отменил бронь' });
    expect(ok(await p.call('POST', `/accruals/${cancelled.transactionId}/cancel`, {})).status).toBe('cancelled');

    // The other accrual of the same timer is credited: the timer has run, and passed the cancelled one by.
    await untilStatus(p, kept.transactionId, 'credited');
    expect(await accrualStatus(p, cancelled.transactionId)).toBe('cancelled');
    expect(await credits(`partner:${p.id}:${cancelled.transactionId}`)).toEqual([]);
    expect((await p.call('POST', `/accruals/${kept.transactionId}/cancel`, {})).body.error).toMatchObject({
      code: 'accrual_not_pending',
      status: 'credited',
    });
    expect((await participantById(sys.pool, anna.id))!.balance).toBe(20);
    const audit = await sys.pool.query(
      `SELECT action, actor_type FROM audit_log WHERE subject_type = 'partner_accrual' AND details->>'transactionId' = $1`,
      [cancelled.transactionId],
    );
    expect(audit.rows).toEqual([{ action: 'partner_accrual.cancel', actor_type: 'api_client' }]);
  });

  it('A2, R8: a bulk call with bad rows refuses each with its index and reason and writes the rest, in one transaction', async () => {
    const p = await partner({ pendingPeriodMs: LONG_PENDING_MS });
    const [anna, boris] = await participants(2);
    const lastWeek = new Date(Date.now() - 7 * 86_400_000).toISOString().slice(0, 10);
    const tomorrow = new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 10);
    const repeated = txId();
    const rows: Array<Record<string, unknown> | string> = [
      { transactionId: txId(), memberNumber: anna.memberNumber, date: today(), amount: 3_000 }, // 0: taken
      { transactionId: txId(), memberNumber: 999_999_999, date: today(), amount: 3_000 }, // 1: nobody
      { transactionId: txId(), email: boris.email, date: lastWeek, amount: 3_000 }, // 2: before the registration (R8)
      { transactionId: txId(), memberNumber: anna.memberNumber, date: today(), amount: -5 }, // 3: bad amount
      { transactionId: repeated, email: boris.email, date: new Date().toISOString(), amount: '800.50' }, // 4: taken
      { transactionId: repeated, email: boris.email, date: today(), amount: 1 }, // 5: repeated in the call
      { transactionId: txId(), memberNumber: anna.memberNumber, date: tomorrow, amount: 3_000 }, // 6: in the future
      { transactionId: txId(), memberNumber: anna.memberNumber, date: today(), amount: 49.99 }, // 7: less than a point
      { transactionId: txId(), memberNumber: anna.memberNumber, email: anna.email, date: today(), amount: 100 }, // 8: named twice
      'not an accrual', // 9
      { transactionId: 'bad id with spaces', memberNumber: anna.memberNumber, date: today(), amount: 100 }, // 10
      { transactionId: txId(), email: `nobody.${randomUUID().slice(0, 6)}@agency.example`, date: today(), amount: 100 }, // 11: nobody
      { transactionId: txId(), memberNumber: anna.memberNumber, date: '2026-02-30', amount: 100 }, // 12: no such day
      { memberNumber: anna.memberNumber, date: today(), amount: 100 }, // 13: no transaction id
      { transactionId: txId(), memberNumber: anna.memberNumber, date: today(), amount: 100, bonus: 5 }, // 14: a field of its own
    ];
    const answer = ok(await p.call('POST', '/accruals/bulk', { accruals: rows }));
    expect(answer).toMatchObject({ accepted: 2, replayed: 0, refused: 13 });
    expect(answer.accruals.map((a: { index: number; points: number; status: string }) => [a.index, a.points, a.status])).toEqual([
      [0, 60, 'pending'],
      [4, 16, 'pending'],
    ]);
    expect(answer.refusals.map((r: { index: number; reason: string; field: string }) => [r.index, r.reason, r.field])).toEqual([
      [1, 'participant_unknown', 'memberNumber'],
      [2, 'date_before_registration', 'date'],
      [3, 'invalid', 'amount'],
      [5, 'transaction_repeated', 'transactionId'],
      [6, 'date_in_future', 'date'],
      [7, 'earns_nothing', 'amount'],
      [8, 'invalid', 'memberNumber'],
      [9, 'invalid', 'row'],
      [10, 'invalid', 'transactionId'],
      [11, 'participant_unknown', 'email'],
      [12, 'invalid', 'date'],
      [13, 'invalid', 'transactionId'],
      [14, 'invalid', 'bonus'],
    ]);
    expect(answer.refusals.slice(-2).map((r: { message: string }) => r.message)).toEqual([
      'transactionId: is required',
      'bonus: is not a field of this request',
    ]);
    const txOf = (i: number) => (rows[i] as { transactionId: string }).transactionId;
    expect(answer.refusals[1]).toMatchObject({ transactionId: txOf(2), message: expect.stringContaining('R8') });
    const stored = await sys.pool.query(`SELECT transaction_id, points, status FROM partner_accruals WHERE partner_id = $1 ORDER BY id`, [
      p.id,
    ]);
    expect(stored.rows).toEqual([
      { transaction_id: txOf(0), points: 60, status: 'pending' },
      { transaction_id: repeated, points: 16, status: 'pending' },
    ]);

    // A call beyond the limit, or without rows, is refused whole.
    const tooMany = await p.call('POST', '/accruals/bulk', { accruals: Array.from({ length: 10_001 }, () => rows[0]) });
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.error.field).toBe('accruals');
    expect((await p.call('POST', '/accruals/bulk', { accruals: [] })).status).toBe(400);
    // One accrual refused: the same reasons, as the answer's code.
    const single = await p.call('POST', '/accruals', rows[2]);
    expect(single.status).toBe(422);
    expect(single.body.error).toMatchObject({ code: 'date_before_registration', field: 'date' });
  });

  it('A2, R20: accruals are credited once the pending period is over, each a lot that lives the lot lifetime', async () => {
    const p = await partner({ earningRule: { type: 'per_kind', kinds: { stay: 500, late_checkout: 100 } } });
    const [anna, boris] = await participants(2);
    const rows = [
      { transactionId: txId(), memberNumber: anna.memberNumber, date: today(), kind: 'stay' },
      { transactionId: txId(), memberNumber: boris.memberNumber, date: today(), kind: 'late_checkout', amount: 1_500 },
      { transactionId: txId(), memberNumber: boris.memberNumber, date: today(), kind: 'spa' },
    ];
    const posted = Date.now();
    const answer = ok(await p.call('POST', '/accruals/bulk', { accruals: rows }));
    expect(answer.refusals).toEqual([expect.objectContaining({ index: 2, reason: 'kind_unknown', field: 'kind' })]);
    const dueAt = Date.parse(answer.accruals[0].dueAt);
    expect(dueAt).toBeGreaterThanOrEqual(posted + SHORT_PENDING_MS - 1000);
    expect(await credits(`partner:${p.id}:${rows[0].transactionId}`)).toEqual([]);

    await untilStatus(p, rows[1].transactionId, 'credited');
    const [stay] = await credits(`partner:${p.id}:${rows[0].transactionId}`);
    expect(stay).toMatchObject({ amount: 500, source_type: 'partner' });
    expect(stay.accrued_at.getTime()).toBeGreaterThanOrEqual(dueAt);
    expect(stay.expires_at.getTime() - stay.accrued_at.getTime()).toBe(LOT_LIFETIME_MS);
    expect(await credits(`partner:${p.id}:${rows[1].transactionId}`)).toEqual([expect.objectContaining({ amount: 100 })]);
    const shown = ok(await p.call('GET', `/accruals/${rows[0].transactionId}`));
    expect(shown).toMatchObject({ status: 'credited', kind: 'stay', points: 500, source: 'api' });
    expect(Date.parse(shown.creditedAt)).toBeGreaterThanOrEqual(dueAt);

    // The participant's ledger names the partner.
    const ledger = ok(await sys.call('GET', `/admin/api/participants/${anna.id}/ledger`, undefined, { apiKey: null, token: support }));
    expect(ledger[0]).toMatchObject({ kind: 'credit', amount: 500, source_type: 'partner', source_title: p.name });
  });

  it("A2, A1: a qualifying partner's points are qualifying points; another partner's are not", async () => {
    const [qualifying, plain] = await Promise.all([partner({ qualifies: true }), partner({ qualifies: false })]);
    const [anna] = await participants();
    const q = { transactionId: txId(), memberNumber: anna.memberNumber, date: today(), amount: 1_000 };
    const n = { transactionId: txId(), memberNumber: anna.memberNumber, date: today(), amount: 2_000 };
    await Promise.all([qualifying.call('POST', '/accruals', q), plain.call('POST', '/accruals', n)]);
    await Promise.all([untilStatus(qualifying, q.transactionId, 'credited'), untilStatus(plain, n.transactionId, 'credited')]);
    const { rows } = await sys.pool.query(`SELECT source_type, points FROM qualifying_entries WHERE participant_id = $1`, [anna.id]);
    expect(rows).toEqual([{ source_type: 'partner', points: 20 }]);
  });
});

describe.concurrent('reversals and other partners', () => {
  it('A2: a reversal annuls what is left of the lot: spent points stay spent; reversing again changes nothing', async () => {
    const p = await partner();
    const [anna] = await participants();
    const row = { transactionId: txId(), memberNumber: anna.memberNumber, date: today(), amount: 10_000 };
    ok(await p.call('POST', '/accruals', row), 201);
    await untilStatus(p, row.transactionId, 'credited');
    // The participant spends 80 of the 200 points (the only lot, so they come from it).
    await inTransaction(sys.pool, (tx) =>
      postDebit(tx, {
        participantId: anna.id,
        amount: 80,
        sourceType: 'adjustment',
        sourceId: anna.id,
        key: `test:${randomUUID()}`,
        reason: 'spent',
        createdBy: 'test',
      }),
    );
    const reversed = ok(await p.call('POST', `/accruals/${row.transactionId}/reverse`, { reason: 'Бронь аннулирована' }));
    expect(reversed).toMatchObject({ status: 'reversed', reversedPoints: 120, endReason: 'Бронь аннулирована' });
    expect(ok(await p.call('POST', `/accruals/${row.transactionId}/reverse`, {}))).toEqual(reversed);
    const [lot] = await credits(`partner:${p.id}:${row.transactionId}`);
    expect(lot.remaining).toBe(0);
    const annul = await sys.pool.query(
      `SELECT amount, kind, source_type FROM ledger_entries WHERE participant_id = $1 AND source_type = 'reversal'`,
      [anna.id],
    );
    expect(annul.rows).toEqual([{ amount: -120, kind: 'annul', source_type: 'reversal' }]);
    expect((await participantById(sys.pool, anna.id))!.balance).toBe(0);
    expect((await ledgerInvariant(sys.pool)).holds).toBe(true);
  });

  it("A2: another partner's client finds, cancels and reverses nothing of this partner's (404), and cannot post for it", async () => {
    const [mine, theirs] = await Promise.all([
      partner({ pendingPeriodMs: LONG_PENDING_MS }),
      partner({ pendingPeriodMs: LONG_PENDING_MS }),
    ]);
    const [anna] = await participants();
    const row = { transactionId: txId(), memberNumber: anna.memberNumber, date: today(), amount: 1_000 };
    ok(await mine.call('POST', '/accruals', row), 201);
    for (const [method, path] of [
      ['GET', ''],
      ['POST', '/cancel'],
      ['POST', '/reverse'],
    ]) {
      const res = await theirs.call(method, `/accruals/${row.transactionId}${path}`, method === 'POST' ? {} : undefined);
      expect(res.status, path).toBe(404);
      expect(res.body.error.code).toBe('accrual_not_found');
    }
    expect(await accrualStatus(mine, row.transactionId)).toBe('pending');
    // The same transaction id is the other partner's own: a new accrual of its own, not a replay of this one.
    expect((await theirs.call('POST', '/accruals', row)).status).toBe(201);
    // A partner named in the body is not taken: there is no such field.
    const named = await theirs.call('POST', '/accruals', { ...row, transactionId: txId(), partnerId: mine.id });
    expect(named.status).toBe(400);
    expect(named.body.error.message).toContain('partnerId');
  });
});

describe.concurrent('claims and statements', () => {
  it("A2, A4: a missing partner accrual is claimed; the reviewer sees the partner's accruals; an approval credits once, under the accrual's key", async () => {
    const p = await partner({ pendingPeriodMs: LONG_PENDING_MS });
    const [anna] = await participants();
    const posted = { transactionId: txId(), memberNumber: anna.memberNumber, date: today(), amount: 2_000 };
    ok(await p.call('POST', '/accruals', posted), 201);
    const missing = txId();
    const claimOf = (reference: string, extra: Record<string, unknown> = {}) =>
      sys.call('POST', '/api/partner-claims', {
        email: anna.email,
        partnerId: p.id,
        reference,
        date: today(),
        amount: 7_500,
        statement: 'Жила в отеле, баллов нет',
        ...extra,
      });
    expect((await claimOf(posted.transactionId)).body.error).toMatchObject({ code: 'partner_accrual_exists', status: 'pending' });
    expect((await claimOf(missing, { date: '2020-01-01' })).body.error).toMatchObject({ code: 'date_before_registration', field: 'date' });
    const claim = await claimOf(missing);
    expect(claim.status).toBe(201);
    expect(claim.body).toMatchObject({
      kind: 'partner',
      partnerId: p.id,
      partnerName: p.name,
      partnerReference: missing,
      points: 150,
      eventId: null,
      status: 'open',
    });
    expect((await claimOf(missing)).body.error.code).toBe('claim_already_open');
    expect(ok(await sys.call('GET', `/api/claims/${claim.body.id}`))).toMatchObject({ kind: 'partner', status: 'open' });

    const shown = ok(await asSupport('GET', `/claims/${claim.body.id}`));
    expect(shown).toMatchObject({
      kind: 'partner',
      partner_name: p.name,
      partner_reference: missing,
      points: 150,
      amount_kopecks: 750_000,
    });
    expect(shown.partner_accruals).toEqual([
      expect.objectContaining({ transaction_id: posted.transactionId, status: 'pending', points: 40 }),
    ]);

    ok(await asSupport('POST', `/claims/${claim.body.id}/decision`, { decision: 'approve' }));
    expect(await credits(`partner:${p.id}:${missing}`)).toEqual([
      expect.objectContaining({ amount: 150, source_type: 'partner', claim_id: claim.body.id }),
    ]);
    // The partner posts it later after all: a replay of the claim's accrual, credited once.
    const late = await p.call('POST', '/accruals', {
      transactionId: missing,
      memberNumber: anna.memberNumber,
      date: today(),
      amount: 7_500,
    });
    expect(late.status).toBe(200);
    expect(late.body).toMatchObject({ status: 'credited', source: 'claim', points: 150 });
    expect(await credits(`partner:${p.id}:${missing}`)).toHaveLength(1);
    expect((await participantById(sys.pool, anna.id))!.balance).toBe(150);
  });

  it("A2: the monthly statement lists the partner's accruals and reversals and what it owes at its price per point, as JSON and CSV", async () => {
    const p = await partner({ pricePerPoint: 0.35 });
    const [anna, boris] = await participants(2);
    const rows = [
      { transactionId: txId(), memberNumber: anna.memberNumber, date: today(), amount: 10_000 },
      { transactionId: txId(), memberNumber: boris.memberNumber, date: today(), amount: 5_000 },
    ];
    ok(await p.call('POST', '/accruals/bulk', { accruals: rows }));
    await untilStatus(p, rows[1].transactionId, 'credited');
    await untilStatus(p, rows[0].transactionId, 'credited');
    ok(await p.call('POST', `/accruals/${rows[1].transactionId}/reverse`, {}));

    const month = new Date().toISOString().slice(0, 7);
    expect((await asSupport('GET', `/partners/${p.id}/statement?month=2026-13`)).body.error.field).toBe('month');
    const statement = ok(await asSupport('GET', `/partners/${p.id}/statement?month=${month}`));
    expect(statement.partner).toMatchObject({ id: p.id, name: p.name, price_per_point: '0.35' });
    expect(statement.accruals.map((a: { transaction_id: string }) => a.transaction_id).sort()).toEqual(
      rows.map((r) => r.transactionId).sort(),
    );
    expect(statement.reversals).toEqual([expect.objectContaining({ transaction_id: rows[1].transactionId, reversed_points: 100 })]);
    expect(statement.totals).toEqual({
      accruals: 2,
      accrued_points: 300,
      reversals: 1,
      reversed_points: 100,
      net_points: 200,
      owed_kopecks: 7000,
      owed: '70.00',
    });

    const csv = await sys.call('GET', `/admin/api/partners/${p.id}/statement.csv?month=${month}`, undefined, {
      apiKey: null,
      token: support,
    });
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toMatch(/text\/csv/);
    const lines = (csv.body as string)
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines[0]).toBe('partner;month;line;transaction_id;member_number;transaction_date;amount;kind;source;points;at;owed');
    expect(lines.filter((l) => l.includes(';accrual;'))).toHaveLength(2);
    expect(lines.find((l) => l.includes(';reversal;'))).toContain(';-100;');
    expect(lines.at(-1)).toBe(`${p.name};${month};total;;;;;;;200;;70.00`);
    // Last month was empty.
    const before = new Date(Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth() - 1, 1)).toISOString().slice(0, 7);
    expect(ok(await asSupport('GET', `/partners/${p.id}/statement?month=${before}`)).totals.owed).toBe('0.00');
  });
});

describe('the ledger', () => {
  it('A2: partner credits, reversals and cancellations keep the ledger invariant', async () => {
    // Points of other sources exist too; the invariant is over everything every test above wrote.
    const [anna] = await participants();
    await inTransaction(sys.pool, (tx) =>
      postCredits(
        tx,
        [{ participantId: anna.id, amount: 10, sourceType: 'adjustment', sourceId: anna.id, key: `test:${randomUUID()}`, reason: 'test' }],
        LOT_LIFETIME_MS,
      ),
    );
    expect((await ledgerInvariant(sys.pool)).holds).toBe(true);
  });
});
