/**
 * Manual points adjustments by staff, with four eyes above a limit: an adjustment of at most
 * FOUR_EYES_ADJUSTMENT_LIMIT points (either sign) posts at once; a larger one becomes a request
 * (db/adjustment-requests.ts) that another staff member approves, which posts it once, or that
 * anyone rejects with a reason. Whoever asked cannot approve: one account alone never moves more
 * than the limit. Every step is audited; an approval refused by the rule is audited too.
 */
import { randomUUID } from 'node:crypto';
import {
  adjustmentRequestById,
  decideAdjustmentRequest,
  openAdjustmentRequest,
  type AdjustmentRequestRow,
} from '../db/adjustment-requests.js';
import { writeAudit } from '../db/audit.js';
import { isUuid } from '../db/ids.js';
import { InsufficientPoints, entryByKey, postCredits, postDebit } from '../db/ledger.js';
import { lockParticipant, participantById } from '../db/participants.js';
import { termsAt } from '../db/terms.js';
import { inTransaction, type Db } from '../db/pool.js';
import type { ActorRef } from '../workflows/messages/shared.js';
import type { ApiDeps } from './deps.js';
import { AppError } from './errors.js';

/** What an adjustment did: posted at once (the new balance), or waits for a second staff member. */
export type AdjustmentOutcome = { posted: true; balance: number } | { posted: false; request: AdjustmentRequestRow };

/** Whether an adjustment of `amount` points needs a second staff member (more than the limit, either sign). */
export const needsSecondPerson = (amount: number, limit: number) => Math.abs(amount) > limit;

export const FOUR_EYES = 'four_eyes';

async function requireActiveParticipant(db: Db, id: string) {
  const participant = isUuid(id) ? await participantById(db, id) : null;
  if (!participant) throw new AppError(404, 'participant_not_found', 'No participant with this id', 'id');
  if (participant.status !== 'active') throw new AppError(409, 'participant_not_active', `The participant is ${participant.status}`, 'id');
  return participant;
}

/**
 * Posts an adjustment through the ledger in the caller's transaction: a credit is a new lot, a debit
 * annuls the oldest lots first. False when the key was posted before (nothing changes twice).
 */
async function postAdjustment(
  tx: Db,
  { config }: Pick<ApiDeps, 'config'>,
  a: { participantId: string; amount: number; reason: string; key: string; sourceId: string; createdBy: string },
): Promise<boolean> {
  const common = {
    participantId: a.participantId,
    sourceType: 'adjustment',
    sourceId: a.sourceId,
    key: a.key,
    reason: a.reason,
    createdBy: a.createdBy,
  } as const;
  if (a.amount > 0) {
    const { lotLifetimeMs } = await termsAt(tx, config.program);
    return (await postCredits(tx, [{ ...common, amount: a.amount }], lotLifetimeMs)) > 0;
  }
  try {
    return await postDebit(tx, { ...common, amount: -a.amount });
  } catch (err) {
    if (!(err instanceof InsufficientPoints)) throw err;
    throw new AppError(409, 'insufficient_points', err.message, 'amount', { available: err.available });
  }
}

/**
 * A staff member adjusts a participant's points. `retryKey` (the Idempotency-Key header) makes a
 * retry safe: it finds the posting, or the request, the first attempt made.
 */
export async function adjustPoints(
  deps: ApiDeps,
  participantId: string,
  { amount, reason }: { amount: number; reason: string },
  retryKey: string | undefined,
  actor: ActorRef,
): Promise<AdjustmentOutcome> {
  const { pool, config } = deps;
  const participant = await requireActiveParticipant(pool, participantId);
  const key = `adjustment:${participant.id}:${retryKey ?? randomUUID()}`;
  const reused = () =>
    new AppError(409, 'idempotency_key_reused', 'This Idempotency-Key was used for another adjustment', 'Idempotency-Key');

  if (!needsSecondPerson(amount, config.fourEyesAdjustmentLimit)) {
    await inTransaction(pool, async (tx) => {
      const earlier = await entryByKey(tx, key);
      if (earlier && earlier.amount !== amount) throw reused();
      const changed = await postAdjustment(tx, deps, {
        participantId: participant.id,
        amount,
        reason,
        key,
        sourceId: participant.id,
        createdBy: actor.label,
      });
      if (changed) await writeAudit(tx, actor, 'ledger.adjust', { type: 'participant', id: participant.id }, { amount, reason, key });
    });
    return { posted: true, balance: (await participantById(pool, participant.id))!.balance };
  }

  const request = await inTransaction(pool, async (tx) => {
    const opened = await openAdjustmentRequest(tx, {
      id: randomUUID(),
      participantId: participant.id,
      amount,
      reason,
      key,
      requestedBy: { id: actor.id, label: actor.label },
    });
    if (!opened.opened) {
      const r = opened.request;
      if (r.participant_id !== participant.id || r.amount !== amount || r.reason !== reason) throw reused();
      return r; // the same request again: answered as the first time
    }
    await writeAudit(
      tx,
      actor,
      'adjustment_request.open',
      { type: 'adjustment_request', id: opened.request.id },
      {
        participantId: participant.id,
        amount,
        reason,
      },
    );
    return opened.request;
  });
  return { posted: false, request };
}

