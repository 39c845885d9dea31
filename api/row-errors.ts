/** A row error of an imported file as the API answers it (rules/row-errors.ts): a code with parameters, and the same in English. */
import { z } from 'zod';
import { ROW_ERROR_CODES } from '../rules/row-errors.js';

export const RowErrorAnswer = z
  .object({
    row: z.number().int().meta({ description: "The file's line (1-based, the header being line 1)" }),
    field: z.string().meta({ description: 'The column as named in the file, or `file` / `header` for the file as a whole' }),
    code: z.enum(ROW_ERROR_CODES).meta({ description: 'What is wrong, for a client to say in its own words' }),
    params: z
      .record(z.string(), z.union([z.string(), z.number()]))
      .optional()
      .meta({ description: 'The values the code speaks of (e.g. `value`, `row`, `max`, `choices` joined with ", ")' }),
    message: z.string().meta({ description: 'The same in English' }),
  })
  .meta({
    id: 'RowError',
    description: 'A row of an imported file that was not read, and why',
    example: { row: 3, field: 'inn', code: 'inn_wrong_check_digit', message: 'is not a valid INN (wrong check digit)' },
  });

/** A stored report's row error: reports stored before row errors had codes have only the message. */
export const StoredRowErrorAnswer = RowErrorAnswer.extend({
  code: RowErrorAnswer.shape.code.optional().meta({ description: 'What is wrong; absent on reports stored before row errors had codes' }),
}).meta({ id: 'ReportError', description: "A row of a report's file that was not counted, and why" });
