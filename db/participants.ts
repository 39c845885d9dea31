import type { Db } from './pool.js';
import { benchId } from './bench-ids.js';
import { LIVE_PARTICIPANT_STATUSES, type RegistrationInput } from '../workflows/messages/participant.js';
import { stripPhone } from '../rules/phone.js';
import { isUuid } from './ids.js';
import { Where, filterTerm, filterText, likeLiteral, listPage, type ListQuery } from './list-query.js';
import { sqlList } from './sql-list.js';
import { containsAllTerms, containsTerm } from './substring-search.js';

export interface ParticipantSummary {
  id: string;
  workflow_id: string;
  email: string;
  first_name: string;
  last_name: string;
  status: string;
  member_number: string | null;
  agency_inn: string | null;
  agency_name: string | null;
  contract_path: string;
  contract_number: string | null;
  subagency_legal_name: string | null;
  letter_document_id: string | null;
  balance: number;
  registered_at: Date;
  confirmed_at: Date | null;
  activated_at: Date | null;
  end_reason: string | null;
  /** The API client that registered the person: only it reads the registration through the client API. */
  client_id: string | null;
  /** A6: the phone, E.164, a login next to the member number and the email; null when none was given. */
  phone: string | null;
}

/**
 * The participant's columns as lists and screens show them. `balance`: the stored balance (table
 * `balances`, no row: 0) less the points of lots past their instant that the sweep has not expired
 * yet (a short range of lots_open_expiry): the figure balanceOf answers (db/ledger.ts).
 */
const participantColumns = `
  SELECT p.id, p.workflow_id, p.email, p.first_name, p.last_name, p.status, p.member_number::text AS member_number,
         a.inn AS agency_inn, a.legal_name AS agency_name, p.contract_path, p.contract_number, p.subagency_legal_name,
         p.letter_document_id,
         (COALESCE(b.available, 0) - COALESCE((SELECT sum(l.remaining) FROM lots l
                                                WHERE l.participant_id = p.id AND l.remaining > 0 AND l.expires_at <= now()), 0))::int AS balance,
         p.registered_at, p.confirmed_at, p.activated_at, p.end_reason, p.client_id, p.phone`;

/**
 * The participant as lists and screens show it. Outer joins, so that a list's count, which reads no
 * column of theirs, drops them (agency_id is not null and references its agency: same rows).
 */
export const participantSelect = `${participantColumns}
    FROM participants p LEFT JOIN agencies a ON a.id = p.agency_id LEFT JOIN balances b ON b.participant_id = p.id`;

/**
 * What a list reads besides the participant as shown: the agency's and the member number's keys, so that
 * the search `q` is one table's conditions (listParticipants), dropped from the rows it answers.
 */
const listKeys = 'p.agency_id AS agency_key, p.member_number AS member_key';
const participantListSelect = `${participantColumns}, ${listKeys}
    FROM participants p LEFT JOIN agencies a ON a.id = p.agency_id LEFT JOIN balances b ON b.participant_id = p.id`;

/**
 * The list sorted by balance: in the order of the stored balance (`balance_order`, read in
 * `balances_available`'s order), which every participant has a row of (insertParticipant writes
 * it; migration 1734770000000 gave one to those before). It counts points past their instant until
 * the sweep expires them (a batch's time at most), which the `balance` shown leaves out.
 */
const participantByBalanceSelect = `${participantColumns}, ${listKeys}, b.available AS balance_order
    FROM participants p LEFT JOIN agencies a ON a.id = p.agency_id JOIN balances b ON b.participant_id = p.id`;

export async function participantById(db: Db, id: string): Promise<ParticipantSummary | null> {
  const { rows } = await db.query<ParticipantSummary>(`${participantSelect} WHERE p.id = $1`, [id]);
  return rows[0] ?? null;
}

/** The participant currently holding this email, if any (R1). */
export async function liveParticipantByEmail(db: Db, emailNormalized: string): Promise<ParticipantSummary | null> {
  const { rows } = await db.query<ParticipantSummary>(
    `${participantSelect} WHERE p.email_normalized = $1
       AND p.status IN ${LIVE}`,
    [emailNormalized],
  );
  return rows[0] ?? null;
}

