/**
 * A3: donations to charity, as use cases the client API and the staff API call. Admins keep the
 * charity funds (organisations, never people); the shop places a participant's donation of at least
 * DONATION_MINIMUM points to an active fund: its points are held, in one transaction with the
 * donation's row and the start of its workflow, until the shop completes it within the payment window
 * (A5). A completed donation is a spend of source type `donation`, receipted by mail, and final: it
 * is never returned, so there is no cancellation after completion and no reversal for it. Points never
 * reach another participant this way (R18, R19): a fund id that names a participant is refused as such.
 * Request shapes live here too: one zod schema gives validation, type and OpenAPI.
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { writeAudit, type Actor } from '../db/audit.js';
import {
  FUND_COLUMNS,
  donationById,
  fundById,
  fundStatement,
  insertDonation,
  insertFund,
  lockFund,
  updateFund,
  type Donation,
  type FundField,
} from '../db/charity.js';
import { lockParticipant, participantStatus } from '../db/participants.js';
import { termsAt } from '../db/terms.js';
import { inTransaction, type Db, type Pool } from '../db/pool.js';
import { csvDocument } from '../rules/csv-export.js';
import {
  DonationRefusal,
  cancelDonationUpdate,
  completeDonationUpdate,
  donationWorkflowId,
  type DonationInput,
} from '../workflows/messages/donation.js';
import type { ActorRef } from '../workflows/messages/shared.js';
import type { donationWorkflow } from '../workflows/donation.js';
import type { ApiDeps } from './deps.js';
import { owningClient, visibleTo } from './auth.js';
import { AppError } from './errors.js';
import { holdPointsFor } from './point-holds.js';
import { askWorkflow, temporalCall, workflowWait } from './temporal.js';
import { email, text, wholeNumber } from './text.js';

// ---- request shapes --------------------------------------------------------------------------

const fundName = text(300);
const fundDescription = text(5000, { min: 0, multiline: true });
const active = z.boolean('must be true or false');

export const CharityFundRequest = z
  .strictObject({ name: fundName, description: fundDescription.default(''), active: active.default(true) })
  .meta({
    id: 'CharityFundRequest',
    description: 'A3: a charity fund the program keeps (an organisation, never a person); participants donate points to it.',
    example: { name: 'Фонд «Дети и путешествия»', description: 'Поездки для детей из детских домов', active: true },
  });

/** Changes to a fund: any of its fields, at least one. */
export const CharityFundChange = z
  .strictObject({ name: fundName.optional(), description: fundDescription.optional(), active: active.optional() })
  .meta({ id: 'CharityFundChange', description: 'The fields of a charity fund to change; donations already made stay with it.' });

export const DonationRequest = z
  .strictObject({
    participantId: z.uuid('must be a participant id').optional(),
    email: email().optional(),
    fundId: z.uuid('must be the id of a charity fund (GET /api/charity-funds)'),
    points: wholeNumber(1, 1_000_000).meta({ description: 'A3: at least DONATION_MINIMUM points (the term in force)' }),
  })
  .meta({
    id: 'DonationRequest',
    description:
      'A3: a participant (named by id or by email) donates points to a charity fund. The points are held until the shop ' +
      'completes the donation within the payment window (A5); a completed donation is never returned.',
    example: { email: 'anna@agency.example', fundId: '0b9d2c55-3d51-4a57-9a43-0f4c0e0c4b11', points: 200 },
  });

// ---- funds (admins keep them; every change audited) ---------------------------------------------

export async function requireFund(db: Db, id: string) {
  const fund = await fundById(db, id);
  if (!fund) throw new AppError(404, 'fund_not_found', 'No charity fund with this id', 'id');
  return fund;
}

const nameTaken = (err: unknown) => {
  if ((err as { code?: string })?.code === '23505')
    throw new AppError(409, 'fund_name_taken', 'Another charity fund has this name', 'name');
  throw err;
};

export async function createFund(pool: Pool, fund: z.infer<typeof CharityFundRequest>, actor: Actor) {
  const id = randomUUID();
  await inTransaction(pool, async (tx) => {
    await insertFund(tx, { id, ...fund, createdBy: actor.label }).catch(nameTaken);
    await writeAudit(tx, actor, 'charity_fund.create', { type: 'charity_fund', id }, fund);
  });
  return requireFund(pool, id);
}

