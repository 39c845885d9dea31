type Translate = (key: string, options?: Record<string, unknown>) => string;

/** A row error of an imported file as the API answers it (api/row-errors.ts): a code with parameters, and its English message. */
export interface CodedRowError {
  row: number;
  field: string;
  code?: string;
  params?: Record<string, string | number>;
  message: string;
}

const list = (value: string | number | undefined): string[] => (value === undefined || value === '' ? [] : String(value).split(', '));

/** What is wrong with a file's columns, in words: the columns missing, those unknown, one of a pair without the other. */
function columnProblems(error: CodedRowError, translate: Translate): string {
  const p = error.params ?? {};
  return [
    ...list(p.missing).map((column) =>
      error.code === 'attendance_columns' && column === 'minutes'
        ? translate('console.row_errors.problems.missing_minutes')
        : translate('console.row_errors.problems.missing', { column }),
    ),
    ...(list(p.unknown).length ? [translate('console.row_errors.problems.unknown', { columns: p.unknown })] : []),
    ...list(p.unpaired).map((column) => translate(`console.row_errors.problems.unpaired_${column}`, { _: column })),
  ].join('; ');
}

/**
 * A row error in the console's language, from its code (`console.row_errors.<code>`) and parameters.
 * A report stored before row errors had codes has only the API's English message: that is shown.
 */
export function rowErrorText(error: CodedRowError, translate: Translate): string {
  if (!error.code) return error.message;
  const params: Record<string, unknown> = { ...error.params };
  if (error.code === 'columns' || error.code === 'attendance_columns') params.problems = columnProblems(error, translate);
  if (params.choices !== undefined) params.choices = list(params.choices as string).join(translate('console.row_errors.or'));
  return translate(`console.row_errors.${error.code}`, { ...params, _: error.message });
}
