/**
 * A2: earning from partners, as use cases of the client API (the partner's own systems) and the staff
 * API (admins keep the partners; support reads them, their accruals and statements, and files claims).
 *
 *  - A partner posts accruals, one or up to PARTNER_BULK_MAX_ROWS in one call. Each row is judged on
 *    its own (rules/partners.ts); refused rows come back with their index and reason, the accepted
 *    ones are written in one statement within one transaction, keyed by the partner's transaction id:
 *    a replay changes nothing and answers the accrual it made.
 *  - Accruals stay pending for the partner's pending period (the partner may cancel them), then its
 *    crediting timer (workflows/partner-crediting.ts), joined from inside the post's transaction,
 *    credits them as lots. A credited accrual may be reversed: what its lot still holds is annulled.
 *  - A participant claims a transaction the partner never posted (A4): the claim's workflow, and an
 *    approval credits it under the key the accrual would have had.
 *  - A monthly statement per partner: accruals, reversals, and what the partner owes.
 *
 * Request shapes live here too: one zod schema gives validation, type and OpenAPI.
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { bindApiClientToPartner, createApiKey, lockApiClient, partnerApiClients } from '../db/api-keys.js';
import { writeAudit, type Actor } from '../db/audit.js';
import { claimById, insertPartnerClaim } from '../db/claims.js';
import { annulCreditRemainder, entryByKey } from '../db/ledger.js';
import {
  PARTNER_COLUMNS,
  accrualOf,
  accrualsOf,
  insertAccruals,
  insertPartner,
  lockAccrual,
  lockPartner,
  lockPartnerForPosting,
  markAccrualCancelled,
  markAccrualReversed,
  participantAccrualsFrom,
  participantsNamed,
  partnerById,
  statementRows,
  updatePartner,
  type Accrual,
  type NamedParticipant,
  type Partner,
  type PartnerField,
} from '../db/partners.js';
import { participantById } from '../db/participants.js';
import { databaseNow, termsAt } from '../db/terms.js';
import { inTransaction, type Db, type Pool } from '../db/pool.js';
import { csvDocument } from '../rules/csv-export.js';
import { normalizeEmail } from '../rules/email.js';
import {
  EarningRule,
  KIND_CODE,
  MAX_PENDING_PERIOD_MS,
  MAX_PRICE_PER_POINT_KOPECKS,
  PARTNER_BULK_MAX_ROWS,
  REFUSAL_MESSAGES,
  TRANSACTION_ID,
  creditDueAt,
  judgeAccrual,
  monthRange,
  parseRoubles,
  parseTransactionDate,
  partnerCreditKey,
  roublesText,
  statementTotals,
  type RefusalReason,
} from '../rules/partners.js';
import { claimWorkflowId, type ClaimInput } from '../workflows/messages/claim.js';
import { LIVE_PARTICIPANT_STATUSES } from '../workflows/messages/participant.js';
import { accrualsPostedSignal, partnerCreditingWorkflowId, type PartnerCreditingInput } from '../workflows/messages/partner.js';
import type { claimWorkflow } from '../workflows/claim.js';
import type { partnerCreditingWorkflow } from '../workflows/partner-crediting.js';
import type { AuthenticatedClient } from '../db/api-keys.js';
import type { ApiDeps } from './deps.js';
import { owningClient } from './auth.js';
import { AppError, fieldIssues } from './errors.js';
import { check } from './validate.js';
import { temporalCall } from './temporal.js';
import { email, missingOr, optionalText, text, wholeNumber } from './text.js';

// ---- request shapes --------------------------------------------------------------------------

const transactionId = z
  .string(missingOr('must be a string'))
  .regex(TRANSACTION_ID, 'must be 1 to 100 letters, digits, dots, colons, underscores or dashes, starting with a letter or digit');
const memberNumber = z
  .union([z.string().regex(/^[1-9][0-9]{0,14}$/), z.number().int().min(1).max(999_999_999_999_999)], {
    error: 'must be a member number (digits)',
  })
  .meta({ description: "A6: the participant's member number", example: 100042 });
const transactionDate = z
  .string(missingOr('must be a string'))
  .refine((v) => parseTransactionDate(v) !== null, 'must be a date (2026-11-20) or an instant with its offset (2026-11-20T14:30:00+03:00)')
  .meta({ description: 'When the transaction took place: a calendar day, or an instant with its offset', example: '2026-11-20' });
const amount = z
  .union([z.number(), z.string()], missingOr('must be an amount in roubles'))
  .refine(
    (v) => parseRoubles(v) !== null,
    'must be a positive amount in roubles with at most two decimals (a number, or a string such as "12500.50")',
  )
  .meta({ description: 'The amount in roubles (at most two decimals): what a per-100-roubles rule earns on', example: 12500 });
const kind = z
  .string(missingOr('must be a string'))
  .regex(KIND_CODE, 'must be 1 to 32 lower-case letters, digits or underscores, starting with a letter')
  .meta({ description: 'The kind of transaction: what a per-kind rule earns on', example: 'stay' });

/** One accrual a partner posts: validation only (no transforms), so a row checked twice reads the same. */
export const PartnerAccrualRequest = z
  .strictObject({
    transactionId: transactionId.meta({ description: "The partner's own id of the transaction: a replay with it changes nothing" }),
    memberNumber: memberNumber.optional(),
    email: email().optional().meta({ description: "The participant's email, if not named by member number" }),
    date: transactionDate,
    amount: amount.optional(),
    kind: kind.optional(),
  })
  .refine((r) => (r.memberNumber === undefined) !== (r.email === undefined), {
    path: ['memberNumber'],
    message: 'name the participant by memberNumber or by email (one of them)',
  })
  .meta({
    id: 'PartnerAccrualRequest',
    description:
      "A2: one of the partner's transactions: its own id, the participant (member number or email), the date, and the amount (a per-100-roubles rule) or the kind (a per-kind rule).",
    example: { transactionId: 'H-2026-000123', memberNumber: 100042, date: '2026-11-20', amount: 12500 },
  });
