/**
 * The shop, through the API, on the real Temporal server and PostgreSQL: the catalog (R15), the
 * first-order minimum (R16), the affiliation check with documents and a reviewer (R17), the payment
 * window (A5), orders at the same instant against one balance, and the refusals of cash-out (R18)
 * and transfers (R19). Points are given with ledger credits; orders go through the API only.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ledgerInvariant, postCredits } from '../../db/ledger.js';
import { participantById } from '../../db/participants.js';
import { inTransaction } from '../../db/pool.js';
import { insertActiveParticipants } from '../../db/participants.js';
import {
  PDF_LETTER,
  createStaff,
  randomInn,
  signIn,
  startTestSystem,
  uniqueEmail,
  waitFor,
  type ApiAnswer,
  type TestSystem,
} from '../support/system.js';

/**
 * The windows a test acts within (A5, R17), on `sys`: no slow moment of a busy machine reaches them.
 * Orders a test waits to see expire are placed on `quick` (the same database, catalog and mail), whose
 * windows are short. The tests run concurrently (describe.concurrent): each has its own participants and items.
 */
const PAYMENT_WINDOW_MS = 600_000;
const DOCUMENTS_TIMEOUT_MS = 600_000;
// Longer than placing eight orders at once takes on a busy machine (an order that expired meanwhile would free its points).
const QUICK_WINDOW_MS = 8000;
let sys: TestSystem;
let quick: TestSystem;
let support: string;
let admin: string;

beforeAll(async () => {
  [sys, quick] = await Promise.all([
    startTestSystem({
      PAYMENT_WINDOW_MS: String(PAYMENT_WINDOW_MS),
      AFFILIATION_DOCUMENTS_TIMEOUT_MS: String(DOCUMENTS_TIMEOUT_MS),
      FIRST_ORDER_MINIMUM: '500',
    }),
    startTestSystem({
      PAYMENT_WINDOW_MS: String(QUICK_WINDOW_MS),
      AFFILIATION_DOCUMENTS_TIMEOUT_MS: String(QUICK_WINDOW_MS),
      FIRST_ORDER_MINIMUM: '500',
    }),
  ]);
  support = await signIn(sys, await createStaff(sys, 'support'));
  admin = await signIn(sys, await createStaff(sys, 'admin'));
});
afterAll(async () => {
  await quick?.close();
  await sys?.close();
});

const asSupport = (method: string, path: string, body?: unknown) =>
  sys.call(method, `/admin/api${path}`, body, { apiKey: null, token: support });
const asAdmin = (method: string, path: string, body?: unknown) =>
  sys.call(method, `/admin/api${path}`, body, { apiKey: null, token: admin });
const filter = (f: Record<string, unknown>) => `filter=${encodeURIComponent(JSON.stringify(f))}`;

/** An active participant with no points, written straight to the database (orders do not need the enrolment workflow). */
async function participant(): Promise<{ id: string; email: string }> {
  const tag = randomUUID().slice(0, 8);
  const emailOf = await insertActiveParticipants(sys.pool, 1, tag);
  const email = emailOf(1);
  const { rows } = await sys.pool.query('SELECT id FROM participants WHERE email = $1', [email]);
  return { id: rows[0].id, email };
}

const credit = (participantId: string, amount: number) =>
  inTransaction(sys.pool, (tx) =>
    postCredits(
      tx,
      [{ participantId, amount, sourceType: 'adjustment', sourceId: participantId, key: `test:${randomUUID()}`, reason: 'test' }],
      sys.config.program.lotLifetimeMs,
    ),
  );
const balance = async (participantId: string) => (await participantById(sys.pool, participantId))!.balance;