/** The live participant whose workflow has this id, with the address they have now (R21: perhaps another). */
export async function liveParticipantOfWorkflow(db: Db, workflowId: string): Promise<{ id: string; email_normalized: string } | null> {
  const { rows } = await db.query<{ id: string; email_normalized: string }>(
    `SELECT id, email_normalized FROM participants WHERE workflow_id = $1 AND status IN ${LIVE}`,
    [workflowId],
  );
  return rows[0] ?? null;
}

/** Participants whose address matches `emailPattern` (SQL LIKE), and how many distinct addresses they have (R1: as many). */
export async function participantsMatching(db: Db, emailPattern: string): Promise<{ n: number; emails: number }> {
  const { rows } = await db.query<{ n: number; emails: number }>(
    `SELECT count(*)::int AS n, count(DISTINCT email_normalized)::int AS emails FROM participants WHERE email_normalized LIKE $1`,
    [emailPattern],
  );
  return rows[0];
}

/** The searched expressions as their trigram indexes have them (migrations 1734760000000, 1734770000000). */
const EMAIL = { table: 'participants', expression: 'lower(email)' };
const NAME = { table: 'participants', expression: "lower(first_name || ' ' || last_name)" };

/** Live statuses: a participant in one of them holds the email (R1). */
const LIVE = sqlList(LIVE_PARTICIPANT_STATUSES);

/**
 * The participant list of the console: filters status, q (email, name, member number, agency), R24's name + agency,
 * and the dashboard's registered_on, activated_on (YYYY-MM-DD, UTC) and tier (A1: a tier's code, or none).
 */
export async function listParticipants(db: Db, q: ListQuery) {
  const where = new Where();
  const status = filterText(q, 'status');
  if (status !== undefined) where.add('status = ?', status);
  const term = filterTerm(q, 'q');
  if (term) {
    // One table's conditions ORed, the agency's as the ids of the agencies it matches (read first,
    // so that the planner knows how many): it combines their indexes (trigrams for `%term%`, equality
    // for the member number, agency and phone) when the term is rare, or reads the list in its order
    // and stops at the page when it is common. An OR across the participant's and the agency's rows
    // would read every row. On the list's own columns, not a subquery's: a third of the planning.
    const memberNumber = /^(0|[1-9]\d{0,17})$/.test(term);
    const [agencies, email, name, nameReversed] = await Promise.all([
      db.query<{ id: string }>('SELECT id FROM agencies WHERE lower(legal_name) LIKE $1 OR inn = $2', [
        likeLiteral(term.toLowerCase()),
        term,
      ]),
      containsTerm(db, EMAIL, term),
      containsTerm(db, NAME, term),
      // The same words the other way round: the same trigrams, so the same sample.
      containsTerm(db, NAME, term, "lower(last_name || ' ' || first_name)"),
    ]);
    where.add(
      `(${email.sql} OR ${name.sql} OR ${nameReversed.sql}
        OR phone = ?${memberNumber ? ' OR member_key = ?::bigint' : ''} OR agency_key = ANY (?::uuid[]))`,
      ...email.values,
      ...name.values,
      ...nameReversed.values,
      stripPhone(term),
      ...(memberNumber ? [term] : []),
      agencies.rows.map((a) => a.id),
    );
  }
  // R24: a participant who forgot the email is found by name and agency legal name together.
  const name = filterTerm(q, 'name');
  if (name) {
    const words = await containsAllTerms(db, NAME, name.split(/\s+/));
    where.add(words.sql, ...words.values);
  }
  const agency = filterTerm(q, 'agency');
  if (agency) where.add(`lower(coalesce(agency_name, '')) LIKE ?`, likeLiteral(agency.toLowerCase()));
  // The dashboard's figures (db/stats.ts): registered or activated on a day (UTC), and A1's tier ('none': without one).
  for (const column of ['registered_at', 'activated_at'] as const) {
    const day = filterText(q, column.replace('_at', '_on'));
    if (day === undefined) continue;
    if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) where.add('FALSE');
    else
      where.add(
        `${column} >= ?::timestamp AT TIME ZONE 'UTC' AND ${column} < (?::timestamp + interval '1 day') AT TIME ZONE 'UTC'`,
        day,
        day,
      );
  }
  const tier = filterText(q, 'tier');
  if (tier === 'none') where.add('NOT EXISTS (SELECT 1 FROM participant_tiers t WHERE t.participant_id = x.id AND t.tier IS NOT NULL)');
  else if (tier !== undefined) where.add('EXISTS (SELECT 1 FROM participant_tiers t WHERE t.participant_id = x.id AND t.tier = ?)', tier);
  // Ties (equal balances) by id the way the index reads them, backwards when the balance ascends.
  const page =
    q.orderBy === 'balance'
      ? await listPage(db, participantByBalanceSelect, where, { ...q, orderBy: 'balance_order' }, q.direction === 'DESC' ? 'id' : 'id DESC')
      : await listPage(db, participantListSelect, where, q);
  return { ...page, rows: page.rows.map(({ agency_key: _agency, member_key: _member, balance_order: _order, ...row }) => row) };
}