export type PartnerAccrualRequest = z.infer<typeof PartnerAccrualRequest>;

export const PartnerBulkRequest = z
  .strictObject({
    accruals: z
      .array(z.unknown(), 'must be a list of accruals')
      .min(1, 'must hold at least one accrual')
      .max(PARTNER_BULK_MAX_ROWS, `must hold at most ${PARTNER_BULK_MAX_ROWS} accruals`)
      .meta({
        description: `Up to ${PARTNER_BULK_MAX_ROWS} accruals, each a PartnerAccrualRequest, judged one by one: a row at fault is refused alone`,
      }),
  })
  .meta({
    id: 'PartnerBulkRequest',
    example: {
      accruals: [
        { transactionId: 'H-2026-000123', memberNumber: 100042, date: '2026-11-20', amount: 12500 },
        { transactionId: 'H-2026-000124', email: 'anna@agency.example', date: '2026-11-21T14:30:00+03:00', amount: '8300.50' },
      ],
    },
  });

export const PartnerEndRequest = z
  .strictObject({ reason: optionalText(500, { multiline: true }) })
  .meta({ id: 'PartnerEndRequest', description: "Why (optional): kept with the accrual and in the participant's ledger" });

const pendingPeriodMs = wholeNumber(0, MAX_PENDING_PERIOD_MS).meta({ description: 'How long an accrual stays pending (ms)' });
const pricePerPoint = z
  .number(missingOr('must be a number'))
  .min(0, 'must not be negative')
  .max(MAX_PRICE_PER_POINT_KOPECKS / 100, `must be at most ${MAX_PRICE_PER_POINT_KOPECKS / 100}`)
  .refine((v) => Math.abs(Math.round(v * 100) - v * 100) < 1e-6, 'must have at most two decimals (kopecks)')
  .meta({ description: 'What the partner pays per point credited, in roubles' });

export const PartnerRequest = z
  .strictObject({
    name: text(200),
    earningRule: EarningRule,
    qualifies: z.boolean('must be true or false').default(false),
    pendingPeriodMs,
    pricePerPoint,
    active: z.boolean('must be true or false').default(true),
  })
  .meta({
    id: 'PartnerRequest',
    description: 'A2: a partner whose systems post accruals through the API.',
    example: {
      name: 'Сеть отелей «Азимут»',
      earningRule: { type: 'per_100_roubles', points: 2 },
      qualifies: true,
      pendingPeriodMs: 1_209_600_000,
      pricePerPoint: 0.5,
    },
  });