async function item(pricePoints: number, stock = 100, extra: Record<string, unknown> = {}) {
  const res = await asAdmin('POST', '/catalog', {
    sku: `SKU-${randomUUID().slice(0, 8)}`,
    title: `Футболка ${pricePoints}`,
    pricePoints,
    stock,
    ...extra,
  });
  if (res.status !== 201) throw new Error(`item creation failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as { id: string; sku: string; stock: number; price_points: number };
}

const order = (participantId: string, sku: string, quantity = 1, extra: Record<string, unknown> = {}) =>
  sys.call('POST', '/api/orders', { participantId, sku, quantity, ...extra });
/** An order whose windows are QUICK_WINDOW_MS (placed through `quick`, whose workflow keeps them). */
const quickOrder = (participantId: string, sku: string, quantity = 1, extra: Record<string, unknown> = {}) =>
  quick.call('POST', '/api/orders', { participantId, sku, quantity, ...extra });
const complete = (orderId: string) => sys.call('POST', `/api/orders/${orderId}/complete`);
const cancel = (orderId: string) => sys.call('POST', `/api/orders/${orderId}/cancel`);

async function placed(res: ApiAnswer) {
  if (res.status !== 201) throw new Error(`order refused: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as { id: string; status: string; holdId: string; totalPoints: number };
}

const orderRow = async (orderId: string) => (await sys.pool.query('SELECT * FROM orders WHERE id = $1', [orderId])).rows[0];
const holdStatus = async (holdId: string) => (await sys.pool.query('SELECT status FROM holds WHERE id = $1', [holdId])).rows[0]?.status;
const stockOf = async (itemId: string) => (await sys.pool.query('SELECT stock FROM catalog_items WHERE id = $1', [itemId])).rows[0].stock;
const waitForOrder = (orderId: string, status: string) =>
  waitFor(async () => {
    const row = await orderRow(orderId);
    return row?.status === status ? row : null;
  }, 30_000);

function documentsForm(files: Array<{ content: Buffer; filename: string; type: string }>): FormData {
  const form = new FormData();
  for (const f of files) form.append('documents', new Blob([new Uint8Array(f.content)], { type: f.type }), f.filename);
  return form;
}
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);
const uploadDocuments = (orderId: string, files: Array<{ content: Buffer; filename: string; type: string }>) =>
  sys.call('POST', `/api/orders/${orderId}/documents`, documentsForm(files));

describe.concurrent('the catalog', () => {
  it('R15: admins create and edit catalog items, every change audited; support may not; clients see only the active items', async () => {
    const sku = `MUG-${randomUUID().slice(0, 8)}`;
    const draft = { sku, title: 'Кружка с логотипом', description: '350 мл', pricePoints: 300, stock: 10 };
    expect((await asSupport('POST', '/catalog', draft)).status).toBe(403);
    expect((await asAdmin('POST', '/catalog', { ...draft, pricePoints: 0 })).body.error.field).toBe('pricePoints');
    expect((await asAdmin('POST', '/catalog', { ...draft, stock: -1 })).body.error.field).toBe('stock');
    expect((await asAdmin('POST', '/catalog', { ...draft, sku: 'no spaces' })).body.error.field).toBe('sku');

    const created = await asAdmin('POST', '/catalog', draft);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ sku, title: 'Кружка с логотипом', price_points: 300, stock: 10, active: true });
    expect((await asAdmin('POST', '/catalog', { ...draft, title: 'Другая' })).body.error.code).toBe('sku_taken');
    const withdrawn = await item(100, 5, { active: false });

    expect((await asSupport('PUT', `/catalog/${created.body.id}`, { pricePoints: 350 })).status).toBe(403);
    expect((await asAdmin('PUT', `/catalog/${created.body.id}`, {})).status).toBe(400);
    expect((await asAdmin('PUT', `/catalog/${randomUUID()}`, { stock: 1 })).status).toBe(404);
    const edited = await asAdmin('PUT', `/catalog/${created.body.id}`, { pricePoints: 350, stock: 3 });
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({ price_points: 350, stock: 3 });

    const catalog = await sys.call('GET', '/api/catalog');
    expect(catalog.status).toBe(200);
    expect(catalog.body).toContainEqual(expect.objectContaining({ sku, pricePoints: 350, stock: 3, inStock: true }));
    expect(catalog.body.map((i: { sku: string }) => i.sku)).not.toContain(withdrawn.sku);

    const listed = await asSupport('GET', `/catalog?${filter({ q: sku.toLowerCase() })}`);
    expect(listed.headers.get('content-range')).toBe('catalog 0-0/1');
    expect((await asSupport('GET', `/catalog/${created.body.id}`)).body.sku).toBe(sku);
    const audit = await sys.pool.query(`SELECT action, actor_type, details FROM audit_log WHERE subject_id = $1 ORDER BY id`, [
      created.body.id,
    ]);
    expect(audit.rows.map((r) => [r.action, r.actor_type])).toEqual([
      ['catalog.create', 'staff'],
      ['catalog.update', 'staff'],
    ]);
    expect(audit.rows[1].details).toEqual({ pricePoints: { from: 300, to: 350 }, stock: { from: 10, to: 3 } });
  });
});

