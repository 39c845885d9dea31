/**
 * Staff API over the points ledger (R18–R20, R26): a participant's lots and their expiry, manual
 * adjustments and reversals with a mandatory reason, closing an account, CSV exports, the expiry
 * forecast and the ledger invariant. Every change is audited.
 */
import type { Response, Router } from 'express';
import { z } from 'zod';
import { writeAudit } from '../../../db/audit.js';
import { openClaimWorkflows } from '../../../db/claims.js';
import { allBalances, allEntries, expiryForecast, ledgerInvariant, openLots, reverseCredit } from '../../../db/ledger.js';
import { openOrderIds } from '../../../db/orders.js';
import { participantById } from '../../../db/participants.js';
import { inTransaction } from '../../../db/pool.js';
import { csvDocument } from '../../../rules/csv-export.js';
import { decideClaimUpdate } from '../../../workflows/messages/claim.js';
import { ParticipantRefusal, closeAccountUpdate } from '../../../workflows/messages/participant.js';
import { staffActor } from '../../auth.js';
import type { ApiDeps } from '../../deps.js';
import { isUuid } from '../../earning.js';
import { cancelOrder } from '../../orders.js';
import { adjustPoints } from '../../adjustments.js';
import { AppError } from '../../errors.js';
import { staffRole } from '../../route-access.js';
import { defineRoutes, refused, routesOf } from '../../route-table.js';
import { IdempotencyKeyHeader } from '../../schemas.js';
import { StaffRecord, record } from '../../staff-answers.js';
import { text } from '../../text.js';
import { askWorkflow, workflowWait } from '../../temporal.js';

const reason = text(1000, { multiline: true });
const Adjustment = z.strictObject({
  amount: z
    .number()
    .int('must be a whole number')
    .refine((n) => n !== 0, 'must not be zero')
    .refine((n) => Math.abs(n) <= 1_000_000, 'is too large'),
  reason,
});
const WithReason = z.strictObject({ reason });

const support = staffRole('support');
const unknownParticipant = refused('`participant_not_found`');
const csv = (what: string) => ({ description: `${what} (CSV: semicolons and a BOM, as Russian Excel expects)`, type: 'text/csv' as const });

export const staffLedgerRoutes = defineRoutes('/admin/api', {
  'GET /admin/api/participants/:id/lots': {
    access: support,
    tag: 'Points ledger',
    summary: "A participant's balance and open lots with their expiry (R20)",
    responses: { 200: record('`{ balance, lots, nextExpiry }`'), 404: unknownParticipant },
  },
  'POST /admin/api/participants/:id/adjustments': {
    access: support,
    tag: 'Points ledger',
    summary: 'Adjust a balance by hand, with a reason: a credit (a new lot) or a debit (oldest lots first)',
    description:
      'Above FOUR_EYES_ADJUSTMENT_LIMIT points it is a request another staff member approves (202, `Location`). `Idempotency-Key` makes a retry safe. Audited.',
    headers: IdempotencyKeyHeader,
    body: Adjustment,
    responses: {
      201: record('`{ balance }`', 'Posted'),
      202: record('the adjustment request', 'Four eyes: a request for another staff member'),
      404: unknownParticipant,
      409: refused('`participant_not_active`, `insufficient_points` (with `available`), `idempotency_key_reused`'),
    },
  },
  'POST /admin/api/ledger/:entryId/reverse': {
    access: support,
    tag: 'Points ledger',
    summary: 'Reverse a credit whose points are all still there, with a reason (audited)',
    body: WithReason,
    responses: {
      200: record('`{ reversed, amount, remaining }`'),
      404: refused('`entry_not_found`: no credit with this id'),
      409: refused('`credit_not_reversible`: already reversed, or partly spent or expired (adjust instead)'),
    },
  },
  'POST /admin/api/participants/:id/close': {
    access: support,
    tag: 'Points ledger',
    summary: "Close an account (R26): the participant's workflow annuls the points; open orders are cancelled, open claims rejected",
    body: WithReason,
    responses: { 200: record('the participant, closed'), 404: unknownParticipant, 409: refused('`participant_not_active`') },
  },
  'GET /admin/api/ledger/invariant': {
    access: support,
    tag: 'Points ledger',
    summary: 'The ledger invariant: every balance equals its entries, every lot its movements',
    responses: { 200: record('`{ holds, … }` with the counts of what breaks it') },
  },
  'GET /admin/api/ledger/expiry-forecast': {
    access: support,
    tag: 'Points ledger',
    summary: 'Points that will expire per month (UTC), if not spent (R20)',
    responses: { 200: { description: 'Per month', schema: StaffRecord.array() } },
  },
  'GET /admin/api/ledger/export.csv': {
    access: staffRole('admin'),
    tag: 'Points ledger',
    summary: 'Every ledger entry, as CSV',
    responses: { 200: csv('The entries') },
  },
  'GET /admin/api/balances/export.csv': {
    access: staffRole('admin'),
    tag: 'Points ledger',
    summary: "Every participant's balance, held points and next expiry, as CSV",
    responses: { 200: csv('The balances') },
  },
});

/** Sends rows as one CSV document (semicolons and a BOM, as Russian Excel expects). */
function sendCsv(res: Response, filename: string, header: string[], rows: unknown[][]): void {
  res.type('text/csv; charset=utf-8').set('Content-Disposition', `attachment; filename="${filename}"`);
  res.send(csvDocument(header, rows));
}