/** What the enrolment activities need of a participant. */
export interface EnrolmentParticipant {
  id: string;
  email: string;
  first_name: string;
  status: string;
  agency_inn: string | null;
  agency_name: string | null;
  contract_path: 'agent' | 'subagent' | 'intermediary';
  contract_number: string | null;
  subagency_legal_name: string | null;
  member_number: number | null;
}

export async function enrolmentParticipant(db: Db, id: string): Promise<EnrolmentParticipant | null> {
  const { rows } = await db.query<EnrolmentParticipant>(
    `SELECT p.id, p.email, p.first_name, p.status, a.inn AS agency_inn, a.legal_name AS agency_name,
            p.contract_path, p.contract_number, p.subagency_legal_name, p.member_number
       FROM participants p JOIN agencies a ON a.id = p.agency_id WHERE p.id = $1`,
    [id],
  );
  return rows[0] ?? null;
}

/**
 * A7: the workflows of registrations waiting on the contract check (R4) whose agency is this one
 * (its INN, or its legal name where the agency gave no INN), and of active participants moving to
 * it (R22): the registry has just learnt the agency, so each verifies again.
 */
export async function workflowsAwaitingVerification(db: Db, agency: { inn: string; legalName: string }): Promise<string[]> {
  const { rows } = await db.query<{ workflow_id: string }>(
    `SELECT p.workflow_id FROM participants p JOIN agencies a ON a.id = p.agency_id
      WHERE p.status = 'pending_verification' AND (a.inn = $1 OR (a.inn IS NULL AND lower(a.legal_name) = lower($2)))
     UNION
     SELECT p.workflow_id FROM agency_rebinds r JOIN participants p ON p.id = r.participant_id
      WHERE r.status = 'verifying' AND p.status = 'active'
        AND (r.agency_inn = $1 OR (r.agency_inn IS NULL AND lower(r.agency_name) = lower($2)))
     ORDER BY 1`,
    [agency.inn, agency.legalName],
  );
  return rows.map((r) => r.workflow_id);
}

/** The participant's status, or null when there is no such participant. */
export async function participantStatus(db: Db, id: string): Promise<string | null> {
  const { rows } = await db.query<{ status: string }>('SELECT status FROM participants WHERE id = $1', [id]);
  return rows[0]?.status ?? null;
}

/** The participant's identity as an email change starts from it. */
export async function participantIdentity(db: Db, id: string) {
  const { rows } = await db.query<{ id: string; email: string; email_normalized: string; status: string; workflow_id: string }>(
    'SELECT id, email, email_normalized, status, workflow_id FROM participants WHERE id = $1',
    [id],
  );
  return rows[0] ?? null;
}

/** Whether a live participant other than `exceptId` holds this email (R1). */
export async function emailHeld(db: Db, emailNormalized: string, exceptId: string | null = null): Promise<boolean> {
  const { rowCount } = exceptId
    ? await db.query(`SELECT 1 FROM participants WHERE email_normalized = $1 AND id <> $2 AND status IN ${LIVE}`, [
        emailNormalized,
        exceptId,
      ])
    : await db.query(`SELECT 1 FROM participants WHERE email_normalized = $1 AND status IN ${LIVE}`, [emailNormalized]);
  return (rowCount ?? 0) > 0;
}