export const PartnerChange = z
  .strictObject({
    name: text(200).optional(),
    earningRule: EarningRule.optional(),
    qualifies: z.boolean('must be true or false').optional(),
    pendingPeriodMs: pendingPeriodMs.optional(),
    pricePerPoint: pricePerPoint.optional(),
    active: z.boolean('must be true or false').optional(),
  })
  .meta({
    id: 'PartnerChange',
    description: 'The fields of a partner to change; accruals already posted keep their rule, points and due instant.',
  });

export const PartnerClientRequest = z
  .strictObject({
    clientId: z
      .uuid('must be an API client id')
      .optional()
      .meta({ description: 'An existing client to bind; none: a new client with its first key' }),
    name: optionalText(200).meta({ description: "A new client's name (default: the partner's)" }),
  })
  .meta({ id: 'PartnerClientRequest' });

export const StatementQuery = z.object({
  month: z
    .string('must be a month, YYYY-MM')
    .refine((m) => monthRange(m) !== null, 'must be a month, YYYY-MM')
    .meta({ description: 'The month (UTC), `YYYY-MM`', example: '2026-11' }),
});

const claimFields = {
  partnerId: z.uuid('must be a partner id (GET /api/partners)'),
  reference: transactionId.meta({ description: "The transaction's reference as the partner gave it (the receipt's, the policy's number)" }),
  date: transactionDate,
  amount: amount.optional(),
  kind: kind.optional(),
  statement: text(2000, { multiline: true }),
};

/** A4 for a partner: the airline form (partner, the transaction's reference, date, amount or kind). */
export const PartnerClaimRequest = z.strictObject({ email: email(), ...claimFields }).meta({
  id: 'PartnerClaimRequest',
  description: "A2, A4: a participant claims a partner's transaction that was never credited.",
  example: {
    email: 'anna@agency.example',
    partnerId: '0b9d2c55-3d51-4a57-9a43-0f4c0e0c4b11',
    reference: 'H-2026-000123',
    date: '2026-11-20',
    amount: 12500,
    statement: 'Жила в отеле 20 ноября, баллы не пришли',
  },
});

export const StaffPartnerClaim = z
  .strictObject({ participantId: z.uuid('must be a participant id'), ...claimFields })
  .meta({ description: "A2, A4: support files a partner claim on the participant's behalf." });

// ---- partners (admins keep them; every change audited) --------------------------------------

const partnerNotFound = (field = 'id') => new AppError(404, 'partner_not_found', 'No partner with this id', field);

export async function requirePartner(db: Db, id: string) {
  const partner = await partnerById(db, id);
  if (!partner) throw partnerNotFound();
  return { ...partner, clients: await partnerApiClients(db, id) };
}

const nameTaken = (err: unknown) => {
  if ((err as { code?: string })?.code === '23505') throw new AppError(409, 'partner_name_taken', 'Another partner has this name', 'name');
  throw err;
};

const kopecks = (roubles: number) => Math.round(roubles * 100);

export async function createPartner(pool: Pool, p: z.infer<typeof PartnerRequest>, actor: Actor) {
  const id = randomUUID();
  const fields = {
    name: p.name,
    earningRule: p.earningRule,
    qualifies: p.qualifies,
    pendingPeriodMs: p.pendingPeriodMs,
    pricePerPointKopecks: kopecks(p.pricePerPoint),
    active: p.active,
  };
  await inTransaction(pool, async (tx) => {
    await insertPartner(tx, { id, ...fields, createdBy: actor.label }).catch(nameTaken);
    await writeAudit(tx, actor, 'partner.create', { type: 'partner', id }, fields);
  });
  return requirePartner(pool, id);
}

