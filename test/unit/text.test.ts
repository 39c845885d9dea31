/**
 * The shared text type (issue 10): what a string from outside may hold (rules/text.ts), the zod
 * field types every request schema builds on (api/text.ts), and the CSV readers that share the check.
 */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { email, optionalText, secret, text, wholeNumber } from '../../api/text.js';
import { readAttendanceCsv } from '../../rules/attendance-report.js';
import { readRegistryCsv } from '../../rules/contract-registry-csv.js';
import { readTestResultsCsv } from '../../rules/results-csv.js';
import { quotable, textFault, textProblem } from '../../rules/text.js';

const problemOf = (schema: z.ZodType, value: unknown) => {
  const result = schema.safeParse(value);
  return result.success ? null : result.error.issues[0].message;
};

describe('textFault', () => {
  it('finds NUL and every other C0 and C1 control character, and DEL', () => {
    for (const code of [0x00, 0x01, 0x07, 0x08, 0x0b, 0x0c, 0x1b, 0x1f, 0x7f, 0x80, 0x85, 0x9b, 0x9f]) {
      const fault = textFault(`ab${String.fromCharCode(code)}c`);
      expect(fault, `U+${code.toString(16)}`).toMatchObject({ problem: 'control_character', index: 2 });
    }
    expect(textFault('a\u0000')?.character).toBe('U+0000');
  });

  it('finds an unpaired surrogate, high or low, but takes a paired one', () => {
    expect(textFault('a\uD800b')).toMatchObject({ problem: 'lone_surrogate', character: 'U+D800', index: 1 });
    expect(textFault('\uDC00')).toMatchObject({ problem: 'lone_surrogate', character: 'U+DC00' });
    expect(textFault('end\uD83D')).toMatchObject({ problem: 'lone_surrogate' });
    expect(textFault('\uDE00\uD83D')).toMatchObject({ problem: 'lone_surrogate', index: 0 }); // reversed pair
    expect(textFault('😀 👩‍👩‍👧‍👦 𝔘𝔫𝔦𝔠𝔬𝔡𝔢')).toBeNull();
  });

  it('finds bidirectional embeddings, overrides and isolates, but takes the marks RTL text uses', () => {
    for (const ch of ['\u202A', '\u202B', '\u202C', '\u202D', '\u202E', '\u2066', '\u2067', '\u2068', '\u2069']) {
      expect(textFault(`invoice${ch}fdp.exe`)?.problem).toBe('bidi_control');
    }
    expect(textFault('مرحبا \u200F שלום \u200E')).toBeNull();
  });

  it('keeps line breaks and tabs in multi-line text only', () => {
    for (const ch of ['\n', '\r', '\u2028', '\u2029']) expect(textFault(`a${ch}b`)?.problem).toBe('line_break');
    expect(textFault('a\tb')?.problem).toBe('control_character');
    expect(textFault('line one\nline two\twith a tab', { multiline: true })).toBeNull();
    expect(textFault('a\u0000b', { multiline: true })?.problem).toBe('control_character');
    expect(textFault('a\u000Bb', { multiline: true })?.problem).toBe('control_character');
  });

  it('takes odd but well-formed Unicode', () => {
    for (const s of [
      'e\u0301',
      'ＡＢＣ',
      'İıŞş',
      '\uFEFFbom',
      'zero\u200Bwidth',
      '\uFFFD',
      '\uFFFF',
      '﷽',
      "O'Brien; DROP TABLE x; --",
      'Анна-Мария',
    ]) {
      expect(textFault(s), JSON.stringify(s)).toBeNull();
    }
  });
});

describe('textProblem and quotable', () => {
  it('names the fault and where it is, then the length', () => {
    expect(textProblem('ab\u0000')).toBe('must not contain control characters (U+0000 at 2)');
    expect(textProblem('\uD800')).toBe('must be well-formed Unicode: no unpaired surrogates (U+D800 at 0)');
    expect(textProblem('abcd', { max: 3 })).toBe('must be at most 3 characters');
    expect(textProblem('abc', { max: 3 })).toBeNull();
  });

  it('makes any text safe to quote in a stored message', () => {
    expect(quotable('a\u0000b\uD800c\u202E')).toBe('a\uFFFDb\uFFFDc\uFFFD');
    expect(quotable('😀'.repeat(100), 3)).toBe('😀😀😀…');
    expect(textFault(quotable('\u0000\uDFFF\n'.repeat(50)))).toBeNull();
  });
});