/**
 * Locks the whole participants table until the transaction `tx` ends: every statement on it waits,
 * reads too. Nothing in the system takes it; the outage test holds registrations in flight with it.
 */
export async function lockParticipantsTable(tx: Db): Promise<void> {
  await tx.query('LOCK TABLE participants IN ACCESS EXCLUSIVE MODE');
}

/**
 * The participant's row lock (orders of one participant are judged one after the other; an email
 * change and a closing account do not cross). Answers the locked row, or null.
 */
export async function lockParticipant(tx: Db, id: string): Promise<{ status: string; email: string } | null> {
  const { rows } = await tx.query<{ status: string; email: string }>('SELECT status, email FROM participants WHERE id = $1 FOR UPDATE', [
    id,
  ]);
  return rows[0] ?? null;
}

export async function participantAgencyId(db: Db, id: string): Promise<string | null> {
  const { rows } = await db.query<{ agency_id: string }>('SELECT agency_id FROM participants WHERE id = $1', [id]);
  return rows[0]?.agency_id ?? null;
}

// ---- writes: participants and their agencies ------------------------------------------------

/** The agency (a legal entity) by INN, or by legal name when there is no INN; colleagues share it (R5). */
export async function upsertAgency(tx: Db, inn: string | null, legalName: string | null): Promise<string> {
  const { rows } = inn
    ? await tx.query<{ id: string }>(
        `INSERT INTO agencies (inn, legal_name) VALUES ($1, $2)
         ON CONFLICT (inn) DO UPDATE SET legal_name = COALESCE(agencies.legal_name, EXCLUDED.legal_name)
         RETURNING id`,
        [inn, legalName],
      )
    : await tx.query<{ id: string }>(
        `INSERT INTO agencies (legal_name) VALUES ($1)
         ON CONFLICT (lower(legal_name)) WHERE inn IS NULL DO UPDATE SET legal_name = agencies.legal_name
         RETURNING id`,
        [legalName],
      );
  return rows[0].id;
}

export interface NewParticipant {
  participantId: string;
  workflowId: string;
  email: string;
  emailNormalized: string;
  firstName: string;
  lastName: string;
  /** The agency (R5: shared by colleagues): found by its INN, else by its name, or added. */
  agencyInn: string | null;
  agencyName: string | null;
  contractPath: string;
  contractNumber: string | null;
  subagencyLegalName: string | null;
  letterDocumentId: string | null;
  registeredAt: number;
  clientId: string | null;
  /** A6: E.164, or null. */
  phone?: string | null;
}

/** A registration as its workflow stores it: the form, the workflow's id and when it was taken. */
export type StoredRegistration = RegistrationInput & { workflowId: string; registeredAt: number };

/** The participant's row of a registration: the one mapping the API and the workflow's activity both store. */
export const registrationRow = (r: StoredRegistration): NewParticipant => ({
  participantId: r.participantId,
  workflowId: r.workflowId,
  email: r.email.trim(),
  emailNormalized: r.emailNormalized,
  firstName: r.firstName,
  lastName: r.lastName,
  agencyInn: r.agencyInn,
  agencyName: r.agencyName,
  contractPath: r.contractPath,
  contractNumber: r.contractNumber,
  subagencyLegalName: r.subagencyLegalName,
  letterDocumentId: r.letterDocumentId,
  registeredAt: r.registeredAt,
  clientId: r.clientId ?? null,
  phone: r.phone ?? null,
});

/**
 * The registration form, awaiting confirmation, with its agency (as `upsertAgency`), in one statement:
 * one round trip, all of it written or none of it, and the agency's row is written (and locked) only
 * when it is new or gains its name, so colleagues registering at once do not queue on it (issue 12).
 * A second insert of the same id changes nothing. The participant's stored balance (nothing yet) is
 * written with it: the list sorted by balance reads every participant's row (listParticipants).
 * A6: the API refuses a phone a live participant holds (409), but two registrations with one phone
 * may pass that check at the same instant: then the later one is stored without the phone (the
 * person can add another in the account) rather than failing the registration. Answers whether
 * this call stored the row (not: it was stored before) and whether the phone was kept.
 */
