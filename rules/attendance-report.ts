/**
 * A webinar platform's attendance export (CSV), summed per participant email (R1, R10, R13).
 * Two formats, told apart by the header:
 *  - plain: email; minutes, or join_time and leave_time; optional attendance (live | recording);
 *  - Zoom's participant report: User Email, Join Time, Leave Time, Duration (Minutes), and whatever
 *    else Zoom adds (ignored). Waiting-room segments are not presence and are skipped.
 * Rows with an error are reported and not counted. Matching emails to participants and the live
 * minimum are not done here. Also holds the CSV plumbing shared with results-csv.ts.
 */
import { parse, type Info } from 'csv-parse/sync';
import { isValidEmail, normalizeEmail } from './email.js';
import { cellFault, rowError, type RowError, type RowErrorCode, type RowErrorParams } from './row-errors.js';
import { decodeTextFile, detectDelimiter } from './text-file.js';
import { quotable } from './text.js';

/** The longest cell read: an email is at most 254 characters, a date or a number far less. */
export const MAX_CELL = 1000;
/** The most minutes one row may give: a day (a segment, or the JSON API's row); the sum fits an int4 column. */
export const MAX_ROW_MINUTES = 24 * 60;

/** A cell's problem as clean text (rules/text.ts) and its length, as a row error's code and parameters, or null. */
export const cellProblem = (cell: string): { code: RowErrorCode; params: RowErrorParams } | null => cellFault(cell, MAX_CELL);

export interface AttendanceLine {
  email: string;
  emailNormalized: string;
  liveMinutes: number;
  recordingMinutes: number;
  rows: number[];
}

export interface AttendanceFile {
  format: 'plain' | 'zoom';
  lines: AttendanceLine[];
  errors: RowError[];
  totalRows: number;
}

export interface AttendanceEntry {
  email: string;
  liveMinutes?: number;
  recordingMinutes?: number;
  row?: number; // defaults to the entry's 1-based index
}

/** Sums minutes per normalised email (R1), rounding at the end. Emails must be validated by the caller. */
export function mergeAttendance(entries: AttendanceEntry[]): AttendanceLine[] {
  const byEmail = new Map<string, AttendanceLine>();
  entries.forEach((entry, i) => {
    const emailNormalized = normalizeEmail(entry.email);
    let line = byEmail.get(emailNormalized);
    if (!line) {
      line = { email: entry.email.trim(), emailNormalized, liveMinutes: 0, recordingMinutes: 0, rows: [] };
      byEmail.set(emailNormalized, line);
    }
    line.liveMinutes += entry.liveMinutes ?? 0;
    line.recordingMinutes += entry.recordingMinutes ?? 0;
    line.rows.push(entry.row ?? i + 1);
  });
  return (
    [...byEmail.values()]
      // Each row gives at most a day; a sum beyond an int4 column (a file of millions of rows) is capped, not stored as an overflow.
      .map((line) => ({ ...line, liveMinutes: minutesTotal(line.liveMinutes), recordingMinutes: minutesTotal(line.recordingMinutes) }))
      .sort((a, b) => compareText(a.emailNormalized, b.emailNormalized))
  );
}

const minutesTotal = (minutes: number) => Math.min(Math.round(minutes), 2_147_483_647);

export function readAttendanceCsv(content: Uint8Array): AttendanceFile {
  const unusable = (errors: RowError[]): AttendanceFile => ({ format: 'plain', lines: [], errors, totalRows: 0 });
  const table = readCsvTable(content);
  if (!table.ok) return unusable(table.errors);
  let { header, rows } = table;
  if (lowerCells(header).includes(ZOOM.meetingId)) {
    // "Export with meeting data": a meeting summary (host email, whole duration) precedes the participants.
    const at = rows.findIndex((r) => isZoomHeader(lowerCells(r)));
    if (at < 0) return unusable([rowError(header.line, 'header', 'zoom_summary_only')]);
    [header, rows] = [rows[at], rows.slice(at + 1)];
    if (rows.length === 0) return unusable([rowError(1, 'file', 'file_no_rows')]);
  }
  const layout = layoutOf(header.cells);
  if ('unknown' in layout) return unusable([rowError(header.line, 'header', 'attendance_columns', layout)]);
  const errors: RowError[] = [];
  const entries: AttendanceEntry[] = [];
  for (const row of rows) {
    const entry = readRow(row, layout, errors);
    if (entry) entries.push(entry);
  }
  return { format: layout.format, lines: mergeAttendance(entries), errors, totalRows: rows.length };
}

// --- the two layouts ---

interface Column {
  index: number;
  field: string; // named in errors: our column name, or Zoom's as written in the file
}
interface Layout {
  format: 'plain' | 'zoom';
  dates: DateStyle;
  email: Column;
  minutes: Column | null;
  join: Column | null;
  leave: Column | null; // present whenever join is
  attendance: Column | null;
  waitingRoom: Column | null;
}

