/**
 * Donations to charity (A3) through the API, on the real Temporal server and PostgreSQL: admins keep
 * the funds (audited), the shop places a participant's donation of at least DONATION_MINIMUM points,
 * its points are held until the shop completes it within the payment window (A5), a completion is
 * a spend of source type `donation` made once, receipted by mail, counted in the fund's monthly
 * statement, and never returned; points never go to a person (R19). Points are given with ledger credits.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ledgerInvariant, postCredits } from '../../db/ledger.js';
import { participantById } from '../../db/participants.js';
import { inTransaction } from '../../db/pool.js';
import { insertActiveParticipants } from '../../db/participants.js';
import { createStaff, signIn, startTestSystem, waitFor, type ApiAnswer, type TestSystem } from '../support/system.js';

const PAYMENT_WINDOW_MS = 600_000;
const QUICK_WINDOW_MS = 3000;
const MINIMUM = 50;
let sys: TestSystem;
let quick: TestSystem;
let support: string;
let admin: string;

beforeAll(async () => {
  [sys, quick] = await Promise.all([
    startTestSystem({ PAYMENT_WINDOW_MS: String(PAYMENT_WINDOW_MS), DONATION_MINIMUM: String(MINIMUM) }),
    startTestSystem({ PAYMENT_WINDOW_MS: String(QUICK_WINDOW_MS), DONATION_MINIMUM: String(MINIMUM) }),
  ]);
  [support, admin] = await Promise.all([
    createStaff(sys, 'support').then((s) => signIn(sys, s)),
    createStaff(sys, 'admin').then((s) => signIn(sys, s)),
  ]);
});
afterAll(async () => {
  await quick?.close();
  await sys?.close();
});

const asSupport = (method: string, path: string, body?: unknown) =>
  sys.call(method, `/admin/api${path}`, body, { apiKey: null, token: support });
const asAdmin = (method: string, path: string, body?: unknown) =>
  sys.call(method, `/admin/api${path}`, body, { apiKey: null, token: admin });

/** An active participant with `points`, written straight to the database (donations do not need the enrolment workflow). */
async function participant(points = 0): Promise<{ id: string; email: string }> {
  const tag = randomUUID().slice(0, 8);
  const email = (await insertActiveParticipants(sys.pool, 1, tag))(1);
  const { rows } = await sys.pool.query('SELECT id FROM participants WHERE email = $1', [email]);
  const id = rows[0].id as string;
  if (points > 0) {
    await inTransaction(sys.pool, (tx) =>
      postCredits(
        tx,
        [{ participantId: id, amount: points, sourceType: 'adjustment', sourceId: id, key: `test:${randomUUID()}`, reason: 'test' }],
        sys.config.program.lotLifetimeMs,
      ),
    );
  }
  return { id, email };
}

const balance = async (participantId: string) => (await participantById(sys.pool, participantId))!.balance;