export async function changePartner(pool: Pool, id: string, change: z.infer<typeof PartnerChange>, actor: Actor) {
  const { pricePerPoint: price, ...rest } = change;
  const fields = { ...rest, ...(price !== undefined && { pricePerPointKopecks: kopecks(price) }) };
  const named = (Object.keys(PARTNER_COLUMNS) as PartnerField[]).filter((f) => fields[f] !== undefined);
  if (named.length === 0) throw new AppError(400, 'validation_failed', 'body: change at least one field', 'body');
  await inTransaction(pool, async (tx) => {
    const before = await lockPartner(tx, id);
    if (!before) throw partnerNotFound();
    await updatePartner(tx, id, fields).catch(nameTaken);
    const changes = Object.fromEntries(named.map((f) => [f, { from: before[PARTNER_COLUMNS[f]], to: fields[f] }]));
    await writeAudit(tx, actor, 'partner.update', { type: 'partner', id }, changes);
  });
  return requirePartner(pool, id);
}

/**
 * The partner's API client: an existing client bound to it (and given the `partner` scope), or a new
 * client with that scope alone and its first key, shown once. Audited either way.
 */
export async function bindPartnerClient(pool: Pool, partnerId: string, r: z.infer<typeof PartnerClientRequest>, actor: Actor) {
  return inTransaction(pool, async (tx) => {
    const partner = await lockPartner(tx, partnerId);
    if (!partner) throw partnerNotFound();
    if (r.clientId) {
      const client = await lockApiClient(tx, r.clientId);
      if (!client) throw new AppError(404, 'api_client_not_found', 'No API client with this id', 'clientId');
      if (client.partner_id !== null && client.partner_id !== partnerId) {
        throw new AppError(409, 'client_bound_elsewhere', 'This API client acts for another partner', 'clientId');
      }
      await bindApiClientToPartner(tx, client.id, partnerId);
      await writeAudit(
        tx,
        actor,
        'api_client.bind_partner',
        { type: 'api_client', id: client.id },
        { partnerId, partnerName: partner.name },
      );
      return { created: false, client: { ...client, partner_id: partnerId }, key: null };
    }
    const created = await createApiKey(tx, r.name ?? partner.name, ['partner'], partnerId);
    await writeAudit(
      tx,
      actor,
      'api_client.create',
      { type: 'api_client', id: created.client.id },
      {
        name: created.client.name,
        scopes: created.client.scopes,
        partnerId,
        keyId: created.apiKey.id,
        keyPrefix: created.apiKey.key_prefix,
      },
    );
    return { created: true, client: { ...created.client, keys: [created.apiKey] }, key: created.key };
  });
}

// ---- the partner's own API ---------------------------------------------------------------------

/** The partner the calling client acts for: never one the request names. */
export async function partnerOfClient(db: Db, client: AuthenticatedClient): Promise<Partner> {
  const partner = client.partner_id ? await partnerById(db, client.partner_id) : null;
  if (!partner) {
    throw new AppError(
      403,
      'not_a_partner',
      'This API client is bound to no partner: an admin binds it in the console (Partners)',
      'X-Api-Key',
    );
  }
  if (!partner.active) throw new AppError(403, 'partner_inactive', 'This partner no longer takes part in the program', 'X-Api-Key');
  return partner;
}

/** A row the partner's call refused, with its place in the call and why. */
export interface Refusal {
  index: number;
  transactionId: string | null;
  reason: RefusalReason;
  field: string;
  message: string;
}

/** A row the call took, or had taken before (a replay). */
export interface Taken {
  index: number;
  replayed: boolean;
  accrual: AccrualBrief;
}

/** What the answer says of an accrual a call made or met. */
export interface AccrualBrief {
  transactionId: string;
  memberNumber: number | null;
  points: number;
  status: Accrual['status'];
  dueAt: Date;
}

const brief = (a: Pick<Accrual, 'transaction_id' | 'member_number' | 'points' | 'status' | 'due_at'>): AccrualBrief => ({
  transactionId: a.transaction_id,
  memberNumber: a.member_number,
  points: a.points,
  status: a.status,
  dueAt: a.due_at,
});

const rowTransactionId = (raw: unknown): string | null => {
  const id = (raw as { transactionId?: unknown } | null)?.transactionId;
  return typeof id === 'string' && TRANSACTION_ID.test(id) ? id : null;
};