export async function insertParticipant(db: Db, r: NewParticipant): Promise<{ stored: boolean; phoneKept: boolean }> {
  if (!r.phone) return { stored: await insertParticipantRow(db, r, null), phoneKept: false };
  try {
    return { stored: await insertParticipantRow(db, r, r.phone), phoneKept: true };
  } catch (err) {
    if ((err as { constraint?: string }).constraint !== 'participants_live_phone') throw err;
    return { stored: await insertParticipantRow(db, r, null), phoneKept: false };
  }
}

/**
 * `count` active participants of one new agency, registered an hour ago, with their balance rows, in
 * one statement each: the fixture of scale tests and benchmarks (no workflows). Their emails are
 * `mass.<tag>.<i>@agency.example`, i = 1..count; the answer gives the i-th.
 */
export async function insertActiveParticipants(db: Db, count: number, tag: string): Promise<(i: number) => string> {
  const {
    rows: [agency],
  } = await db.query<{ id: string }>(`INSERT INTO agencies (legal_name) VALUES ($1) RETURNING id`, [`ООО Массовое ${tag}`]);
  await db.query(
    `WITH inserted AS (
       INSERT INTO participants (id, workflow_id, email, email_normalized, first_name, last_name, agency_id, contract_path, status, registered_at)
       SELECT gen_random_uuid(), 'fixture', e, e, 'Анна', 'Тест' || i, $2, 'agent', 'active', now() - interval '1 hour'
         FROM generate_series(1, $1::int) i, LATERAL (SELECT 'mass.' || $3 || '.' || i || '@agency.example' AS e) x
       RETURNING id)
     INSERT INTO balances (participant_id) SELECT id FROM inserted`,
    [count, agency.id, tag],
  );
  return (i: number) => `mass.${tag}.${i}@agency.example`;
}

/** The participants insertActiveParticipants wrote under `tag`, in the order of their emails' numbers (1, 2, …). */
export async function activeParticipantsOfTag(db: Db, tag: string): Promise<Array<{ id: string; email: string }>> {
  const { rows } = await db.query<{ id: string; email: string }>(
    `SELECT id, email FROM participants WHERE email LIKE $1 ORDER BY split_part(split_part(email, '.', 3), '@', 1)::int`,
    [`mass.${tag}.%`],
  );
  return rows;
}

/** The agency of a registration, without writing to a row that already says what the form says ($1 inn, $2 name). */
const AGENCY_BY_INN = `
  found AS (SELECT id FROM agencies WHERE inn = $1 AND (legal_name IS NOT NULL OR $2::text IS NULL)),
  added AS (
    INSERT INTO agencies (inn, legal_name) SELECT $1, $2 WHERE NOT EXISTS (SELECT FROM found)
    ON CONFLICT (inn) DO UPDATE SET legal_name = COALESCE(agencies.legal_name, EXCLUDED.legal_name)
    RETURNING id)`;
const AGENCY_BY_NAME = `
  found AS (SELECT id FROM agencies WHERE inn IS NULL AND lower(legal_name) = lower($2) AND $1::text IS NULL),
  added AS (
    INSERT INTO agencies (legal_name) SELECT $2 WHERE NOT EXISTS (SELECT FROM found)
    ON CONFLICT (lower(legal_name)) WHERE inn IS NULL DO UPDATE SET legal_name = agencies.legal_name
    RETURNING id)`;

/** Whether this statement stored the row (false: it was stored before). */
async function insertParticipantRow(db: Db, r: NewParticipant, phone: string | null): Promise<boolean> {
  const { rowCount } = await db.query(
    `WITH ${r.agencyInn ? AGENCY_BY_INN : AGENCY_BY_NAME},
     agency AS (SELECT id FROM found UNION ALL SELECT id FROM added),
     inserted AS (
       INSERT INTO participants (id, workflow_id, email, email_normalized, first_name, last_name, agency_id,
                                 contract_path, contract_number, subagency_legal_name, letter_document_id,
                                 status, registered_at, client_id, phone)
       SELECT $3, $4, $5, $6, $7, $8, agency.id, $9, $10, $11, $12, 'pending_confirmation', to_timestamp($13 / 1000.0), $14, $15
         FROM agency
       ON CONFLICT (id) DO NOTHING
       RETURNING id)
     INSERT INTO balances (participant_id) SELECT id FROM inserted ON CONFLICT (participant_id) DO NOTHING`,
    [
      r.agencyInn,
      r.agencyName,
      r.participantId,
      r.workflowId,
      r.email,
      r.emailNormalized,
      r.firstName,
      r.lastName,
      r.contractPath,
      r.contractNumber,
      r.subagencyLegalName,
      r.letterDocumentId,
      r.registeredAt,
      r.clientId,
      phone,
    ],
  );
  return rowCount === 1; // the balance row, written only with a participant row this statement wrote
}

