/**
 * A1: status tiers on the real servers: a tier reached the moment a threshold is crossed and kept
 * through the next period, the reassessment at a period's end (the `tier-period-end` Schedule, here
 * with periods of seconds), the accrual bonus once, the ParticipantTier search attribute, mail and
 * history, tier-only items, the review queue's priority, the API's answers; and qualifying points
 * kept apart from spendable ones under random ledger operations (fast-check).
 */
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  captureHold,
  expireDueLots,
  placeHold,
  postCredits,
  postDebit,
  qualifyingSums,
  releaseHold,
  reverseCredit,
  InsufficientPoints,
  makeLotDue,
} from '../../db/ledger.js';
import { keyedEntries, lotsOf, qualifyingEntriesOf } from '../../db/ledger-reads.js';
import { listAudit } from '../../db/audit.js';
import { changeTier, lockTiers, tierState } from '../../db/tiers.js';
import { inTransaction } from '../../db/pool.js';
import type { TierTerms } from '../../rules/tiers.js';
import { eventWorkflowId } from '../../workflows/messages/event-crediting.js';
import { ParticipantTier, participantWorkflowId } from '../../workflows/messages/participant.js';
import { tierPeriodScheduleId } from '../../workflows/messages/tier-period-end.js';
import { activeParticipant } from '../support/earning.js';
import { insertActiveParticipants, liveParticipantByEmail } from '../../db/participants.js';
import { createStaff, registerIntermediary, signIn, startTestSystem, waitFor, type ApiAnswer, type TestSystem } from '../support/system.js';

/** Periods of seconds, so that a test sees two period ends. */
const PERIOD_MS = 6000;
/** The source's tiers scaled down to this test's events: Silver at 50, Gold at 100, Platinum at 200 points (or 2, 4, 4 tests). */
const TIERS: TierTerms = {
  levels: [
    {
      code: 'silver',
      name: { ru: 'Серебряный', en: 'Silver' },
      points: 50,
      activities: 2,
      activityKinds: ['webinar', 'test'],
      bonusPercent: 10,
    },
    { code: 'gold', name: { ru: 'Золотой', en: 'Gold' }, points: 100, activities: 4, activityKinds: ['webinar', 'test'], bonusPercent: 20 },
    { code: 'platinum', name: { ru: 'Платиновый', en: 'Platinum' }, points: 200, activities: 4, activityKinds: ['test'], bonusPercent: 30 },
  ],
  qualifyingSources: ['webinar', 'test', 'course'],
};
const PASSWORD = 'correct horse battery';

let sys: TestSystem;
let support: string;

beforeAll(async () => {
  sys = await startTestSystem({
    TIER_PERIOD_MS: String(PERIOD_MS),
    TIER_TERMS: JSON.stringify(TIERS),
    WELCOME_POINTS: '100',
    FIRST_ORDER_MINIMUM: '0',
    CREDIT_BATCH_SIZE: '5',
  });
  support = await signIn(sys, await createStaff(sys, 'support'));
});
afterAll(async () => {
  // The Schedule outlives the worker on the shared dev server: delete it, or it would fire into an empty queue.
  await sys?.temporal.schedule
    .getHandle(tierPeriodScheduleId(sys.config.taskQueue))
    .delete()
    .catch(() => undefined);
  await sys?.close();
});

const staff = (method: string, path: string, body?: unknown) =>
  sys.call(method, `/admin/api${path}`, body, { apiKey: null, token: support });

