/**
 * The SQL of the read benchmark (bench/reads.ts) that writes no table of its own: its bulk load
 * (secondary indexes dropped and built again, foreign-key triggers off), the picks of its reads, and
 * the reference page statements it times beside the API. Each table's rows are written by its owner
 * (insertBench… in db/events.ts, db/participants.ts, db/ledger.ts, db/mail.ts, db/audit.ts), with the
 * ids below.
 */
import { benchId } from './bench-ids.js';
import { participantSelect } from './participants.js';
import type { Db } from './pool.js';

/** The tables the benchmark loads: their secondary indexes are dropped for the load and built after. */
const LOADED = ['participants', 'ledger_entries', 'lots', 'lot_movements', 'balances', 'sent_mail', 'audit_log'];

/**
 * Runs `load` with the loaded tables' secondary indexes (not those behind a constraint) dropped, and
 * foreign-key triggers off where the role may (rows written by construction need no check); then
 * builds the indexes again, telling `built` of each, and counts the sequences on from the rows.
 */
export async function bulkLoad<T>(db: Db, load: () => Promise<T>, built: (name: string, seconds: number) => void): Promise<T> {
  // Only a superuser may: otherwise the foreign keys are checked, and the load is slower.
  await db.query('SET session_replication_role = replica').catch(() => {});
  await db.query(`SET maintenance_work_mem = '512MB'`);
  const { rows } = await db.query<{ name: string; def: string }>(
    `SELECT i.indexname AS name, i.indexdef AS def FROM pg_indexes i
      WHERE i.schemaname = 'public' AND i.tablename = ANY ($1::text[])
        AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)`,
    [LOADED],
  );
  for (const r of rows) await db.query(`DROP INDEX ${r.name}`);
  try {
    return await load();
  } finally {
    for (const r of rows) {
      const t0 = performance.now();
      await db.query(r.def);
      built(r.name, (performance.now() - t0) / 1000);
    }
    await db.query('RESET session_replication_role').catch(() => {});
  }
}

/** VACUUM (ANALYZE) of every table the benchmark loads, after a load. */
export async function vacuumLoaded(db: Db): Promise<void> {
  await db.query('VACUUM (ANALYZE) participants, agencies, ledger_entries, lots, lot_movements, sent_mail, audit_log, events');
}

/** Rows in a table the benchmark loads. */
export async function loadedRows(db: Db, table: 'participants' | 'ledger_entries' | 'lots' | 'sent_mail' | 'audit_log'): Promise<number> {
  return Number((await db.query(`SELECT count(*) AS n FROM ${table}`)).rows[0].n);
}

/** `count` generated participants of the first `size`, at random (with repeats). */
export async function pickBenchParticipants(db: Db, size: number, count: number): Promise<string[]> {
  const { rows } = await db.query<{ id: string }>(
    `SELECT ${benchId('participant', 'i')} AS id FROM (SELECT (random() * ($1::int - 1))::int AS i FROM generate_series(1, $2::int)) x`,
    [size, count],
  );
  return rows.map((r) => r.id);
}

/** Participants some mail was sent to (a sample). */
export async function mailedParticipants(db: Db): Promise<string[]> {
  const { rows } = await db.query<{ participant_id: string }>(
    'SELECT participant_id::text FROM sent_mail TABLESAMPLE SYSTEM (1) LIMIT 500',
  );
  return rows.map((r) => r.participant_id);
}

/** A page statement as a repository runs it for the rows (no count), to time beside the API's answer. */
export interface PageStatement {
  text: string;
  values: unknown[];
}

/** The participants list's page (participantSelect, the balance with it). */
export const participantsPage = (where: string, order: string): PageStatement => ({
  text: `SELECT * FROM (${participantSelect}) x ${where} ORDER BY ${order} LIMIT 25`,
  values: [],
});

const MAIL_PAGE = 'SELECT id, channel, to_address, subject, kind, participant_id, created_at, sent_at FROM sent_mail';
/** The mail list's page, all of it or one participant's. */
export const mailPage = (participantId?: string): PageStatement =>
  participantId === undefined
    ? { text: `${MAIL_PAGE} ORDER BY created_at DESC, id LIMIT 25`, values: [] }
    : { text: `${MAIL_PAGE} WHERE participant_id::text = $1 ORDER BY created_at DESC, id LIMIT 25`, values: [participantId] };

const AUDIT_PAGE = 'SELECT id, at, actor_type, actor_label, action, subject_type, subject_id, details FROM audit_log';
/** The audit log's page, all of it or one action's. */
export const auditPage = (action?: string): PageStatement =>
  action === undefined
    ? { text: `${AUDIT_PAGE} ORDER BY at DESC, id DESC LIMIT 25`, values: [] }
    : { text: `${AUDIT_PAGE} WHERE action = $1 ORDER BY at DESC, id DESC LIMIT 25`, values: [action] };