/**
 * Posts the partner's rows (A2): each judged alone; the accepted ones written in one statement of one
 * transaction that also joins the partner's crediting timer for their due instant (so a refused
 * start leaves nothing written). Answers what was taken (new or replayed) and what was refused.
 */
export async function postAccruals({ pool, temporal, config }: ApiDeps, partnerId: string, rows: unknown[], actor: Actor) {
  const refusals: Refusal[] = [];
  const refuse = (index: number, transactionId: string | null, reason: RefusalReason, field: string, message = REFUSAL_MESSAGES[reason]) =>
    refusals.push({ index, transactionId, reason, field, message });

  // The shape of each row, and a transaction id used twice in the one call.
  const parsed: Array<{ index: number; row: PartnerAccrualRequest }> = [];
  const firstIndex = new Map<string, number>();
  rows.forEach((raw, index) => {
    const result = check(PartnerAccrualRequest, raw);
    if (!result.success) {
      const [issue] = fieldIssues(result.error);
      const field = issue.field || 'row';
      refuse(index, rowTransactionId(raw), 'invalid', field, `${field}: ${issue.message}`);
      return;
    }
    const earlier = firstIndex.get(result.data.transactionId);
    if (earlier !== undefined) {
      refuse(
        index,
        result.data.transactionId,
        'transaction_repeated',
        'transactionId',
        `${REFUSAL_MESSAGES.transaction_repeated} (row ${earlier})`,
      );
      return;
    }
    firstIndex.set(result.data.transactionId, index);
    parsed.push({ index, row: result.data });
  });

  const taken: Taken[] = [];
  await inTransaction(pool, async (tx) => {
    // Share-locked first thing: the crediting timer's barrier waits for this transaction to end.
    const partner = await lockPartnerForPosting(tx, partnerId);
    if (!partner) throw partnerNotFound('X-Api-Key');
    const now = await databaseNow(tx);

    // Replays: a transaction the partner posted before answers the accrual it made.
    const before = new Map(
      (
        await accrualsOf(
          tx,
          partnerId,
          parsed.map((p) => p.row.transactionId),
        )
      ).map((a) => [a.transaction_id, a]),
    );
    const fresh = parsed.filter(({ index, row }) => {
      const earlier = before.get(row.transactionId);
      if (earlier) taken.push({ index, replayed: true, accrual: brief(earlier) });
      return !earlier;
    });

    // The participants the rows name, in two lookups; then each row is judged (rules/partners.ts).
    const named = await participantsNamed(
      tx,
      fresh.flatMap(({ row }) => (row.memberNumber === undefined ? [] : [Number(row.memberNumber)])),
      fresh.flatMap(({ row }) => (row.email === undefined ? [] : [normalizeEmail(row.email)])),
    );
    const byNumber = new Map(named.filter((p) => p.member_number !== null).map((p) => [p.member_number!, p]));
    // An email names the participant who holds it now (R1).
    const byEmail = new Map(
      named.filter((p) => (LIVE_PARTICIPANT_STATUSES as readonly string[]).includes(p.status)).map((p) => [p.email_normalized, p]),
    );
    const participantOf = (row: PartnerAccrualRequest): NamedParticipant | undefined =>
      row.memberNumber !== undefined ? byNumber.get(Number(row.memberNumber)) : byEmail.get(normalizeEmail(row.email!));

    const dueAt = new Date(creditDueAt(now.getTime(), partner.pending_period_ms));
    const accepted: Array<{
      index: number;
      row: PartnerAccrualRequest;
      participant: NamedParticipant;
      points: number;
      dateOnly: boolean;
      at: number;
    }> = [];
    for (const { index, row } of fresh) {
      const participant = participantOf(row);
      const date = parseTransactionDate(row.date)!;
      const facts = { date, amountKopecks: row.amount === undefined ? null : parseRoubles(row.amount), kind: row.kind ?? null };
      const verdict = judgeAccrual(
        facts,
        participant ? { status: participant.status, registeredAt: participant.registered_at.getTime() } : null,
        partner.earning_rule,
        now.getTime(),
      );
      if (!verdict.ok)
        refuse(
          index,
          row.transactionId,
          verdict.reason,
          verdict.field === 'participant' ? (row.memberNumber !== undefined ? 'memberNumber' : 'email') : verdict.field,
        );
      else accepted.push({ index, row, participant: participant!, points: verdict.points, dateOnly: date.dateOnly, at: date.at });
    }

    const inserted = await insertAccruals(tx, {
      partnerId,
      clientId: owningClient(actor) ?? null,
      postedAt: now,
      dueAt,
      rows: accepted.map(({ row, participant, points, dateOnly, at }) => ({
        transactionId: row.transactionId,
        participantId: participant.id,
        transactionAt: new Date(at),
        dateOnly,
        amountKopecks: row.amount === undefined ? null : parseRoubles(row.amount),
        kind: row.kind ?? null,
        points,
      })),
    });
    // A row another call inserted between the look for replays and this insert is a replay too.
    const raced = new Map(
      (
        await accrualsOf(
          tx,
          partnerId,
          accepted.filter(({ row }) => !inserted.has(row.transactionId)).map(({ row }) => row.transactionId),
        )
      ).map((a) => [a.transaction_id, a]),
    );
    for (const { index, row, participant, points } of accepted) {
      const other = raced.get(row.transactionId);
      taken.push(
        other
          ? { index, replayed: true, accrual: brief(other) }
          : {
              index,
              replayed: false,
              accrual: { transactionId: row.transactionId, memberNumber: participant.member_number, points, status: 'pending', dueAt },
            },
      );
    }

    if (inserted.size > 0) {
      await writeAudit(
        tx,
        actor,
        'partner_accrual.post',
        { type: 'partner', id: partnerId },
        {
          accepted: inserted.size,
          replayed: taken.length - inserted.size,
          refused: refusals.length,
          dueAt: dueAt.toISOString(),
        },
      );
      // Joined from inside the transaction: if Temporal refuses, nothing of the call is written.
      const input: PartnerCreditingInput = { partnerId, dueAt: dueAt.getTime(), batchSize: config.creditBatchSize };
      await temporalCall(() =>
        temporal.workflow.signalWithStart<typeof partnerCreditingWorkflow, []>('partnerCreditingWorkflow', {
          workflowId: partnerCreditingWorkflowId(partnerId, input.dueAt),
          taskQueue: config.taskQueue,
          args: [input],
          signal: accrualsPostedSignal,
          signalArgs: [],
        }),
      );
    }
  });
  taken.sort((a, b) => a.index - b.index);
  refusals.sort((a, b) => a.index - b.index);
  return { taken, refusals };
}

