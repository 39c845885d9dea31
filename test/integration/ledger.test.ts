/**
 * The points ledger on the real PostgreSQL and Temporal: lots that expire at their own instant (R20)
 * through the lot-expiry workflow, oldest-first spending, holds across an expiry, adjustments and
 * reversals, leaving (R26), and the invariant under random sequences of operations (fast-check).
 */
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  InsufficientPoints,
  annulEverything,
  balanceOf,
  captureHold,
  expireDueLots,
  ledgerInvariant,
  placeHold,
  postCredits,
  postDebit,
  releaseHold,
  reverseCredit,
} from '../../db/ledger.js';
import { inTransaction } from '../../db/pool.js';
import { takeOldestFirst } from '../../rules/lots.js';
import { activeParticipant, enrolledParticipant } from '../support/earning.js';
import { insertActiveParticipants } from '../../db/participants.js';
import { createStaff, signIn, startTestSystem, waitFor, type TestSystem } from '../support/system.js';

/**
 * The lot lifetime in force (R20): long enough that no test's points expire unless it asks for it;
 * a test about expiry credits a lot of EXPIRING_MS itself. All but the last describe (which changes
 * the terms for everyone) run concurrently: each test has its own participants.
 */
const LIFETIME_MS = 3_600_000;
const EXPIRING_MS = 4000;
let sys: TestSystem;
let support: string;

beforeAll(async () => {
  sys = await startTestSystem({
    LOT_LIFETIME_MS: String(LIFETIME_MS),
    EXPIRY_RECHECK_MS: '300',
    EXPIRY_NOTICE_MS: '2000',
    WELCOME_POINTS: '100',
  });
  support = await signIn(sys, await createStaff(sys, 'support'));
});
afterAll(async () => sys?.close());

const staff = (method: string, path: string, body?: unknown) =>
  sys.call(method, `/admin/api${path}`, body, { apiKey: null, token: support });
const tx = <T>(work: Parameters<typeof inTransaction<T>>[1]) => inTransaction(sys.pool, work);
const credit = (participantId: string, amount: number, lifetimeMs = LIFETIME_MS) =>
  tx((db) =>
    postCredits(
      db,
      [{ participantId, amount, sourceType: 'adjustment', sourceId: participantId, key: `test:${randomUUID()}` }],
      lifetimeMs,
    ),
  );
const lotsOf = async (participantId: string) =>
  (
    await sys.pool.query('SELECT id, amount, remaining, expires_at FROM lots WHERE participant_id = $1 ORDER BY accrued_at, id', [
      participantId,
    ])
  ).rows;
const entriesOf = async (participantId: string, kind: string) =>
  (
    await sys.pool.query('SELECT amount, source_id FROM ledger_entries WHERE participant_id = $1 AND kind = $2 ORDER BY id', [
      participantId,
      kind,
    ])
  ).rows;
async function freshParticipant(): Promise<string> {
  const tag = randomUUID().slice(0, 8);
  await insertActiveParticipants(sys.pool, 1, tag);
  return (await sys.pool.query('SELECT id FROM participants WHERE email = $1', [`mass.${tag}.1@agency.example`])).rows[0].id;
}

