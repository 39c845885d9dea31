/**
 * R27: the program's terms in force at an instant: the configured defaults overlaid by every
 * admin-made version whose effective instant has come, oldest first.
 */
import { programSchema, type ProgramConfig } from '../infra/config.js';
import type { Db } from '../infra/db.js';

export async function termsAt(db: Db, defaults: ProgramConfig, at: Date = new Date()): Promise<ProgramConfig> {
  const { rows } = await db.query<{ settings: Partial<ProgramConfig> }>(
    'SELECT settings FROM program_terms WHERE effective_from <= $1 ORDER BY effective_from, id',
    [at],
  );
  return rows.reduce<ProgramConfig>((terms, version) => ({ ...terms, ...version.settings }), defaults);
}

/** A partial set of terms, each value checked as configuration is; unknown keys are refused. */
export const TermsSettings = programSchema.partial().strict();
