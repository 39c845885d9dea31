/**
 * Reads of one participant's points (R20): the open lots and what expires next, and the history of
 * entries, newest first, whole or one page at a time by key (issue 12: a participant's balance, next
 * expiry and first history page stay a few index probes however long the history and however big
 * the ledger). db/ledger.ts writes these tables; this module only reads them.
 */
import { prepared, type Db } from './pool.js';
import type { SourceType } from './ledger.js';

/**
 * The name of an entry's source for people: the event's title (points an event earned) or the
 * partner's name (A2). Looked up per row by primary key, for the rows shown only; the source id of
 * such an entry is the event's or the partner's uuid (anything else names nothing).
 */
const sourceTitle = (e: string) => `CASE
    WHEN ${e}.source_type IN ('webinar', 'test', 'course') AND ${e}.source_id ~ '^[0-9a-f-]{36}$'
      THEN (SELECT title FROM events WHERE id = ${e}.source_id::uuid)
    WHEN ${e}.source_type = 'partner' AND ${e}.source_id ~ '^[0-9a-f-]{36}$'
      THEN (SELECT name FROM partners WHERE id = ${e}.source_id::uuid)
  END`;

/** The participant's open lots, oldest first, with their entries' sources. */
const OPEN_LOTS = `SELECT l.id, l.amount, l.remaining, l.accrued_at, l.expires_at, e.source_type, ${sourceTitle('e')} AS source_title
    FROM lots l JOIN ledger_entries e ON e.id = l.entry_id
   WHERE l.participant_id = $1 AND l.remaining > 0 AND l.expires_at > now()
   ORDER BY l.accrued_at, l.id`;

/** The participant's entries with their lots (ordered and bounded by the caller). */
const HISTORY = `SELECT l.id, l.kind, l.amount, l.source_type, l.source_id, ${sourceTitle('l')} AS source_title, l.claim_id, l.reason,
         l.created_by, l.created_at, lot.expires_at, lot.remaining
    FROM ledger_entries l
    LEFT JOIN lots lot ON lot.entry_id = l.id
   WHERE l.participant_id = $1`;

/** Whose ledger it is: the participant's id and the API client that registered them (null: none), if the participant exists. */
export async function ledgerOwner(db: Db, participantId: string): Promise<{ id: string; client_id: string | null } | null> {
  const { rows } = await db.query<{ id: string; client_id: string | null }>(
    prepared('ledger-owner', 'SELECT id, client_id FROM participants WHERE id = $1', [participantId]),
  );
  return rows[0] ?? null;
}

export interface OpenLot {
  id: number;
  amount: number;
  remaining: number;
  accrued_at: Date;
  expires_at: Date;
  source_type: SourceType;
  source_title: string | null;
}

export interface NextExpiry {
  at: Date;
  points: number;
}

/** The participant's lots with points left, oldest first: what expires when (R20), and what expires next. */
export async function openLots(db: Db, participantId: string): Promise<{ lots: OpenLot[]; nextExpiry: NextExpiry | null }> {
  const { rows } = await db.query<OpenLot>(prepared('open-lots', OPEN_LOTS, [participantId]));
  const next = rows.length ? rows.reduce((min, l) => (l.expires_at < min ? l.expires_at : min), rows[0].expires_at) : null;
  const nextExpiry = next && {
    at: next,
    points: rows.filter((l) => l.expires_at.getTime() === next.getTime()).reduce((s, l) => s + l.remaining, 0),
  };
  return { lots: rows, nextExpiry };
}

/**
 * R20: the points that expire next and when (null when none will), without reading the other lots:
 * the first instant of the participant's open lots (index lots_open_expiry) and what expires then.
 */
export async function nextExpiry(db: Db, participantId: string): Promise<NextExpiry | null> {
  const { rows } = await db.query<{ at: Date; points: number }>(
    `SELECT expires_at AS at, sum(remaining)::int AS points
       FROM lots
      WHERE participant_id = $1 AND remaining > 0
        AND expires_at = (SELECT min(expires_at) FROM lots WHERE participant_id = $1 AND remaining > 0 AND expires_at > now())
      GROUP BY expires_at`,
    [participantId],
  );
  return rows[0] ?? null;
}