describe('the field types', () => {
  it('text: trimmed, required, at most its length, and clean', () => {
    const name = text(5);
    expect(name.parse('  Анна ')).toBe('Анна');
    expect(problemOf(name, '   ')).toBe('is required');
    expect(problemOf(name, undefined)).toBe('is required');
    expect(problemOf(name, 42)).toBe('must be a string');
    expect(problemOf(name, 'abcdef')).toBe('must be at most 5 characters');
    expect(problemOf(name, 'a\u0000b')).toMatch(/^must not contain control characters/);
    expect(problemOf(name, 'a\uD800')).toMatch(/^must be well-formed Unicode/);
    expect(problemOf(name, 'a\nb')).toMatch(/^must be a single line/);
    expect(problemOf(name, '\u202Eab')).toMatch(/^must not contain bidirectional/);
    // NUL is not white space: trimming does not hide it.
    expect(problemOf(name, ' ab\u0000 ')).toMatch(/control characters/);
  });

  it('multi-line text keeps its lines, with one line ending', () => {
    const reason = text(100, { multiline: true, min: 0 });
    expect(reason.parse(' first\r\nsecond\rthird\n\tfourth ')).toBe('first\nsecond\nthird\n\tfourth');
    expect(reason.parse('')).toBe('');
    expect(problemOf(reason, 'a\u0000')).toMatch(/control characters/);
  });

  it('optional text takes blank as left out', () => {
    const schema = z.object({ v: optionalText(10) });
    expect(schema.parse({ v: '  ' })).toEqual({});
    expect(schema.parse({})).toEqual({});
    expect(problemOf(schema, { v: 'x\u0007' })).toMatch(/control characters/);
  });

  it('a secret is taken as typed, never trimmed, but still clean', () => {
    const password = secret(20, 10);
    expect(password.parse('  spaces kept  ')).toBe('  spaces kept  ');
    expect(problemOf(password, 'short')).toBe('must be at least 10 characters');
    expect(problemOf(password, 'long enough\u0000')).toMatch(/control characters/);
    expect(problemOf(password, 'long enough\uDBFF')).toMatch(/unpaired surrogates/);
  });

  it('an email is trimmed text that looks like an address', () => {
    expect(email().parse(' Anna@Agency.Example ')).toBe('Anna@Agency.Example');
    expect(problemOf(email(), 'anna\u0000@agency.example')).toMatch(/control characters/);
    expect(problemOf(email(), 'anna@agency')).toBe('must be a valid email address');
    expect(problemOf(email(), `${'a'.repeat(250)}@b.cd`)).toBe('must be at most 254 characters');
  });

  it('a whole number stays within its range and an int4 column', () => {
    const n = wholeNumber(0);
    expect(n.parse(2_147_483_647)).toBe(2_147_483_647);
    expect(problemOf(n, 2_147_483_648)).toBe('must be at most 2147483647');
    expect(problemOf(n, -1)).toBe('must not be negative');
    expect(problemOf(n, 1.5)).toBe('must be a whole number');
    expect(problemOf(n, '5')).toBe('must be a number');
    expect(problemOf(n, Number.NaN)).toBe('must be a number');
    expect(problemOf(n, Number.POSITIVE_INFINITY)).toBe('must be a number');
    expect(problemOf(n, undefined)).toBe('is required');
  });
});

describe('CSV cells', () => {
  const csv = (text: string) => Buffer.from(text, 'utf8');

  it('a row with a NUL or a bidi override in a cell is refused, and the others are read', () => {
    const file = readAttendanceCsv(csv('email;minutes\nbad\u0000@agency.example;70\n\u202Eevil@agency.example;70\nok@agency.example;70\n'));
    expect(file.lines.map((l) => l.email)).toEqual(['ok@agency.example']);
    expect(file.errors).toEqual([
      {
        row: 2,
        field: 'email',
        code: 'control_character',
        params: { character: 'U+0000', index: 3 },
        message: 'must not contain control characters (U+0000 at 3)',
      },
      {
        row: 3,
        field: 'email',
        code: 'bidi_control',
        params: { character: 'U+202E', index: 0 },
        message: 'must not contain bidirectional override characters (U+202E at 0)',
      },
    ]);
  });

  it('minutes beyond a day, given or from join and leave, are refused rather than overflowing a column', () => {
    const given = readAttendanceCsv(csv('email;minutes\na@agency.example;99999999999\nb@agency.example;1440\n'));
    expect(given.errors).toEqual([
      { row: 2, field: 'minutes', code: 'minutes_over_a_day', params: { max: 1440 }, message: 'must be at most 1440 (a day)' },
    ]);
    expect(given.lines).toMatchObject([{ email: 'b@agency.example', liveMinutes: 1440 }]);
    const span = readAttendanceCsv(csv('email;join_time;leave_time\na@agency.example;2026-01-01T00:00:00Z;9999-01-01T00:00:00Z\n'));
    expect(span.errors).toEqual([
      {
        row: 2,
        field: 'leave_time',
        code: 'more_than_a_day_after',
        params: { other: 'join_time' },
        message: 'is more than a day after join_time',
      },
    ]);
  });

  it('a message quoting a bad cell stays clean text (it is stored as jsonb)', () => {
    const file = readTestResultsCsv(csv(`email,score\na@agency.example,1e5\n${'x'.repeat(300)},50\n`));
    expect(file.errors[0]).toEqual({
      row: 2,
      field: 'score',
      code: 'not_score',
      params: { value: '1e5' },
      message: 'must be a number from 0 to 100, not "1e5"',
    });
    expect(file.errors[1].message.length).toBeLessThan(120);
    for (const e of file.errors) expect(textFault(e.message)).toBeNull();
  });

  it('a C1 control from a Windows-1251 file is refused', () => {
    const bytes = Buffer.concat([Buffer.from('email;minutes\n'), Buffer.from([0x98, 0xe0]), Buffer.from(';30\nok@agency.example;30\n')]);
    const file = readAttendanceCsv(bytes);
    expect(file.errors[0]).toMatchObject({
      row: 2,
      field: 'email',
      message: expect.stringMatching(/^must not contain control characters/),
    });
    expect(file.lines).toHaveLength(1);
  });

  it('the registry refuses a row with a NUL or an over-long name', () => {
    const head = 'contract_number;contract_type;inn;legal_name;status\n';
    const nul = readRegistryCsv(csv(`${head}A-1;agent;;ООО\u0000Ромашка;active\n`));
    expect(nul).toMatchObject({
      ok: false,
      errors: [{ row: 2, field: 'legal_name', message: expect.stringMatching(/control characters/) }],
    });
    const long = readRegistryCsv(csv(`${head}A-1;agent;;${'Я'.repeat(501)};active\n`));
    expect(long).toMatchObject({
      ok: false,
      errors: [{ row: 2, field: 'legal_name', code: 'too_long', params: { max: 500 }, message: 'must be at most 500 characters' }],
    });
    expect(readRegistryCsv(csv(`${head}A-1;agent;;ООО Ромашка;active\n`))).toMatchObject({ ok: true });
  });
});
