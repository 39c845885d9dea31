/** The operator's contract registry (R4): browse it, and replace it with a fresh CSV export. */
import { Router } from 'express';
import { writeAudit } from '../../../db/audit.js';
import { inTransaction } from '../../../infra/db.js';
import { readRegistryCsv } from '../../../rules/contract-registry-csv.js';
import { requireRole, staffActor } from '../../auth.js';
import type { ApiDeps } from '../../deps.js';
import { AppError } from '../../errors.js';
import { uploads } from '../../uploads.js';
import { Where, parseListQuery, sendList } from '../../list-query.js';

const SORTABLE = { contract_number: 'contract_number', legal_name: 'legal_name', status: 'status', imported_at: 'imported_at' };

export function staffContractsRouter({ pool, config }: ApiDeps): Router {
  const router = Router();
  const upload = uploads(config.maxUploadBytes);

  router.get('/contracts', async (req, res) => {
    const q = parseListQuery(req.query, SORTABLE, ['contract_number', 'ASC']);
    const where = new Where();
    if (typeof q.filter.q === 'string' && q.filter.q.trim()) {
      const term = q.filter.q.trim();
      where.add('(contract_number = ? OR inn = ? OR lower(legal_name) LIKE ?)', term, term, `%${term.toLowerCase()}%`);
    }
    if (typeof q.filter.status === 'string') where.add('status = ?', q.filter.status);
    const total = await pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM contract_registry ${where}`, where.values);
    const { rows } = await pool.query(
      `SELECT contract_number AS id, contract_number, contract_type, inn, legal_name, status, imported_at
         FROM contract_registry ${where}
        ORDER BY ${q.orderBy} ${q.direction} LIMIT ${where.param(q.limit)} OFFSET ${where.param(q.offset)}`,
      where.values,
    );
    sendList(res, 'contracts', q, rows, total.rows[0].n);
  });

  /** The export is the whole registry: it replaces the previous one, all or nothing. */
  router.post('/contracts/import', requireRole('admin'), upload.single('file'), async (req, res) => {
    if (!req.file) throw new AppError(400, 'validation_failed', 'file: upload the registry CSV as the field "file"', 'file');
    const parsed = readRegistryCsv(req.file.buffer);
    if (!parsed.ok) {
      const [first] = parsed.errors;
      throw new AppError(400, 'invalid_registry_file', `row ${first.row}, ${first.field}: ${first.message}`, first.field, {
        row: first.row,
        errors: parsed.errors.slice(0, 100),
      });
    }
    const { contracts } = parsed;
    await inTransaction(pool, async (tx) => {
      await tx.query('DELETE FROM contract_registry');
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
      await writeAudit(tx, staffActor(req), 'contracts.import', { type: 'contract_registry', id: 'registry' }, {
        filename: req.file!.originalname,
        contracts: contracts.length,
      });
    });
    res.json({ imported: contracts.length });
  });

  return router;
}