export async function requireAdjustmentRequest(db: Db, id: string): Promise<AdjustmentRequestRow> {
  const request = await adjustmentRequestById(db, id);
  if (!request) throw new AppError(404, 'adjustment_request_not_found', 'No adjustment request with this id', 'id');
  return request;
}

const alreadyDecided = (r: AdjustmentRequestRow) =>
  new AppError(409, 'adjustment_request_decided', `This adjustment request is already ${r.status}`, 'id');

/**
 * A second staff member approves: the ledger posts the adjustment (key adjustment-request:<id>) in
 * the same transaction as the request's status, so it exists once or not at all. The requester is
 * refused (403 four_eyes) and the attempt audited; a request already decided is 409. Should the
 * participant no longer be active or lack the points of a debit, nothing changes and the request
 * stays pending (for a rejection, or a later approval).
 */
export async function approveAdjustmentRequest(deps: ApiDeps, id: string, staff: ActorRef): Promise<AdjustmentRequestRow> {
  const { pool } = deps;
  const found = await requireAdjustmentRequest(pool, id);
  if (found.status !== 'pending') throw alreadyDecided(found);
  // Who asked never changes, so this needs no lock; the attempt is audited in its own transaction.
  if (found.requested_by_id === staff.id) {
    await writeAudit(
      pool,
      staff,
      'adjustment_request.four_eyes_refused',
      { type: 'adjustment_request', id },
      {
        participantId: found.participant_id,
        amount: found.amount,
      },
    );
    throw new AppError(403, FOUR_EYES, 'Four eyes: you asked for this adjustment, so another staff member must approve it', 'id');
  }
  await inTransaction(pool, async (tx) => {
    const request = (await adjustmentRequestById(tx, id, true))!;
    if (request.status !== 'pending') throw alreadyDecided(request);
    const holder = await lockParticipant(tx, request.participant_id);
    if (holder?.status !== 'active')
      throw new AppError(409, 'participant_not_active', `The participant is ${holder?.status ?? 'gone'}`, 'id');
    const key = `adjustment-request:${request.id}`;
    await postAdjustment(tx, deps, {
      participantId: request.participant_id,
      amount: request.amount,
      reason: request.reason,
      key,
      sourceId: request.id,
      createdBy: request.requested_by,
    });
    await decideAdjustmentRequest(tx, request.id, { status: 'approved', decidedBy: staff, reason: null });
    const details = {
      participantId: request.participant_id,
      amount: request.amount,
      reason: request.reason,
      key,
      requestedBy: request.requested_by,
    };
    await writeAudit(tx, staff, 'adjustment_request.approve', { type: 'adjustment_request', id: request.id }, details);
    await writeAudit(
      tx,
      staff,
      'ledger.adjust',
      { type: 'participant', id: request.participant_id },
      { ...details, requestId: request.id },
    );
  });
  return requireAdjustmentRequest(pool, id);
}

/**
 * Anyone may reject a pending request with a reason, the requester too (withdrawing it): a
 * rejection moves no points, so it needs no second person.
 */
export async function rejectAdjustmentRequest(deps: ApiDeps, id: string, reason: string, staff: ActorRef): Promise<AdjustmentRequestRow> {
  const { pool } = deps;
  await inTransaction(pool, async (tx) => {
    const request = await adjustmentRequestById(tx, id, true);
    if (!request) throw new AppError(404, 'adjustment_request_not_found', 'No adjustment request with this id', 'id');
    if (request.status !== 'pending') throw alreadyDecided(request);
    await decideAdjustmentRequest(tx, id, { status: 'rejected', decidedBy: staff, reason });
    await writeAudit(
      tx,
      staff,
      'adjustment_request.reject',
      { type: 'adjustment_request', id },
      {
        participantId: request.participant_id,
        amount: request.amount,
        reason,
      },
    );
  });
  return requireAdjustmentRequest(pool, id);
}