export function staffLedgerRouter(deps: ApiDeps): Router {
  const { pool, temporal } = deps;
  const router = routesOf(staffLedgerRoutes, deps);

  async function requireParticipant(id: string) {
    const participant = isUuid(id) ? await participantById(pool, id) : null;
    if (!participant) throw new AppError(404, 'participant_not_found', 'No participant with this id', 'id');
    return participant;
  }

  router.on('GET /admin/api/participants/:id/lots', async (_in, req, res) => {
    const participant = await requireParticipant(req.params.id);
    res.json({ balance: participant.balance, ...(await openLots(pool, participant.id)) });
  });

  /**
   * A manual adjustment: a credit (a new lot) or a debit (oldest lots first); above
   * FOUR_EYES_ADJUSTMENT_LIMIT points, a request for a second staff member (202). `Idempotency-Key` makes a retry safe.
   */
  router.on('POST /admin/api/participants/:id/adjustments', async ({ body: { amount, reason } }, req, res) => {
    // The key becomes part of a unique index's key: a short, printable token.
    const retryKey = req.get('idempotency-key');
    if (retryKey !== undefined && !/^[\x21-\x7E]{1,200}$/.test(retryKey)) {
      throw new AppError(400, 'validation_failed', 'Idempotency-Key: must be 1 to 200 printable ASCII characters', 'Idempotency-Key');
    }
    const outcome = await adjustPoints(deps, req.params.id, { amount, reason }, retryKey, staffActor(req));
    // Four eyes: above FOUR_EYES_ADJUSTMENT_LIMIT it is a request another staff member approves.
    if (outcome.posted) res.status(201).json({ balance: outcome.balance });
    else res.status(202).location(`/admin/api/adjustment-requests/${outcome.request.id}`).json(outcome.request);
  });

  router.on('POST /admin/api/ledger/:entryId/reverse', async ({ body: { reason } }, req, res) => {
    const entryId = Number(req.params.entryId);
    if (!Number.isSafeInteger(entryId) || entryId <= 0)
      throw new AppError(404, 'entry_not_found', 'No ledger entry with this id', 'entryId');
    const actor = staffActor(req);
    const result = await inTransaction(pool, async (tx) => {
      const r = await reverseCredit(tx, { entryId, reason, createdBy: actor.label });
      if (r.reversed)
        await writeAudit(tx, actor, 'ledger.reverse', { type: 'ledger_entry', id: String(entryId) }, { reason, amount: r.amount });
      return r;
    });
    if (result.amount === 0) throw new AppError(404, 'entry_not_found', 'No credit with this id', 'entryId');
    if (!result.reversed) {
      throw new AppError(
        409,
        'credit_not_reversible',
        result.remaining === 0
          ? 'This credit is already reversed, spent or expired'
          : `Only ${result.remaining} of its ${result.amount} points are left; adjust instead`,
        'entryId',
      );
    }
    res.json(result);
  });

  /** R26: the participant leaves; the workflow closes the account and annuls the points. */
  router.on('POST /admin/api/participants/:id/close', async ({ body: { reason } }, req, res) => {
    const participant = await requireParticipant(req.params.id);
    const notActive = new AppError(409, 'participant_not_active', `The participant is ${participant.status}`, 'id');
    if (participant.status !== 'active') throw notActive;
    await askWorkflow(
      workflowWait(deps, `/admin/api/participants/${participant.id}`),
      () =>
        temporal.workflow.getHandle(participant.workflow_id).startUpdate(closeAccountUpdate, {
          args: [{ reason, staff: { id: req.staff!.id, label: req.staff!.email } }],
          waitForStage: 'ACCEPTED',
        }),
      { [ParticipantRefusal.notActive]: notActive },
      notActive,
    );
    // Open workflows of the account end cleanly: its orders are cancelled (their points were
    // released with the rest), its claims rejected; each audited, nothing credited.
    const staff = staffActor(req);
    for (const orderId of await openOrderIds(pool, participant.id)) await cancelOrder(deps, orderId, staff).catch(() => {}); // ended meanwhile
    for (const workflowId of await openClaimWorkflows(pool, participant.id)) {
      await temporal.workflow
        .getHandle(workflowId)
        .executeUpdate(decideClaimUpdate, { args: [{ decision: 'reject', reason: `The account was closed: ${reason}`, staff }] })
        .catch(() => {}); // decided meanwhile
    }
    res.json(await requireParticipant(participant.id));
  });

  router.on('GET /admin/api/ledger/invariant', async (_in, _req, res) => {
    res.json(await ledgerInvariant(pool));
  });

  /** Points that will expire per month (UTC), if not spent (R20). */
  router.on('GET /admin/api/ledger/expiry-forecast', async (_in, _req, res) => {
    res.json(await expiryForecast(pool));
  });

  router.on('GET /admin/api/ledger/export.csv', async (_in, _req, res) => {
    const rows = await allEntries(pool);
    sendCsv(
      res,
      'ledger.csv',
      ['id', 'member_number', 'email', 'kind', 'amount', 'source_type', 'source_id', 'reason', 'created_by', 'created_at'],
      rows.map((r) => [r.id, r.member_number, r.email, r.kind, r.amount, r.source_type, r.source_id, r.reason, r.created_by, r.created_at]),
    );
  });

  router.on('GET /admin/api/balances/export.csv', async (_in, _req, res) => {
    const rows = await allBalances(pool);
    sendCsv(
      res,
      'balances.csv',
      ['member_number', 'email', 'first_name', 'last_name', 'status', 'balance', 'held', 'next_expiry'],
      rows.map((r) => [r.member_number, r.email, r.first_name, r.last_name, r.status, r.balance, r.held, r.next_expiry]),
    );
  });

  return router.done();
}