describe.concurrent('lots and expiry', () => {
  it("R20: the lot-expiry workflow annuls exactly the unspent remainder of each lot at that lot's own instant, oldest lots spent first", async () => {
    const p = await freshParticipant();
    await credit(p, 100, EXPIRING_MS);
    await new Promise((r) => setTimeout(r, 1500));
    await credit(p, 50, EXPIRING_MS);
    await tx((db) =>
      postDebit(db, {
        participantId: p,
        amount: 120,
        sourceType: 'adjustment',
        sourceId: p,
        key: `test:${randomUUID()}`,
        reason: 'test',
        createdBy: 'test',
      }),
    );
    // Oldest first: the first lot is used up, the second gives 20.
    expect((await lotsOf(p)).map((l) => l.remaining)).toEqual([0, 30]);

    const [, second] = await lotsOf(p);
    const expired = await waitFor(async () => {
      const rows = await entriesOf(p, 'expire');
      return rows.length ? rows : null;
    }, 15_000);
    expect(expired).toEqual([{ amount: -30, source_id: String(second.id) }]);
    const at = (await sys.pool.query(`SELECT created_at FROM ledger_entries WHERE participant_id = $1 AND kind = 'expire'`, [p])).rows[0]
      .created_at;
    expect(at.getTime()).toBeGreaterThanOrEqual(second.expires_at.getTime());
    expect((await lotsOf(p)).map((l) => l.remaining)).toEqual([0, 0]);
    expect((await ledgerInvariant(sys.pool)).holds).toBe(true);
  });

  it('R20: points held by an order when their lot expires are not annulled while held; released, they expire at once; captured, they are spent', async () => {
    const p = await freshParticipant();
    await credit(p, 100, 1500);
    const [kept, released] = [randomUUID(), randomUUID()];
    await tx((db) => placeHold(db, { holdId: kept, participantId: p, amount: 40, reason: 'order' }));
    await tx((db) => placeHold(db, { holdId: released, participantId: p, amount: 25, reason: 'order' }));
    await waitFor(async () => (await entriesOf(p, 'expire')).length === 1, 15_000);
    expect(await entriesOf(p, 'expire')).toEqual([{ amount: -35, source_id: expect.any(String) }]);

    await tx((db) => captureHold(db, { holdId: kept, sourceId: 'order-1' }));
    await tx((db) => releaseHold(db, released));
    await tx((db) => releaseHold(db, released)); // twice: changes nothing
    expect((await entriesOf(p, 'expire')).map((e) => e.amount)).toEqual([-35, -25]);
    expect((await entriesOf(p, 'spend')).map((e) => e.amount)).toEqual([-40]);
    expect((await lotsOf(p))[0].remaining).toBe(0);
    expect((await ledgerInvariant(sys.pool)).holds).toBe(true);
  });

  it('R20: a notice "N points expire on D" is mailed once, a configured time before', async () => {
    const { participantId, email } = await enrolledParticipant(sys);
    await credit(participantId, 100, EXPIRING_MS);
    const notice = await waitFor(
      async () =>
        (
          await sys.pool.query(`SELECT subject, body_text FROM sent_mail WHERE participant_id = $1 AND kind = 'expiry_notice'`, [
            participantId,
          ])
        ).rows[0],
      15_000,
    );
    expect(notice.subject).toMatch(/^100 баллов сгорят \d{4}-\d{2}-\d{2}$/);
    await waitFor(async () => (await entriesOf(participantId, 'expire')).length > 0, 15_000);
    const all = await sys.pool.query(`SELECT 1 FROM sent_mail WHERE participant_id = $1 AND kind = 'expiry_notice'`, [participantId]);
    expect(all.rowCount).toBe(1);
    expect(sys.mail.messages.some((m) => m.to.includes(email) && /сгорят/.test(m.text))).toBe(true);
  });
});