/** The password chosen on the confirmation page (R3), kept while the registration still awaits it. */
export async function setPasswordBeforeConfirmation(tx: Db, id: string, passwordHash: string): Promise<void> {
  await tx.query(`UPDATE participants SET password_hash = $2 WHERE id = $1 AND status = 'pending_confirmation'`, [id, passwordHash]);
}

/** R25: the new password of a used reset link (the caller holds the participant's row lock). */
export async function setPassword(tx: Db, id: string, passwordHash: string): Promise<void> {
  await tx.query('UPDATE participants SET password_hash = $2 WHERE id = $1', [id, passwordHash]);
}

export async function markEmailConfirmed(tx: Db, id: string): Promise<void> {
  await tx.query(
    `UPDATE participants SET status = 'pending_verification', confirmed_at = now()
      WHERE id = $1 AND status = 'pending_confirmation'`,
    [id],
  );
}

/** R3: never confirmed; the email is free to register again. */
export async function markRegistrationExpired(db: Db, id: string): Promise<void> {
  await db.query(
    `UPDATE participants SET status = 'expired', ended_at = now(), end_reason = 'confirmation_timeout'
      WHERE id = $1 AND status = 'pending_confirmation'`,
    [id],
  );
}

/**
 * A registration whose step failed for good (workflows/incidents.ts): 'failed', so it no longer holds
 * the email (R1) and the person may register again. False when it is not pending (or was never stored).
 */
export async function markRegistrationFailed(tx: Db, id: string): Promise<boolean> {
  if (!isUuid(id)) return false; // the failed step may have been handed a malformed id
  const { rowCount } = await tx.query(
    `UPDATE participants SET status = 'failed', ended_at = now(), end_reason = 'incident'
      WHERE id = $1 AND status IN ('pending_confirmation', 'pending_verification')`,
    [id],
  );
  return (rowCount ?? 0) > 0;
}

export async function markRegistrationRejected(db: Db, id: string, reason: string): Promise<void> {
  await db.query(
    `UPDATE participants SET status = 'rejected', ended_at = now(), end_reason = $2
      WHERE id = $1 AND status = 'pending_verification'`,
    [id, reason],
  );
}

/** R7, A6: active with a member number (kept if it had one). Answers the member number, or null if it cannot be activated. */
export async function activate(tx: Db, id: string): Promise<number | null> {
  const { rows } = await tx.query<{ member_number: number }>(
    `UPDATE participants
        SET status = 'active',
            verified_at = COALESCE(verified_at, now()),
            activated_at = COALESCE(activated_at, now()),
            member_number = COALESCE(member_number, nextval('member_number_seq'))
      WHERE id = $1 AND status IN ('pending_verification', 'active')
      RETURNING member_number`,
    [id],
  );
  return rows[0]?.member_number ?? null;
}

/** R26: the account closes. False when it was not active (closed by an earlier attempt). */
export async function closeParticipant(tx: Db, id: string, reason: string): Promise<boolean> {
  const { rowCount } = await tx.query(
    `UPDATE participants SET status = 'closed', ended_at = now(), end_reason = $2 WHERE id = $1 AND status = 'active'`,
    [id, reason],
  );
  return (rowCount ?? 0) > 0;
}

/** R22: the participant's agency and contract become the verified new ones. */
export async function rebindParticipant(
  tx: Db,
  id: string,
  to: {
    agencyId: string;
    contractPath: string;
    contractNumber: string | null;
    subagencyLegalName: string | null;
    letterDocumentId: string | null;
  },
): Promise<void> {
  await tx.query(
    `UPDATE participants SET agency_id = $2, contract_path = $3, contract_number = $4, subagency_legal_name = $5, letter_document_id = $6
      WHERE id = $1`,
    [id, to.agencyId, to.contractPath, to.contractNumber, to.subagencyLegalName, to.letterDocumentId],
  );
}

