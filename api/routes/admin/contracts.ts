/** The operator's contract registry (R4): browse it, preview a fresh CSV export, and replace it with the export. */
import type { Request, Router } from 'express';
import { z } from 'zod';
import { listContracts } from '../../../db/contracts.js';
import { staffActor } from '../../auth.js';
import { importRegistry, PREVIEW_ERRORS, PREVIEW_ROWS, previewRegistryImport, type RegistryUpload } from '../../contract-registry.js';
import type { ApiDeps } from '../../deps.js';
import { AppError } from '../../errors.js';
import { uploads } from '../../uploads.js';
import { parseListQuery, sendList } from '../../list-query.js';
import { staffRole } from '../../route-access.js';
import { RowErrorAnswer } from '../../row-errors.js';
import { defineRoutes, json, refused, routesOf } from '../../route-table.js';
import { ListQuery, list } from '../../staff-answers.js';

const SORTABLE = { contract_number: 'contract_number', legal_name: 'legal_name', status: 'status', imported_at: 'imported_at' };

const ImportOptions = z.strictObject({
  skipInvalid: z.enum(['true', 'false'], 'must be true or false').optional().meta({
    description:
      '`true`: import the rows that read and leave out those with errors (seen in the preview); default: any error refuses the file',
  }),
});

const RegistryPreview = z.object({
  filename: z.string(),
  lines: z.number().int().meta({ description: "the file's data lines" }),
  valid: z.number().int().meta({ description: 'lines that read as contracts' }),
  invalid: z.number().int().meta({ description: 'lines with at least one error' }),
  current: z.number().int().meta({ description: 'contracts in the registry now' }),
  added: z.number().int().meta({ description: 'contract numbers the registry does not hold yet' }),
  changed: z.number().int().meta({ description: 'contracts the file holds with another type, INN, name or status' }),
  removed: z.number().int().meta({ description: 'contracts the replacement drops' }),
  rows: z.array(
    z.object({
      row: z.number().int(),
      contract_number: z.string(),
      contract_type: z.enum(['agent', 'subagent']),
      inn: z.string().nullable(),
      legal_name: z.string(),
      status: z.enum(['active', 'terminated']),
    }),
  ),
  errors: z.array(RowErrorAnswer),
  error_count: z.number().int(),
});

/** The uploaded export, or a 400 naming the field. */
function uploaded(req: Request): RegistryUpload {
  if (!req.file) throw new AppError(400, 'validation_failed', 'file: upload the registry CSV as the field "file"', 'file');
  return { filename: req.file.originalname, content: req.file.buffer };
}

export const staffContractRoutes = defineRoutes('/admin/api', {
  'GET /admin/api/contracts': {
    access: staffRole('support'),
    tag: 'Contract registry',
    summary: 'The contract registry',
    query: ListQuery,
    responses: { 200: list('contracts', 'contracts') },
  },
  'POST /admin/api/contracts/import/preview': {
    access: staffRole('admin'),
    tag: 'Contract registry',
    summary: "A dry run of the import: the export's rows as read, each row's errors, and what the replacement would change",
    description: `Nothing is written. Answers the first ${PREVIEW_ROWS} contracts as read (with their line), the first ${PREVIEW_ERRORS} row errors, the counts, and how many contracts the replacement would add, change and drop.`,
    content: 'multipart',
    form: z.object({ file: z.string().meta({ format: 'binary', description: 'The registry export (CSV)' }) }),
    responses: {
      200: json(RegistryPreview, 'The preview'),
      400: refused('No `file`, or `invalid_registry_file`: the file as a whole cannot be read (empty, not a CSV, wrong columns)'),
      413: refused('`file_too_large`'),
    },
  },
  'POST /admin/api/contracts/import': {
    access: staffRole('admin'),
    tag: 'Contract registry',
    summary: "Replace the registry with the operator's CSV export: all or nothing, or its readable rows",
    content: 'multipart',
    body: ImportOptions,
    form: ImportOptions.extend({ file: z.string().meta({ format: 'binary', description: 'The registry export (CSV)' }) }),
    responses: {
      200: json(z.object({ imported: z.number().int(), skipped: z.number().int() }), 'The registry is replaced'),
      400: refused('No `file`, or `invalid_registry_file`: `row`, `field` and up to 100 `errors` say where'),
      413: refused('`file_too_large`'),
    },
  },
});

export function staffContractsRouter(deps: ApiDeps): Router {
  const { pool, config } = deps;
  const router = routesOf(staffContractRoutes, deps);
  const upload = uploads(config.maxUploadBytes);

  router.on('GET /admin/api/contracts', async (_in, req, res) => {
    const q = parseListQuery(req.query, SORTABLE, ['contract_number', 'ASC']);
    const { rows, total } = await listContracts(pool, q);
    sendList(res, 'contracts', q, rows, total);
  });

  router.on('POST /admin/api/contracts/import/preview', upload.single('file'), async (_in, req, res) => {
    res.json(await previewRegistryImport(pool, uploaded(req)));
  });

  /** The export is the whole registry: it replaces the previous one, all or nothing unless told to leave out bad rows. */
  router.on('POST /admin/api/contracts/import', upload.single('file'), async ({ body }, req, res) => {
    res.json(await importRegistry(pool, staffActor(req), uploaded(req), { skipInvalid: body.skipInvalid === 'true' }));
  });

  return router.done();
}