const accrualNotFound = () =>
  new AppError(404, 'accrual_not_found', 'This partner has no accrual with this transaction id', 'transactionId');

/** The partner's accrual; 404 for a transaction id it never posted (or another partner's). */
export async function requireAccrual(db: Db, partnerId: string, transactionId: string): Promise<Accrual> {
  const accrual = TRANSACTION_ID.test(transactionId) ? await accrualOf(db, partnerId, transactionId) : null;
  if (!accrual) throw accrualNotFound();
  return accrual;
}

/** The partner cancels a pending accrual: it will never be credited. Cancelling it again changes nothing. */
export async function cancelAccrual(pool: Pool, partnerId: string, transactionId: string, reason: string | null, actor: Actor) {
  if (!TRANSACTION_ID.test(transactionId)) throw accrualNotFound();
  await inTransaction(pool, async (tx) => {
    const accrual = await lockAccrual(tx, partnerId, transactionId);
    if (!accrual) throw accrualNotFound();
    if (accrual.status === 'cancelled') return;
    if (accrual.status !== 'pending') {
      const hint = accrual.status === 'credited' ? ': it is credited, reverse it instead' : '';
      throw new AppError(409, 'accrual_not_pending', `This accrual is ${accrual.status}${hint}`, 'transactionId', {
        status: accrual.status,
      });
    }
    await markAccrualCancelled(tx, accrual.id, reason);
    await writeAudit(
      tx,
      actor,
      'partner_accrual.cancel',
      { type: 'partner_accrual', id: String(accrual.id) },
      { partnerId, transactionId, reason },
    );
  });
  return requireAccrual(pool, partnerId, transactionId);
}