export async function changeFund(pool: Pool, id: string, change: z.infer<typeof CharityFundChange>, actor: Actor) {
  const fields = (Object.keys(FUND_COLUMNS) as FundField[]).filter((f) => change[f] !== undefined);
  if (fields.length === 0) throw new AppError(400, 'validation_failed', 'body: change at least one field', 'body');
  await inTransaction(pool, async (tx) => {
    const before = await lockFund(tx, id);
    if (!before) throw new AppError(404, 'fund_not_found', 'No charity fund with this id', 'id');
    await updateFund(tx, id, change).catch(nameTaken);
    const changes = Object.fromEntries(fields.map((f) => [f, { from: before[FUND_COLUMNS[f]], to: change[f] }]));
    await writeAudit(tx, actor, 'charity_fund.update', { type: 'charity_fund', id }, changes);
  });
  return requireFund(pool, id);
}

/** A3: the fund's monthly statement (completed donations: count, points, donors per month), with its totals. */
export async function statementOf(db: Db, id: string) {
  const fund = await requireFund(db, id);
  const months = await fundStatement(db, id);
  const total = months.reduce((t, m) => ({ donations: t.donations + m.donations, points: t.points + m.points }), {
    donations: 0,
    points: 0,
  });
  return { fund: { id: fund.id, name: fund.name, active: fund.active }, months, total };
}

/** The statement as a CSV document (rules/csv-export.ts: semicolons, BOM, formulas neutralised). */
export async function statementCsv(db: Db, id: string): Promise<{ filename: string; body: string }> {
  const { fund, months } = await statementOf(db, id);
  return {
    filename: `charity-fund-${fund.id}-statement.csv`,
    body: csvDocument(
      ['fund', 'month', 'donations', 'points', 'donors'],
      months.map((m) => [fund.name, m.month, m.donations, m.points, m.donors]),
    ),
  };
}

// ---- donations -------------------------------------------------------------------------------

/** The donation; 404 for an id that names none, or names another API client's. */
export async function requireDonation(db: Db, id: string, client?: string): Promise<Donation> {
  const donation = await donationById(db, id);
  if (!donation || !visibleTo(donation, client)) throw new AppError(404, 'donation_not_found', 'No donation with this id', 'id');
  return donation;
}

/** R19: a fund id that names a participant is someone trying to move points to a person. */
const toAPerson = () =>
  new AppError(
    403,
    'not_allowed',
    'R19: points cannot be moved to another participant. A donation goes only to a charity fund the program keeps (GET /api/charity-funds); funds are organisations, never people',
    'fundId',
    { rule: 'R19' },
  );

/**
 * A3, A5: the donation and the hold on its points are written in one transaction, under the
 * participant's row lock (so a donation and an order at the same instant never overspend), and its
 * workflow is started inside it: a refused start leaves nothing.
 */
export async function placeDonation(
  { pool, temporal, config }: ApiDeps,
  d: { participantId: string; fundId: string; points: number },
  actor: Actor,
) {
  const id = randomUUID();
  const holdId = randomUUID();
  const placedAt = new Date();
  // R27: the terms in force when the donation is placed; the workflow keeps its payment window.
  const current = await termsAt(pool, config.program, placedAt);
  const minimum = current.donationMinimum;
  if (d.points < minimum) {
    throw new AppError(400, 'below_donation_minimum', `points: A3: a donation is at least ${minimum} points`, 'points', {
      rule: 'A3',
      minimum,
    });
  }
  const input: DonationInput = { donationId: id, placedAt: placedAt.getTime(), terms: { paymentWindowMs: current.paymentWindowMs } };

  await inTransaction(pool, async (tx) => {
    const fund = await fundById(tx, d.fundId);
    if (!fund) {
      if (await participantStatus(tx, d.fundId)) throw toAPerson();
      throw new AppError(404, 'fund_not_found', 'No charity fund with this id (GET /api/charity-funds lists them)', 'fundId');
    }
    if (!fund.active) throw new AppError(409, 'fund_inactive', 'This charity fund takes no donations any more', 'fundId');

    // The participant's row lock: this participant's spends are judged one after the other.
    const participant = await lockParticipant(tx, d.participantId);
    if (!participant) throw new AppError(404, 'participant_not_found', 'No participant with this id or email', 'participantId');
    if (participant.status !== 'active') {
      throw new AppError(
        409,
        'participant_not_active',
        `The participant is ${participant.status}: only active participants donate`,
        'participantId',
      );
    }
    await holdPointsFor(
      tx,
      { holdId, participantId: d.participantId, amount: d.points, reason: `donation:${id}` },
      { what: 'donation', field: 'points' },
    );
    await insertDonation(tx, {
      id,
      fundId: fund.id,
      participantId: d.participantId,
      points: d.points,
      holdId,
      workflowId: donationWorkflowId(id),
      paymentDeadline: new Date(placedAt.getTime() + current.paymentWindowMs),
      createdBy: actor.label,
      createdAt: placedAt,
      clientId: owningClient(actor) ?? null,
    });
    await writeAudit(
      tx,
      actor,
      'donation.place',
      { type: 'donation', id },
      { participantId: d.participantId, fundId: fund.id, points: d.points },
    );
    // Started inside the transaction: if Temporal refuses, no donation and no hold are left behind.
    await temporalCall(() =>
      temporal.workflow.start<typeof donationWorkflow>('donationWorkflow', {
        workflowId: donationWorkflowId(id),
        taskQueue: config.taskQueue,
        workflowIdReusePolicy: 'REJECT_DUPLICATE',
        args: [input],
      }),
    );
  });
  return requireDonation(pool, id);
}