const PLAIN_COLUMNS = ['email', 'minutes', 'join_time', 'leave_time', 'attendance'];
const ZOOM = {
  email: 'user email',
  minutes: 'duration (minutes)',
  join: 'join time',
  leave: 'leave time',
  waitingRoom: 'in waiting room',
  meetingId: 'meeting id',
};
const isZoomHeader = (names: string[]) => names.includes(ZOOM.email) && names.includes(ZOOM.minutes) && !names.includes(ZOOM.meetingId);
const lowerCells = (row: CsvRow) => row.cells.map((c) => c.toLowerCase());

/** The layout, or what is wrong with the columns (the parameters of an `attendance_columns` error). */
function layoutOf(header: string[]): Layout | { unknown: string; missing: string; unpaired: string } {
  const names = header.map((h) => h.toLowerCase());
  const column = (name: string, field: string): Column | null => (names.includes(name) ? { index: names.indexOf(name), field } : null);
  if (isZoomHeader(names)) {
    const zoom = (name: string) => column(name, header[names.indexOf(name)]);
    const [join, leave] = [zoom(ZOOM.join), zoom(ZOOM.leave)];
    return {
      format: 'zoom',
      dates: 'us',
      email: zoom(ZOOM.email)!,
      minutes: zoom(ZOOM.minutes),
      join: join && leave ? join : null,
      leave: join && leave ? leave : null,
      attendance: null,
      waitingRoom: zoom(ZOOM.waitingRoom),
    };
  }
  const plain = (name: string) => column(name, name);
  const [email, minutes, join, leave] = [plain('email'), plain('minutes'), plain('join_time'), plain('leave_time')];
  const unknown = header.filter((h, i) => h !== '' && !PLAIN_COLUMNS.includes(names[i]));
  const missing = [email ? '' : 'email', minutes || (join && leave) ? '' : 'minutes'].filter(Boolean);
  const unpaired = !join !== !leave ? (join ? 'join_time' : 'leave_time') : '';
  if (unknown.length || missing.length || unpaired) {
    return { unknown: unknown.map((h) => quotable(h)).join(', '), missing: missing.join(', '), unpaired };
  }
  return { format: 'plain', dates: 'ru', email: email!, minutes, join, leave, attendance: plain('attendance'), waitingRoom: null };
}

function readRow({ line, cells }: CsvRow, layout: Layout, errors: RowError[]): AttendanceEntry | null {
  const cell = (c: Column | null) => (c ? (cells[c.index] ?? '').trim() : '');
  let ok = true;
  const fail = (c: Column, code: RowErrorCode, params?: RowErrorParams) => {
    errors.push(rowError(line, c.field, code, params));
    ok = false;
  };
  // A cell that is not clean text (a NUL, an unpaired surrogate…) refuses the row before anything reads it.
  for (const c of [layout.email, layout.minutes, layout.join, layout.leave, layout.attendance, layout.waitingRoom]) {
    const fault = c && cellProblem(cells[c.index] ?? '');
    if (fault) fail(c, fault.code, fault.params);
  }
  if (!ok) return null;
  if (cell(layout.waitingRoom).toLowerCase() === 'yes') return null;

  const email = cell(layout.email);
  if (!email) fail(layout.email, 'required');
  else if (!isValidEmail(email)) fail(layout.email, 'email_invalid', { value: quotable(email) });

  const attendance = cell(layout.attendance).toLowerCase() || 'live';
  if (attendance !== 'live' && attendance !== 'recording')
    fail(layout.attendance!, 'one_of_not', { choices: 'live, recording', value: quotable(cell(layout.attendance)) });

  const time = (c: Column | null) => {
    const text = cell(c);
    const value = text ? parseTimestamp(text, layout.dates) : null;
    if (text && !value) fail(c!, 'not_date_time', { value: quotable(text) });
    return value;
  };
  const [join, leave] = [time(layout.join), time(layout.leave)];
  if (join && leave && leave < join) fail(layout.leave!, 'before', { other: layout.join!.field });

  let minutes: number | null = null;
  const minutesText = cell(layout.minutes);
  if (minutesText) {
    const value = parseNumber(minutesText);
    if (value === null) fail(layout.minutes!, 'not_minutes', { value: quotable(minutesText) });
    else if (value < 0) fail(layout.minutes!, 'negative');
    else if (value > MAX_ROW_MINUTES) fail(layout.minutes!, 'minutes_over_a_day', { max: MAX_ROW_MINUTES });
    else minutes = value;
  } else if (layout.join && layout.leave && (cell(layout.join) || cell(layout.leave))) {
    if (!cell(layout.join)) fail(layout.join, 'required');
    if (!cell(layout.leave)) fail(layout.leave, 'required');
    if (join && leave) {
      minutes = (leave.getTime() - join.getTime()) / 60_000;
      if (minutes > MAX_ROW_MINUTES) fail(layout.leave, 'more_than_a_day_after', { other: layout.join.field });
    }
  } else {
    if (layout.minutes && layout.join) fail(layout.minutes, 'required_or', { join: layout.join.field, leave: layout.leave!.field });
    else fail(layout.minutes ?? layout.join!, 'required');
  }

  if (!ok || minutes === null) return null;
  return attendance === 'live' ? { email, liveMinutes: minutes, row: line } : { email, recordingMinutes: minutes, row: line };
}

