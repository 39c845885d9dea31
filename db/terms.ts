/**
 * R27: the program's terms in force at an instant: the configured defaults overlaid by every
 * admin-made version whose effective instant has come, oldest first.
 */
import { z } from 'zod';
import type { ProgramConfig } from '../infra/config.js';
import { termDefinitions, termKeys, type TermKey } from '../rules/terms.js';
import { TierTerms } from '../rules/tiers.js';
import type { Db } from './pool.js';

export async function termsAt(db: Db, defaults: ProgramConfig, at: Date = new Date()): Promise<ProgramConfig> {
  const { rows } = await db.query<{ settings: Partial<ProgramConfig> }>(
    'SELECT settings FROM program_terms WHERE effective_from <= $1 ORDER BY effective_from, id',
    [at],
  );
  return rows.reduce<ProgramConfig>((terms, version) => ({ ...terms, ...version.settings }), defaults);
}

/**
 * A partial set of terms an admin changes, each value a whole number within its range
 * (rules/terms.ts); unknown keys are refused. Constraints between terms are checked by the caller
 * on the terms that would be in force (`brokenTermConstraint`).
 */
export const TermsSettings = z
  .strictObject(
    Object.fromEntries(
      termKeys.map((key) => {
        const { min, max, kind } = termDefinitions[key];
        const unit = kind === 'duration' ? ' ms' : '';
        return [
          key,
          z
            .number('must be a number')
            .int('must be a whole number')
            .min(min, `must be at least ${min}${unit}`)
            .max(max, `must be at most ${max}${unit}`)
            .optional(),
        ];
      }),
    ) as { [K in TermKey]: z.ZodOptional<z.ZodNumber> },
  )
  // A1: the tiers are one structured term, replaced whole by a version (rules/tiers.ts).
  .extend({ tiers: TierTerms.optional() })
  .meta({
    id: 'TermsSettings',
    description: 'R27: the terms to change, each within its range (rules/terms.ts); A1: `tiers`, the status tiers whole (rules/tiers.ts).',
  });

/** Every version of the terms, latest instant first, each saying whether it is in force. */
export async function termsHistory(db: Db) {
  const { rows } = await db.query(
    'SELECT id, settings, effective_from, reason, created_by, created_at, effective_from <= now() AS in_force FROM program_terms ORDER BY effective_from DESC, id DESC',
  );
  return rows;
}

/** The database's clock (the transaction's start): what "the past" means for a new version. */
export async function databaseNow(db: Db): Promise<Date> {
  const { rows } = await db.query<{ now: Date }>('SELECT now()');
  return rows[0].now;
}

/** A new version of the terms, in force from `effectiveFrom` (R27). */
export async function insertTermsVersion(
  tx: Db,
  v: { settings: Partial<ProgramConfig>; effectiveFrom: Date; reason: string; createdBy: string },
) {
  const { rows } = await tx.query<{
    id: number;
    settings: Partial<ProgramConfig>;
    effective_from: Date;
    reason: string;
    created_by: string;
    created_at: Date;
  }>(
    `INSERT INTO program_terms (settings, effective_from, reason, created_by) VALUES ($1, $2, $3, $4)
     RETURNING id, settings, effective_from, reason, created_by, created_at`,
    [v.settings, v.effectiveFrom, v.reason, v.createdBy],
  );
  return rows[0];
}