/**
 * The partner reverses a credited accrual: what its lot still holds is annulled (db/ledger.ts
 * `annulCreditRemainder`), and so is the rest of the tier bonus it earned (A1). Points the
 * participant already spent stay spent; the statement charges the partner for them. Reversing it
 * again changes nothing.
 */
export async function reverseAccrual(
  pool: Pool,
  partner: Pick<Partner, 'id' | 'name'>,
  transactionId: string,
  reason: string | null,
  actor: Actor,
) {
  if (!TRANSACTION_ID.test(transactionId)) throw accrualNotFound();
  await inTransaction(pool, async (tx) => {
    const accrual = await lockAccrual(tx, partner.id, transactionId);
    if (!accrual) throw accrualNotFound();
    if (accrual.status === 'reversed') return;
    if (accrual.status !== 'credited') {
      const hint = accrual.status === 'pending' ? ': it is still pending, cancel it instead' : '';
      throw new AppError(409, 'accrual_not_credited', `This accrual is ${accrual.status}${hint}`, 'transactionId', {
        status: accrual.status,
      });
    }
    const key = partnerCreditKey(partner.id, transactionId);
    const why = reason ?? `${partner.name}: reversed ${transactionId}`;
    let annulled = 0;
    for (const entryKey of [key, `tier-bonus:${key}`]) {
      const entry = await entryByKey(tx, entryKey);
      if (!entry) continue;
      const result = await annulCreditRemainder(tx, { entryId: entry.id, reason: why, createdBy: actor.label });
      if (entryKey === key) annulled = result?.annulled ?? 0;
    }
    await markAccrualReversed(tx, accrual.id, annulled, reason);
    await writeAudit(
      tx,
      actor,
      'partner_accrual.reverse',
      { type: 'partner_accrual', id: String(accrual.id) },
      {
        partnerId: partner.id,
        transactionId,
        annulled,
        reason,
      },
    );
  });
  return requireAccrual(pool, partner.id, transactionId);
}

// ---- claims of a partner's transaction (A4) ------------------------------------------------------

/**
 * A4 for a partner: the participant names a transaction the partner never posted. Judged as the
 * partner's row would be (an active participant, R8, what the partner's rule gives); a transaction
 * the partner has posted is its accrual's, not a claim's. The claim keeps the points and waits for a
 * reviewer in its workflow (workflows/claim.ts).
 */
export async function openPartnerClaim(
  { pool, temporal, config }: ApiDeps,
  c: {
    participantId: string;
    partnerId: string;
    reference: string;
    date: string;
    amount?: number | string;
    kind?: string;
    statement: string;
  },
  actor: Actor,
) {
  const partner = await partnerById(pool, c.partnerId);
  if (!partner) throw partnerNotFound('partnerId');
  if (!partner.active) throw new AppError(409, 'partner_inactive', 'This partner no longer takes part in the program', 'partnerId');
  const participant = await participantById(pool, c.participantId);
  const date = parseTransactionDate(c.date)!;
  const amountKopecks = c.amount === undefined ? null : parseRoubles(c.amount);
  const verdict = judgeAccrual(
    { date, amountKopecks, kind: c.kind ?? null },
    participant ? { status: participant.status, registeredAt: new Date(participant.registered_at).getTime() } : null,
    partner.earning_rule,
    Date.now(),
  );
  if (!verdict.ok) {
    if (verdict.reason === 'participant_unknown')
      throw new AppError(404, 'participant_not_found', 'No active participant with this id or email', 'participantId');
    throw new AppError(422, verdict.reason, REFUSAL_MESSAGES[verdict.reason], verdict.field);
  }
  const existing = await accrualOf(pool, partner.id, c.reference);
  if (existing) {
    throw new AppError(
      409,
      'partner_accrual_exists',
      `The partner has posted this transaction: its accrual is ${existing.status}`,
      'reference',
      { status: existing.status },
    );
  }

  const id = randomUUID();
  const terms = await termsAt(pool, config.program);
  const input: ClaimInput = { claimId: id, deadlineMs: terms.claimDeadlineMs, lotLifetimeMs: terms.lotLifetimeMs };
  await inTransaction(pool, async (tx) => {
    const inserted = await insertPartnerClaim(tx, {
      id,
      participantId: c.participantId,
      partnerId: partner.id,
      reference: c.reference,
      transactionAt: new Date(date.at),
      dateOnly: date.dateOnly,
      amountKopecks,
      kind: c.kind ?? null,
      points: verdict.points,
      statement: c.statement,
      workflowId: claimWorkflowId(id),
      deadline: new Date(Date.now() + terms.claimDeadlineMs),
      createdBy: actor.label,
      clientId: owningClient(actor) ?? null,
    });
    if (!inserted) throw new AppError(409, 'claim_already_open', 'A claim for this transaction is already open', 'reference');
    await writeAudit(
      tx,
      actor,
      'claim.open',
      { type: 'claim', id },
      { participantId: c.participantId, partnerId: partner.id, reference: c.reference },
    );
    await temporalCall(() =>
      temporal.workflow.start<typeof claimWorkflow>('claimWorkflow', {
        workflowId: claimWorkflowId(id),
        taskQueue: config.taskQueue,
        args: [input],
      }),
    );
  });
  return claimById(pool, id);
}