describe.concurrent('placing orders', () => {
  it('R16: a first order is refused below 500 points and accepted at 500; a refused order holds nothing', async () => {
    const p = await participant();
    const mug = await item(100);
    await credit(p.id, 499);
    const refused = await order(p.id, mug.sku);
    expect(refused.status).toBe(409);
    expect(refused.body.error).toMatchObject({ code: 'first_order_minimum', rule: 'R16', minimum: 500, balance: 499 });
    expect(refused.body.error.message).toMatch(/^R16: /);
    expect((await sys.pool.query('SELECT 1 FROM orders WHERE participant_id = $1', [p.id])).rowCount).toBe(0);
    expect((await sys.pool.query('SELECT 1 FROM holds WHERE participant_id = $1', [p.id])).rowCount).toBe(0);
    expect(await balance(p.id)).toBe(499);

    await credit(p.id, 1);
    // Named by email this time (R1: trimmed, any case).
    const accepted = await sys.call('POST', '/api/orders', { email: `  ${p.email.toUpperCase()} `, sku: mug.sku, quantity: 1 });
    expect(accepted.status).toBe(201);
    expect(accepted.body).toMatchObject({
      participantId: p.id,
      status: 'placed',
      totalPoints: 100,
      holdStatus: 'held',
      affiliationCheck: false,
    });
    expect(accepted.headers.get('location')).toBe(`/api/orders/${accepted.body.id}`);
    expect(await balance(p.id)).toBe(400);
    const row = await orderRow(accepted.body.id);
    expect(row.payment_deadline_at.getTime() - row.created_at.getTime()).toBe(PAYMENT_WINDOW_MS);
  });

  it('R16: after a completed first order, a further order is allowed below 500 points', async () => {
    const p = await participant();
    const bag = await item(300);
    const pen = await item(150);
    await credit(p.id, 500);
    const first = await placed(await order(p.id, bag.sku));
    expect((await complete(first.id)).status).toBe(200);
    expect(await balance(p.id)).toBe(200);
    const second = await order(p.id, pen.sku);
    expect(second.status).toBe(201);
    expect(await balance(p.id)).toBe(50);
  });

  it('R15: a quantity of 0, negative or fractional is refused naming the field; unknown or withdrawn items, short stock, short balance and inactive participants are refused', async () => {
    const p = await participant();
    await credit(p.id, 600);
    const cap = await item(100, 2);
    for (const quantity of [0, -1, 1.5, '2', undefined]) {
      const res = await sys.call('POST', '/api/orders', { participantId: p.id, sku: cap.sku, quantity });
      expect(res.status, String(quantity)).toBe(400);
      expect(res.body.error.field).toBe('quantity');
    }
    expect(
      (await sys.call('POST', '/api/orders', { participantId: p.id, email: p.email, sku: cap.sku, quantity: 1 })).body.error.field,
    ).toBe('participantId');
    expect((await sys.call('POST', '/api/orders', { sku: cap.sku, quantity: 1 })).body.error.field).toBe('participantId');
    expect((await sys.call('POST', '/api/orders', { email: uniqueEmail('nobody'), sku: cap.sku, quantity: 1 })).status).toBe(404);

    const unknown = await order(p.id, 'NO-SUCH-SKU');
    expect(unknown.status).toBe(404);
    expect(unknown.body.error).toMatchObject({ code: 'item_not_found', field: 'sku' });
    const withdrawn = await item(100, 5, { active: false });
    expect((await order(p.id, withdrawn.sku)).body.error.code).toBe('item_inactive');
    const short = await order(p.id, cap.sku, 3);
    expect(short.status).toBe(409);
    expect(short.body.error).toMatchObject({ code: 'out_of_stock', inStock: 2 });
    const dear = await item(700);
    const tooDear = await order(p.id, dear.sku);
    expect(tooDear.status).toBe(409);
    expect(tooDear.body.error).toMatchObject({ code: 'insufficient_points', available: 600, wanted: 700 });

    // A registration whose email is not confirmed yet is not an active participant.
    const inn = randomInn();
    const pending = await sys.call('POST', '/api/registrations', {
      firstName: 'Олег',
      lastName: 'Новиков',
      email: uniqueEmail('pending'),
      agencyInn: inn,
      contractPath: 'agent',
    });
    expect(pending.status).toBe(201);
    await credit(pending.body.participantId, 600);
    const inactive = await order(pending.body.participantId, cap.sku);
    expect(inactive.status).toBe(409);
    expect(inactive.body.error.code).toBe('participant_not_active');

    expect(
      (await sys.pool.query('SELECT 1 FROM orders WHERE participant_id = ANY($1::uuid[])', [[p.id, pending.body.participantId]])).rowCount,
    ).toBe(0);
    expect(await balance(p.id)).toBe(600);
  });
});