describe.concurrent('the invariant', () => {
  type Step =
    | { op: 'credit'; amount: number }
    | { op: 'debit'; amount: number }
    | { op: 'hold'; amount: number }
    | { op: 'release'; pick: number }
    | { op: 'capture'; pick: number }
    | { op: 'reverse'; pick: number }
    | { op: 'expire'; pick: number };
  const step: fc.Arbitrary<Step> = fc.oneof(
    fc.record({ op: fc.constant('credit' as const), amount: fc.integer({ min: 1, max: 300 }) }),
    fc.record({ op: fc.constant('debit' as const), amount: fc.integer({ min: 1, max: 300 }) }),
    fc.record({ op: fc.constant('hold' as const), amount: fc.integer({ min: 1, max: 300 }) }),
    fc.record({ op: fc.constantFrom('release' as const, 'capture' as const, 'reverse' as const, 'expire' as const), pick: fc.nat() }),
  );

  it('R20: after every step of random credits, spends, holds, releases, captures, reversals and expiries, credited = spent + expired + annulled + held + balance, and lots are consumed oldest first', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 12 }), async (steps) => {
        const p = await freshParticipant();
        const holds: string[] = [];
        for (const s of steps) {
          const lotsBefore = await lotsOf(p);
          const open = lotsBefore.filter((l) => l.remaining > 0 && l.expires_at.getTime() > Date.now());
          if (s.op === 'credit') await credit(p, s.amount, 3_600_000);
          if (s.op === 'debit' || s.op === 'hold') {
            const expected = takeOldestFirst(
              open.map((l) => ({ id: Number(l.id), remaining: Number(l.remaining) })),
              s.amount,
            );
            const run =
              s.op === 'debit'
                ? tx((db) =>
                    postDebit(db, {
                      participantId: p,
                      amount: s.amount,
                      sourceType: 'adjustment',
                      sourceId: p,
                      key: `test:${randomUUID()}`,
                      reason: 'property',
                      createdBy: 'test',
                    }),
                  )
                : tx((db) =>
                    placeHold(db, { holdId: holds[holds.push(randomUUID()) - 1], participantId: p, amount: s.amount, reason: 'property' }),
                  );
            if (expected === null) {
              await expect(run).rejects.toBeInstanceOf(InsufficientPoints);
              if (s.op === 'hold') holds.pop();
            } else {
              await run;
              const after = new Map((await lotsOf(p)).map((l) => [Number(l.id), Number(l.remaining)]));
              for (const take of expected) {
                const before = Number(lotsBefore.find((l) => Number(l.id) === take.lotId)!.remaining);
                expect(after.get(take.lotId)).toBe(before - take.amount);
              }
            }
          }
          if ((s.op === 'release' || s.op === 'capture') && holds.length) {
            const hold = holds[s.pick % holds.length];
            if (s.op === 'release') await tx((db) => releaseHold(db, hold));
            else await tx((db) => captureHold(db, { holdId: hold, sourceId: 'property' }));
          }
          if (s.op === 'reverse' && lotsBefore.length) {
            const lot = lotsBefore[s.pick % lotsBefore.length];
            const entry = (await sys.pool.query('SELECT entry_id FROM lots WHERE id = $1', [lot.id])).rows[0].entry_id;
            await tx((db) => reverseCredit(db, { entryId: Number(entry), reason: 'property', createdBy: 'test' }));
          }
          if (s.op === 'expire' && lotsBefore.length) {
            const lot = lotsBefore[s.pick % lotsBefore.length];
            await sys.pool.query(`UPDATE lots SET expires_at = now() - interval '1 second' WHERE id = $1`, [lot.id]);
            await tx((db) => expireDueLots(db, 100));
          }
          const inv = await ledgerInvariant(sys.pool);
          expect(inv, JSON.stringify({ steps, inv })).toMatchObject({ holds: true, broken_lots: 0, unbalanced: 0 });
          const negative = await sys.pool.query('SELECT 1 FROM lots WHERE participant_id = $1 AND remaining < 0', [p]);
          expect(negative.rowCount).toBe(0);
        }
      }),
      { numRuns: 25 },
    );
  });
});