/** What the reviewer of a partner claim has at hand: the participant's accruals from that partner. */
export async function partnerClaimEvidence(db: Db, claim: { participant_id: string; partner_id: string }) {
  return participantAccrualsFrom(db, claim.participant_id, claim.partner_id);
}

// ---- the monthly statement ----------------------------------------------------------------------

/**
 * A2: the partner's statement for a month (UTC): every accrual credited in it (claims included) and
 * every reversal made in it, with the totals and what the partner owes at its price per point.
 */
export async function partnerStatement(db: Db, id: string, month: string) {
  const partner = await partnerById(db, id);
  if (!partner) throw partnerNotFound();
  const range = monthRange(month)!;
  const { accrued, reversed } = await statementRows(db, id, new Date(range.from), new Date(range.to));
  const totals = statementTotals(
    accrued,
    reversed.map((r) => ({ reversedPoints: r.reversed_points ?? 0 })),
    partner.price_per_point_kopecks,
  );
  return {
    partner: {
      id: partner.id,
      name: partner.name,
      price_per_point: roublesText(partner.price_per_point_kopecks),
      price_per_point_kopecks: partner.price_per_point_kopecks,
    },
    month,
    accruals: accrued,
    reversals: reversed,
    totals: {
      accruals: totals.accruals,
      accrued_points: totals.accruedPoints,
      reversals: totals.reversals,
      reversed_points: totals.reversedPoints,
      net_points: totals.netPoints,
      owed_kopecks: totals.owedKopecks,
      owed: roublesText(totals.owedKopecks),
    },
  };
}

const dateText = (a: Pick<Accrual, 'transaction_at' | 'date_only'>) =>
  a.date_only ? a.transaction_at.toISOString().slice(0, 10) : a.transaction_at.toISOString();

/** The statement as CSV (rules/csv-export.ts): one line per accrual and per reversal, then the total owed. */
export async function partnerStatementCsv(db: Db, id: string, month: string): Promise<{ filename: string; body: string }> {
  const s = await partnerStatement(db, id, month);
  const line = (what: string, a: Accrual, points: number, at: Date | null) => [
    s.partner.name,
    month,
    what,
    a.transaction_id,
    a.member_number,
    dateText(a),
    a.amount_kopecks === null ? null : roublesText(a.amount_kopecks),
    a.kind,
    a.source,
    points,
    at,
    roublesText(points * s.partner.price_per_point_kopecks),
  ];
  return {
    filename: `partner-${s.partner.id}-statement-${month}.csv`,
    body: csvDocument(
      [
        'partner',
        'month',
        'line',
        'transaction_id',
        'member_number',
        'transaction_date',
        'amount',
        'kind',
        'source',
        'points',
        'at',
        'owed',
      ],
      [
        ...s.accruals.map((a) => line('accrual', a, a.points, a.credited_at)),
        ...s.reversals.map((a) => line('reversal', a, -(a.reversed_points ?? 0), a.reversed_at)),
        [s.partner.name, month, 'total', null, null, null, null, null, null, s.totals.net_points, null, s.totals.owed],
      ],
    ),
  };
}