describe.concurrent('the payment window', () => {
  it('A5: completion within the payment window spends the held points and takes the stock; a second completion or a cancel is refused', async () => {
    const p = await participant();
    await credit(p.id, 1000);
    const shirt = await item(200, 5);
    const o = await placed(await order(p.id, shirt.sku, 2));
    expect(o.totalPoints).toBe(400);
    expect(await balance(p.id)).toBe(600);
    expect(await holdStatus(o.holdId)).toBe('held');

    const done = await complete(o.id);
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ status: 'completed', holdStatus: 'captured' });
    expect(await stockOf(shirt.id)).toBe(3);
    expect(await balance(p.id)).toBe(600);
    const spends = await sys.pool.query(
      `SELECT amount, source_type, source_id FROM ledger_entries WHERE participant_id = $1 AND kind = 'spend'`,
      [p.id],
    );
    expect(spends.rows).toEqual([{ amount: -400, source_type: 'order', source_id: o.id }]);

    const again = await complete(o.id);
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('order_not_open');
    expect((await cancel(o.id)).status).toBe(409);
    expect(await stockOf(shirt.id)).toBe(3);
    expect((await sys.call('GET', `/api/orders/${o.id}`)).body.status).toBe('completed');
    expect((await ledgerInvariant(sys.pool)).holds).toBe(true);
  });

  it('A5: an order the shop does not complete within the payment window expires, and its points come back', async () => {
    const p = await participant();
    await credit(p.id, 500);
    const cap = await item(300, 5);
    const o = await placed(await quickOrder(p.id, cap.sku));
    expect(await balance(p.id)).toBe(200);

    const expired = await waitForOrder(o.id, 'expired');
    expect(expired.end_reason).toBe('payment_window_elapsed');
    expect(await holdStatus(o.holdId)).toBe('released');
    expect(await balance(p.id)).toBe(500);
    const late = await complete(o.id);
    expect(late.status).toBe(409);
    expect(late.body.error.code).toBe('order_not_open');
    expect(late.body.error.message).toMatch(/A5/);
    expect(await stockOf(cap.id)).toBe(5);
    const audit = await sys.pool.query(`SELECT action, actor_type FROM audit_log WHERE subject_id = $1 ORDER BY id`, [o.id]);
    expect(audit.rows).toEqual([
      { action: 'order.place', actor_type: 'api_client' },
      { action: 'order.expire', actor_type: 'system' },
    ]);
  });

  it('A5: the client cancels an open order and its points come back', async () => {
    const p = await participant();
    await credit(p.id, 500);
    const cap = await item(250);
    const o = await placed(await order(p.id, cap.sku));
    const cancelled = await cancel(o.id);
    expect(cancelled.status).toBe(200);
    expect(cancelled.body).toMatchObject({ status: 'cancelled', endReason: 'cancelled_by_client', holdStatus: 'released' });
    expect(await balance(p.id)).toBe(500);
    expect((await complete(o.id)).status).toBe(409);
    expect((await cancel(o.id)).status).toBe(409);
  });

  it('R15: an item that sells out before an order is completed cancels that order and gives its points back', async () => {
    const last = await item(100, 1);
    const [anna, boris] = [await participant(), await participant()];
    await credit(anna.id, 500);
    await credit(boris.id, 500);
    const first = await placed(await order(anna.id, last.sku));
    const second = await placed(await order(boris.id, last.sku));
    expect((await complete(first.id)).status).toBe(200);
    const soldOut = await complete(second.id);
    expect(soldOut.status).toBe(409);
    expect(soldOut.body.error).toMatchObject({
      code: 'out_of_stock',
      order: { status: 'cancelled', endReason: 'out_of_stock', holdStatus: 'released' },
    });
    expect(await balance(boris.id)).toBe(500);
    expect(await stockOf(last.id)).toBe(0);
    expect((await order(boris.id, last.sku)).body.error.code).toBe('out_of_stock');
  });

  it('A5: eight orders placed at the same instant against 1000 points never overspend: exactly five are held, the balance never goes below zero, the ledger invariant holds', async () => {
    const p = await participant();
    await credit(p.id, 1500);
    // A completed first order, so that R16 does not stop the later orders.
    const first = await placed(await order(p.id, (await item(500)).sku));
    expect((await complete(first.id)).status).toBe(200);
    expect(await balance(p.id)).toBe(1000);
    const hoodie = await item(200, 100);

    let sampling = true;
    const lowest: number[] = [];
    const sampler = (async () => {
      while (sampling) {
        const { rows } = await sys.pool.query<{ balance: number; lowest: number }>(
          'SELECT coalesce(sum(remaining), 0)::int AS balance, coalesce(min(remaining), 0)::int AS lowest FROM lots WHERE participant_id = $1',
          [p.id],
        );
        lowest.push(Math.min(rows[0].balance, rows[0].lowest));
        await new Promise((r) => setTimeout(r, 5));
      }
    })();
    const answers = await Promise.all(Array.from({ length: 8 }, () => quickOrder(p.id, hoodie.sku)));
    sampling = false;
    await sampler;

    expect(answers.map((a) => a.status).sort()).toEqual([201, 201, 201, 201, 201, 409, 409, 409]);
    expect(answers.filter((a) => a.status === 409).map((a) => a.body.error.code)).toEqual([
      'insufficient_points',
      'insufficient_points',
      'insufficient_points',
    ]);
    expect(Math.min(...lowest)).toBeGreaterThanOrEqual(0);
    expect(await balance(p.id)).toBe(0);
    const held = await sys.pool.query<{ n: number; points: number }>(
      `SELECT count(*)::int AS n, sum(amount)::int AS points FROM holds WHERE participant_id = $1 AND status = 'held'`,
      [p.id],
    );
    expect(held.rows[0]).toEqual({ n: 5, points: 1000 });
    expect((await sys.pool.query('SELECT 1 FROM orders WHERE participant_id = $1', [p.id])).rowCount).toBe(6);
    expect((await ledgerInvariant(sys.pool)).holds).toBe(true);

    // Nobody completes them: each expires and gives its points back.
    await waitFor(async () => (await balance(p.id)) === 1000, 30_000);
    expect((await ledgerInvariant(sys.pool)).holds).toBe(true);
  });
});

