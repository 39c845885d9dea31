/**
 * The console's dashboard through the staff API (issue 14): GET /admin/api/stats computes its figures
 * in PostgreSQL over whole tables, and each figure is the total of the list behind it
 * (GET /admin/api/ledger-entries for the points, the participants list for registrations,
 * activations and tiers). Ledger entries of every flow are arranged straight in the tables, at known
 * months, so the sums are known; a registration waiting for review fills a queue.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStaff, registerActiveAgent, registerIntermediary, signIn, startTestSystem, type TestSystem } from '../support/system.js';

let sys: TestSystem;
let staff: (path: string) => ReturnType<TestSystem['call']>;
let participantId: string;

beforeAll(async () => {
  sys = await startTestSystem();
  const token = await signIn(sys, await createStaff(sys, 'support'));
  staff = (path) => sys.call('GET', `/admin/api${path}`, undefined, { apiKey: null, token });
  ({ participantId } = await registerActiveAgent(sys)); // the welcome credit, this month
  await registerIntermediary(sys); // a review task, open
  // One entry of every other flow, and a credit of last month whose lot expires next month.
  const entry = (kind: string, amount: number, source: string, at = 'now()') =>
    sys.pool.query(
      `INSERT INTO ledger_entries (participant_id, amount, kind, source_type, source_id, idempotency_key, created_at)
       VALUES ($1, $2, $3, $4, 'fixture', gen_random_uuid()::text, ${at}) RETURNING id`,
      [participantId, amount, kind, source],
    );
  const lastMonth = `date_trunc('month', now() AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' - interval '20 days'`;
  const { rows } = await entry('credit', 40, 'adjustment', lastMonth);
  await sys.pool.query(
    `INSERT INTO lots (participant_id, entry_id, amount, remaining, accrued_at, expires_at)
     VALUES ($1, $2, 40, 25, now(), date_trunc('month', now() AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' + interval '1 month 3 days')`,
    [participantId, rows[0].id],
  );
  await entry('spend', -30, 'order');
  await entry('spend', -20, 'donation');
  await entry('expire', -10, 'expiry');
  await entry('annul', -5, 'reversal');
});
afterAll(async () => sys?.close());

const listOf = async (resource: string, filter: Record<string, unknown>) => {
  const res = await staff(`/${resource}?range=${encodeURIComponent('[0,999]')}&filter=${encodeURIComponent(JSON.stringify(filter))}`);
  expect(res.status).toBe(200);
  return { rows: res.body as Array<Record<string, any>>, total: Number(/\/(\d+)$/.exec(res.headers.get('content-range') ?? '')?.[1]) };
};

describe('the dashboard', () => {
  it('sums the points of each flow by month (a donation is donated, not spent), and each sum is the total of its entries', async () => {
    const res = await staff('/stats');
    expect(res.status).toBe(200);
    const { points, flows } = res.body;
    expect(points).toHaveLength(12);
    const [thisMonth, lastMonth] = [points.at(-1), points.at(-2)];
    expect(thisMonth).toMatchObject({ credited: 100, spent: 30, donated: 20, expired: 10, annulled: 5 });
    expect(lastMonth).toMatchObject({ credited: 40, spent: 0, donated: 0, expired: 0, annulled: 0 });
    for (const month of [thisMonth, lastMonth]) {
      for (const flow of flows as string[]) {
        const { rows, total } = await listOf('ledger-entries', { flow, month: month.month });
        expect(total).toBe(rows.length);
        expect(Math.abs(rows.reduce((sum, r) => sum + Number(r.amount), 0)), `${flow} in ${month.month}`).toBe(month[flow]);
      }
    }
  });

  it('R20: forecasts the points that expire in each of the next 12 months, and lists the credits they are left of', async () => {
    const { expiry } = (await staff('/stats')).body;
    expect(expiry).toHaveLength(12);
    expect(expiry[0].points).toBe(0);
    expect(expiry[1]).toMatchObject({ points: 25, participants: 1 });
    expect(expiry.slice(2).every((m: { points: number }) => m.points === 0)).toBe(true); // the welcome lot lasts two years
    const { rows } = await listOf('ledger-entries', { expiring: expiry[1].month });
    expect(rows.map((r) => [r.amount, r.lot_remaining])).toEqual([[40, 25]]);
  });

  it('counts what waits in each queue and since when, registrations and activations by day, and active participants by tier', async () => {
    const { queues, enrolment, tiers } = (await staff('/stats')).body;
    const reviews = queues.find((q: { queue: string }) => q.queue === 'reviews');
    expect(reviews.waiting).toBe(1);
    expect(reviews.oldest_seconds).toBeGreaterThanOrEqual(0);
    expect(queues.find((q: { queue: string }) => q.queue === 'claims')).toMatchObject({
      waiting: 0,
      oldest_at: null,
      oldest_seconds: null,
    });
    expect(enrolment).toHaveLength(30);
    const today = enrolment.at(-1);
    expect(today).toMatchObject({ registered: 2, activated: 1 });
    expect((await listOf('participants', { registered_on: today.day })).total).toBe(2);
    expect((await listOf('participants', { activated_on: today.day })).total).toBe(1);
    expect(tiers).toEqual([{ tier: null, participants: 1 }]);
    expect((await listOf('participants', { status: 'active', tier: 'none' })).total).toBe(1);
  });

  it('refuses a range or a filter it cannot read, naming the field', async () => {
    expect((await staff('/stats?months=0')).body.error).toMatchObject({ code: 'validation_failed', field: 'months' });
    expect((await staff('/stats?days=x')).body.error).toMatchObject({ code: 'validation_failed', field: 'days' });
    const bad = await staff(`/ledger-entries?filter=${encodeURIComponent('{"month":"2028-13"}')}`);
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatchObject({ code: 'validation_failed', field: 'filter.month' });
    expect((await staff(`/ledger-entries?filter=${encodeURIComponent('{"flow":"stolen"}')}`)).body.error.field).toBe('filter.flow');
  });
});