// --- CSV plumbing, shared with results-csv.ts ---

export interface CsvRow {
  line: number; // 1-based line of the file where the record starts
  cells: string[];
}
export type CsvTable = { ok: true; header: CsvRow; rows: CsvRow[] } | { ok: false; errors: RowError[] };

/** Decodes (UTF-8 or Windows-1251), parses, and splits off the header; blank rows are dropped. */
export function readCsvTable(content: Uint8Array): CsvTable {
  const fileError = (code: RowErrorCode, params?: RowErrorParams): CsvTable => ({ ok: false, errors: [rowError(1, 'file', code, params)] });
  // One line ending, so csv-parse's line count matches the file's lines.
  const text = decodeTextFile(content)
    .replace(/^\uFEFF/, '')
    .replace(/\r\n?/g, '\n');
  if (!text.trim()) return fileError('file_empty');
  let parsed: Array<{ record: string[]; info: Info }>;
  try {
    const options = { delimiter: detectDelimiter(text), info: true, skip_empty_lines: true, trim: true, relax_column_count: true };
    parsed = parse(text, options) as unknown as typeof parsed; // `info: true` yields { record, info } (not in the typings)
  } catch (err) {
    return fileError('file_unreadable', { reason: quotable((err as Error).message, 200) });
  }
  const records = parsed
    .filter(({ record }) => record.some((cell) => cell !== ''))
    .map(({ record, info }): CsvRow => ({
      // csv-parse reports the line a record ends on; quoted cells may span lines.
      line: info.lines - record.reduce((n, cell) => n + countNewlines(cell), 0),
      cells: record,
    }));
  if (records.length === 0) return fileError('file_empty');
  if (records.length === 1) return fileError('file_no_rows');
  return { ok: true, header: records[0], rows: records.slice(1) };
}

const countNewlines = (text: string) => {
  let n = 0;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) n++;
  return n;
};

/** A plain decimal number; a decimal comma (Russian Excel) is accepted. Null when not a number. */
export function parseNumber(text: string): number | null {
  const t = text.trim();
  return /^-?\d+([.,]\d+)?$/.test(t) ? Number(t.replace(',', '.')) : null;
}

export const compareText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * A date and time, never a bare date. ISO 8601 always; 'us' also reads Zoom's `11/21/2026 10:00:03 AM`,
 * 'ru' also reads `21.11.2026 10:00`. Without a zone the time is taken as UTC. Null when unreadable.
 */
export type DateStyle = 'us' | 'ru';
const ISO = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;
const US = /^(\d{1,2})\/(\d{1,2})\/(\d{4}),?\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([AP]M)?$/i;
const RU = /^(\d{1,2})\.(\d{1,2})\.(\d{4}),?\s+(\d{1,2}):(\d{2})(?::(\d{2}))?$/;

export function parseTimestamp(text: string, style: DateStyle): Date | null {
  const t = text.trim();
  let m = ISO.exec(t);
  if (m) return utc(+m[1], +m[2], +m[3], +m[4], +m[5], +(m[6] ?? 0), Math.floor(Number(`0.${m[7] ?? 0}`) * 1000), m[8]);
  if (style === 'ru' && (m = RU.exec(t))) return utc(+m[3], +m[2], +m[1], +m[4], +m[5], +(m[6] ?? 0));
  if (style === 'us' && (m = US.exec(t))) {
    let hour = +m[4];
    if (m[7]) {
      if (hour < 1 || hour > 12) return null;
      hour = (hour % 12) + (m[7].toUpperCase() === 'PM' ? 12 : 0);
    }
    return utc(+m[3], +m[1], +m[2], hour, +m[5], +(m[6] ?? 0));
  }
  return null;
}

function utc(year: number, month: number, day: number, hour: number, minute: number, second: number, ms = 0, zone?: string): Date | null {
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return null;
  const local = Date.UTC(year, month - 1, day, hour, minute, second, ms);
  if (new Date(local).getUTCDate() !== day) return null; // 31.02 and the like
  if (!zone || zone.toUpperCase() === 'Z') return new Date(local);
  const [, sign, hh, mm] = /^([+-])(\d{2}):?(\d{2})?$/.exec(zone)!;
  const offsetMinutes = (sign === '-' ? -1 : 1) * (+hh * 60 + +(mm ?? 0));
  return new Date(local - offsetMinutes * 60_000);
}
