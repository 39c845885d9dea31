/**
 * A row error of an imported file (the contract registry, an attendance or results report): where
 * (the file's line and column), what (a code with its parameters, which the console renders in the
 * reader's language), and the same said in English (`message`) for API clients and logs. The
 * English is made from the code and its parameters here, so the two cannot say different things.
 * Pure: the CSV readers share it.
 */
import { textFault } from './text.js';

/** The codes of row errors; the console has words for each (`console.row_errors.<code>`). */
export const ROW_ERROR_CODES = [
  // the file as a whole
  'file_empty',
  'file_unreadable',
  'file_no_rows',
  'file_no_contracts',
  'columns',
  'attendance_columns',
  'zoom_summary_only',
  // a cell: clean text (rules/text.ts's TextProblem) and its length
  'control_character',
  'lone_surrogate',
  'bidi_control',
  'line_break',
  'too_long',
  // a cell's value
  'required',
  'required_or',
  'repeats_row',
  'one_of',
  'one_of_not',
  'inn_not_digits',
  'inn_wrong_length',
  'inn_wrong_check_digit',
  'email_invalid',
  'not_date_time',
  'before',
  'more_than_a_day_after',
  'not_minutes',
  'negative',
  'minutes_over_a_day',
  'not_score',
  'not_completed_at',
] as const satisfies readonly string[];
export type RowErrorCode = (typeof ROW_ERROR_CODES)[number];

/** Values quoted from the file are made safe by the reader (`quotable`); lists are joined with ", ". */
export type RowErrorParams = Record<string, string | number>;

export interface RowError {
  row: number; // 1-based line of the file, the header being line 1
  field: string; // the column as named in the file ('file' or 'header' for the file as a whole)
  code: RowErrorCode;
  params?: RowErrorParams;
  message: string; // in English
}

const list = (value: string | number | undefined): string[] => (value === undefined || value === '' ? [] : String(value).split(', '));

const ENGLISH: { [C in RowErrorCode]: (p: RowErrorParams) => string } = {
  file_empty: () => 'the file is empty',
  file_unreadable: (p) => `not a readable CSV file: ${p.reason}`,
  file_no_rows: () => 'the file has no rows',
  file_no_contracts: () => 'the file has no contracts',
  // expected: the columns, missing and unknown: those of them absent from the file, those it has besides
  columns: (p) =>
    `columns must be ${p.expected}: ${[...(list(p.missing).length ? [`missing ${p.missing}`] : []), ...(list(p.unknown).length ? [`unknown ${p.unknown}`] : [])].join('; ')}`,
  // unknown: columns the file has besides; missing: email and/or minutes; unpaired: join_time or leave_time without the other
  attendance_columns: (p) =>
    `columns must be email, minutes or join_time and leave_time, optional attendance (or a Zoom participant report): ${[
      ...(list(p.unknown).length ? [`unknown ${p.unknown}`] : []),
      ...list(p.missing).map((c) => (c === 'minutes' ? 'missing minutes (or join_time and leave_time)' : `missing ${c}`)),
      ...list(p.unpaired).map((c) => (c === 'join_time' ? 'join_time without leave_time' : 'leave_time without join_time')),
    ].join('; ')}`,
  zoom_summary_only: () => 'a Zoom meeting summary without the participant list',
  control_character: (p) => `must not contain control characters (${p.character} at ${p.index})`,
  lone_surrogate: (p) => `must be well-formed Unicode: no unpaired surrogates (${p.character} at ${p.index})`,
  bidi_control: (p) => `must not contain bidirectional override characters (${p.character} at ${p.index})`,
  line_break: (p) => `must be a single line (${p.character} at ${p.index})`,
  too_long: (p) => `must be at most ${p.max} characters`,
  required: () => 'is required',
  required_or: (p) => `is required (or ${p.join} and ${p.leave})`,
  repeats_row: (p) => `repeats row ${p.row}`,
  one_of: (p) => `must be ${list(p.choices).join(' or ')}`,
  one_of_not: (p) => `must be ${list(p.choices).join(' or ')}, not "${p.value}"`,
  inn_not_digits: () => 'is not a valid INN (not digits)',
  inn_wrong_length: () => 'is not a valid INN (wrong length)',
  inn_wrong_check_digit: () => 'is not a valid INN (wrong check digit)',
  email_invalid: (p) => `is not a valid email: "${p.value}"`,
  not_date_time: (p) => `is not a date and time: "${p.value}"`,
  before: (p) => `is before ${p.other}`,
  more_than_a_day_after: (p) => `is more than a day after ${p.other}`,
  not_minutes: (p) => `must be a number of minutes, not "${p.value}"`,
  negative: () => 'must not be negative',
  minutes_over_a_day: (p) => `must be at most ${p.max} (a day)`,
  not_score: (p) => `must be a number from 0 to 100, not "${p.value}"`,
  not_completed_at: (p) => `must be a date and time (2026-11-21T10:00:00Z or 21.11.2026 10:00), not "${p.value}"`,
};

/** A row error with its English message. */
export function rowError(row: number, field: string, code: RowErrorCode, params?: RowErrorParams): RowError {
  const message = ENGLISH[code](params ?? {});
  return params ? { row, field, code, params, message } : { row, field, code, message };
}

/** What a cell's text is refused for (rules/text.ts's faults, then its length), as a code and parameters; null when clean. */
export function cellFault(text: string, max: number): { code: RowErrorCode; params: RowErrorParams } | null {
  const fault = textFault(text);
  if (fault) return { code: fault.problem, params: { character: fault.character, index: fault.index } };
  if (text.length > max) return { code: 'too_long', params: { max } };
  return null;
}
