/**
 * The operator's contract registry (`contract_registry`, R4): replaced by each CSV export, except the
 * contracts approved applications brought (A7) that the export does not know yet.
 */
import type { Db } from './pool.js';
import type { RegistryContract } from '../rules/verification.js';
import { Where, filterText, filterTerm, likeLiteral, listPage, type ListQuery } from './list-query.js';

/** The registry's contracts that could be the form's: by contract number, INN or legal name. */
export async function matchingContracts(
  db: Db,
  form: { contractNumber: string | null; agencyInn: string | null; agencyName: string | null },
): Promise<RegistryContract[]> {
  const { rows } = await db.query<RegistryContract>(
    `SELECT contract_number AS "contractNumber", contract_type AS "contractType", inn,
            legal_name AS "legalName", status
       FROM contract_registry
      WHERE contract_number = $1 OR inn = $2 OR lower(legal_name) = lower($3)
      ORDER BY contract_number`,
    [form.contractNumber, form.agencyInn, form.agencyName],
  );
  return rows;
}

/** The console's registry list (filters: q on number, INN or name; status). */
export async function listContracts(db: Db, q: ListQuery) {
  const where = new Where();
  const term = filterTerm(q, 'q');
  if (term) where.add('(contract_number = ? OR inn = ? OR lower(legal_name) LIKE ?)', term, term, likeLiteral(term.toLowerCase()));
  const status = filterText(q, 'status');
  if (status !== undefined) where.add('status = ?', status);
  return listPage(
    db,
    'SELECT contract_number AS id, contract_number, contract_type, inn, legal_name, status, imported_at FROM contract_registry',
    where,
    q,
  );
}

/**
 * The export replaces the registry (in the caller's transaction: all or nothing). A contract an
 * approved application wrote (A7) stays until the export knows the agency, by the contract number or
 * the INN: an export taken before the approval must not undo it, and one taken after supersedes it.
 */
export async function replaceRegistry(tx: Db, contracts: RegistryContract[]): Promise<void> {
  await tx.query(
    'DELETE FROM contract_registry WHERE application_id IS NULL OR contract_number = ANY($1::text[]) OR inn = ANY($2::text[])',
    [contracts.map((c) => c.contractNumber), contracts.flatMap((c) => (c.inn ? [c.inn] : []))],
  );
  await tx.query(
    `INSERT INTO contract_registry (contract_number, contract_type, inn, legal_name, status)
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[])`,
    [
      contracts.map((c) => c.contractNumber),
      contracts.map((c) => c.contractType),
      contracts.map((c) => c.inn),
      contracts.map((c) => c.legalName),
      contracts.map((c) => c.status),
    ],
  );
}

/** What replacing the registry with `contracts` would change (the import's preview). */
export interface RegistryChange {
  /** contracts in the registry now */
  current: number;
  /** contract numbers the registry does not hold yet */
  added: number;
  /** contracts the file holds with another type, INN, name or status */
  changed: number;
  /** contracts the replacement drops: not in the file (an application's contract stays unless the file knows its INN) */
  removed: number;
}

export async function registryChange(db: Db, contracts: RegistryContract[]): Promise<RegistryChange> {
  const { rows } = await db.query<RegistryChange>(
    `WITH file AS (
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[])
                  AS f(contract_number, contract_type, inn, legal_name, status))
     SELECT (SELECT count(*) FROM contract_registry)::int AS current,
            (SELECT count(*) FROM file f
              WHERE NOT EXISTS (SELECT 1 FROM contract_registry r WHERE r.contract_number = f.contract_number))::int AS added,
            (SELECT count(*) FROM file f JOIN contract_registry r USING (contract_number)
              WHERE (r.contract_type, r.inn, r.legal_name, r.status) IS DISTINCT FROM (f.contract_type, f.inn, f.legal_name, f.status))::int AS changed,
            (SELECT count(*) FROM contract_registry r
              WHERE (r.application_id IS NULL OR r.inn = ANY($3::text[]))
                AND NOT EXISTS (SELECT 1 FROM file f WHERE f.contract_number = r.contract_number))::int AS removed`,
    [
      contracts.map((c) => c.contractNumber),
      contracts.map((c) => c.contractType),
      contracts.map((c) => c.inn),
      contracts.map((c) => c.legalName),
      contracts.map((c) => c.status),
    ],
  );
  return rows[0];
}

/**
 * A7: the contract an approved application brings, answering its number: the application's own
 * (written by an earlier attempt), or an active contract of the same kind the registry already holds
 * for the INN (an export may have brought it meanwhile: a second one would send the agency's
 * employees to review, R4), or else a new active contract under `contractNumber`.
 */
export async function addApplicationContract(
  tx: Db,
  c: { applicationId: string; contractNumber: string; contractType: 'agent' | 'subagent'; inn: string; legalName: string },
): Promise<string> {
  const { rows } = await tx.query<{ contract_number: string }>(
    `SELECT contract_number FROM contract_registry
      WHERE application_id = $1 OR (inn = $2 AND contract_type = $3 AND status = 'active')
      ORDER BY application_id = $1 DESC NULLS LAST, contract_number LIMIT 1`,
    [c.applicationId, c.inn, c.contractType],
  );
  if (rows[0]) return rows[0].contract_number;
  await tx.query(
    `INSERT INTO contract_registry (contract_number, contract_type, inn, legal_name, status, application_id) VALUES ($1, $2, $3, $4, 'active', $5)`,
    [c.contractNumber, c.contractType, c.inn, c.legalName, c.applicationId],
  );
  return c.contractNumber;
}

/**
 * One contract added to the registry as it is: the fixture of tests and benchmarks (an export replaces
 * them all, `replaceRegistry`). `ifAbsent`: a contract of that number already there is kept (a
 * benchmark run again on the same system).
 */
export async function insertContract(
  db: Db,
  c: { contractNumber: string; contractType: 'agent' | 'subagent'; inn: string | null; legalName: string; status: 'active' | 'terminated' },
  opts: { ifAbsent?: boolean } = {},
): Promise<void> {
  await db.query(
    `INSERT INTO contract_registry (contract_number, contract_type, inn, legal_name, status) VALUES ($1, $2, $3, $4, $5)${opts.ifAbsent ? ' ON CONFLICT DO NOTHING' : ''}`,
    [c.contractNumber, c.contractType, c.inn, c.legalName, c.status],
  );
}

/** Whether the registry holds an active contract for this INN (A7: such an agency need not apply). */
export async function hasActiveContract(db: Db, inn: string): Promise<boolean> {
  const { rows } = await db.query(`SELECT 1 FROM contract_registry WHERE inn = $1 AND status = 'active' LIMIT 1`, [inn]);
  return rows.length > 0;
}