describe.concurrent('the stored balance', () => {
  /** What the participant's lots and holds hold, summed: what the stored balance must say. */
  const summed = async (participantId: string) =>
    (
      await sys.pool.query<{ available: number; held: number; stored_available: number | null; stored_held: number | null }>(
        `SELECT coalesce((SELECT sum(remaining) FROM lots WHERE participant_id = $1), 0)::int AS available,
                coalesce((SELECT sum(amount) FROM holds WHERE participant_id = $1 AND status = 'held'), 0)::int AS held,
                b.available::int AS stored_available, b.held::int AS stored_held
           FROM (SELECT 1) one LEFT JOIN balances b ON b.participant_id = $1`,
        [participantId],
      )
    ).rows[0];

  it('R12, R20: the stored balance equals the sum of the lots and holds after credits, spends, holds, captures, releases, a reversal, an expiry and leaving, each also replayed: a replayed operation counts nothing twice', async () => {
    const p = await freshParticipant();
    const key = (what: string) => `test:${what}:${p}`;
    const expect2 = async (available: number, held: number) => {
      const s = await summed(p);
      expect(s).toEqual({ available, held, stored_available: available, stored_held: held });
      expect(await balanceOf(sys.pool, p)).toEqual({ available, held });
    };
    const creditOnce = (amount: number, k: string, lifetimeMs = LIFETIME_MS) =>
      tx((db) => postCredits(db, [{ participantId: p, amount, sourceType: 'adjustment', sourceId: p, key: k }], lifetimeMs));
    expect(await balanceOf(sys.pool, p)).toEqual({ available: 0, held: 0 });

    // Credits, one of them replayed (the same key: R12), one in the same batch as another participant's.
    expect(await creditOnce(100, key('a'))).toBe(1);
    expect(await creditOnce(100, key('a'))).toBe(0);
    const other = await freshParticipant();
    await tx((db) =>
      postCredits(
        db,
        [
          { participantId: p, amount: 60, sourceType: 'adjustment', sourceId: p, key: key('b') },
          { participantId: other, amount: 5, sourceType: 'adjustment', sourceId: other, key: key('other') },
          { participantId: p, amount: 40, sourceType: 'adjustment', sourceId: p, key: key('c') },
        ],
        LIFETIME_MS,
      ),
    );
    await expect2(200, 0);

    // A debit, replayed.
    const debit = {
      participantId: p,
      amount: 30,
      sourceType: 'adjustment' as const,
      sourceId: p,
      key: key('d'),
      reason: 'r',
      createdBy: 't',
    };
    expect(await tx((db) => postDebit(db, debit))).toBe(true);
    expect(await tx((db) => postDebit(db, debit))).toBe(false);
    await expect2(170, 0);

    // Holds: one captured, one released, each step replayed.
    const [spent, released] = [randomUUID(), randomUUID()];
    for (let i = 0; i < 2; i++) await tx((db) => placeHold(db, { holdId: spent, participantId: p, amount: 50, reason: 'order' }));
    for (let i = 0; i < 2; i++) await tx((db) => placeHold(db, { holdId: released, participantId: p, amount: 20, reason: 'order' }));
    await expect2(100, 70);
    for (let i = 0; i < 2; i++) await tx((db) => captureHold(db, { holdId: spent, sourceId: 'order-x' }));
    await expect2(100, 20);
    for (let i = 0; i < 2; i++) await tx((db) => releaseHold(db, released));
    await expect2(120, 0);

    // A reversal of the untouched credit, replayed.
    const { id: cEntry } = (await sys.pool.query('SELECT id FROM ledger_entries WHERE idempotency_key = $1', [key('c')])).rows[0];
    for (let i = 0; i < 2; i++) await tx((db) => reverseCredit(db, { entryId: Number(cEntry), reason: 'mistake', createdBy: 't' }));
    await expect2(80, 0);

    // A lot past its instant: the stored balance still counts it until the sweep, balanceOf does not.
    await creditOnce(15, key('e'));
    await sys.pool.query(
      `UPDATE lots SET expires_at = now() - interval '1 second' WHERE entry_id = (SELECT id FROM ledger_entries WHERE idempotency_key = $1)`,
      [key('e')],
    );
    expect(await balanceOf(sys.pool, p)).toEqual({ available: 80, held: 0 });
    for (let i = 0; i < 2; i++) await tx((db) => expireDueLots(db, 100));
    await waitFor(async () => (await entriesOf(p, 'expire')).length === 1, 15_000);
    await expect2(80, 0);

    // Leaving (R26) with a hold open, replayed.
    await tx((db) => placeHold(db, { holdId: randomUUID(), participantId: p, amount: 10, reason: 'order' }));
    for (let i = 0; i < 2; i++)
      await tx((db) => annulEverything(db, { participantId: p, key: key('leaving'), reason: 'left', createdBy: 't' }));
    await expect2(0, 0);
    expect(await balanceOf(sys.pool, other)).toEqual({ available: 5, held: 0 });
    expect(await ledgerInvariant(sys.pool)).toMatchObject({ holds: true, unbalanced: 0 });
  });
});