async function fund(extra: Record<string, unknown> = {}) {
  const res = await asAdmin('POST', '/charity-funds', { name: `Фонд ${randomUUID().slice(0, 8)}`, description: 'Помощь детям', ...extra });
  if (res.status !== 201) throw new Error(`fund creation failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as { id: string; name: string };
}

const donate = (body: Record<string, unknown>, on: TestSystem = sys) => on.call('POST', '/api/donations', body);
async function placed(res: ApiAnswer) {
  if (res.status !== 201) throw new Error(`donation refused: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as { id: string; status: string; points: number };
}
const complete = (id: string) => sys.call('POST', `/api/donations/${id}/complete`);
const cancel = (id: string) => sys.call('POST', `/api/donations/${id}/cancel`);
const donationRow = async (id: string) => (await sys.pool.query('SELECT * FROM donations WHERE id = $1', [id])).rows[0];
const spends = async (donationId: string) =>
  (await sys.pool.query(`SELECT amount, kind, source_type FROM ledger_entries WHERE source_id = $1 AND kind = 'spend'`, [donationId])).rows;

describe.concurrent('charity funds', () => {
  it('A3: admins keep the charity funds, every change audited; support may not; clients see only the active ones with the minimum', async () => {
    const name = `Фонд «Дети» ${randomUUID().slice(0, 8)}`;
    expect((await asSupport('POST', '/charity-funds', { name })).status).toBe(403);
    expect((await asAdmin('POST', '/charity-funds', { name: '' })).body.error.field).toBe('name');
    const created = await asAdmin('POST', '/charity-funds', { name, description: 'Поездки для детей' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name, description: 'Поездки для детей', active: true });
    expect((await asAdmin('POST', '/charity-funds', { name: name.toUpperCase() })).body.error.code).toBe('fund_name_taken');

    const withdrawn = await fund({ active: false });
    const funds = await sys.call('GET', '/api/charity-funds');
    expect(funds.status).toBe(200);
    expect(funds.body).toContainEqual({ id: created.body.id, name, description: 'Поездки для детей', minimumPoints: MINIMUM });
    expect(funds.body.map((f: { id: string }) => f.id)).not.toContain(withdrawn.id);

    expect((await asSupport('PUT', `/charity-funds/${created.body.id}`, { active: false })).status).toBe(403);
    expect((await asAdmin('PUT', `/charity-funds/${created.body.id}`, {})).status).toBe(400);
    const edited = await asAdmin('PUT', `/charity-funds/${created.body.id}`, { description: 'Поездки и лагеря' });
    expect(edited.body).toMatchObject({ description: 'Поездки и лагеря', active: true });
    expect(
      (await asSupport('GET', `/charity-funds?filter=${encodeURIComponent(JSON.stringify({ q: name.toLowerCase() }))}`)).headers.get(
        'content-range',
      ),
    ).toBe('charity-funds 0-0/1');

    const audit = await sys.pool.query('SELECT action, actor_type, details FROM audit_log WHERE subject_id = $1 ORDER BY id', [
      created.body.id,
    ]);
    expect(audit.rows.map((r) => [r.action, r.actor_type])).toEqual([
      ['charity_fund.create', 'staff'],
      ['charity_fund.update', 'staff'],
    ]);
    expect(audit.rows[1].details).toEqual({ description: { from: 'Поездки для детей', to: 'Поездки и лагеря' } });
  });
});

describe.concurrent('donations', () => {
  it('A3: a donation below the minimum is refused naming the field', async () => {
    const p = await participant(1000);
    const f = await fund();
    const refused = await donate({ participantId: p.id, fundId: f.id, points: MINIMUM - 1 });
    expect(refused.status).toBe(400);
    expect(refused.body.error).toMatchObject({ code: 'below_donation_minimum', field: 'points' });
    expect(refused.body.error.message).toContain(`${MINIMUM}`);
    expect((await donate({ participantId: p.id, fundId: f.id, points: 0 })).body.error.field).toBe('points');
    expect((await donate({ participantId: p.id, fundId: f.id, points: 1.5 })).body.error.field).toBe('points');
    expect((await donate({ participantId: p.id, fundId: 'fund', points: MINIMUM })).body.error.field).toBe('fundId');
    // Nothing was held or written.
    expect(await balance(p.id)).toBe(1000);
    expect((await sys.pool.query('SELECT count(*)::int AS n FROM donations WHERE participant_id = $1', [p.id])).rows[0].n).toBe(0);
  });

  it('A3: a donation is captured once (a replayed completion changes nothing), receipted by mail, counted in the statement, and never returned; the ledger invariant holds', async () => {
    const p = await participant(1000);
    const f = await fund();
    const d = await placed(await donate({ email: p.email, fundId: f.id, points: 300 }));
    expect(d).toMatchObject({ status: 'placed', points: 300, fundId: f.id, participantId: p.id, holdStatus: 'held' });
    expect(await balance(p.id)).toBe(700); // held: out of the balance, not yet spent
    expect(await spends(d.id)).toEqual([]);

    // Two completions at the same instant (a shop that retried too eagerly): the workflow takes one.
    const both = await Promise.all([complete(d.id), complete(d.id)]);
    const first = both.find((r) => r.status === 200)!;
    expect(first.body).toMatchObject({ id: d.id, status: 'completed', holdStatus: 'captured' });
    for (const other of both.filter((r) => r !== first)) {
      if (other.status !== 200) expect(other.body.error.code).toBe('donation_in_progress');
    }
    const replay = await complete(d.id);
    expect(replay.status).toBe(200);
    expect(replay.body).toMatchObject({ id: d.id, status: 'completed', completedAt: first.body.completedAt });
    expect(await spends(d.id)).toEqual([{ amount: -300, kind: 'spend', source_type: 'donation' }]);
    expect(await balance(p.id)).toBe(700);

    // Never returned: no cancellation after completion.
    const back = await cancel(d.id);
    expect(back.status).toBe(409);
    expect(back.body.error.code).toBe('donation_final');
    expect(await balance(p.id)).toBe(700);

    const receipt = await sys.mail.waitFor((m) => m.to.includes(p.email) && m.text.includes(f.name));
    expect(receipt.text).toContain('300 баллов');
    expect(receipt.text).toContain(d.id);
    expect(receipt.text).toContain('не возвращаются');
    // Recorded once with the completion, marked sent once it left.
    const recorded = await waitFor(async () => {
      const { rows } = await sys.pool.query(`SELECT kind, sent_at FROM sent_mail WHERE idempotency_key = $1`, [`donation-receipt:${d.id}`]);
      return rows[0]?.sent_at ? rows : null;
    });
    expect(recorded).toEqual([{ kind: 'donation_receipt', sent_at: expect.any(Date) }]);

    const month = new Date().toISOString().slice(0, 7);
    const statement = await asSupport('GET', `/charity-funds/${f.id}/statement`);
    expect(statement.status).toBe(200);
    expect(statement.body).toMatchObject({
      fund: { id: f.id, name: f.name },
      months: [{ month, donations: 1, points: 300, donors: 1 }],
      total: { donations: 1, points: 300 },
    });
    expect((await asSupport('GET', `/charity-funds/${f.id}/statement.csv`)).status).toBe(403);
    const csv = await asAdmin('GET', `/charity-funds/${f.id}/statement.csv`);
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    // (fetch's text() drops the BOM that csvDocument puts first)
    expect(csv.body).toBe(`fund;month;donations;points;donors\r\n${f.name};${month};1;300;1\r\n`);
    const listed = await asSupport('GET', `/donations?filter=${encodeURIComponent(JSON.stringify({ fund_id: f.id }))}`);
    expect(listed.body).toEqual([expect.objectContaining({ id: d.id, status: 'completed', points: 300 })]);

    const audit = await sys.pool.query('SELECT action, actor_type FROM audit_log WHERE subject_id = $1 ORDER BY id', [d.id]);
    expect(audit.rows.map((r) => [r.action, r.actor_type])).toEqual([
      ['donation.place', 'api_client'],
      ['donation.complete', 'api_client'],
    ]);
    expect((await ledgerInvariant(sys.pool)).holds).toBe(true);
  });

  it('A3: a donation withdrawn before completion gives its points back; an inactive fund, too few points and an unknown fund are refused', async () => {
    const p = await participant(400);
    const f = await fund();
    const d = await placed(await donate({ participantId: p.id, fundId: f.id, points: 150 }));
    expect(await balance(p.id)).toBe(250);
    const cancelled = await cancel(d.id);
    expect(cancelled.status).toBe(200);
    expect(cancelled.body).toMatchObject({ status: 'cancelled', endReason: 'cancelled_by_client', holdStatus: 'released' });
    expect(await balance(p.id)).toBe(400);
    expect((await complete(d.id)).body.error.code).toBe('donation_not_open');

    const tooMuch = await donate({ participantId: p.id, fundId: f.id, points: 401 });
    expect(tooMuch.status).toBe(409);
    expect(tooMuch.body.error).toMatchObject({ code: 'insufficient_points', field: 'points' });
    await asAdmin('PUT', `/charity-funds/${f.id}`, { active: false });
    expect((await donate({ participantId: p.id, fundId: f.id, points: 100 })).body.error).toMatchObject({
      code: 'fund_inactive',
      field: 'fundId',
    });
    expect((await donate({ participantId: p.id, fundId: randomUUID(), points: 100 })).body.error).toMatchObject({
      code: 'fund_not_found',
      field: 'fundId',
    });
    expect(await balance(p.id)).toBe(400);
    expect((await ledgerInvariant(sys.pool)).holds).toBe(true);
  });

  it('R19: a donation cannot send points to a participant: funds are organisations the program keeps', async () => {
    const [giver, colleague] = await Promise.all([participant(500), participant(0)]);
    const refused = await donate({ participantId: giver.id, fundId: colleague.id, points: 100 });
    expect(refused.status).toBe(403);
    expect(refused.body.error).toMatchObject({ code: 'not_allowed', field: 'fundId' });
    expect(refused.body.error.message).toMatch(/R19/);
    expect(refused.body.error.message).toMatch(/never people/);
    const transfer = await sys.call('POST', '/api/transfers', { from: giver.id, to: colleague.id, points: 100 });
    expect(transfer.status).toBe(403);
    expect(transfer.body.error.message).toMatch(/R19/);
    expect([await balance(giver.id), await balance(colleague.id)]).toEqual([500, 0]);
  });

  it('A5: a donation the shop does not complete within the payment window gives its points back', async () => {
    const p = await participant(300);
    const f = await fund();
    const d = await placed(await donate({ participantId: p.id, fundId: f.id, points: 200 }, quick));
    expect(await balance(p.id)).toBe(100);
    const ended = await waitFor(async () => {
      const row = await donationRow(d.id);
      return row.status === 'expired' ? row : null;
    }, 30_000);
    expect(ended.end_reason).toBe('payment_window_elapsed');
    expect(await balance(p.id)).toBe(300);
    const late = await complete(d.id);
    expect(late.status).toBe(409);
    expect(late.body.error.message).toMatch(/payment window elapsed/);
    expect(await spends(d.id)).toEqual([]);
  });
});