/** The refusal for a donation that no longer takes messages, in the words of how it ended. */
function notPlaced(donation: Donation, action: 'completed' | 'cancelled'): AppError {
  if (donation.status === 'completed') {
    return new AppError(409, 'donation_final', 'A3: the donation is completed; a donation is final and is never returned', 'id', {
      status: donation.status,
    });
  }
  if (donation.status === 'placed') {
    return new AppError(
      409,
      'donation_in_progress',
      `The donation is being ${action === 'completed' ? 'completed' : 'ended'} by an earlier request; ask for it again (GET /api/donations/{id})`,
      'id',
      { status: donation.status },
    );
  }
  const why = donation.end_reason === 'payment_window_elapsed' ? ': the payment window elapsed (A5) and the points went back' : '';
  return new AppError(409, 'donation_not_open', `The donation is ${donation.status}${why}`, 'id', {
    status: donation.status,
    endReason: donation.end_reason,
  });
}

/**
 * Sends `update` to the donation's workflow; a refusal (or a workflow that has ended) is answered
 * from the state the donation is in by now, which the caller reads again.
 */
async function tellDonation(deps: ApiDeps, donation: Donation, update: typeof completeDonationUpdate, by: ActorRef): Promise<void> {
  const refused = new AppError(409, 'donation_not_placed', 'The donation takes no such message now', 'id');
  try {
    await askWorkflow(
      workflowWait(deps, `/api/donations/${donation.id}`),
      () => deps.temporal.workflow.getHandle(donation.workflow_id).startUpdate(update, { args: [{ by }], waitForStage: 'ACCEPTED' }),
      { [DonationRefusal.notPlaced]: refused },
      refused,
    );
  } catch (err) {
    if (err !== refused) throw err;
  }
}

/**
 * A5: the shop took the donation: the held points are spent (once). A repeated completion changes
 * nothing and answers the completed donation again, so a shop that lost the first answer may retry.
 */
export async function completeDonation(deps: ApiDeps, id: string, by: ActorRef) {
  const donation = await requireDonation(deps.pool, id, owningClient(by));
  if (donation.status === 'completed') return donation;
  if (donation.status !== 'placed') throw notPlaced(donation, 'completed');
  await tellDonation(deps, donation, completeDonationUpdate, by);
  const after = await requireDonation(deps.pool, id);
  if (after.status === 'completed') return after;
  if (after.status === 'cancelled' && after.end_reason === 'points_released') {
    throw new AppError(
      409,
      'points_released',
      "The participant's held points were released (the account closed); nothing was donated",
      'id',
      { status: after.status },
    );
  }
  throw notPlaced(after, 'completed');
}

/** The client withdraws a donation not yet completed: the held points go back. A completed one is final (A3). */
export async function cancelDonation(deps: ApiDeps, id: string, by: ActorRef) {
  const donation = await requireDonation(deps.pool, id, owningClient(by));
  if (donation.status !== 'placed') throw notPlaced(donation, 'cancelled');
  await tellDonation(deps, donation, cancelDonationUpdate, by);
  const after = await requireDonation(deps.pool, id);
  if (after.status === 'cancelled' || after.status === 'expired') return after;
  throw notPlaced(after, 'cancelled');
}