/** One entry of a participant's history, with its source's name and, for a credit, its lot. */
/** A lot of a participant's, open or not (R20). */
export interface Lot {
  id: number;
  entry_id: number;
  amount: number;
  remaining: number;
  expires_at: Date;
}

/** Every lot of a participant, spent, expired or open, oldest first: the order spending consumes them in (R20). */
export async function lotsOf(db: Db, participantId: string): Promise<Lot[]> {
  const { rows } = await db.query<Lot>(
    'SELECT id, entry_id, amount, remaining, expires_at FROM lots WHERE participant_id = $1 ORDER BY accrued_at, id',
    [participantId],
  );
  return rows;
}

/** Every entry of a participant, oldest first, with the idempotency key it was written under (R12). */
export async function keyedEntries(db: Db, participantId: string) {
  const { rows } = await db.query<{ amount: number; source_type: SourceType; source_id: string; idempotency_key: string }>(
    'SELECT amount, source_type, source_id, idempotency_key FROM ledger_entries WHERE participant_id = $1 ORDER BY id',
    [participantId],
  );
  return rows;
}

/** How many entries name this source (an event, a partner…), whoever they credit or debit. */
export async function entriesFromSource(db: Db, sourceId: string): Promise<number> {
  const { rows } = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM ledger_entries WHERE source_id = $1', [sourceId]);
  return rows[0].n;
}

/** How many credits name one of these sources (events…), whoever they credit (R12: one per participant and source). */
export async function creditsFromSources(db: Db, sourceIds: string[]): Promise<number> {
  const { rows } = await db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM ledger_entries WHERE source_id = ANY($1::text[]) AND kind = 'credit'`,
    [sourceIds],
  );
  return rows[0].n;
}

/** A participant's qualifying entries (A1), oldest first: the source and the points each counted. */
export async function qualifyingEntriesOf(db: Db, participantId: string) {
  const { rows } = await db.query<{ source_type: string; points: number }>(
    'SELECT source_type, points FROM qualifying_entries WHERE participant_id = $1 ORDER BY id',
    [participantId],
  );
  return rows;
}

export interface HistoryEntry {
  id: number;
  kind: 'credit' | 'spend' | 'expire' | 'annul';
  amount: number;
  source_type: SourceType;
  source_id: string;
  source_title: string | null;
  claim_id: string | null;
  reason: string | null;
  created_by: string | null;
  created_at: Date;
  expires_at: Date | null;
  remaining: number | null;
}

/** A page of the history: entries older than `before` (an entry id; none: from the newest), at most `limit`. */
export interface HistoryPage {
  before?: number | null;
  limit: number;
}

/**
 * A participant's ledger entries, newest first (by id: the order they were written in), each naming
 * its source. Without `page`, every entry; with it, one page by key (`id < before`, index
 * ledger_entries_participant): the page after a page starts below its last id, so entries written
 * meanwhile (newer, above the first page) neither shift nor repeat the pages that follow.
 */
export async function participantLedger(db: Db, participantId: string, page?: HistoryPage): Promise<HistoryEntry[]> {
  const { rows } = await db.query<HistoryEntry>(
    page === undefined
      ? prepared('participant-ledger', `${HISTORY} ORDER BY l.id DESC`, [participantId])
      : prepared('participant-ledger-page', `${HISTORY} AND l.id < $2 ORDER BY l.id DESC LIMIT $3`, [
          participantId,
          page.before ?? Number.MAX_SAFE_INTEGER,
          page.limit,
        ]),
  );
  return rows;
}

/** One page of the history and the key of the next (null: this was the last), read with one row more to tell. */
export async function historyPage(db: Db, participantId: string, page: HistoryPage) {
  const rows = await participantLedger(db, participantId, { ...page, limit: page.limit + 1 });
  const more = rows.length > page.limit;
  const entries = more ? rows.slice(0, page.limit) : rows;
  return { entries, nextBefore: more ? entries[entries.length - 1].id : null };
}
