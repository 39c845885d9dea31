/**
 * A1: a participant's status tier (`participant_tiers`: the tier, since when, until when, the last
 * period reassessed) and the history of its changes (`tier_changes`: from, to, why, when). The one
 * owner of both tables; the rules are pure in rules/tiers.ts, the qualifying points the ledger's
 * (db/ledger.ts `qualifyingSums`). Every function runs in its caller's transaction.
 */
import type { Db } from './pool.js';
import type { TierChange, TierState } from '../rules/tiers.js';
import { systemActor, writeAudit } from './audit.js';

interface TierRow {
  participant_id: string;
  tier: string | null;
  since: Date | null;
  valid_until: Date | null;
  assessed_through: Date;
}

export interface LockedTier {
  participantId: string;
  state: TierState;
  assessedThrough: number;
}

const toLocked = (r: TierRow): LockedTier => ({
  participantId: r.participant_id,
  state: { tier: r.tier, since: r.since?.getTime() ?? null, validUntil: r.valid_until?.getTime() ?? null },
  assessedThrough: r.assessed_through.getTime(),
});

/**
 * The participants' tier rows, locked to the end of the transaction in participant order (so two
 * crediting transactions, or a credit and the reassessment, never wait on each other crosswise). A
 * participant without a row gets one: no tier, nothing to reassess before `periodStart`.
 */
export async function lockTiers(tx: Db, participantIds: string[], periodStart: Date): Promise<Map<string, LockedTier>> {
  const ids = [...new Set(participantIds)].sort();
  if (ids.length === 0) return new Map();
  await tx.query(
    `INSERT INTO participant_tiers (participant_id, assessed_through)
     SELECT id, $2 FROM unnest($1::uuid[]) AS x(id) ORDER BY id
     ON CONFLICT (participant_id) DO NOTHING`,
    [ids, periodStart],
  );
  const { rows } = await tx.query<TierRow>(
    `SELECT participant_id, tier, since, valid_until, assessed_through FROM participant_tiers
      WHERE participant_id = ANY($1::uuid[]) ORDER BY participant_id FOR UPDATE`,
    [ids],
  );
  return new Map(rows.map((r) => [r.participant_id, toLocked(r)]));
}

/**
 * The next rows the reassessment owes a period end at or before `through`, locked, in participant
 * order; a row a credit holds is waited for (the same order: no deadlock).
 */
export async function lockTiersToReassess(tx: Db, through: Date, limit: number): Promise<LockedTier[]> {
  const { rows } = await tx.query<TierRow>(
    `SELECT participant_id, tier, since, valid_until, assessed_through FROM participant_tiers
      WHERE assessed_through < $1 ORDER BY participant_id LIMIT $2 FOR UPDATE`,
    [through, limit],
  );
  return rows.map(toLocked);
}

/** The reassessment's result for a participant: the tier's validity, and the periods done. */
export async function markReassessed(tx: Db, participantId: string, state: TierState, assessedThrough: Date): Promise<void> {
  await tx.query(
    `UPDATE participant_tiers SET tier = $2, since = $3, valid_until = $4, assessed_through = $5, updated_at = now() WHERE participant_id = $1`,
    [participantId, state.tier, toDate(state.since), toDate(state.validUntil), assessedThrough],
  );
}

const toDate = (ms: number | null) => (ms === null ? null : new Date(ms));

/**
 * A change of tier: the new state, a history row naming from, to, why and what it was judged on, and
 * the audit entry, in the caller's transaction. Answers the history row's id (the announcement's key).
 */
export async function changeTier(
  tx: Db,
  participantId: string,
  change: TierChange,
  detail: Record<string, unknown>,
  at: Date,
): Promise<number> {
  await tx.query(`UPDATE participant_tiers SET tier = $2, since = $3, valid_until = $4, updated_at = now() WHERE participant_id = $1`, [
    participantId,
    change.to,
    toDate(change.state.since),
    toDate(change.state.validUntil),
  ]);
  const { rows } = await tx.query<{ id: number }>(
    `INSERT INTO tier_changes (participant_id, from_tier, to_tier, reason, detail, valid_until, changed_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
    [participantId, change.from, change.to, change.reason, detail, toDate(change.state.validUntil), at],
  );
  const id = Number(rows[0].id);
  await writeAudit(
    tx,
    systemActor,
    'tier.change',
    { type: 'participant', id: participantId },
    {
      changeId: id,
      from: change.from,
      to: change.to,
      reason: change.reason,
      ...detail,
    },
  );
  return id;
}

/** A participant's tier as stored (no row: never qualified). */
export async function tierState(db: Db, participantId: string): Promise<TierState & { assessedThrough: number | null }> {
  const { rows } = await db.query<TierRow>(
    'SELECT participant_id, tier, since, valid_until, assessed_through FROM participant_tiers WHERE participant_id = $1',
    [participantId],
  );
  if (!rows[0]) return { tier: null, since: null, validUntil: null, assessedThrough: null };
  const { state, assessedThrough } = toLocked(rows[0]);
  return { ...state, assessedThrough };
}

/** Every change of a participant's tier, newest first. */
export async function tierHistory(db: Db, participantId: string) {
  const { rows } = await db.query(
    `SELECT id, from_tier, to_tier, reason, detail, valid_until, changed_at, announced_at
       FROM tier_changes WHERE participant_id = $1 ORDER BY id DESC`,
    [participantId],
  );
  return rows;
}

export interface TierAnnouncement {
  id: number;
  participant_id: string;
  from_tier: string | null;
  to_tier: string | null;
  reason: 'threshold' | 'period_end';
  valid_until: Date | null;
  email: string;
  first_name: string;
  workflow_id: string;
  /** the participant's status: only an active participant is mailed */
  status: string;
}

/**
 * Changes not yet announced (mailed, and told to the participant's workflow), oldest first: of the
 * given participants, or of everyone.
 */
export async function unannouncedTierChanges(db: Db, opts: { participantIds?: string[]; limit: number }): Promise<TierAnnouncement[]> {
  const { rows } = await db.query<TierAnnouncement>(
    `SELECT c.id, c.participant_id, c.from_tier, c.to_tier, c.reason, c.valid_until, p.email, p.first_name, p.workflow_id, p.status
       FROM tier_changes c JOIN participants p ON p.id = c.participant_id
      WHERE c.announced_at IS NULL AND ($1::uuid[] IS NULL OR c.participant_id = ANY($1::uuid[]))
      ORDER BY c.id LIMIT $2`,
    [opts.participantIds ?? null, opts.limit],
  );
  return rows.map((r) => ({ ...r, id: Number(r.id) }));
}

export async function markTierChangeAnnounced(db: Db, id: number): Promise<void> {
  await db.query('UPDATE tier_changes SET announced_at = now() WHERE id = $1 AND announced_at IS NULL', [id]);
}