describe.concurrent('the affiliation check', () => {
  it("R17: an order with the affiliation check waits for documents and a reviewer's approval, then for completion", async () => {
    const p = await participant();
    await credit(p.id, 500);
    const cap = await item(100);
    const o = await placed(await order(p.id, cap.sku, 1, { affiliationCheck: true }));
    expect(o.status).toBe('awaiting_documents');
    expect(await balance(p.id)).toBe(400);

    const early = await complete(o.id);
    expect(early.status).toBe(409);
    expect(early.body.error).toMatchObject({ code: 'affiliation_check_pending' });
    expect(early.body.error.message).toMatch(/^R17: /);
    expect((await asSupport('POST', `/orders/${o.id}/decision`, { decision: 'approve' })).body.error.code).toBe(
      'order_not_awaiting_review',
    );
    const wrongType = await uploadDocuments(o.id, [{ content: Buffer.from('just text'), filename: 'letter.txt', type: 'text/plain' }]);
    expect(wrongType.status).toBe(415);
    expect((await uploadDocuments(o.id, [])).status).toBe(400);

    const uploaded = await uploadDocuments(o.id, [
      { content: PDF_LETTER, filename: 'справка.pdf', type: 'application/pdf' },
      { content: PNG, filename: 'трудовая.png', type: 'image/png' },
    ]);
    expect(uploaded.status).toBe(201);
    expect(uploaded.body.status).toBe('awaiting_review');
    expect(uploaded.body.documents.map((d: { filename: string; kind: string }) => [d.filename, d.kind]).sort()).toEqual([
      ['справка.pdf', 'affiliation_proof'],
      ['трудовая.png', 'affiliation_proof'],
    ]);
    expect((await uploadDocuments(o.id, [{ content: PDF_LETTER, filename: 'again.pdf', type: 'application/pdf' }])).body.error.code).toBe(
      'order_not_awaiting_documents',
    );
    // Nothing but the two accepted documents was kept.
    expect((await sys.pool.query(`SELECT 1 FROM documents WHERE filename IN ('letter.txt', 'again.pdf')`)).rowCount).toBe(0);

    const queue = await asSupport('GET', `/orders?${filter({ status: 'awaiting_review', participant_id: p.id })}`);
    expect(queue.body.map((r: { id: string }) => r.id)).toEqual([o.id]);
    const shown = await asSupport('GET', `/orders/${o.id}`);
    const pdf = shown.body.documents.find((d: { content_type: string }) => d.content_type === 'application/pdf');
    const content = await asSupport('GET', `/documents/${pdf.id}/content`);
    expect(content.status).toBe(200);
    expect(content.headers.get('content-type')).toBe('application/pdf');

    expect((await asSupport('POST', `/orders/${o.id}/decision`, { decision: 'reject' })).body.error.field).toBe('reason');
    const [one, two] = await Promise.all([
      asSupport('POST', `/orders/${o.id}/decision`, { decision: 'approve' }),
      asSupport('POST', `/orders/${o.id}/decision`, { decision: 'approve' }),
    ]);
    expect([one.status, two.status].sort()).toEqual([200, 409]);
    const approved = await orderRow(o.id);
    expect(approved).toMatchObject({ status: 'placed', decision: 'approved' });
    expect(approved.payment_deadline_at).not.toBeNull();

    const done = await complete(o.id);
    expect(done.status).toBe(200);
    expect(done.body.status).toBe('completed');
    expect(await balance(p.id)).toBe(400);
    const audit = await sys.pool.query(`SELECT action FROM audit_log WHERE subject_id = $1 ORDER BY id`, [o.id]);
    expect(audit.rows.map((r) => r.action)).toEqual(['order.place', 'order.documents', 'order.approve', 'order.complete']);
  });

  it('R17: a rejected affiliation check releases the held points; a second decision is refused', async () => {
    const p = await participant();
    await credit(p.id, 600);
    const bag = await item(250);
    const o = await placed(await order(p.id, bag.sku, 2, { affiliationCheck: true }));
    expect(await balance(p.id)).toBe(100);
    expect((await uploadDocuments(o.id, [{ content: PNG, filename: 'scan.png', type: 'image/png' }])).status).toBe(201);

    const rejected = await asSupport('POST', `/orders/${o.id}/decision`, { decision: 'reject', reason: 'The letter names another agency' });
    expect(rejected.status).toBe(200);
    expect(rejected.body).toMatchObject({
      status: 'rejected',
      decision: 'rejected',
      decision_reason: 'The letter names another agency',
      hold_status: 'released',
    });
    expect(await balance(p.id)).toBe(600);
    const second = await asSupport('POST', `/orders/${o.id}/decision`, { decision: 'approve' });
    expect(second.status).toBe(409);
    expect(second.body.error.code).toBe('order_already_decided');
    expect((await complete(o.id)).status).toBe(409);
  });

  it('R17: documents not uploaded in time: the order expires and its points come back', async () => {
    const p = await participant();
    await credit(p.id, 500);
    const pen = await item(120);
    const o = await placed(await quickOrder(p.id, pen.sku, 1, { affiliationCheck: true }));
    expect(await balance(p.id)).toBe(380);
    const expired = await waitForOrder(o.id, 'expired');
    expect(expired.end_reason).toBe('documents_not_received');
    expect(await balance(p.id)).toBe(500);
    const late = await uploadDocuments(o.id, [{ content: PDF_LETTER, filename: 'late.pdf', type: 'application/pdf' }]);
    expect(late.status).toBe(409);
  });
});