/** A course (no window: each completions report credits as it arrives) worth `points`. */
async function course(points: number): Promise<string> {
  const res = await sys.call('POST', '/api/events', {
    kind: 'course',
    title: `Курс ${randomUUID().slice(0, 6)}`,
    points,
    startsAt: new Date(Date.now() - 3_600_000).toISOString(),
  });
  if (res.status !== 201) throw new Error(`course: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.id;
}
/** Reports `emails` as having completed the course now; answers once the course credited them. */
async function completed(courseId: string, emails: string[], completedAt = new Date().toISOString()): Promise<void> {
  const res = await sys.call('POST', `/api/events/${courseId}/course-completions`, {
    rows: emails.map((email) => ({ email, completedAt })),
  });
  if (res.status !== 201) throw new Error(`completions: ${res.status} ${JSON.stringify(res.body)}`);
}
const entries = (participantId: string) => keyedEntries(sys.pool, participantId);
const history = async (participantId: string) => (await staff('GET', `/participants/${participantId}/tier-history`)).body as any[];
const searchTier = async (email: string) =>
  (await sys.temporal.workflow.getHandle(participantWorkflowId(email.toLowerCase())).describe()).typedSearchAttributes.get(ParticipantTier);
const tierMails = (email: string) => sys.mail.messages.filter((m) => m.to.includes(email.toLowerCase()) && /статус/.test(m.text));

/** A participant who reached Gold with a course of 120 points; answers the change. */
async function goldParticipant(tag: string) {
  const p = await activeParticipant(sys, tag);
  await completed(await course(120), [p.email]);
  const reached = await waitFor(async () => (await history(p.participantId)).find((c) => c.to_tier === 'gold'));
  return { ...p, reached };
}

describe('reaching, keeping and losing a tier', () => {
  it('A1: a tier reached mid-period is kept through the next period, then goes down one tier at a period end; each change mailed, audited, kept and shown in ParticipantTier', async () => {
    const p = await goldParticipant('gold');
    // Reached the moment the threshold was crossed: 120 qualifying points of a course; the welcome points do not qualify.
    expect(p.reached).toMatchObject({ from_tier: null, to_tier: 'gold', reason: 'threshold', detail: { points: 120, by: 'points' } });
    const periodEnd = Date.parse(p.reached.detail.periodEnd);
    expect(Date.parse(p.reached.valid_until)).toBe(periodEnd + PERIOD_MS);
    await waitFor(async () => (await searchTier(p.email)) === 'gold');
    const mail = await waitFor(async () => tierMails(p.email).find((m) => m.text.includes('«Золотой»')));
    expect(mail.text).toContain('получили статус «Золотой»');

    // The period it was reached in ends: reassessed, still Gold, held to the end of the next period.
    await waitFor(async () => ((await tierState(sys.pool, p.participantId)).assessedThrough ?? 0) >= periodEnd, 30_000);
    // The next period (no qualifying points) ends: down one tier, to Silver, never straight to none.
    const down = await waitFor(
      async () => (await history(p.participantId)).find((c) => c.reason === 'period_end' && c.from_tier === 'gold'),
      30_000,
    );
    expect(down.to_tier).toBe('silver');
    // Gold held through the whole next period: the downgrade is dated at that period's end, not the first.
    expect(Date.parse(down.changed_at)).toBe(periodEnd + PERIOD_MS);
    expect(Date.parse(down.valid_until)).toBe(periodEnd + 2 * PERIOD_MS);
    await waitFor(async () => (await searchTier(p.email)) === 'silver');
    const downMail = await waitFor(async () => tierMails(p.email).find((m) => m.text.includes('«Серебряный»')));
    expect(downMail.text).toContain('«Золотой» → «Серебряный»');
    const audit = await listAudit(sys.pool, {
      orderBy: 'id',
      direction: 'ASC',
      offset: 0,
      limit: 100,
      filter: { action: 'tier.change', subject_id: p.participantId },
    });
    const changes = audit.rows.map((r) => r.details as { from: string | null; to: string | null; reason: string });
    expect(changes.map((d) => [d.from, d.to, d.reason]).slice(0, 2)).toEqual([
      [null, 'gold', 'threshold'],
      ['gold', 'silver', 'period_end'],
    ]);
  });
});

describe.concurrent('benefits', () => {
  it('A1: the accrual bonus is its own entry naming the tier, keyed after the credit, and a replayed report credits it once', async () => {
    const p = await goldParticipant('bonus');
    const next = await course(55);
    await completed(next, [p.email]);
    await waitFor(async () => (await entries(p.participantId)).some((e) => e.source_type === 'tier_bonus'));
    // The same report again (a replay): once the course has credited it too, no second credit, no second bonus.
    await completed(next, [p.email]);
    const credited = async () =>
      (await sys.temporal.workflow.getHandle(eventWorkflowId(next)).fetchHistory()).events!.filter(
        (e) => e.activityTaskScheduledEventAttributes?.activityType?.name === 'finishCrediting',
      ).length;
    await waitFor(async () => (await credited()) >= 2);
    const all = await entries(p.participantId);
    expect(all.filter((e) => e.source_id === next)).toHaveLength(1);
    const bonuses = all.filter((e) => e.source_type === 'tier_bonus');
    // 20 % of 55, rounded down; none on the credit that reached Gold (no tier yet when it was credited).
    expect(bonuses).toEqual([
      { amount: 11, source_type: 'tier_bonus', source_id: 'gold', idempotency_key: `tier-bonus:event:${next}:${p.participantId}` },
    ]);
    // The bonus does not qualify (not a qualifying source here): only the two courses' credits do.
    expect(await qualifyingEntriesOf(sys.pool, p.participantId)).toEqual([
      { source_type: 'course', points: 120 },
      { source_type: 'course', points: 55 },
    ]);
  });

  it('A1: a tier-only catalog item is refused below its tier (403 naming the rule) and sold at it', async () => {
    const admin = await signIn(sys, await createStaff(sys, 'admin'));
    const sku = `LOUNGE-${randomUUID().slice(0, 6)}`;
    const item = await sys.call(
      'POST',
      '/admin/api/catalog',
      { sku, title: 'Бизнес-зал', pricePoints: 10, stock: 5, minTier: 'gold' },
      { apiKey: null, token: admin },
    );
    expect(item.status).toBe(201);
    expect(item.body.min_tier).toBe('gold');
    const unknown = await sys.call(
      'POST',
      '/admin/api/catalog',
      { sku: `${sku}-X`, title: 'x', pricePoints: 10, stock: 5, minTier: 'diamond' },
      { apiKey: null, token: admin },
    );
    expect(unknown.body.error.field).toBe('minTier');

    const plain = await activeParticipant(sys, 'plain');
    const refused = await sys.call('POST', '/api/orders', { participantId: plain.participantId, sku, quantity: 1 });
    expect(refused.status).toBe(403);
    expect(refused.body.error).toMatchObject({ code: 'tier_required', field: 'sku' });
    const gold = await goldParticipant('lounge');
    const placed = await sys.call('POST', '/api/orders', { participantId: gold.participantId, sku, quantity: 1 });
    expect(placed.status, JSON.stringify(placed.body)).toBe(201);
  });

  it("A1: the review queue marks each task with the participant's tier and puts higher tiers first", async () => {
    const [first, second] = [await registerIntermediary(sys), await registerIntermediary(sys)];
    // The second registration's person holds Gold (a fixture: a tier row, as a credit would leave it).
    await inTransaction(sys.pool, async (db) => {
      const now = Date.now();
      await lockTiers(db, [second.participantId], new Date(now));
      const state = { tier: 'gold', since: now, validUntil: now + 86_400_000 };
      await changeTier(db, second.participantId, { from: null, to: 'gold', reason: 'threshold', state }, {}, new Date(now));
    });
    const queue = await staff(
      'GET',
      `/reviews?filter=${encodeURIComponent(JSON.stringify({ status: 'open' }))}&sort=${encodeURIComponent('["priority","DESC"]')}&range=[0,999]`,
    );
    expect(queue.status).toBe(200);
    const ids = (queue.body as any[]).map((r) => r.participant_id);
    expect(ids.indexOf(second.participantId)).toBeLessThan(ids.indexOf(first.participantId));
    expect((queue.body as any[]).find((r) => r.participant_id === second.participantId)).toMatchObject({ tier: 'gold', tier_rank: 2 });
    expect((queue.body as any[]).find((r) => r.participant_id === first.participantId)).toMatchObject({ tier: null, tier_rank: 0 });
  });

  it("A1: the API answers a participant's tier and progress, to the participant and to staff", async () => {
    const p = await activeParticipant(sys, 'progress');
    // A period lasts seconds here: should it end between the credit and the read (a loaded machine),
    // the read finds the new period empty, and another course of 60 in it gives the same answer (the
    // tier reached is kept into the next period). What the read found decides, not the clock: a
    // credit that itself landed in the next period already counts there.
    let staffView: ApiAnswer;
    for (let attempt = 1; ; attempt++) {
      const id = await course(60);
      await completed(id, [p.email]);
      await waitFor(async () => (await entries(p.participantId)).some((e) => e.source_id === id));
      await waitFor(async () => (await history(p.participantId)).length > 0);
      staffView = await staff('GET', `/participants/${p.participantId}`);
      if (staffView.body.tier?.qualifying?.points !== 0 || attempt === 3) break;
    }
    expect(staffView.status).toBe(200);
    const tier = staffView.body.tier;
    expect(tier.tier).toMatchObject({ code: 'silver', name: { ru: 'Серебряный', en: 'Silver' }, bonusPercent: 10 });
    expect(tier.qualifying.points).toBe(60);
    expect(tier.next).toMatchObject({ code: 'gold', pointsToGo: 40, activitiesToGo: 4, activityKinds: ['webinar', 'test'] });
    expect(tier.period.lastDay).toMatch(/^\d\d\.\d\d\.\d{4}$/);

    const mine = await signInParticipant(p.email);
    const me = await sys.call('GET', '/api/me/tier', undefined, { token: mine });
    expect(me.status).toBe(200);
    expect(me.body.tier.code).toBe('silver');
    expect(me.body.next.code).toBe('gold');
    expect((await sys.call('GET', '/api/me/tier')).status).toBe(401);
  });
});

/** A participant's session token (A6: password, then the mailed code). */
async function signInParticipant(email: string): Promise<string> {
  const since = sys.mail.messages.length;
  const started = await sys.call('POST', '/api/sign-in', { login: email, password: PASSWORD });
  if (started.status !== 202) throw new Error(`sign-in: ${started.status} ${JSON.stringify(started.body)}`);
  const mail = await waitFor(async () =>
    sys.mail.messages.slice(since).find((m) => m.to.includes(email.toLowerCase()) && /^\d{6}$/m.test(m.text)),
  );
  const verified: ApiAnswer = await sys.call('POST', '/api/sign-in/verify', {
    challengeId: started.body.challengeId,
    code: /^(\d{6})$/m.exec(mail.text)![1],
  });
  if (verified.status !== 200) throw new Error(`verify: ${verified.status} ${JSON.stringify(verified.body)}`);
  return verified.body.token;
}

describe.concurrent('qualifying points', () => {
  type Step =
    | { op: 'credit'; amount: number; qualifies: boolean }
    | { op: 'debit' | 'hold'; amount: number }
    | { op: 'release' | 'capture' | 'reverse' | 'expire'; pick: number };
  const step: fc.Arbitrary<Step> = fc.oneof(
    fc.record({ op: fc.constant('credit' as const), amount: fc.integer({ min: 1, max: 300 }), qualifies: fc.boolean() }),
    fc.record({ op: fc.constantFrom('debit' as const, 'hold' as const), amount: fc.integer({ min: 1, max: 300 }) }),
    fc.record({ op: fc.constantFrom('release' as const, 'capture' as const, 'reverse' as const, 'expire' as const), pick: fc.nat() }),
  );
  const tx = <T>(work: Parameters<typeof inTransaction<T>>[1]) => inTransaction(sys.pool, work);
  const period = new Date('2025-01-01T00:00:00Z');
  const qualifying = { periodStart: period, sources: ['webinar'] };

  it('A1: qualifying points never change under spending, holds, releases or expiry; a qualifying credit raises them and its reversal lowers them, once', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 12 }), async (steps) => {
        const tag = randomUUID().slice(0, 8);
        await insertActiveParticipants(sys.pool, 1, tag);
        const p = (await liveParticipantByEmail(sys.pool, `mass.${tag}.1@agency.example`))!.id;
        const holds: string[] = [];
        const credits: Array<{ amount: number; qualifies: boolean }> = [];
        let expected = { points: 0, activities: 0 };
        const actual = async () => {
          const sums = await qualifyingSums(sys.pool, [p], [period]);
          return { points: sums.reduce((s, x) => s + x.points, 0), activities: sums.reduce((s, x) => s + x.activities, 0) };
        };
        for (const s of steps) {
          const lots = await lotsOf(sys.pool, p);
          if (s.op === 'credit') {
            const sourceType = s.qualifies ? 'webinar' : 'adjustment';
            await tx((db) =>
              postCredits(
                db,
                [{ participantId: p, amount: s.amount, sourceType, sourceId: p, key: `test:${randomUUID()}` }],
                3_600_000,
                qualifying,
              ),
            );
            credits.push({ amount: s.amount, qualifies: s.qualifies });
            if (s.qualifies) expected = { points: expected.points + s.amount, activities: expected.activities + 1 };
          }
          if (s.op === 'debit' || s.op === 'hold') {
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
            await run.catch((err) => {
              if (!(err instanceof InsufficientPoints)) throw err;
              if (s.op === 'hold') holds.pop();
            });
          }
          if ((s.op === 'release' || s.op === 'capture') && holds.length) {
            const hold = holds[s.pick % holds.length];
            await tx((db) => (s.op === 'release' ? releaseHold(db, hold) : captureHold(db, { holdId: hold, sourceId: 'property' })));
          }
          if (s.op === 'expire' && lots.length) {
            await makeLotDue(sys.pool, lots[s.pick % lots.length].id);
            await tx((db) => expireDueLots(db, 100));
          }
          if (s.op === 'reverse' && lots.length) {
            const i = s.pick % lots.length;
            const { reversed } = await tx((db) => reverseCredit(db, { entryId: lots[i].entry_id, reason: 'property', createdBy: 'test' }));
            if (reversed && credits[i].qualifies)
              expected = { points: expected.points - credits[i].amount, activities: expected.activities - 1 };
          }
          expect(await actual(), JSON.stringify(steps)).toEqual(expected);
        }
      }),
      { numRuns: 25 },
    );
  });
});