describe.concurrent('staff actions on the ledger', () => {
  it('support posts adjustments and reverses a credit, each with a mandatory reason, audited; a reversal happens once', async () => {
    const { participantId } = await activeParticipant(sys);
    expect((await staff('POST', `/participants/${participantId}/adjustments`, { amount: 50 })).body.error.field).toBe('reason');
    expect((await staff('POST', `/participants/${participantId}/adjustments`, { amount: 0, reason: 'x' })).body.error.field).toBe('amount');
    const up = await staff('POST', `/participants/${participantId}/adjustments`, { amount: 50, reason: 'Goodwill after an outage' });
    expect(up.status).toBe(201);
    const down = await staff('POST', `/participants/${participantId}/adjustments`, { amount: -1000, reason: 'Too much' });
    expect(down.status).toBe(409);
    expect(down.body.error.code).toBe('insufficient_points');

    const welcome = (
      await sys.pool.query(`SELECT id FROM ledger_entries WHERE participant_id = $1 AND source_type = 'welcome'`, [participantId])
    ).rows[0];
    expect((await staff('POST', `/ledger/${welcome.id}/reverse`, {})).body.error.field).toBe('reason');
    const reversed = await staff('POST', `/ledger/${welcome.id}/reverse`, { reason: 'Registered twice by mistake' });
    expect(reversed.status).toBe(200);
    expect((await staff('POST', `/ledger/${welcome.id}/reverse`, { reason: 'again' })).status).toBe(409);
    const lots = await staff('GET', `/participants/${participantId}/lots`);
    expect(lots.body.balance).toBe(50);
    const audit = await sys.pool.query(
      `SELECT action FROM audit_log WHERE action LIKE 'ledger.%' AND (subject_id = $1 OR subject_id = $2) ORDER BY id`,
      [participantId, String(welcome.id)],
    );
    expect(audit.rows).toEqual([{ action: 'ledger.adjust' }, { action: 'ledger.reverse' }]);
    expect((await ledgerInvariant(sys.pool)).holds).toBe(true);
  });

  it('R26: a participant who leaves is closed through the workflow, the points are annulled, and the email can register again as a new participant', async () => {
    const { participantId, email } = await activeParticipant(sys);
    // An order waiting for its affiliation documents holds 300 points when the participant leaves.
    const admin = await signIn(sys, await createStaff(sys, 'admin'));
    await staff('POST', `/participants/${participantId}/adjustments`, { amount: 500, reason: 'Earned' });
    const item = await sys.call(
      'POST',
      '/admin/api/catalog',
      { sku: `MUG-${randomUUID().slice(0, 6)}`, title: 'Кружка', pricePoints: 300, stock: 5 },
      { apiKey: null, token: admin },
    );
    const order = await sys.call('POST', '/api/orders', { participantId, sku: item.body.sku, quantity: 1, affiliationCheck: true });
    expect(order.status).toBe(201);

    expect((await staff('POST', `/participants/${participantId}/close`, {})).body.error.field).toBe('reason');
    const closed = await staff('POST', `/participants/${participantId}/close`, { reason: 'Asked by phone, ticket 42' });
    expect(closed.status).toBe(200);
    expect(closed.body).toMatchObject({ status: 'closed', balance: 0 });
    expect(await entriesOf(participantId, 'annul')).toEqual([{ amount: -600, source_id: participantId }]);
    const ended = await waitFor(async () => (await sys.call('GET', `/api/orders/${order.body.id}`)).body.status === 'cancelled', 15_000);
    expect(ended).toBe(true);
    expect((await staff('POST', `/participants/${participantId}/close`, { reason: 'again' })).status).toBe(409);
    const again = await sys.call('POST', '/api/registrations', {
      firstName: 'Анна',
      lastName: 'Смирнова',
      email,
      agencyName: 'ООО Новое',
      contractPath: 'agent',
    });
    expect(again.status).toBe(201);
    expect(again.body.participantId).not.toBe(participantId);
    expect((await ledgerInvariant(sys.pool)).holds).toBe(true);
  });

  it('R20: staff export the ledger and balances as CSV (admins) and see the expiry forecast per month', async () => {
    const admin = await signIn(sys, await createStaff(sys, 'admin'));
    const { participantId } = await activeParticipant(sys);
    const forbidden = await staff('GET', '/ledger/export.csv');
    expect(forbidden.status).toBe(403);
    const csv = await fetch(`${sys.baseUrl}/admin/api/ledger/export.csv`, { headers: { authorization: `Bearer ${admin}` } });
    expect(csv.headers.get('content-type')).toMatch(/text\/csv/);
    const bytes = Buffer.from(await csv.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]); // a BOM, for Excel
    const text = bytes.subarray(3).toString('utf8');
    expect(text.split('\r\n')[0]).toBe('id;member_number;email;kind;amount;source_type;source_id;reason;created_by;created_at');
    expect(text).toContain(participantId);
    const balances = await (
      await fetch(`${sys.baseUrl}/admin/api/balances/export.csv`, { headers: { authorization: `Bearer ${admin}` } })
    ).text();
    expect(balances).toContain('member_number;email');
    const forecast = await staff('GET', '/ledger/expiry-forecast');
    expect(forecast.body.length).toBeGreaterThan(0);
    expect(forecast.body[0]).toEqual({
      month: expect.stringMatching(/^\d{4}-\d{2}$/),
      points: expect.any(Number),
      participants: expect.any(Number),
    });
  });
});