describe.concurrent('points are not money', () => {
  it('R18: points cannot be cashed out: the cash-out route answers 403 naming R18 and changes nothing', async () => {
    const p = await participant();
    await credit(p.id, 800);
    const res = await sys.call('POST', `/api/participants/${p.id}/cash-out`, { amount: 800, iban: 'RU0000000000000000' });
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('not_allowed');
    expect(res.body.error.message).toMatch(/^R18: /);
    expect(await balance(p.id)).toBe(800);
    expect((await sys.pool.query('SELECT 1 FROM ledger_entries WHERE participant_id = $1', [p.id])).rowCount).toBe(1);
    expect((await sys.pool.query('SELECT 1 FROM holds WHERE participant_id = $1', [p.id])).rowCount).toBe(0);
  });

  it('R19: points cannot be moved between accounts: the transfer route answers 403 naming R19 and changes nothing', async () => {
    const [from, to] = [await participant(), await participant()];
    await credit(from.id, 800);
    const res = await sys.call('POST', '/api/transfers', { fromParticipantId: from.id, toParticipantId: to.id, amount: 300 });
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('not_allowed');
    expect(res.body.error.message).toMatch(/^R19: /);
    expect(await balance(from.id)).toBe(800);
    expect(await balance(to.id)).toBe(0);
    expect((await sys.pool.query('SELECT 1 FROM ledger_entries WHERE participant_id = ANY($1::uuid[])', [[from.id, to.id]])).rowCount).toBe(
      1,
    );
  });
});