/** A6: whether a live participant other than `exceptId` holds this phone (E.164). */
export async function phoneHeld(db: Db, phone: string, exceptId: string | null = null): Promise<boolean> {
  const { rowCount } = await db.query(`SELECT 1 FROM participants WHERE phone = $1 AND id IS DISTINCT FROM $2 AND status IN ${LIVE}`, [
    phone,
    exceptId,
  ]);
  return (rowCount ?? 0) > 0;
}

/**
 * A6: the participant's phone (E.164, or null to remove it). A phone a live participant holds fails
 * with PostgreSQL's unique violation (23505, constraint participants_live_phone). Answers whether it changed.
 */
export async function setPhone(tx: Db, id: string, phone: string | null): Promise<boolean> {
  const { rowCount } = await tx.query('UPDATE participants SET phone = $2 WHERE id = $1 AND phone IS DISTINCT FROM $2', [id, phone]);
  return (rowCount ?? 0) > 0;
}

/** R21: the new address becomes the participant's identity. */
export async function changeEmail(tx: Db, id: string, email: string, emailNormalized: string): Promise<void> {
  await tx.query('UPDATE participants SET email = $2, email_normalized = $3 WHERE id = $1', [id, email, emailNormalized]);
}

/** The read benchmark's participants (bench/reads.ts) from..to-1, `agencyEvery` to an agency, and who registered them. */
export interface BenchParticipants {
  from: number;
  to: number;
  agencyEvery: number;
  clientId: string;
}

/** The agencies of the read benchmark's participants from..to-1 (those not written before). */
export async function insertBenchAgencies(db: Db, { from, to, agencyEvery }: BenchParticipants): Promise<void> {
  await db.query(
    `INSERT INTO agencies (id, inn, legal_name)
     SELECT ${benchId('agency', 'g')}, '9' || lpad(g::text, 9, '0'), 'ООО Агентство ' || (g * 7919 % 100003)
       FROM generate_series($1::int / $3::int, ($2::int - 1) / $3::int) g
     ON CONFLICT DO NOTHING`,
    [from, to, agencyEvery],
  );
}

/**
 * The read benchmark's participants from..to-1 (`agent<i>@agency<i / agencyEvery>.example`), with
 * statuses as a live program has them: mostly active, some closed, some still registering.
 */
export async function insertBenchParticipants(db: Db, { from, to, agencyEvery, clientId }: BenchParticipants): Promise<void> {
  await db.query(
    `INSERT INTO participants (id, workflow_id, email, email_normalized, first_name, last_name, agency_id, contract_path, status,
                               member_number, registered_at, confirmed_at, activated_at, client_id)
     SELECT ${benchId('participant', 'i')}, 'bench-' || i, e, e,
            (ARRAY['Анна', 'Мария', 'Елена', 'Ольга', 'Ирина', 'Дмитрий', 'Сергей', 'Алексей', 'Наталья', 'Павел'])[1 + i % 10],
            (ARRAY['Иванова', 'Петрова', 'Смирнова', 'Кузнецова', 'Попова', 'Соколов', 'Лебедев', 'Козлов', 'Новиков', 'Морозов'])[1 + (i / 10) % 10]
              || '-' || (i::bigint * 7919 % 100003),
            ${benchId('agency', '(i / $4::int)')}, 'agent', s.status, 500000000 + i, r.at,
            CASE WHEN s.status <> 'pending_confirmation' THEN r.at + interval '1 hour' END,
            CASE WHEN s.status IN ('active', 'closed') THEN r.at + interval '1 day' END, $3::uuid
       FROM generate_series($1::int, $2::int - 1) i,
            LATERAL (SELECT 'agent' || i || '@agency' || (i / $4::int) || '.example' AS e) m,
            LATERAL (SELECT now() - interval '3 days' - ((i::bigint * 2654435761) % 63072000) * interval '1 second' AS at) r,
            LATERAL (SELECT CASE WHEN i % 97 = 0 THEN 'closed' WHEN i % 53 = 0 THEN 'pending_confirmation' ELSE 'active' END AS status) s`,
    [from, to, clientId, agencyEvery],
  );
}