describe('program terms', () => {
  it('R27: an admin changes a term from an instant on, with a reason and history; it applies to later credits and never rewrites past ones', async () => {
    const admin = await signIn(sys, await createStaff(sys, 'admin'));
    const asAdmin = (method: string, path: string, body?: unknown) =>
      sys.call(method, `/admin/api${path}`, body, { apiKey: null, token: admin });
    const lifetime = async (participantId: string) =>
      (
        await sys.pool.query(
          `SELECT (extract(epoch FROM expires_at - accrued_at) * 1000)::bigint AS ms FROM lots WHERE participant_id = $1 ORDER BY id DESC LIMIT 1`,
          [participantId],
        )
      ).rows[0].ms;
    const before = (await activeParticipant(sys)).participantId;
    expect(await lifetime(before)).toBe(LIFETIME_MS);

    const soon = () => new Date(Date.now() + 300).toISOString();
    expect((await staff('POST', '/terms', { effectiveFrom: soon(), reason: 'x', settings: { lotLifetimeMs: 7_200_000 } })).status).toBe(
      403,
    );
    const past = await asAdmin('POST', '/terms', {
      effectiveFrom: '2020-01-01T00:00:00Z',
      reason: 'Back-dated',
      settings: { lotLifetimeMs: 7_200_000 },
    });
    expect(past.status).toBe(400);
    expect(past.body.error.field).toBe('effectiveFrom');
    expect((await asAdmin('POST', '/terms', { effectiveFrom: soon(), reason: 'x', settings: { lotLifetime: 1 } })).body.error.field).toBe(
      'settings.lotLifetime',
    );
    expect(
      (await asAdmin('POST', '/terms', { effectiveFrom: soon(), reason: 'x', settings: { lotLifetimeMs: -5 } })).body.error.field,
    ).toBe('settings.lotLifetimeMs');
    // Ranges: one change cannot stop the program (a payment window of a second would expire every order).
    for (const settings of [
      { paymentWindowMs: 1000 },
      { firstOrderMinimum: 1e9 },
      { welcomePoints: 1.5 },
      { expiryNoticeMs: 3_650 * 86_400_000 },
    ]) {
      const refused = await asAdmin('POST', '/terms', { effectiveFrom: soon(), reason: 'x', settings });
      expect(refused.status, JSON.stringify(settings)).toBe(400);
      expect(refused.body.error.field).toBe(`settings.${Object.keys(settings)[0]}`);
    }
    // Terms that only make sense together: the notice must come before the points expire.
    const notice = await asAdmin('POST', '/terms', {
      effectiveFrom: soon(),
      reason: 'x',
      settings: { lotLifetimeMs: 7_200_000, expiryNoticeMs: 7_200_000 },
    });
    expect(notice.status).toBe(400);
    expect(notice.body.error.field).toBe('settings.expiryNoticeMs');

    const changed = await asAdmin('POST', '/terms', {
      effectiveFrom: soon(),
      reason: 'Storage terms extended',
      settings: { lotLifetimeMs: 7_200_000 },
    });
    expect(changed.status).toBe(201);
    await new Promise((r) => setTimeout(r, 500));
    const after = await freshParticipant();
    expect((await staff('POST', `/participants/${after}/adjustments`, { amount: 10, reason: 'After the change' })).status).toBe(201);
    expect(await lifetime(after)).toBe(7_200_000);
    expect(await lifetime(before)).toBe(LIFETIME_MS); // the past credit keeps its expiry

    expect((await asAdmin('GET', '/terms/current')).body.current.lotLifetimeMs).toBe(7_200_000);
    const history = await asAdmin('GET', '/terms');
    expect(history.body[0]).toMatchObject({ reason: 'Storage terms extended', in_force: true });
    expect(history.body[0].settings).toEqual({ lotLifetimeMs: 7_200_000 }); // the other terms stay as they were
    const audit = await sys.pool.query(`SELECT 1 FROM audit_log WHERE action = 'terms.change' AND subject_id = $1`, [
      String(changed.body.id),
    ]);
    expect(audit.rowCount).toBe(1);
  });
});
